import type { App } from "@slack/bolt";
import type { View } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { getCandidateSummary } from "../../../candidates/summary.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import {
  renderForgetModal,
  renderNoticeModal,
  renderOverrideModal,
} from "../../blocks/admin-modals.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";
import { ONLY_ADMINS } from "./admin-action.js";

const clickSchema = z.looseObject({
  trigger_id: z.string().min(1),
  view: z.looseObject({ type: z.string() }).optional(),
});

/**
 * Shows a modal for a click: `views.open`, or `views.push` when the click came from inside a
 * modal (the card opened from App Home), where Slack stacks views instead.
 */
export async function openModalFor(client: WebClient, body: unknown, view: View): Promise<void> {
  const click = clickSchema.parse(body);
  if (click.view?.type === "modal") {
    await client.views.push({ trigger_id: click.trigger_id, view });
  } else {
    await client.views.open({ trigger_id: click.trigger_id, view });
  }
}

/**
 * The card's "Change tier…" and "Delete…" buttons (and the picks of an ambiguous
 * `/candidate override <name>`): open the override modal or the delete confirmation. Admin
 * rights are checked here and again on submission. The trigger_id lapses after 3 seconds, so
 * this does not wait behind the work queue.
 */
export function registerAdminModalOpen(app: App, deps: SlackDeps): void {
  const register = (
    pattern: RegExp,
    refusal: string,
    render: (
      summary: NonNullable<Awaited<ReturnType<typeof getCandidateSummary>>>,
      channelId: string | undefined,
    ) => View,
  ) => {
    app.action(pattern, async ({ ack, body, client }) => {
      await ack();
      const { viewer, value } = viewerOf(body);
      if (!deps.access.isAdmin(viewer.userId)) {
        await openModalFor(client, body, renderNoticeModal("Admins only", refusal));
        return;
      }
      const candidateId = z.uuid().safeParse(value);
      const summary = candidateId.success
        ? await getCandidateSummary(deps.db, viewer.teamId, candidateId.data)
        : undefined;
      const view = summary
        ? render(summary, viewer.channelId)
        : renderNoticeModal("Not found", "That candidate is no longer on record.");
      await openModalFor(client, body, view);
    });
  };
  register(actionPattern(actionIds.overrideOpen), ONLY_ADMINS.override, renderOverrideModal);
  register(actionPattern(actionIds.forgetOpen), ONLY_ADMINS.forget, renderForgetModal);
}
