import type { App } from "@slack/bolt";
import { actionIds, actionPattern } from "../../action-ids.js";
import { renderNotice } from "../../blocks/candidate-summary.js";

/** "Cancel" on an override or delete confirmation: nothing changes. */
export function registerAdminCancel(app: App): void {
  app.action(actionPattern(actionIds.adminCancel), async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, ...renderNotice("Cancelled; nothing was changed.") });
  });
}
