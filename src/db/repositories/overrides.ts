import { desc } from "drizzle-orm";
import type { Tier } from "../../transcript/model.js";
import type { DbOrTx } from "../client.js";
import { preparedPerDb, teamScoped } from "../prepared.js";
import { type ScoreOverride, scoreOverrides } from "../schema.js";

export async function insertOverride(
  tx: DbOrTx,
  row: {
    teamId: string;
    candidateId: string;
    tier: Tier;
    reason: string;
    setBy: string;
    now: Date;
  },
): Promise<ScoreOverride> {
  const [inserted] = await tx
    .insert(scoreOverrides)
    .values({
      teamId: row.teamId,
      candidateId: row.candidateId,
      tier: row.tier,
      reason: row.reason,
      setBy: row.setBy,
      createdAt: row.now,
    })
    .returning();
  if (!inserted) throw new Error("insert into score_overrides returned no row");
  return inserted;
}

/** The override in force: the latest one (earlier ones are kept as history). */
const latest = preparedPerDb((db) =>
  db
    .select()
    .from(scoreOverrides)
    .where(teamScoped(scoreOverrides.teamId, scoreOverrides.candidateId, "candidateId"))
    .orderBy(desc(scoreOverrides.createdAt), desc(scoreOverrides.id))
    .limit(1)
    .prepare("latest_override"),
);

export async function latestOverride(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
): Promise<ScoreOverride | undefined> {
  const [row] = await latest(db).execute({ teamId, candidateId });
  return row;
}
