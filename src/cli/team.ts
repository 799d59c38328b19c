import type { Db } from "../db/client.js";
import { knownTeamIds } from "../db/repositories/workspaces.js";
import { LOCAL_TEAM_ID } from "../db/schema.js";
import { AppError } from "../errors.js";

/**
 * Takes the global `--team T…` (or `--team=T…`) out of a command's arguments, so every command
 * accepts it without declaring it.
 */
export function takeTeamOption(args: readonly string[]): {
  team: string | undefined;
  rest: string[];
} {
  const rest: string[] = [];
  let team: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    let value: string | undefined;
    if (arg === "--team") {
      value = args[i + 1];
      if (value === undefined || value.startsWith("-")) {
        throw new AppError("USAGE", "--team needs a workspace id, e.g. --team T0123ABCD");
      }
      i++;
    } else if (arg.startsWith("--team=")) {
      value = arg.slice("--team=".length);
    } else {
      rest.push(arg);
      continue;
    }
    if (!value.trim()) {
      throw new AppError("USAGE", "--team needs a workspace id, e.g. --team T0123ABCD");
    }
    team = value.trim();
  }
  return { team, rest };
}

/**
 * The workspace a command acts in: `--team` when given; otherwise the only workspace in the
 * database, else the local one (when there is none, or it is among several). Several Slack
 * workspaces and no local one is a usage error that lists them.
 */
export async function resolveTeam(db: Db, explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  const known = await knownTeamIds(db);
  if (known.length === 1) return known[0] as string;
  if (known.length === 0 || known.includes(LOCAL_TEAM_ID)) return LOCAL_TEAM_ID;
  throw new AppError(
    "USAGE",
    `the database holds several workspaces (${known.join(", ")}); choose one with --team`,
  );
}
