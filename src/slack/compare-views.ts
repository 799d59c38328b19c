import type { WebClient } from "@slack/web-api";
import { recordAudit } from "../candidates/audit.js";
import { compareCandidates } from "../candidates/compare.js";
import {
  type CompareSlot,
  resolveCompareSlots,
  type SlotResult,
} from "../candidates/compare-resolve.js";
import type { CandidateSummary } from "../candidates/types.js";
import type { SlackMessage } from "../format.js";
import { renderNotice } from "./blocks/candidate-summary.js";
import { notFoundSentence, renderCompareChoices, renderComparison } from "./blocks/compare.js";
import type { Viewer } from "./candidate-views.js";
import type { SlackDeps } from "./deps.js";

/**
 * `/candidate compare A, B[, …]` and its Choose buttons. Access is the lookup's: hiring admins
 * see everyone, others the candidates of channels they are in (AccessControl.visibleAmong); a
 * candidate they may not see reads as "not found". Every candidate shown is audited as a lookup
 * (`via: compare`), so "who looked at this person" stays one query over the audit log.
 */
export async function compareForViewer(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  slots: readonly CompareSlot[],
): Promise<SlackMessage> {
  const results = await resolveCompareSlots(deps.db, viewer.teamId, slots, (ids) =>
    deps.access.visibleAmong(deps.db, client, viewer.teamId, viewer.userId, ids),
  );
  await auditSlots(deps, viewer, results);

  const notFound = results.filter((r) => r.kind === "none").map((r) => r.query);
  if (results.some((r) => r.kind === "choices")) {
    return renderCompareChoices(
      results.map((r) => ({
        query: r.query,
        id: r.kind === "found" ? r.summary.candidateId : null,
        matches: r.kind === "choices" ? r.matches : null,
      })),
      notFound,
    );
  }
  const summaries: CandidateSummary[] = [];
  for (const r of results) {
    if (r.kind === "found" && !summaries.some((s) => s.candidateId === r.summary.candidateId)) {
      summaries.push(r.summary);
    }
  }
  if (summaries.length < 2) {
    const why =
      notFound.length > 0
        ? notFoundSentence(notFound)
        : "Those names all match the same candidate.";
    return renderNotice(
      `${why} A comparison needs two candidates you can see; \`/candidate list\` shows them.`,
    );
  }
  return renderComparison(compareCandidates(summaries), notFound);
}

async function auditSlots(deps: SlackDeps, viewer: Viewer, results: SlotResult[]) {
  for (const r of results) {
    await recordAudit(deps.db, {
      teamId: viewer.teamId,
      actorId: viewer.userId,
      action: "lookup",
      ...(r.kind === "found" ? { candidateId: r.summary.candidateId } : {}),
      ...(r.kind === "none" && r.hiddenId ? { candidateId: r.hiddenId } : {}),
      ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
      details: {
        via: "compare",
        result: r.kind,
        allowed: r.kind === "found",
        ...(r.kind === "choices" ? { visible: r.matches.length } : {}),
      },
    });
  }
}
