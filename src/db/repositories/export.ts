import { and, asc, eq, exists, gte, inArray, isNotNull, sql } from "drizzle-orm";
import type { Tier } from "../../transcript/model.js";
import type { DbOrTx } from "../client.js";
import {
  candidateChannels,
  candidates,
  interviews,
  scoreOverrides,
  transcripts,
} from "../schema.js";
import { escapeLike } from "./candidates.js";

export interface ExportFilter {
  teamId: string;
  /** Folded role text (`normalizeRole`): any part of the role key. */
  roleKey?: string | undefined;
  tier?: Tier | undefined;
  /** Candidates last interviewed at or after this time. */
  since?: Date | undefined;
  /** Only candidates uploaded to these channels (access control); omit for all. */
  channelIds?: readonly string[] | undefined;
  limit: number;
}

export interface ExportRow {
  id: string;
  displayName: string;
  role: string | null;
  score: number;
  tier: Tier;
  computedTier: Tier;
  confidence: number | null;
  lastInterviewedAt: Date | null;
  channelId: string | null;
  strengths: string[] | null;
  concerns: string[] | null;
  overrideTier: Tier | null;
  overrideBy: string | null;
}

/**
 * One row per candidate for a CSV export: the denormalised latest score and tier, the latest
 * interview (role, confidence, strengths, concerns) and the channel its transcript came from,
 * and the latest override with who set it. Best score first, as lists are.
 */
export async function exportCandidateRows(db: DbOrTx, f: ExportFilter): Promise<ExportRow[]> {
  if (f.channelIds && f.channelIds.length === 0) return [];
  const latestOverride = (column: typeof scoreOverrides.tier | typeof scoreOverrides.setBy) =>
    sql`(select ${column} from ${scoreOverrides}
          where ${scoreOverrides.candidateId} = ${candidates.id}
          order by ${scoreOverrides.createdAt} desc limit 1)`;
  const rows = await db
    .select({
      id: candidates.id,
      displayName: candidates.displayName,
      role: interviews.role,
      score: candidates.latestScore,
      tier: candidates.effectiveTier,
      computedTier: candidates.latestTier,
      confidence: interviews.confidence,
      lastInterviewedAt: candidates.lastInterviewedAt,
      channelId: transcripts.channelId,
      strengths: interviews.strengths,
      concerns: interviews.concerns,
      overrideTier: sql<Tier | null>`${latestOverride(scoreOverrides.tier)}`,
      overrideBy: sql<string | null>`${latestOverride(scoreOverrides.setBy)}`,
    })
    .from(candidates)
    .leftJoin(interviews, eq(interviews.id, candidates.latestInterviewId))
    .leftJoin(transcripts, eq(transcripts.id, interviews.transcriptId))
    .where(
      and(
        eq(candidates.teamId, f.teamId),
        isNotNull(candidates.latestScore),
        f.tier ? eq(candidates.effectiveTier, f.tier) : undefined,
        f.roleKey
          ? sql`${candidates.roleKey} like ${`%${escapeLike(f.roleKey)}%`} escape '\\'`
          : undefined,
        f.since ? gte(candidates.lastInterviewedAt, f.since) : undefined,
        f.channelIds
          ? exists(
              db
                .select({ one: sql`1` })
                .from(candidateChannels)
                .where(
                  and(
                    eq(candidateChannels.candidateId, candidates.id),
                    inArray(candidateChannels.channelId, [...f.channelIds]),
                  ),
                ),
            )
          : undefined,
      ),
    )
    .orderBy(sql`${candidates.latestScore} desc nulls last`, asc(candidates.id))
    .limit(f.limit);
  return rows.flatMap((r) =>
    r.score === null || r.tier === null || r.computedTier === null
      ? []
      : [{ ...r, score: r.score, tier: r.tier, computedTier: r.computedTier }],
  );
}
