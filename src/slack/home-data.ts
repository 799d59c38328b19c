import type { WebClient } from "@slack/web-api";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { listCandidates } from "../candidates/list.js";
import type { DbOrTx } from "../db/client.js";
import { digestSubscriptions, interviews, transcripts } from "../db/schema.js";
import { listSubscriptions } from "../digest/subscriptions.js";
import type { HomeInput, HomeUpload } from "./blocks/app-home.js";
import type { SlackDeps } from "./deps.js";

/** Distinct channels with Slack uploads in the workspace (failed ones included). */
async function uploadChannels(db: DbOrTx, teamId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ channelId: transcripts.channelId })
    .from(transcripts)
    .where(and(eq(transcripts.teamId, teamId), eq(transcripts.sourceKind, "slack")));
  return rows.map((r) => r.channelId).filter((c): c is string => c !== null);
}

async function recentUploads(
  db: DbOrTx,
  teamId: string,
  channelIds: string[] | undefined,
): Promise<HomeUpload[]> {
  if (channelIds && channelIds.length === 0) return [];
  const rows = await db
    .select({
      id: transcripts.id,
      fileName: transcripts.fileName,
      channelId: transcripts.channelId,
      status: transcripts.status,
      createdAt: transcripts.createdAt,
      errorMessage: transcripts.errorMessage,
      duplicateOf: transcripts.duplicateOf,
      replyError: transcripts.replyError,
    })
    .from(transcripts)
    .where(
      and(
        eq(transcripts.teamId, teamId),
        eq(transcripts.sourceKind, "slack"),
        channelIds ? inArray(transcripts.channelId, channelIds) : undefined,
      ),
    )
    .orderBy(desc(transcripts.createdAt))
    .limit(10);
  const canonical = rows.map((r) => r.duplicateOf ?? r.id);
  const counts =
    canonical.length === 0
      ? []
      : await db
          .select({ transcriptId: interviews.transcriptId, n: count() })
          .from(interviews)
          .where(inArray(interviews.transcriptId, canonical))
          .groupBy(interviews.transcriptId);
  const byId = new Map(counts.map((c) => [c.transcriptId, Number(c.n)]));
  return rows.map((r) => ({
    fileName: r.fileName,
    channelId: r.channelId,
    status: r.status,
    createdAt: r.createdAt,
    candidateCount: byId.get(r.duplicateOf ?? r.id) ?? 0,
    errorMessage: r.errorMessage,
    duplicate: r.duplicateOf !== null,
    replyError: r.replyError,
  }));
}

/** Everything App Home shows for one viewer, limited to what they may see. */
export async function loadHome(
  deps: SlackDeps,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<HomeInput> {
  const isAdmin = deps.access.isAdmin(userId);
  const [uploadChannelIds, candidateChannelIds, subscribed] = await Promise.all([
    uploadChannels(deps.db, teamId),
    deps.access.visibleChannels(deps.db, client, teamId, userId),
    deps.db
      .select({ channelId: digestSubscriptions.channelId })
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.teamId, teamId)),
  ]);
  const myUploadChannels = isAdmin
    ? undefined
    : await deps.access.channelsOf(client, teamId, userId, uploadChannelIds);
  const mySubscribedChannels = await deps.access.channelsOf(
    client,
    teamId,
    userId,
    subscribed.map((s) => s.channelId),
  );
  const [uploads, top, subscriptions] = await Promise.all([
    recentUploads(deps.db, teamId, myUploadChannels),
    listCandidates(deps.db, {
      teamId,
      ...(candidateChannelIds ? { channelIds: candidateChannelIds } : {}),
      limit: 10,
      offset: 0,
    }),
    listSubscriptions(deps.db, { teamId, channelIds: mySubscribedChannels }),
  ]);
  return { uploads, candidates: top.rows, subscriptions, isAdmin };
}
