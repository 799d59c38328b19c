import { ErrorCode, type Logger, WebClient } from "@slack/web-api";
import { AppError } from "./errors.js";
import type { SlackMessage } from "./format.js";

/**
 * The one way out to Slack for the app's own posts (upload replies, digests): post, update,
 * react, find an earlier post by its message metadata, and Slack's errors as `AppError`s. It
 * sits below slack/, ingest/ and digest/ so the upload job's ports and the digest scheduler
 * share it; Slack's own retries (429 Retry-After, 5xx, timeouts) are the WebClient's, built
 * once with `defaultClientOptions` in src/slack/create-app.ts, except for posts (see `post`).
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

/** Attempts of one post, and the pause before the next after an unclear failure. */
export const POST_ATTEMPTS = 5;
const postBackoffMs = (attempt: number) => Math.min(4_000, 250 * 2 ** attempt);
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * The same client without automatic retries, for posts. Why: the WebClient retries a request
 * that timed out or lost its connection, and a post whose answer was merely slow has already
 * been made, so its retry posts twice. `post` retries itself and looks for the earlier post
 * (by its metadata) before each retry after an unclear failure.
 */
function singleShot(client: WebClient): WebClient {
  // The original's timeout and logger (Bolt's, over pino) are private fields; reuse them.
  const { timeout, logger } = client as unknown as { timeout?: number; logger?: Logger };
  return new WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    ...(timeout ? { timeout } : {}),
    ...(logger ? { logger } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSlackOutbound(client: WebClient): SlackOutbound {
  let once: WebClient | undefined;
  const outbound: SlackOutbound = {
    async post({ channel, threadTs, message, metadata }) {
      once ??= singleShot(client);
      const [key, value] = Object.entries(metadata.payload)[0] ?? [];
      const since = String(Math.floor(Date.now() / 1000) - 60);
      for (let attempt = 0; ; attempt += 1) {
        const result = await once.chat
          .postMessage({
            channel,
            ...(threadTs ? { thread_ts: threadTs } : {}),
            text: message.text,
            blocks: message.blocks,
            unfurl_links: false,
            unfurl_media: false,
            metadata: { event_type: metadata.eventType, event_payload: metadata.payload },
          })
          .then(
            (response) => ({ response }),
            (error: unknown) => ({ error }),
          );
        if ("response" in result) {
          if (!result.response.ts) {
            throw new AppError("SLACK_API", "Slack accepted the message without a ts.");
          }
          return result.response.ts;
        }
        const { error } = result;
        const code = (error as { code?: unknown }).code;
        const last = attempt + 1 >= POST_ATTEMPTS;
        if (code === ErrorCode.PlatformError || last) {
          throw toSlackAppError(error, "Slack did not accept the message.");
        }
        if (code === ErrorCode.RateLimitedError) {
          // Refused before posting: wait as asked, nothing to look for.
          const retryAfter = Number((error as { retryAfter?: unknown }).retryAfter ?? 1);
          await sleep(Math.min(MAX_RETRY_AFTER_MS, Math.max(1, retryAfter) * 1000));
          continue;
        }
        // A timeout, a lost connection or a 5xx: the post may have been made all the same.
        await sleep(postBackoffMs(attempt));
        if (key !== undefined && value !== undefined) {
          const earlier = await outbound
            .findPost({
              channel,
              threadTs,
              oldest: since,
              eventType: metadata.eventType,
              key,
              value,
            })
            .catch(() => undefined);
          if (earlier) return earlier;
        }
      }
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
  return outbound;
}

/**
 * `fetch` for the Bolt app (`clientOptions.fetch`, which Bolt's `respond()` also uses) that
 * retries posts to a `response_url` (anything not under `apiUrl`; Web API calls pass through
 * to the WebClient's own retries). Retried: lost connections, 5xx and 429 (after Retry-After),
 * up to `attempts` in all. A response_url answer is only ever refused, not half-made, so these
 * retries cannot post twice; a slow answer is waited for, not retried.
 */
export function responseUrlFetch(
  apiUrl: string | undefined,
  options: { attempts?: number; backoffMs?: number; base?: typeof fetch } = {},
): typeof fetch {
  const base = options.base ?? globalThis.fetch;
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 250;
  const api = apiUrl ?? "https://slack.com/api/";
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(api) || (init?.method ?? "GET").toUpperCase() !== "POST") {
      return base(input, init);
    }
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= attempts;
      let response: Response;
      try {
        response = await base(input, init);
      } catch (error) {
        if (last) throw error;
        await sleep(backoffMs * 2 ** (attempt - 1));
        continue;
      }
      if (last || (response.status < 500 && response.status !== 429)) return response;
      const retryAfter = Number(response.headers.get("retry-after"));
      await response.body?.cancel().catch(() => {});
      await sleep(
        response.status === 429 && retryAfter > 0
          ? Math.min(MAX_RETRY_AFTER_MS, retryAfter * 1000)
          : backoffMs * 2 ** (attempt - 1),
      );
    }
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
