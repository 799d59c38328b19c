import type { App } from "@slack/bolt";
import { overrideTier } from "../../../candidates/override.js";
import { tierName } from "../../../format.js";
import { decodeOverride } from "../../blocks/admin-confirm.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { SlackDeps } from "../../deps.js";
import { registerAdminAction } from "./admin-action.js";

/** The confirmed override: audited by overrideTier. */
export function registerOverrideConfirm(app: App, deps: SlackDeps): void {
  registerAdminAction(app, deps, "overrideConfirm", async (viewer, value) => {
    const v = decodeOverride(value);
    const result = await overrideTier(deps.db, {
      teamId: viewer.teamId,
      candidateId: v.c,
      tier: v.t,
      reason: v.r,
      actorId: viewer.userId,
      ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
    });
    return renderNotice(
      `Done: the candidate's tier is now ${tierName(result.tier)} (set by you; the computed score is kept alongside).`,
    );
  });
}
