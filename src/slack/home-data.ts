import type { WebClient } from "@slack/web-api";
import { listCandidates } from "../candidates/list.js";
import { subscribedChannelIds } from "../db/repositories/subscriptions.js";
import { recentSlackUploads, slackUploadChannels } from "../db/repositories/transcripts.js";
import { listSubscriptions } from "../digest/subscriptions.js";
import type { HomeInput } from "./blocks/app-home.js";
import type { SlackDeps } from "./deps.js";

/** Everything App Home shows for one viewer, limited to what they may see. */
export async function loadHome(
  deps: SlackDeps,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<HomeInput> {
  const isAdmin = deps.access.isAdmin(userId);
  const [uploadChannelIds, candidateChannelIds, subscribed] = await Promise.all([
    slackUploadChannels(deps.db, teamId),
    deps.access.visibleChannels(deps.db, client, teamId, userId),
    subscribedChannelIds(deps.db, teamId),
  ]);
  const myUploadChannels = isAdmin
    ? undefined
    : await deps.access.channelsOf(client, teamId, userId, uploadChannelIds);
  const mySubscribedChannels = await deps.access.channelsOf(client, teamId, userId, subscribed);
  const [uploads, top, subscriptions] = await Promise.all([
    recentSlackUploads(deps.db, teamId, myUploadChannels),
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
