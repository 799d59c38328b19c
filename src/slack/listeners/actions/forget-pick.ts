import type { App } from "@slack/bolt";
import { z } from "zod";
import { getCandidateSummary } from "../../../candidates/summary.js";
import { parseInput } from "../../../candidates/validate.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import { renderForgetConfirm } from "../../blocks/admin-confirm.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

/**
 * A candidate picked from the choice list of an ambiguous `/candidate forget`: shows the same
 * confirmation an exact name gets, which still needs its own click. Admin rights and the
 * workspace are checked again here, since a button value can be replayed by anyone.
 */
export function registerForgetPick(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.forgetPick), async ({ ack, body, respond }) => {
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
      const candidateId = parseInput(z.uuid(), value, "delete button");
      // Another workspace's id is "not found" here, like a candidate deleted meanwhile.
      const summary = await getCandidateSummary(deps.db, viewer.teamId, candidateId);
      if (!summary) {
        await respond({
          replace_original: true,
          ...renderNotice("That candidate is no longer on record."),
        });
        return;
      }
      await respond({ replace_original: true, ...renderForgetConfirm(summary) });
    });
  });
}
