import type { ScorerKind } from "../config.js";
import type { Tier } from "../transcript/model.js";
import { TIER_MIDPOINT } from "./rubric.js";

/** Where each tier's quarter of the 0–100 scale starts (the offline scorer's tier rule). */
const TIER_FLOOR: Record<Tier, number> = { weak: 0, average: 25, strong: 50, exceptional: 75 };

/**
 * An answer's final score from the model's tier and the offline score.
 * - `llm`: the middle of the verdict's tier (12.5, 37.5, 62.5, 87.5); the offline score is
 *   stored beside it.
 * - `blend`: the verdict decides the tier and the offline score places the answer within it:
 *   start at the tier's middle, move halfway towards the offline score, and stay inside the
 *   tier's quarter. The model catches what surface signals cannot (confident but wrong); the
 *   offline signals rank answers the model put in the same tier.
 */
export function finalAnswerScore(
  kind: Exclude<ScorerKind, "offline">,
  tier: Tier,
  offline: number,
): number {
  const mid = TIER_MIDPOINT[tier];
  if (kind === "llm") return mid;
  const floor = TIER_FLOOR[tier];
  // 24, not 24.9: shown rounded, a weak answer must not read as 25/100, the average line.
  const ceiling = floor + 24;
  const moved = mid + 0.5 * (offline - mid);
  return Math.round(Math.min(ceiling, Math.max(floor, moved)) * 10) / 10;
}
