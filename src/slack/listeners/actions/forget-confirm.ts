import type { App } from "@slack/bolt";
import { z } from "zod";
import { forgetCandidate } from "../../../candidates/forget.js";
import { parseInput } from "../../../candidates/validate.js";
import { renderNotice } from "../../blocks/candidate-summary.js";
import type { SlackDeps } from "../../deps.js";
import { registerAdminAction } from "./admin-action.js";

/** The confirmed delete: audited by forgetCandidate. */
export function registerForgetConfirm(app: App, deps: SlackDeps): void {
  registerAdminAction(app, deps, "forgetConfirm", async (viewer, value) => {
    const outcome = await forgetCandidate(deps.db, {
      teamId: viewer.teamId,
      candidateId: parseInput(z.uuid(), value, "delete button"),
      actorId: viewer.userId,
      ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
    });
    const n = outcome.interviewsDeleted;
    const r = outcome.transcriptsRedacted;
    return renderNotice(
      `Deleted: ${n} interview${n === 1 ? "" : "s"} and everything about the candidate; ${r} shared transcript${r === 1 ? " was" : "s were"} redacted. The audit log records that you did it.`,
    );
  });
}
