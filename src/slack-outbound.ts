import type { WebClient } from "@slack/web-api";
import { AppError } from "./errors.js";
import type { SlackMessage } from "./format.js";

/**
 * The one way out to Slack for the app's own posts (upload replies, digests): post, update,
 * react, find an earlier post by its message metadata, and Slack's errors as `AppError`s. It
 * sits below slack/, ingest/ and digest/ so the upload job's ports and the digest scheduler
 * share it; Slack's own retries (429 Retry-After, 5xx, timeouts) are the WebClient's, built
 * once with `defaultClientOptions` in src/slack/create-app.ts.
 */

/** Metadata stamped on a post, so a retry can see that the post is already there. */
export interface PostMetadata {
  eventType: string;
  payload: Record<string, string>;
}

export interface OutboundPost {
  channel: string;
  /** Reply in this thread. */
  threadTs?: string | undefined;
  message: SlackMessage;
  metadata: PostMetadata;
}

export interface FindPostQuery {
  channel: string;
  /** Search this thread's replies; without it, the channel's history since `oldest`. */
  threadTs?: string | undefined;
  /** Slack ts (seconds) from which the channel history is searched. */
  oldest?: string | undefined;
  eventType: string;
  /** The metadata payload field that identifies the post, and its value. */
  key: string;
  value: string;
}

export interface OutboundFile {
  /** A channel or DM id (see `openDm`). */
  channel: string;
  /** Share it as a reply in this thread. */
  threadTs?: string | undefined;
  filename: string;
  title: string;
  content: Uint8Array | string;
  /** What an image shows, in words (screen readers, and clients that do not load it). */
  altText?: string | undefined;
  /** The message the file is shared with. */
  comment?: string | undefined;
}

export interface SlackOutbound {
  /** Posts and returns the message ts; failures are `SLACK_API` AppErrors (cause kept). */
  post(post: OutboundPost): Promise<string>;
  /** Replaces a posted message's text and blocks (and its metadata, when given). */
  update(
    channel: string,
    ts: string,
    message: SlackMessage,
    metadata?: PostMetadata,
  ): Promise<void>;
  /** Adds a reaction to a message. */
  react(channel: string, ts: string, name: string): Promise<void>;
  /** Removes the app's own reaction from a message. */
  unreact(channel: string, ts: string, name: string): Promise<void>;
  /** The ts of an earlier post carrying this metadata, if Slack lets us look. */
  findPost(query: FindPostQuery): Promise<string | undefined>;
  /**
   * Uploads a file with files.uploadV2 (get an upload URL, send the bytes, complete into the
   * channel); returns Slack's file id. Needs `files:write`.
   */
  upload(file: OutboundFile): Promise<string>;
  /** The id of the app's DM with this person (`conversations.open`, needs `im:write`). */
  openDm(userId: string): Promise<string>;
}

export function createSlackOutbound(client: WebClient): SlackOutbound {
  return {
    async post({ channel, threadTs, message, metadata }) {
      const response = await client.chat
        .postMessage({
          channel,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: metadata.eventType, event_payload: metadata.payload },
        })
        .catch((error: unknown) => {
          throw toSlackAppError(error, "Slack did not accept the message.");
        });
      if (!response.ts) throw new AppError("SLACK_API", "Slack accepted the message without a ts.");
      return response.ts;
    },

    async update(channel, ts, message, metadata) {
      await client.chat
        .update({
          channel,
          ts,
          text: message.text,
          blocks: message.blocks,
          ...(metadata
            ? { metadata: { event_type: metadata.eventType, event_payload: metadata.payload } }
            : {}),
        })
        .catch((error: unknown) => {
          throw toSlackAppError(error, "Slack did not accept the update.");
        });
    },

    async react(channel, ts, name) {
      await client.reactions.add({ channel, timestamp: ts, name }).catch((error: unknown) => {
        throw toSlackAppError(error, "Slack did not accept the reaction.");
      });
    },

    async unreact(channel, ts, name) {
      await client.reactions.remove({ channel, timestamp: ts, name }).catch((error: unknown) => {
        throw toSlackAppError(error, "Slack did not remove the reaction.");
      });
    },

    async findPost(query) {
      const response = await (query.threadTs
        ? client.conversations.replies({
            channel: query.channel,
            ts: query.threadTs,
            include_all_metadata: true,
            limit: 200,
          })
        : client.conversations.history({
            channel: query.channel,
            ...(query.oldest ? { oldest: query.oldest } : {}),
            include_all_metadata: true,
            limit: 200,
          })
      ).catch((error: unknown) => {
        throw toSlackAppError(error, "Slack did not let me read the conversation.");
      });
      const match = response.messages?.find(
        (m) =>
          m.metadata?.event_type === query.eventType &&
          (m.metadata.event_payload as Record<string, unknown> | undefined)?.[query.key] ===
            query.value,
      );
      return match?.ts;
    },

    async upload(file) {
      const bytes =
        typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
      const base = {
        channel_id: file.channel,
        file: Buffer.from(bytes),
        filename: file.filename,
        title: file.title,
        ...(file.altText ? { alt_text: file.altText.slice(0, 1000) } : {}),
        ...(file.comment ? { initial_comment: file.comment } : {}),
      };
      const response = await (file.threadTs
        ? client.filesUploadV2({ ...base, thread_ts: file.threadTs })
        : client.filesUploadV2(base)
      ).catch((error: unknown) => {
        throw toSlackAppError(error, "Slack did not accept the file.");
      });
      const completed = (response as { files?: Array<{ files?: Array<{ id?: string }> }> })
        .files?.[0]?.files?.[0]?.id;
      if (!completed) throw new AppError("SLACK_API", "Slack accepted the file without an id.");
      return completed;
    },

    async openDm(userId) {
      const response = await client.conversations
        .open({ users: userId })
        .catch((error: unknown) => {
          throw toSlackAppError(error, "I could not open a direct message with you.");
        });
      const id = response.channel?.id;
      if (!id) throw new AppError("SLACK_API", "Slack opened a DM without an id.");
      return id;
    },
  };
}

interface SlackErrorShape {
  code?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
  message?: unknown;
}

/** The Web API error behind `error` (itself, or the cause of a `SLACK_API` AppError). */
function slackCause(error: unknown): SlackErrorShape | undefined {
  const inner = error instanceof AppError && error.code === "SLACK_API" ? error.cause : error;
  return inner && typeof inner === "object" ? (inner as SlackErrorShape) : undefined;
}

/** Slack's own error string (`not_in_channel`, `invalid_auth`…), when Slack answered with one. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = slackCause(error);
  return typeof e?.data?.error === "string" ? e.data.error : undefined;
}

/**
 * A short, non-sensitive description of a failure, for a stored row or a log line:
 * `slack: not_in_channel`, `slack http 503`, `SLACK_API: …`, or the error's code and first line.
 */
export function describeSlackFailure(error: unknown): string {
  const platform = slackErrorCode(error);
  if (platform) return `slack: ${platform}`;
  const e = slackCause(error);
  if (typeof e?.statusCode === "number") return `slack http ${e.statusCode}`;
  const outer = error as SlackErrorShape | undefined;
  if (error instanceof AppError && e === outer) return `${error.code}: ${error.message}`;
  const code = typeof e?.code === "string" ? e.code : undefined;
  const message = typeof e?.message === "string" ? e.message.split("\n")[0] : undefined;
  return [code, message].filter(Boolean).join(": ") || "unknown failure";
}

/** A Web API failure as an AppError: `SLACK_API`, the sentence given, Slack's error in details. */
export function toSlackAppError(error: unknown, userMessage: string): AppError {
  if (error instanceof AppError) return error;
  const slackError = slackErrorCode(error);
  return new AppError("SLACK_API", userMessage, {
    cause: error,
    ...(slackError ? { details: { slackError } } : {}),
  });
}
