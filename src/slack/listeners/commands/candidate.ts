import type { App } from "@slack/bolt";
import { z } from "zod";
import { lookupCandidate } from "../../../candidates/lookup.js";
import { getCandidateSummary } from "../../../candidates/summary.js";
import { handleDigestCommand } from "../../../digest/command.js";
import type { SlackMessage } from "../../../format.js";
import { renderForgetConfirm, renderOverrideConfirm } from "../../blocks/admin-confirm.js";
import { renderAdminPick } from "../../blocks/admin-pick.js";
import { renderNoMatch, renderNotice, renderUsage } from "../../blocks/candidate-summary.js";
import { listForViewer, lookupForViewer, type Viewer } from "../../candidate-views.js";
import { parseCandidateCommand } from "../../command-text.js";
import type { SlackDeps } from "../../deps.js";
import { slackUserTimezone } from "../../user-timezone.js";
import { handleCompareCommand } from "./candidate-compare.js";
import { handleExportCommand } from "./candidate-export.js";
import { handleChannelCommand } from "./channel-settings.js";
import { handleOverrideForm } from "./override-form.js";

const commandSchema = z.looseObject({
  team_id: z.string().min(1),
  team_domain: z.string().optional(),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  command: z.string().min(1),
  text: z.string().default(""),
  trigger_id: z.string().optional(),
});

const ADMIN_ONLY =
  "Only hiring admins can change or delete candidate records; ask one of them if this needs doing.";

/**
 * `/candidate …`: acknowledged at once, answered ephemerally through `respond`. Unexpected
 * failures propagate to the app's error handler, which answers with one sentence.
 */
export function registerCandidateCommand(app: App, deps: SlackDeps): void {
  app.command(/^\/candidate/, async ({ ack, command, respond, client }) => {
    await ack();
    await deps.work(async () => {
      const payload = commandSchema.parse(command);
      const viewer: Viewer = {
        teamId: payload.team_id,
        userId: payload.user_id,
        channelId: payload.channel_id,
        teamDomain: payload.team_domain,
      };
      const reply = async (message: SlackMessage) => {
        await respond({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
      };
      const parsed = parseCandidateCommand(payload.text);
      switch (parsed.kind) {
        case "help":
          return reply(renderUsage(payload.command));
        case "invalid":
          return reply(renderNotice(parsed.message));
        case "lookup":
          return reply(await lookupForViewer(deps, client, viewer, parsed.name));
        case "list":
          return reply(await listForViewer(deps, client, viewer, { ...parsed, offset: 0 }));
        case "compare":
          return reply(await handleCompareCommand(deps, client, viewer, parsed.names));
        case "export":
          return reply(await handleExportCommand(deps, client, viewer, parsed));
        case "digest": {
          const members = await deps.access.members(client, viewer.teamId, payload.channel_id);
          const answer = await handleDigestCommand(
            {
              db: deps.db,
              config: deps.config,
              userTimezone: () => slackUserTimezone(client, viewer.userId),
            },
            {
              teamId: viewer.teamId,
              channelId: payload.channel_id,
              userId: viewer.userId,
              isAdmin: deps.access.isAdmin(viewer.userId),
              isChannelMember: members.has(viewer.userId),
              args: [parsed.args],
            },
          );
          await respond({
            response_type: "ephemeral",
            text: answer.text,
            ...(answer.blocks ? { blocks: answer.blocks as never } : {}),
          });
          return;
        }
        case "override-form": {
          const answer = await handleOverrideForm(
            deps,
            client,
            viewer,
            parsed.name,
            payload.trigger_id,
          );
          return answer ? reply(answer) : undefined;
        }
        case "channel":
          return reply(await handleChannelCommand(deps, client, viewer, parsed.args));
        case "override":
        case "forget": {
          if (!deps.access.isAdmin(viewer.userId)) return reply(renderNotice(ADMIN_ONLY));
          const found = await lookupCandidate(deps.db, {
            teamId: viewer.teamId,
            query: parsed.name,
            limit: 10,
          });
          if (found.kind === "none") return reply(renderNoMatch(parsed.name, found.suggestions));
          if (found.kind === "choices") {
            return reply(
              renderAdminPick(
                parsed.name,
                found.matches,
                parsed.kind === "override"
                  ? { kind: "override", tier: parsed.tier, reason: parsed.reason }
                  : { kind: "forget" },
              ),
            );
          }
          const summary = await getCandidateSummary(
            deps.db,
            viewer.teamId,
            found.summary.candidateId,
          );
          if (!summary) return reply(renderNoMatch(parsed.name, []));
          return reply(
            parsed.kind === "override"
              ? renderOverrideConfirm(summary, parsed.tier, parsed.reason)
              : renderForgetConfirm(summary),
          );
        }
      }
    });
  });
}
