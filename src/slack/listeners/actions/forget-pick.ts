import type { App } from "@slack/bolt";
import { z } from "zod";
import { getCandidateSummary } from "../../../candidates/summary.js";
import { parseInput } from "../../../candidates/validate.js";
import { renderForgetConfirm } from "../../blocks/admin-confirm.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { SlackDeps } from "../../deps.js";
import { registerAdminAction } from "./admin-action.js";

/**
 * A candidate picked from the choice list of an ambiguous `/candidate forget`: shows the same
 * confirmation an exact name gets, which still needs its own click.
 */
export function registerForgetPick(app: App, deps: SlackDeps): void {
  registerAdminAction(app, deps, "forgetPick", async (viewer, value) => {
    const candidateId = parseInput(z.uuid(), value, "delete button");
    // Another workspace's id is "not found" here, like a candidate deleted meanwhile.
    const summary = await getCandidateSummary(deps.db, viewer.teamId, candidateId);
    return summary
      ? renderForgetConfirm(summary)
      : renderNotice("That candidate is no longer on record.");
  });
}
