import type { DbOrTx } from "../db/client.js";
import { channelIdsOf } from "../db/repositories/candidates.js";
import {
  answersOfLatestInterview,
  getCandidateWithLatest,
  historyOfCandidate,
} from "../db/repositories/interviews.js";
import { latestOverride } from "../db/repositories/overrides.js";
import { answerReason } from "../shared/reason.js";
import type { CandidateSummary } from "./types.js";

/**
 * Everything the `/candidate` card shows, in five indexed queries sent together. Returns undefined
 * when the candidate does not exist in this workspace (another team's id is "not found", never
 * a leak).
 */
export async function getCandidateSummary(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
): Promise<CandidateSummary | undefined> {
  // Five independent queries, sent at once: one round trip's wait instead of six.
  const [found, answers, history, override, channelIds] = await Promise.all([
    getCandidateWithLatest(db, teamId, candidateId),
    answersOfLatestInterview(db, teamId, candidateId),
    historyOfCandidate(db, teamId, candidateId),
    latestOverride(db, teamId, candidateId),
    channelIdsOf(db, teamId, candidateId),
  ]);
  if (!found) return undefined;
  const { candidate } = found;
  const latest = found.latest ?? undefined;
  return {
    candidateId: candidate.id,
    teamId: candidate.teamId,
    name: candidate.displayName,
    roles: candidate.roles,
    score: latest?.score ?? null,
    computedTier: latest?.tier ?? null,
    confidence: latest?.confidence ?? null,
    tier: override?.tier ?? latest?.tier ?? null,
    override: override
      ? {
          tier: override.tier,
          reason: override.reason,
          setBy: override.setBy,
          setAt: override.createdAt,
        }
      : null,
    reason: latest?.reason ?? "",
    scorerVersion: latest?.scorerVersion ?? null,
    scoredBy:
      latest && (latest.scorerKind !== "offline" || latest.llmFallback !== null)
        ? {
            kind: latest.scorerKind,
            model: latest.llmModel,
            offlineScore: latest.offlineScore,
            fallback: latest.llmFallback,
          }
        : null,
    sourceTier: latest?.sourceTier ?? null,
    answers: answers.map((a) => ({
      n: a.n,
      question: a.question,
      score: a.score,
      reason: answerReason(a.reasons),
      reasons: a.reasons,
      sourceRelevance: a.sourceRelevance,
      struggled: a.struggled,
    })),
    strengths: latest?.strengths ?? [],
    concerns: latest?.concerns ?? [],
    flags: latest?.flags ?? [],
    interviews: history.map((h) => ({
      interviewId: h.interviewId,
      transcriptId: h.transcriptId,
      interviewedAt: h.interviewedAt,
      role: h.role,
      score: h.score,
      tier: h.tier,
      fileName: h.fileName,
      channelId: h.channelId,
      slackFileId: h.slackFileId,
      messageTs: h.messageTs,
    })),
    channelIds,
  };
}
