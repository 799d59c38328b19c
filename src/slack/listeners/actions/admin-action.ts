import type { App } from "@slack/bolt";
import type { SlackMessage } from "../../../format.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { Viewer } from "../../candidate-views.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

/** What a non-admin is told when they reach an admin-only action (button, modal or form). */
export const ONLY_ADMINS = {
  override: "Only hiring admins can change a candidate's tier.",
  forget: "Only hiring admins can delete a candidate.",
} as const;

/** The admin-only buttons, each with the sentence a non-admin clicking it gets. */
const refusals = {
  overridePick: ONLY_ADMINS.override,
  overrideConfirm: ONLY_ADMINS.override,
  forgetPick: ONLY_ADMINS.forget,
  forgetConfirm: ONLY_ADMINS.forget,
} as const;

/**
 * Registers a button that only hiring admins may use (override and forget, pick and confirm).
 * Admin rights are checked again at every click, since a button value can be replayed by
 * anyone; the handler's message replaces the one holding the button. Acknowledged first, work
 * through the queue, unexpected errors to the app's error handler.
 */
export function registerAdminAction(
  app: App,
  deps: SlackDeps,
  action: keyof typeof refusals,
  handle: (viewer: Viewer, value: string) => Promise<SlackMessage>,
): void {
  const refusal = refusals[action];
  app.action(actionPattern(actionIds[action]), async ({ ack, body, respond }) => {
    await ack();
    await deps.work(async () => {
      const { viewer, value } = viewerOf(body);
      const message = deps.access.isAdmin(viewer.userId)
        ? await handle(viewer, value)
        : renderNotice(refusal);
      await respond({ replace_original: true, ...message });
    });
  });
}
