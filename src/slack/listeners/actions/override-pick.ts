import type { App } from "@slack/bolt";
import { getCandidateSummary } from "../../../candidates/summary.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import { decodeOverride, renderOverrideConfirm } from "../../blocks/admin-confirm.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

/**
 * A candidate picked from the choice list of an ambiguous `/candidate override`: shows the
 * same confirmation an exact name gets, which still needs its own click. Admin rights and the
 * workspace are checked again here, since a button value can be replayed by anyone.
 */
export function registerOverridePick(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.overridePick), async ({ ack, body, respond }) => {
    await ack();
    await deps.work(async () => {
      const { viewer, value } = viewerOf(body);
      if (!deps.access.isAdmin(viewer.userId)) {
        await respond({
          replace_original: true,
          ...renderNotice("Only hiring admins can change a candidate's tier."),
        });
        return;
      }
      const picked = decodeOverride(value);
      // Another workspace's id is "not found" here, like a candidate deleted meanwhile.
      const summary = await getCandidateSummary(deps.db, viewer.teamId, picked.c);
      if (!summary) {
        await respond({
          replace_original: true,
          ...renderNotice("That candidate is no longer on record."),
        });
        return;
      }
      await respond({
        replace_original: true,
        ...renderOverrideConfirm(summary, picked.t, picked.r),
      });
    });
  });
}
