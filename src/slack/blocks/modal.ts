import type { View } from "@slack/types";
import { oneLine, type SlackMessage } from "../../format.js";

/** Slack's limits for a modal: title 24 characters, 100 blocks. */
export const MODAL_TITLE_MAX = 24;
export const MODAL_BLOCKS_MAX = 100;

/**
 * A message shown in a modal instead: a click from a view (App Home, another modal) has no
 * `response_url`, so the only way to answer it is `views.open` with the click's trigger_id.
 */
export function messageModal(title: string, message: SlackMessage): View {
  return {
    type: "modal",
    title: { type: "plain_text", text: oneLine(title, MODAL_TITLE_MAX), emoji: true },
    close: { type: "plain_text", text: "Close", emoji: true },
    blocks: message.blocks.slice(0, MODAL_BLOCKS_MAX),
  };
}
