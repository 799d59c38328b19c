import type { CandidateSummary } from "../../candidates/types.js";
import type { Tier } from "../../transcript/model.js";
import { actionIds } from "../action-ids.js";
import { button, clip, esc, formatScore, plainTier, type SlackMessage, section } from "./mrkdwn.js";

/** The payload an override confirmation button carries. */
export function encodeOverride(candidateId: string, tier: Tier, reason: string): string {
  return JSON.stringify({ c: candidateId, t: tier, r: clip(reason, 1500) });
}

export function renderOverrideConfirm(
  s: CandidateSummary,
  tier: Tier,
  reason: string,
): SlackMessage {
  const text = `Set *${esc(s.name)}*${s.roles[0] ? ` (${esc(s.roles[0])})` : ""} to *${plainTier(tier)}*? Computed: ${plainTier(s.computedTier)}, ${formatScore(s.score)}.\nReason: ${esc(clip(reason, 1500))}`;
  return {
    text: `Confirm override of ${s.name} to ${plainTier(tier)}`,
    blocks: [
      section(text),
      {
        type: "actions",
        elements: [
          button(
            `Set to ${plainTier(tier)}`,
            actionIds.overrideConfirm,
            encodeOverride(s.candidateId, tier, reason),
            "primary",
          ),
          button("Cancel", actionIds.adminCancel, "cancel"),
        ],
      },
    ],
  };
}

export function renderForgetConfirm(s: CandidateSummary): SlackMessage {
  const count = s.interviews.length;
  const text = `Delete *${esc(s.name)}*${s.roles[0] ? ` (${esc(s.roles[0])})` : ""} and everything about them: ${count} interview${count === 1 ? "" : "s"}, their answers and scores, and their part of the raw transcripts? This cannot be undone; the audit log keeps only that it happened.`;
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
