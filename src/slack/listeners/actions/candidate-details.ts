import type { App } from "@slack/bolt";
import { z } from "zod";
import { actionIds, actionPattern } from "../../action-ids.js";
import { messageModal } from "../../blocks/modal.js";
import { showCandidate } from "../../candidate-views.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

const triggerSchema = z.looseObject({ trigger_id: z.string().min(1) });

/**
 * "Details" / "Show" buttons: the card, shown only to the person who clicked. A click in a
 * message answers ephemerally through its response_url; a click in a view (the Home tab, a
 * modal) has none, so the card opens in a modal with the click's trigger_id. Slack honours a
 * trigger_id for 3 seconds only, so the modal is opened before the queue's other work can
 * delay it for long; the card is the same, access-checked and audited either way.
 */
export function registerCandidateDetails(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.details), async ({ ack, body, respond, client }) => {
    await ack();
    const { viewer, value } = viewerOf(body);
    const candidateId = z.uuid().parse(value);
    if (!respond || !(body as { response_url?: unknown }).response_url) {
      const { trigger_id } = triggerSchema.parse(body);
      const message = await showCandidate(deps, client, viewer, candidateId, "button");
      await client.views.open({ trigger_id, view: messageModal("Candidate", message) });
      return;
    }
    await deps.work(async () => {
      const message = await showCandidate(deps, client, viewer, candidateId, "button");
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: message.text,
        blocks: message.blocks,
      });
    });
  });
}
