import { oneLine } from "../format.js";
import type { InterviewFlag } from "../scoring/model.js";
import type { Tier } from "../transcript/model.js";

export interface ReasonInput {
  tier: Tier;
  strengths: readonly string[];
  concerns: readonly string[];
  flags: readonly InterviewFlag[];
}

/**
 * Why a candidate landed where they did, in one line: the leading strength for the upper tiers,
 * the leading concern for the lower ones (a hiring manager scanning a list wants the deciding
 * fact, not both sides), falling back to the other side or the first quality flag.
 */
export function interviewReason(input: ReasonInput): string {
  const upper = input.tier === "strong" || input.tier === "exceptional";
  const first = upper ? input.strengths[0] : input.concerns[0];
  const second = upper ? input.concerns[0] : input.strengths[0];
  const text = first ?? second ?? input.flags[0]?.message ?? "";
  return oneLine(text);
}

/** One line for a scored answer: its strongest reason (the scorer lists them best first). */
export function answerReason(reasons: readonly string[]): string {
  return oneLine(reasons[0] ?? "");
}
