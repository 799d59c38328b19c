import type { App } from "@slack/bolt";
import { getCandidateSummary } from "../../../candidates/summary.js";
import { decodeOverride, renderOverrideConfirm } from "../../blocks/admin-confirm.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { SlackDeps } from "../../deps.js";
import { registerAdminAction } from "./admin-action.js";

/**
 * A candidate picked from the choice list of an ambiguous `/candidate override`: shows the
 * same confirmation an exact name gets, which still needs its own click.
 */
export function registerOverridePick(app: App, deps: SlackDeps): void {
  registerAdminAction(app, deps, "overridePick", async (viewer, value) => {
    const picked = decodeOverride(value);
    // Another workspace's id is "not found" here, like a candidate deleted meanwhile.
    const summary = await getCandidateSummary(deps.db, viewer.teamId, picked.c);
    return summary
      ? renderOverrideConfirm(summary, picked.t, picked.r)
      : renderNotice("That candidate is no longer on record.");
  });
}
