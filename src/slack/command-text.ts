import { OVERRIDE_REASON_MAX } from "../candidates/override.js";
import { type Tier, tiers } from "../transcript/model.js";
import {
  type CompareCommand,
  type ExportCommand,
  parseCompareArgs,
  parseExportArgs,
} from "./subcommand-args.js";

/**
 * What `/candidate <text>` asks for. Pure, so the grammar is tested on its own:
 *
 *   /candidate                         usage
 *   /candidate help                    usage
 *   /candidate Jane Smith              lookup
 *   /candidate "List Jones"            lookup of a name that starts with a subcommand word
 *   /candidate list [role] [tier]      list (tier is the last word when it names a tier)
 *   /candidate override <name> <tier> <reason>
 *   /candidate override <name>         the override form (a modal)
 *   /candidate forget <name>
 *   /candidate digest …                handed to the digest feature as is
 *   /candidate compare A, B[, C, D]    side by side (see subcommand-args.ts)
 *   /candidate export [role=…] [tier=…] [since=30d]   CSV in a DM
 *   /candidate channel …               this channel's settings (src/slack/listeners/commands/channel-settings.ts)
 */
export type CandidateCommand =
  | { kind: "help" }
  | { kind: "lookup"; name: string }
  | { kind: "list"; role?: string; tier?: Tier }
  | { kind: "override"; name: string; tier: Tier; reason: string }
  | { kind: "override-form"; name: string }
  | { kind: "forget"; name: string }
  | { kind: "digest"; args: string }
  | CompareCommand
  | ExportCommand
  | { kind: "channel"; args: string }
  | { kind: "invalid"; message: string };

export function isTier(word: string | undefined): word is Tier {
  return word !== undefined && (tiers as readonly string[]).includes(word.toLowerCase());
}

/** Slack escapes &, < and > in command text; names like "O'Brien & Co" must survive. */
function unescapeSlack(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

export function parseCandidateCommand(raw: string): CandidateCommand {
  const text = unescapeSlack(raw).replace(/\s+/gu, " ").trim();
  if (text === "" || /^(help|-h|--help|\?)$/iu.test(text)) return { kind: "help" };
  const quoted = text.match(/^["“”'‘’](.+?)["“”'‘’]$/u);
  if (quoted?.[1]) return { kind: "lookup", name: quoted[1].trim() };

  const [first = "", ...rest] = text.split(" ");
  const sub = first.toLowerCase();
  switch (sub) {
    case "list": {
      const words = [...rest];
      const last = words.at(-1);
      const tier = isTier(last) ? (last.toLowerCase() as Tier) : undefined;
      if (tier) words.pop();
      const role = words.join(" ").trim();
      return { kind: "list", ...(role ? { role } : {}), ...(tier ? { tier } : {}) };
    }
    case "override": {
      const tierIndex = rest.findIndex((w) => isTier(w));
      if (tierIndex === -1 && rest.length > 0)
        return { kind: "override-form", name: rest.join(" ") };
      if (tierIndex <= 0) {
        return {
          kind: "invalid",
          message:
            "Usage: `/candidate override <name>` opens a form; or type it all: `/candidate override <name> <weak|average|strong|exceptional> <reason>`, e.g. `/candidate override Jane Smith strong great pairing session`.",
        };
      }
      const name = rest.slice(0, tierIndex).join(" ");
      const reason = rest
        .slice(tierIndex + 1)
        .join(" ")
        .trim();
      if (!reason) {
        return {
          kind: "invalid",
          message: "Please give a reason after the tier, so the override explains itself later.",
        };
      }
      if (reason.length > OVERRIDE_REASON_MAX) {
        return {
          kind: "invalid",
          message: `Please keep the reason to ${OVERRIDE_REASON_MAX} characters (this one has ${reason.length}).`,
        };
      }
      return {
        kind: "override",
        name,
        tier: (rest[tierIndex] as string).toLowerCase() as Tier,
        reason,
      };
    }
    case "forget":
    case "delete": {
      const name = rest.join(" ").trim();
      if (!name) return { kind: "invalid", message: "Usage: `/candidate forget <name>`." };
      return { kind: "forget", name };
    }
    case "digest":
      return { kind: "digest", args: rest.join(" ") };
    case "compare":
      return parseCompareArgs(rest.join(" "));
    case "export":
      return parseExportArgs(rest.join(" "));
    case "channel":
      return { kind: "channel", args: rest.join(" ") };
    default:
      return { kind: "lookup", name: text };
  }
}
