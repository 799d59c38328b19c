import { union } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../client.js";
import { candidates, transcripts, workspaces } from "../schema.js";

/** Every workspace (Slack team id) the database holds data or settings for, sorted. */
export async function knownTeamIds(db: DbOrTx): Promise<string[]> {
  const rows = await union(
    db.selectDistinct({ teamId: transcripts.teamId }).from(transcripts),
    db.selectDistinct({ teamId: candidates.teamId }).from(candidates),
    db.selectDistinct({ teamId: workspaces.teamId }).from(workspaces),
  );
  return rows.map((r) => r.teamId).sort();
}
