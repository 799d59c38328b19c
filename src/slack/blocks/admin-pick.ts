import type { CandidateMatch } from "../../candidates/types.js";
import {
  type Block,
  button,
  escapeMrkdwn,
  oneLine,
  type SlackMessage,
  section,
  tierName,
} from "../../format.js";
import type { Tier } from "../../transcript/model.js";
import { actionIds } from "../action-ids.js";
import { encodeOverride } from "./admin-confirm.js";
import { matchLine } from "./candidate-summary.js";

/** What the admin asked to do to whichever candidate they pick. */
export type AdminIntent =
  | { kind: "override"; tier: Tier; reason: string }
  /** `override <name>` without a tier: the pick opens the override form. */
  | { kind: "override-form" }
  | { kind: "forget" };

/**
 * Several candidates match an admin's `override` or `forget`: one button each. A button only
 * leads to the usual confirmation (it changes nothing itself), so the override's tier and
 * reason travel in its value to be shown there; `forget` needs just the candidate id.
 */
export function renderAdminPick(
  query: string,
  matches: readonly CandidateMatch[],
  intent: AdminIntent,
): SlackMessage {
  const doing =
    intent.kind === "override"
      ? `set to *${tierName(intent.tier)}*`
      : intent.kind === "override-form"
        ? "change the tier of"
        : "delete";
  const blocks: Block[] = [
    section(
      `Several candidates match “${escapeMrkdwn(oneLine(query, 80))}”. Which one do you want to ${doing}?`,
    ),
  ];
  matches.slice(0, 10).forEach((m, i) => {
    const pick =
      intent.kind === "override"
        ? button(
            "Choose",
            `${actionIds.overridePick}:${i}`,
            encodeOverride(m.candidateId, intent.tier, intent.reason),
          )
        : intent.kind === "override-form"
          ? button("Choose", `${actionIds.overrideOpen}:${i}`, m.candidateId)
          : button("Choose", `${actionIds.forgetPick}:${i}`, m.candidateId);
    blocks.push({ type: "section", text: { type: "mrkdwn", text: matchLine(m) }, accessory: pick });
  });
  blocks.push({
    type: "actions",
    elements: [button("Cancel", actionIds.adminCancel, "cancel")],
  });
  return { text: `Several candidates match “${query}”. Which one?`, blocks };
}
