import type { App } from "@slack/bolt";
import { z } from "zod";
import { overrideTier } from "../../../candidates/override.js";
import { tierSchema } from "../../../transcript/model.js";
import { actionIds, actionPattern } from "../../action-ids.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import { plainTier } from "../../blocks/mrkdwn.js";
import type { SlackDeps } from "../../deps.js";
import { viewerOf } from "./action-payload.js";

const overrideValueSchema = z.object({ c: z.uuid(), t: tierSchema, r: z.string().min(1) });

/** The confirmed override: admin rights checked again at click time; audited by overrideTier. */
export function registerOverrideConfirm(app: App, deps: SlackDeps): void {
  app.action(actionPattern(actionIds.overrideConfirm), async ({ ack, body, respond }) => {
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
      const v = overrideValueSchema.parse(JSON.parse(value));
      const result = await overrideTier(deps.db, {
        teamId: viewer.teamId,
        candidateId: v.c,
        tier: v.t,
        reason: v.r,
        actorId: viewer.userId,
        ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
      });
      await respond({
        replace_original: true,
        ...renderNotice(
          `Done: the candidate's tier is now ${plainTier(result.tier)} (set by you; the computed score is kept alongside).`,
        ),
      });
    });
  });
}
