import type { Candidate, ParseResult } from "../transcript/model.js";
import { scoreCandidateDetailed } from "./candidate.js";
import type { ScoredCandidate, ScoreResult } from "./model.js";

export { type AnswerDetail, type GateFacts, gateTier, scoreAnswer } from "./answer.js";
export {
  type ConfidenceInputs,
  confidenceFrom,
  LOW_CONFIDENCE,
  scoreCandidateDetailed,
  TIER_RULE,
  tierFor,
  tierMargin,
} from "./candidate.js";
export * from "./model.js";
export { type QuestionKind, type QuestionParts, splitQuestion } from "./question.js";

/**
 * Bumped whenever a change can move a stored score, so stored results say which scorer made
 * them. Major: scale or tier rule changed; minor: signals reweighted or added; patch: reasons only.
 */
export const SCORER_VERSION = "2.2.0";

/** Pure and deterministic: the same candidate always gets the same score, reasons and flags. */
export function scoreCandidate(candidate: Candidate): ScoredCandidate {
  return scoreCandidateDetailed(candidate).scored;
}

export function scoreTranscript(result: ParseResult): ScoreResult {
  return {
    ...result,
    scorerVersion: SCORER_VERSION,
    candidates: result.candidates.map(scoreCandidate),
  };
}
