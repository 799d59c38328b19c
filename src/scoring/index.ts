import { AppError } from "../errors.js";
import type { Candidate, ParseResult } from "../transcript/model.js";
import type { ScoredCandidate, ScoreResult } from "./model.js";

export * from "./model.js";

export const SCORER_VERSION = "0.0.0";

/** Pure and deterministic. (Filled in by the scoring issue.) */
export function scoreCandidate(_candidate: Candidate): ScoredCandidate {
  throw new AppError("INTERNAL", "Scoring is being built.");
}

export function scoreTranscript(result: ParseResult): ScoreResult {
  return {
    ...result,
    scorerVersion: SCORER_VERSION,
    candidates: result.candidates.map(scoreCandidate),
  };
}
