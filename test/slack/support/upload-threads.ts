import type { WebClient } from "@slack/web-api";
import { UPLOAD_REPLY_EVENT_TYPE } from "../../../src/slack/upload-ports.js";
import type { RecordedCall, SlackStandIn } from "../../helpers/slack-stand-in.js";

/**
 * What an upload's thread received, read from the stand-in: how many messages were posted in
 * it, how many times the upload's reply was delivered (posted, or edited into an earlier line:
 * calls carrying the reply's metadata for this transcript), and the app's messages the thread
 * holds in the end.
 */
export interface UploadThread {
  posts: RecordedCall[];
  replyDeliveries: RecordedCall[];
  botMessages: Array<{ ts?: string; text?: string; metadata?: { event_type?: string } }>;
}

function isReplyFor(call: RecordedCall, transcriptId: string): boolean {
  const metadata = call.body.metadata as
    | { event_type?: string; event_payload?: { transcript_id?: string } }
    | undefined;
  return (
    metadata?.event_type === UPLOAD_REPLY_EVENT_TYPE &&
    metadata.event_payload?.transcript_id === transcriptId
  );
}

export async function uploadThread(
  slack: SlackStandIn,
  client: WebClient,
  upload: { channel: string; threadTs: string; transcriptId: string },
): Promise<UploadThread> {
  const effective = [...slack.effective("chat.postMessage"), ...slack.effective("chat.update")];
  const thread = await client.conversations.replies({
    channel: upload.channel,
    ts: upload.threadTs,
    include_all_metadata: true,
  });
  return {
    posts: slack.effective("chat.postMessage").filter((c) => c.body.thread_ts === upload.threadTs),
    replyDeliveries: effective.filter((c) => isReplyFor(c, upload.transcriptId)),
    botMessages: (thread.messages ?? []).filter((m) => m.bot_id) as UploadThread["botMessages"],
  };
}

/** Whether the upload's reply has been delivered (posted or edited in). */
export function replied(slack: SlackStandIn, transcriptId: string): boolean {
  return [...slack.effective("chat.postMessage"), ...slack.effective("chat.update")].some((c) =>
    isReplyFor(c, transcriptId),
  );
}
