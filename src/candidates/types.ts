import type { InterviewFlag } from "../scoring/model.js";
import type { Tier } from "../transcript/model.js";

/** What the Slack app, the CLI and the digest read about a candidate. */

/** One entry of a choice list or of "did you mean" suggestions. */
export interface CandidateMatch {
  candidateId: string;
  name: string;
  roles: string[];
  score: number | null;
  /** The effective tier (an override when there is one). */
  tier: Tier | null;
  lastInterviewedAt: Date | null;
  /** 1 for an exact (folded) name match, else the trigram similarity, 0..1. */
  similarity: number;
}

export interface CandidateOverride {
  tier: Tier;
  reason: string;
  setBy: string;
  setAt: Date;
}

export interface SummaryAnswer {
  n: number;
  question: string;
  score: number;
  /** The answer's strongest scoring reason, one line. */
  reason: string;
  /** All the scorer's reasons for the answer, best first (a card picks one not said elsewhere). */
  reasons?: string[];
  sourceRelevance: number | null;
  struggled: boolean;
}

export interface SummaryInterview {
  interviewId: string;
  transcriptId: string;
  interviewedAt: Date;
  role: string | null;
  score: number;
  tier: Tier;
  fileName: string | null;
  channelId: string | null;
  slackFileId: string | null;
  /** The message that shared the file (for a permalink), when it came from Slack. */
  messageTs: string | null;
}

export interface ScoredBy {
  kind: "offline" | "llm" | "blend";
  model: string | null;
  /** The offline scorer's own score, kept beside a language-model or blended score. */
  offlineScore: number | null;
  /** Why the offline score stands although a model was configured. */
  fallback: string | null;
}

export interface CandidateSummary {
  candidateId: string;
  teamId: string;
  name: string;
  roles: string[];
  /** The latest interview's computed score and tier (null only for a candidate with no interview). */
  score: number | null;
  computedTier: Tier | null;
  confidence: number | null;
  /** The override when one is set, else the computed tier. */
  tier: Tier | null;
  override: CandidateOverride | null;
  /** One line on why the computed tier. */
  reason: string;
  scorerVersion: string | null;
  /** Who scored the latest interview when a language model was involved (docs/llm.md). */
  scoredBy?: ScoredBy | null;
  sourceTier: Tier | null;
  /** Per-question scores of the latest interview. */
  answers: SummaryAnswer[];
  strengths: string[];
  concerns: string[];
  flags: InterviewFlag[];
  /** Newest first. */
  interviews: SummaryInterview[];
  /** Channels where this candidate's transcripts were uploaded (also re-uploads): for access control. */
  channelIds: string[];
}

export type LookupResult =
  | { kind: "found"; summary: CandidateSummary }
  | { kind: "choices"; matches: CandidateMatch[] }
  | { kind: "none"; suggestions: CandidateMatch[] };

export interface CandidateListRow {
  candidateId: string;
  name: string;
  roles: string[];
  /** Role of the latest interview. */
  role: string | null;
  score: number;
  /** Effective tier (override when set). */
  tier: Tier;
  computedTier: Tier;
  overridden: boolean;
  confidence: number | null;
  reason: string;
  lastInterviewedAt: Date | null;
  interviewCount: number;
}

export interface CandidateList {
  rows: CandidateListRow[];
  total: number;
  limit: number;
  offset: number;
}
