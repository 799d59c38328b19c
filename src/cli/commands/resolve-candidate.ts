import { lookupCandidate } from "../../candidates/lookup.js";
import type { CandidateMatch } from "../../candidates/types.js";
import type { Db } from "../../db/client.js";
import { AppError } from "../../errors.js";

const describe = (m: CandidateMatch) =>
  `${m.name}${m.roles.length ? ` (${m.roles.join(", ")})` : ""} id ${m.candidateId}`;

/**
 * The one candidate an admin command (override, forget) acts on: by `--id`, or by a name that
 * the lookup resolves to exactly one person. Anything less certain is refused, listing ids,
 * because these commands change or delete data.
 */
export async function resolveCandidateId(
  db: Db,
  teamId: string,
  name: string | undefined,
  id: string | undefined,
  usage: string,
): Promise<string> {
  if (id) return id;
  if (!name) throw new AppError("USAGE", `give a candidate name or --id (usage: ${usage})`);
  const result = await lookupCandidate(db, { teamId, query: name });
  if (result.kind === "found") return result.summary.candidateId;
  if (result.kind === "choices") {
    throw new AppError(
      "AMBIGUOUS",
      `Several candidates match "${name}": ${result.matches.map(describe).join("; ")}. Pass --id.`,
    );
  }
  throw new AppError("NOT_FOUND", `No candidate matches "${name}".`);
}
