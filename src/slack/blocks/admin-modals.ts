import type { PlainTextOption, View } from "@slack/types";
import { z } from "zod";
import { OVERRIDE_REASON_MAX } from "../../candidates/override.js";
import type { CandidateSummary } from "../../candidates/types.js";
import {
  context,
  escapeMrkdwn,
  formatScore,
  oneLine,
  section,
  tierBadge,
  tierName,
} from "../../format.js";
import { type Tier, tierSchema, tiers } from "../../transcript/model.js";
import { MODAL_TITLE_MAX } from "./modal.js";

/**
 * The admin modals: change a candidate's tier (tier select, required reason, computed tier
 * shown) and confirm a deletion (the name and what goes). What a submission carries back is
 * read by `readOverrideSubmission`, which turns every problem into a message on its field.
 */

export const modalIds = {
  override: "candidate_override_modal",
  forget: "candidate_forget_modal",
} as const;

/** Block and action ids of the override modal's inputs (Slack reports errors per block id). */
export const overrideFields = {
  tier: { block: "override_tier", action: "tier" },
  reason: { block: "override_reason", action: "reason" },
} as const;

/** What the modal remembers between opening and submission (`private_metadata`). */
const modalMetadataSchema = z.object({
  c: z.uuid(),
  ch: z.string().min(1).max(30).optional(),
});
export type ModalMetadata = z.infer<typeof modalMetadataSchema>;

export function encodeModalMetadata(candidateId: string, channelId: string | undefined): string {
  return JSON.stringify({ c: candidateId, ...(channelId ? { ch: channelId } : {}) });
}

/** The candidate (and the channel it was opened from) behind a submitted modal, or undefined. */
export function decodeModalMetadata(raw: string): ModalMetadata | undefined {
  try {
    const parsed = modalMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function title(text: string) {
  return { type: "plain_text" as const, text: oneLine(text, MODAL_TITLE_MAX), emoji: true };
}

function who(s: CandidateSummary): string {
  return `*${escapeMrkdwn(oneLine(s.name, 80))}*${s.roles[0] ? ` · ${escapeMrkdwn(oneLine(s.roles[0], 60))}` : ""}`;
}

function tierOption(tier: Tier): PlainTextOption {
  return { text: { type: "plain_text", text: tierName(tier) }, value: tier };
}

export function renderOverrideModal(s: CandidateSummary, channelId: string | undefined): View {
  const current = s.override
    ? `\nNow set by hand to *${tierName(s.override.tier)}* by <@${s.override.setBy}>.`
    : "";
  return {
    type: "modal",
    callback_id: modalIds.override,
    private_metadata: encodeModalMetadata(s.candidateId, channelId),
    title: title("Change tier"),
    submit: { type: "plain_text", text: "Set tier" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      section(
        `${who(s)}\nComputed: ${tierBadge(s.computedTier)} · ${formatScore(s.score)}${current}`,
      ),
      {
        type: "input",
        block_id: overrideFields.tier.block,
        label: { type: "plain_text", text: "New tier" },
        element: {
          type: "static_select",
          action_id: overrideFields.tier.action,
          placeholder: { type: "plain_text", text: "Choose a tier" },
          options: [...tiers].reverse().map(tierOption),
        },
      },
      {
        type: "input",
        block_id: overrideFields.reason.block,
        label: { type: "plain_text", text: "Why" },
        hint: {
          type: "plain_text",
          text: `Shown next to the tier on the card, with your name. Up to ${OVERRIDE_REASON_MAX} characters.`,
        },
        element: {
          type: "plain_text_input",
          action_id: overrideFields.reason.action,
          multiline: true,
          max_length: OVERRIDE_REASON_MAX,
          placeholder: { type: "plain_text", text: "e.g. the pairing session showed real depth" },
        },
      },
      context(
        "The computed score stays on record next to the tier you set. The change is audited.",
      ),
    ],
  };
}

export function renderForgetModal(s: CandidateSummary, channelId: string | undefined): View {
  const n = s.interviews.length;
  return {
    type: "modal",
    callback_id: modalIds.forget,
    private_metadata: encodeModalMetadata(s.candidateId, channelId),
    title: title("Delete candidate"),
    submit: { type: "plain_text", text: "Delete" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      section(`Delete ${who(s)}?`),
      section(
        [
          "This deletes, for good:",
          `• ${n} interview${n === 1 ? "" : "s"}, with every answer and score`,
          "• any tier set by hand, and the channels' access to them",
          "• their name, questions and answers in the stored transcripts (transcripts only they were in are deleted)",
        ].join("\n"),
      ),
      context("This cannot be undone. The audit log keeps only that you did it, not who it was."),
    ],
  };
}

/** A modal that says one thing (the outcome of a submission, or a refusal). */
export function renderNoticeModal(heading: string, text: string): View {
  return {
    type: "modal",
    title: title(heading),
    close: { type: "plain_text", text: "Close" },
    blocks: [section(text)],
  };
}

interface SubmittedState {
  values: Record<
    string,
    Record<string, { selected_option?: { value?: string } | null; value?: string | null }>
  >;
}

/** The tier and reason of an override submission, or the message for each field that is wrong. */
export function readOverrideSubmission(
  state: SubmittedState,
): { ok: true; tier: Tier; reason: string } | { ok: false; errors: Record<string, string> } {
  const tierValue =
    state.values[overrideFields.tier.block]?.[overrideFields.tier.action]?.selected_option?.value;
  const reason = (
    state.values[overrideFields.reason.block]?.[overrideFields.reason.action]?.value ?? ""
  ).trim();
  const errors: Record<string, string> = {};
  const tier = tierSchema.safeParse(tierValue);
  if (!tier.success) errors[overrideFields.tier.block] = "Choose a tier.";
  if (reason.length === 0) {
    errors[overrideFields.reason.block] =
      "Give a reason, so the tier explains itself to whoever reads the card later.";
  } else if (reason.length > OVERRIDE_REASON_MAX) {
    errors[overrideFields.reason.block] =
      `Keep the reason to ${OVERRIDE_REASON_MAX} characters (this one has ${reason.length}).`;
  }
  if (!tier.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, tier: tier.data, reason };
}
