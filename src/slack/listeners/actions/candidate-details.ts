import type { App } from "@slack/bolt";
import { z } from "zod";
import { actionIds, actionPattern } from "../../action-ids.js";
import { showCandidate } from "../../candidate-views.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

/** "Details" / "Show" buttons: the card, shown only to the person who clicked. */
export function registerCandidateDetails(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.details), async ({ ack, body, respond, client }) => {
    await ack();
    await deps.work(async () => {
      const { viewer, value } = viewerOf(body);
      const candidateId = z.uuid().parse(value);
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
