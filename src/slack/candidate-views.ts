import type { WebClient } from "@slack/web-api";
import { recordAudit } from "../candidates/audit.js";
import { listCandidates } from "../candidates/list.js";
import { lookupCandidate } from "../candidates/lookup.js";
import { getCandidateSummary } from "../candidates/summary.js";
import type { CandidateMatch, CandidateSummary } from "../candidates/types.js";
import type { SlackMessage } from "../format.js";
import type { Tier } from "../transcript/model.js";
import { renderCandidateList } from "./blocks/candidate-list.js";
import {
  renderCandidateSummary,
  renderChoices,
  renderNoMatch,
  renderRefusal,
} from "./blocks/candidate-summary.js";
import type { SlackDeps } from "./deps.js";

/**
 * The access-checked use cases behind `/candidate` and its buttons. Each one audits what was
 * looked at (ids and outcomes, never names) and returns a rendered message; the listeners only
 * parse payloads and send these.
 */
export interface Viewer {
  teamId: string;
  userId: string;
  /** Where the request came from (the summary may be shared there if it is an upload channel). */
  channelId: string | undefined;
  teamDomain: string | undefined;
}

export const LIST_PAGE_SIZE = 10;

/** The summary card for one candidate, or a refusal; audited either way. */
export async function showCandidate(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  candidateId: string,
  via: "command" | "button",
  /** The summary when the caller already has it (a lookup returns one). */
  known?: CandidateSummary,
): Promise<SlackMessage> {
  const summary = known ?? (await getCandidateSummary(deps.db, viewer.teamId, candidateId));
  if (!summary) return renderNoMatch("that candidate", []);
  const allowed = await mayView(deps, client, viewer, summary);
  await recordAudit(deps.db, {
    teamId: viewer.teamId,
    actorId: viewer.userId,
    action: "lookup",
    candidateId,
    ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
    details: { via, allowed },
  });
  if (!allowed) return renderRefusal();
  return renderCandidateSummary(summary, {
    shareable: canShareIn(summary, viewer.channelId),
    admin: deps.access.isAdmin(viewer.userId),
    teamDomain: viewer.teamDomain,
  });
}

async function mayView(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  summary: CandidateSummary,
): Promise<boolean> {
  if (deps.access.isAdmin(viewer.userId)) return true;
  const mine = await deps.access.channelsOf(
    client,
    viewer.teamId,
    viewer.userId,
    summary.channelIds,
  );
  return mine.length > 0;
}

/**
 * Sharing posts the card for everyone in the channel to read, so it is allowed only in a
 * channel where this candidate's transcript was uploaded: its members could look them up
 * anyway. Admins follow the same rule, so a share never widens who can see a candidate.
 */
export function canShareIn(summary: CandidateSummary, channelId: string | undefined): boolean {
  return channelId !== undefined && summary.channelIds.includes(channelId);
}

async function visibleMatches(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  matches: readonly CandidateMatch[],
): Promise<CandidateMatch[]> {
  if (deps.access.isAdmin(viewer.userId)) return [...matches];
  const visible = await deps.access.visibleAmong(
    deps.db,
    client,
    viewer.teamId,
    viewer.userId,
    matches.map((m) => m.candidateId),
  );
  return matches.filter((m) => visible.has(m.candidateId));
}

/**
 * `/candidate <name>`. One match: the card (or a refusal). Several: a choice list of those the
 * viewer may see, so the list never reveals who else exists. None: "did you mean", likewise
 * limited to visible candidates.
 */
export async function lookupForViewer(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  query: string,
): Promise<SlackMessage> {
  const result = await lookupCandidate(deps.db, { teamId: viewer.teamId, query, limit: 10 });
  if (result.kind === "found") {
    return showCandidate(
      deps,
      client,
      viewer,
      result.summary.candidateId,
      "command",
      result.summary,
    );
  }
  if (result.kind === "choices") {
    const visible = await visibleMatches(deps, client, viewer, result.matches);
    await recordAudit(deps.db, {
      teamId: viewer.teamId,
      actorId: viewer.userId,
      action: "lookup",
      ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
      details: { result: "choices", matches: result.matches.length, visible: visible.length },
    });
    if (visible.length === 0) return renderRefusal();
    const [only] = visible;
    if (visible.length === 1 && only) {
      return showCandidate(deps, client, viewer, only.candidateId, "command");
    }
    return renderChoices(query, visible);
  }
  const suggestions = await visibleMatches(deps, client, viewer, result.suggestions);
  await recordAudit(deps.db, {
    teamId: viewer.teamId,
    actorId: viewer.userId,
    action: "lookup",
    ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
    details: { result: "none", suggestions: suggestions.length },
  });
  return renderNoMatch(query, suggestions);
}

/** `/candidate list [role] [tier]`, one page, limited to the viewer's channels. */
export async function listForViewer(
  deps: SlackDeps,
  client: WebClient,
  viewer: Viewer,
  q: { role?: string | undefined; tier?: Tier | undefined; offset: number },
): Promise<SlackMessage> {
  const channelIds = await deps.access.visibleChannels(
    deps.db,
    client,
    viewer.teamId,
    viewer.userId,
  );
  const list = await listCandidates(deps.db, {
    teamId: viewer.teamId,
    ...(q.role ? { role: q.role } : {}),
    ...(q.tier ? { tier: q.tier } : {}),
    ...(channelIds ? { channelIds } : {}),
    limit: LIST_PAGE_SIZE,
    offset: q.offset,
  });
  await recordAudit(deps.db, {
    teamId: viewer.teamId,
    actorId: viewer.userId,
    action: "list",
    ...(viewer.channelId ? { channelId: viewer.channelId } : {}),
    details: {
      tier: q.tier ?? null,
      hasRoleFilter: Boolean(q.role),
      offset: q.offset,
      shown: list.rows.length,
      total: list.total,
    },
  });
  return renderCandidateList(list, q);
}
