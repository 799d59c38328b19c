import type { App } from "@slack/bolt";
import { z } from "zod";
import { forgetCandidate } from "../../../candidates/forget.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

/** The confirmed delete: admin rights checked again at click time; audited by forgetCandidate. */
export function registerForgetConfirm(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.forgetConfirm), async ({ ack, body, respond }) => {
    await ack();
    await deps.work(async () => {
      const { viewer, value } = viewerOf(body);
      if (!deps.access.isAdmin(viewer.userId)) {
        await respond({
          replace_original: true,
          ...renderNotice("Only hiring admins can delete a candidate."),
        });
        return;
      }
      const outcome = await forgetCandidate(deps.db, {
        teamId: viewer.teamId,
        candidateId: z.uuid().parse(value),
        actorId: viewer.userId,
        ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
      });
      const n = outcome.interviewsDeleted;
      await respond({
        replace_original: true,
        ...renderNotice(
          `Deleted: ${n} interview${n === 1 ? "" : "s"} and everything about the candidate; ${outcome.transcriptsRedacted} shared transcript${outcome.transcriptsRedacted === 1 ? " was" : "s were"} redacted. The audit log records that you did it.`,
        ),
      });
    });
  });
}
