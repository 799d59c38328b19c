import type { App } from "@slack/bolt";
import { z } from "zod";
import { forgetCandidate } from "../../../candidates/forget.js";
import { overrideTier } from "../../../candidates/override.js";
import { getCandidateSummary } from "../../../candidates/summary.js";
import { escapeMrkdwn, formatScore, oneLine, tierName } from "../../../format.js";
import {
  decodeModalMetadata,
  modalIds,
  overrideFields,
  readOverrideSubmission,
  renderNoticeModal,
} from "../../blocks/admin-modals.js";
import type { SlackDeps } from "../../deps.js";
import { ONLY_ADMINS } from "../actions/admin-action.js";

/** The parts of a `view_submission` payload the admin modals use. */
const submissionSchema = z.looseObject({
  user: z.looseObject({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z
    .looseObject({ id: z.string().min(1) })
    .nullable()
    .optional(),
  view: z.looseObject({
    private_metadata: z.string().default(""),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.any())) }),
  }),
});

function submitter(body: unknown) {
  const payload = submissionSchema.parse(body);
  const teamId = payload.team?.id ?? payload.user.team_id;
  if (!teamId) throw new Error("view submission without a team");
  return {
    teamId,
    userId: payload.user.id,
    metadata: decodeModalMetadata(payload.view.private_metadata),
    state: payload.view.state,
  };
}

const gone = renderNoticeModal("Not found", "That candidate is no longer on record.");

/**
 * Submissions of the admin modals. Slack wants the answer to a submission within 3 seconds and
 * shows field errors only from that answer (`response_action: errors`), so the check and the
 * one write happen before `ack`, and the modal is replaced by its outcome
 * (`response_action: update`).
 */
export function registerAdminModalSubmit(app: App, deps: SlackDeps): void {
  app.view(modalIds.override, async ({ ack, body }) => {
    const s = submitter(body);
    if (!deps.access.isAdmin(s.userId)) {
      await ack({
        response_action: "errors",
        errors: { [overrideFields.tier.block]: ONLY_ADMINS.override },
      });
      return;
    }
    const read = readOverrideSubmission(s.state);
    if (!read.ok) {
      await ack({ response_action: "errors", errors: read.errors });
      return;
    }
    const summary = s.metadata
      ? await getCandidateSummary(deps.db, s.teamId, s.metadata.c)
      : undefined;
    if (!summary || !s.metadata) {
      await ack({ response_action: "update", view: gone });
      return;
    }
    const result = await overrideTier(deps.db, {
      teamId: s.teamId,
      candidateId: summary.candidateId,
      tier: read.tier,
      reason: read.reason,
      actorId: s.userId,
      ...(s.metadata.ch ? { channelId: s.metadata.ch } : {}),
    });
    await ack({
      response_action: "update",
      view: renderNoticeModal(
        "Tier changed",
        `Done: *${escapeMrkdwn(oneLine(summary.name, 80))}* is now *${tierName(result.tier)}* (set by you). The computed ${tierName(summary.computedTier)}, ${formatScore(summary.score)} stays on record next to it.`,
      ),
    });
  });

  app.view(modalIds.forget, async ({ ack, body }) => {
    const s = submitter(body);
    if (!deps.access.isAdmin(s.userId)) {
      await ack({
        response_action: "update",
        view: renderNoticeModal("Admins only", ONLY_ADMINS.forget),
      });
      return;
    }
    const summary = s.metadata
      ? await getCandidateSummary(deps.db, s.teamId, s.metadata.c)
      : undefined;
    if (!summary || !s.metadata) {
      await ack({ response_action: "update", view: gone });
      return;
    }
    const outcome = await forgetCandidate(deps.db, {
      teamId: s.teamId,
      candidateId: summary.candidateId,
      actorId: s.userId,
      ...(s.metadata.ch ? { channelId: s.metadata.ch } : {}),
    });
    const n = outcome.interviewsDeleted;
    const r = outcome.transcriptsRedacted;
    await ack({
      response_action: "update",
      view: renderNoticeModal(
        "Deleted",
        `Deleted *${escapeMrkdwn(oneLine(summary.name, 80))}*: ${n} interview${n === 1 ? "" : "s"} and everything about them; ${r} shared transcript${r === 1 ? " was" : "s were"} redacted. The audit log records that you did it.`,
      ),
    });
  });
}
