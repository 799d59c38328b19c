import { COMPARE_MAX, COMPARE_MIN } from "../candidates/compare.js";
import type { Tier } from "../transcript/model.js";

/**
 * The grammars of `/candidate compare …` and `/candidate export …`, pure and apart from the
 * router in command-text.ts so each is tested on its own.
 */

export type CompareCommand = { kind: "compare"; names: string[] } | InvalidCommand;
export type ExportCommand =
  | { kind: "export"; role?: string; tier?: Tier; sinceDays?: number }
  | InvalidCommand;
interface InvalidCommand {
  kind: "invalid";
  message: string;
}

const COMPARE_USAGE =
  "Usage: `/candidate compare <name>, <name>[, …]` (2 to 4 names), e.g. `/candidate compare Amanda Foster, Alex Thompson`.";

/** Names split on commas, semicolons or " vs "; surrounding quotes dropped. */
export function parseCompareArgs(text: string): CompareCommand {
  const names = text
    .split(/\s*[,;]\s*|\s+(?:vs\.?|versus)\s+/iu)
    .map((n) => n.replace(/^["“”'‘’]+|["“”'‘’]+$/gu, "").trim())
    .filter((n) => n.length > 0);
  if (names.length < COMPARE_MIN || names.length > COMPARE_MAX) {
    return { kind: "invalid", message: COMPARE_USAGE };
  }
  const tooLong = names.find((n) => n.length > 200);
  if (tooLong) return { kind: "invalid", message: "A name can be at most 200 characters." };
  return { kind: "compare", names };
}

const EXPORT_USAGE =
  "Usage: `/candidate export [role=<text>] [tier=weak|average|strong|exceptional] [since=30d]`, e.g. `/candidate export role=backend since=90d`.";

const TIERS: readonly string[] = ["weak", "average", "strong", "exceptional"];

/**
 * `role=Backend Engineer tier=strong since=30d`: a role may hold spaces (it runs to the next
 * `key=`); `since` takes days (`30d`, `30`) or weeks (`8w`), at most ten years.
 */
export function parseExportArgs(text: string): ExportCommand {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "export" };
  const parts = trimmed.split(/\s+(?=[a-z]+=)/iu);
  const out: { role?: string; tier?: Tier; sinceDays?: number } = {};
  for (const part of parts) {
    const m = part.match(/^([a-z]+)=(.*)$/isu);
    if (!m) return { kind: "invalid", message: EXPORT_USAGE };
    const key = (m[1] as string).toLowerCase();
    const value = (m[2] as string).trim().replace(/^["“”'‘’]+|["“”'‘’]+$/gu, "");
    if (!value) return { kind: "invalid", message: `\`${key}=\` needs a value. ${EXPORT_USAGE}` };
    if (key === "role") out.role = value.slice(0, 200);
    else if (key === "tier") {
      if (!TIERS.includes(value.toLowerCase())) {
        return {
          kind: "invalid",
          message: `“${value.slice(0, 40)}” is not a tier: use weak, average, strong or exceptional.`,
        };
      }
      out.tier = value.toLowerCase() as Tier;
    } else if (key === "since") {
      const d = value.match(/^(\d{1,4})\s*([dw]?)$/iu);
      const days = d ? Number(d[1]) * ((d[2] ?? "").toLowerCase() === "w" ? 7 : 1) : Number.NaN;
      if (!Number.isFinite(days) || days < 1 || days > 3650) {
        return {
          kind: "invalid",
          message: "`since=` takes a number of days or weeks, e.g. `since=30d` or `since=8w`.",
        };
      }
      out.sinceDays = days;
    } else return { kind: "invalid", message: `Unknown option \`${key}=\`. ${EXPORT_USAGE}` };
  }
  return { kind: "export", ...out };
}
