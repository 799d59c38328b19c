import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { DbOrTx } from "../db/client.js";
import { type ExportRow, exportCandidateRows } from "../db/repositories/export.js";
import { normalizeRole } from "../shared/normalize.js";
import { tierSchema } from "../transcript/model.js";
import { parseInput } from "./validate.js";

/**
 * A spreadsheet of candidates (`/candidate export`, CLI `list --csv`): one row per candidate,
 * written with csv-stringify. Everything in it came from transcripts, i.e. from outside, so
 * every text cell is neutralised against formula injection before it is written.
 */

/** Most rows one export holds; more is a filter problem, and Slack's file preview gives up. */
export const EXPORT_MAX_ROWS = 5_000;

export const exportInputSchema = z.object({
  teamId: z.string().min(1),
  role: z.string().trim().max(200).optional(),
  tier: tierSchema.optional(),
  /** Only candidates last interviewed at or after this time. */
  since: z.date().optional(),
  /** Restrict to candidates uploaded to these channels (access control); omit for all. */
  channelIds: z.array(z.string().min(1)).optional(),
  limit: z.number().int().min(1).max(EXPORT_MAX_ROWS).default(EXPORT_MAX_ROWS),
});
export type ExportInput = z.input<typeof exportInputSchema>;

export interface ExportResult {
  rows: ExportRow[];
  /** True when the limit cut the export short. */
  truncated: boolean;
}

export async function exportCandidates(db: DbOrTx, raw: ExportInput): Promise<ExportResult> {
  const input = parseInput(exportInputSchema, raw, "export filter");
  const roleKey = input.role ? normalizeRole(input.role) : undefined;
  if (roleKey === "") return { rows: [], truncated: false };
  const rows = await exportCandidateRows(db, {
    teamId: input.teamId,
    roleKey,
    tier: input.tier,
    since: input.since,
    channelIds: input.channelIds,
    limit: input.limit + 1,
  });
  return { rows: rows.slice(0, input.limit), truncated: rows.length > input.limit };
}

export const CSV_COLUMNS = [
  "Name",
  "Role",
  "Tier",
  "Score",
  "Confidence",
  "Interviewed at",
  "Channel",
  "Top strength",
  "Top concern",
  "Overridden tier",
  "Overridden by",
] as const;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and the tab and carriage
 * return that some of them also treat as a formula start) gets a leading apostrophe, which the
 * spreadsheet shows as text: the OWASP "CSV injection" advice.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/u.test(cell) ? `'${cell}` : cell;
}

/**
 * The CSV text: a header row, then one row per candidate. `channelName` turns a channel id
 * into what a reader recognises (`#hiring`); the id is kept when there is no name.
 */
export function exportToCsv(
  rows: readonly ExportRow[],
  channelName: (channelId: string) => string | undefined = () => undefined,
): string {
  const records = rows.map((r) => [
    r.displayName,
    r.role ?? "",
    r.tier,
    String(Math.round(r.score)),
    r.confidence === null ? "" : r.confidence.toFixed(2),
    r.lastInterviewedAt ? r.lastInterviewedAt.toISOString() : "",
    r.channelId ? (channelName(r.channelId) ?? r.channelId) : "",
    r.strengths?.[0] ?? "",
    r.concerns?.[0] ?? "",
    r.overrideTier ?? "",
    r.overrideTier ? (r.overrideBy ?? "") : "",
  ]);
  return stringify([[...CSV_COLUMNS], ...records], {
    // A UTF-8 byte-order mark, so Excel reads "Tomás" as written.
    bom: true,
    record_delimiter: "\r\n",
    cast: { string: (value) => neutraliseFormula(value) },
  });
}
