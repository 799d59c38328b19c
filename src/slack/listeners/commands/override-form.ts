import type { WebClient } from "@slack/web-api";
import { lookupCandidate } from "../../../candidates/lookup.js";
import { getCandidateSummary } from "../../../candidates/summary.js";
import type { SlackMessage } from "../../../format.js";
import { renderOverrideModal } from "../../blocks/admin-modals.js";
import { renderAdminPick } from "../../blocks/admin-pick.js";
import { renderNoMatch, renderNotice } from "../../blocks/candidate-summary.js";
import type { Viewer } from "../../candidate-views.js";
import type { SlackDeps } from "../../deps.js";

const ADMIN_ONLY = "Only hiring admins can change a candidate's tier.";

/**
 * `/candidate override <name>` without a tier: the override form in a modal, opened with the
 * command's trigger_id. Several matches get a pick list whose buttons open the form. Returns
 * the ephemeral answer to send, or undefined when the modal is open.
 */
export async function handleOverrideForm(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  name: string,
  triggerId: string | undefined,
): Promise<SlackMessage | undefined> {
  if (!deps.access.isAdmin(viewer.userId)) return renderNotice(ADMIN_ONLY);
  const found = await lookupCandidate(deps.db, { teamId: viewer.teamId, query: name, limit: 10 });
  if (found.kind === "none") return renderNoMatch(name, found.suggestions);
  if (found.kind === "choices") {
    return renderAdminPick(name, found.matches, { kind: "override-form" });
  }
  const summary = await getCandidateSummary(deps.db, viewer.teamId, found.summary.candidateId);
  if (!summary) return renderNoMatch(name, []);
  const notOpened = renderNotice(
    `I could not open the form in time; run the command again, or type it all: /candidate override ${name} <tier> <reason>.`,
  );
  if (!triggerId) return notOpened;
  try {
    await client.views.open({
      trigger_id: triggerId,
      view: renderOverrideModal(summary, viewer.channelId),
    });
    return undefined;
  } catch (error) {
    // expired_trigger_id: the command waited too long behind others. The typed form still works.
    deps.logger.warn(
      { err: { code: (error as { data?: { error?: string } }).data?.error } },
      "could not open the override form",
    );
    return notOpened;
  }
}
