import { and, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../db/client.js";
import { candidates, interviews, transcripts } from "../db/schema.js";
import type { Tier } from "../transcript/model.js";
import type { DigestRow, DigestScope } from "./build.js";

export interface DigestRowsQuery {
  teamId: string;
  scope: DigestScope;
  /** [from, to) on `interviews.interviewed_at`. */
  from: Date;
  to: Date;
}

/**
 * Every interview a digest needs, in one query: interviews in the window (the
 * `interviews(team_id, interviewed_at)` index), their candidate, and the candidate's latest
 * override (a correlated subquery on `score_overrides(candidate_id, created_at)`). For a
 * channel, only interviews whose transcript was uploaded there, or whose bytes were uploaded
 * there again later (a `duplicate_of` row pointing at the stored transcript).
 */
export async function loadDigestRows(db: DbOrTx, q: DigestRowsQuery): Promise<DigestRow[]> {
  const window = and(
    eq(interviews.teamId, q.teamId),
    gte(interviews.interviewedAt, q.from),
    lt(interviews.interviewedAt, q.to),
  );
  // One semi-join over both ways a file reaches a channel, so the planner can start from the
  // channel's few transcripts (transcripts(team_id, channel_id)) instead of the whole window.
  const channelTranscripts =
    q.scope.kind === "workspace"
      ? undefined
      : unionAll(
          db
            .select({ id: transcripts.id })
            .from(transcripts)
            .where(and(eq(transcripts.teamId, q.teamId), eq(transcripts.channelId, q.scope.channelId))),
          db
            .select({ id: sql<string>`${transcripts.duplicateOf}`.as("id") })
            .from(transcripts)
            .where(
              and(
                eq(transcripts.teamId, q.teamId),
                eq(transcripts.channelId, q.scope.channelId),
                isNotNull(transcripts.duplicateOf),
              ),
            ),
        );
  const where = channelTranscripts
    ? and(window, inArray(interviews.transcriptId, channelTranscripts))
    : window;

  const rows = await db
    .select({
      interviewId: interviews.id,
      candidateId: interviews.candidateId,
      displayName: candidates.displayName,
      role: interviews.role,
      score: interviews.score,
      tier: interviews.tier,
      confidence: interviews.confidence,
      reason: interviews.reason,
      strengths: interviews.strengths,
      concerns: interviews.concerns,
      flags: interviews.flags,
      interviewedAt: interviews.interviewedAt,
      override: sql<OverrideJson | null>`(
        select json_build_object('tier', o.tier, 'reason', o.reason, 'setBy', o.set_by, 'setAt', o.created_at)
        from score_overrides o
        where o.candidate_id = ${interviews.candidateId}
        order by o.created_at desc
        limit 1
      )`,
    })
    .from(interviews)
    .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
    .where(where);

  return rows.map((r) => ({
    ...r,
    override: r.override ? parseOverride(r.override) : null,
  }));
}

interface OverrideJson {
  tier: Tier;
  reason: string;
  setBy: string;
  setAt: string;
}

/** json_build_object arrives as an object (postgres.js) or a string (some drivers). */
function parseOverride(value: OverrideJson | string): NonNullable<DigestRow["override"]> {
  const o = typeof value === "string" ? (JSON.parse(value) as OverrideJson) : value;
  return { tier: o.tier, reason: o.reason, setBy: o.setBy, setAt: new Date(o.setAt) };
}
