import type { App } from "@slack/bolt";
import { z } from "zod";
import { recordAudit } from "../../../candidates/audit.js";
import { getCandidateSummary } from "../../../candidates/summary.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import {
  renderCandidateSummary,
  renderNotice,
  renderRefusal,
} from "../../blocks/candidate-summary.js";
import { canShareIn } from "../../candidate-views.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

/**
 * "Share in channel": posts the card visibly, only in a channel where the candidate's
 * transcript was uploaded and only by someone who may see the candidate.
 */
export function registerCandidateShare(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.share), async ({ ack, body, respond, client }) => {
    await ack();
    await deps.work(async () => {
      const { viewer, value } = viewerOf(body);
      const candidateId = z.uuid().parse(value);
      const summary = await getCandidateSummary(deps.db, viewer.teamId, candidateId);
      if (!summary) {
        await respond({
          response_type: "ephemeral",
          ...renderNotice("That candidate is no longer on record."),
        });
        return;
      }
      const allowed = await deps.access.canSee(
        deps.db,
        client,
        viewer.teamId,
        viewer.userId,
        candidateId,
      );
      const channelId = viewer.channelId;
      const shareable = allowed && canShareIn(summary, channelId);
      await recordAudit(deps.db, {
        teamId: viewer.teamId,
        actorId: viewer.userId,
        action: "share",
        candidateId,
        ...(channelId ? { channelId } : {}),
        details: { allowed: shareable },
      });
      if (!allowed) {
        await respond({ response_type: "ephemeral", replace_original: false, ...renderRefusal() });
        return;
      }
      if (!shareable || !channelId) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          ...renderNotice(
            "This card can only be shared in a channel where the candidate's transcript was uploaded, so that it never reaches people who could not look them up.",
          ),
        });
        return;
      }
      const card = renderCandidateSummary(summary, {
        shareable: false,
        teamDomain: viewer.teamDomain,
        sharedBy: viewer.userId,
      });
      await client.chat.postMessage({ channel: channelId, text: card.text, blocks: card.blocks });
      await respond({
        response_type: "ephemeral",
        replace_original: true,
        ...renderNotice("Shared in this channel."),
      });
    });
  });
}
