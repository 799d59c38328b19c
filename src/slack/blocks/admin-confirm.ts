import { z } from "zod";
import { OVERRIDE_REASON_MAX } from "../../candidates/override.js";
import type { CandidateSummary } from "../../candidates/types.js";
import { parseInput } from "../../candidates/validate.js";
import {
  button,
  escapeMrkdwn,
  formatScore,
  oneLine,
  type SlackMessage,
  section,
  tierName,
} from "../../format.js";
import { type Tier, tierSchema } from "../../transcript/model.js";
import { actionIds } from "../action-ids.js";

/** Slack refuses a message whose button value is longer than this. */
export const BUTTON_VALUE_MAX = 2000;
const REASON_MAX = OVERRIDE_REASON_MAX;

/**
 * The payload an override button carries (a pick from a choice list and the confirmation
 * alike): candidate id, tier and reason as compact JSON. The reason is cut further when JSON
 * escaping (quotes, backslashes, control characters) would push the value past Slack's limit,
 * because a value cut by the renderer instead would no longer parse.
 */
export function encodeOverride(candidateId: string, tier: Tier, reason: string): string {
  return fitOverride(candidateId, tier, reason).value;
}

/** The encoded value and the reason it holds (what the confirmation shows and what is stored). */
function fitOverride(
  candidateId: string,
  tier: Tier,
  reason: string,
): { value: string; reason: string } {
  let r = oneLine(reason, REASON_MAX);
  for (;;) {
    const value = JSON.stringify({ c: candidateId, t: tier, r });
    const excess = value.length - BUTTON_VALUE_MAX;
    if (excess <= 0) return { value, reason: r };
    r = oneLine(r, Math.max(1, r.length - excess - 1));
  }
}

const overrideValueSchema = z.object({
  c: z.uuid(),
  t: tierSchema,
  r: z.string().trim().min(1).max(REASON_MAX),
});
export type OverrideValue = z.infer<typeof overrideValueSchema>;

/**
 * Reads back what `encodeOverride` wrote. A button value comes from the client, so anything
 * else (edited, truncated) is a usage error with one sentence, not a crash.
 */
export function decodeOverride(value: string): OverrideValue {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = undefined;
  }
  return parseInput(overrideValueSchema, json, "override button");
}

export function renderOverrideConfirm(
  s: CandidateSummary,
  tier: Tier,
  reason: string,
): SlackMessage {
  const fitted = fitOverride(s.candidateId, tier, reason);
  const text = `Set *${escapeMrkdwn(s.name)}*${s.roles[0] ? ` (${escapeMrkdwn(s.roles[0])})` : ""} to *${tierName(tier)}*? Computed: ${tierName(s.computedTier)}, ${formatScore(s.score)}.\nReason: ${escapeMrkdwn(fitted.reason)}`;
  return {
    text: `Confirm override of ${s.name} to ${tierName(tier)}`,
    blocks: [
      section(text),
      {
        type: "actions",
        elements: [
          button(`Set to ${tierName(tier)}`, actionIds.overrideConfirm, fitted.value, "primary"),
          button("Cancel", actionIds.adminCancel, "cancel"),
        ],
      },
    ],
  };
}

export function renderForgetConfirm(s: CandidateSummary): SlackMessage {
  const count = s.interviews.length;
  const text = `Delete *${escapeMrkdwn(s.name)}*${s.roles[0] ? ` (${escapeMrkdwn(s.roles[0])})` : ""} and everything about them: ${count} interview${count === 1 ? "" : "s"}, their answers and scores, and their part of the raw transcripts? This cannot be undone; the audit log keeps only that it happened.`;
  return {
    text: `Confirm deleting ${s.name}`,
    blocks: [
      section(text),
      {
        type: "actions",
        elements: [
          button("Delete", actionIds.forgetConfirm, s.candidateId, "danger"),
          button("Cancel", actionIds.adminCancel, "cancel"),
        ],
      },
    ],
  };
}
