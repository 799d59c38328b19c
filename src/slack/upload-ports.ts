import type { WebClient } from "@slack/web-api";
import type { Db } from "../db/client.js";
import type { Transcript } from "../db/schema.js";
import { AppError } from "../errors.js";
import type { SlackMessage } from "../format.js";
import { type IngestOutcome, ingestTranscript } from "../ingest/ingest.js";
import type { UploadPorts, UploadReply } from "../ingest/uploads.js";
import type { Judge } from "../llm/judge.js";
import type { Logger } from "../logger.js";
import {
  createSlackOutbound,
  describeSlackFailure,
  type PostMetadata,
  slackErrorCode,
} from "../slack-outbound.js";
import {
  RECEIVED_REACTION,
  renderCannotRecord,
  renderPublicThreadLine,
  renderSaveRetrying,
  renderUploadReply,
  renderWorkingOnIt,
  uploadReaction,
} from "./blocks/upload-reply.js";
import { decideFile, downloadSlackFile, type SlackFile, slackFileSchema } from "./files.js";
import { checkNotCutOff, isPastedMessageKey, pastedTranscriptText } from "./pasted-text.js";
import {
  type ConversationKind,
  ConversationKinds,
  type ReplyAudience,
  replyAudience,
} from "./reply-audience.js";

/** Metadata event type on upload replies: lets a retry see that the answer is already there. */
export const UPLOAD_REPLY_EVENT_TYPE = "hiring_upload_reply";
/** Metadata event type on the "working on it" line, so a retry after a restart can replace it. */
export const UPLOAD_PROGRESS_EVENT_TYPE = "hiring_upload_progress";

/** How long an upload may take before the thread gets a "working on it" line. */
export const DEFAULT_PROGRESS_AFTER_MS = 4_000;

export interface SlackUploadPorts extends UploadPorts {
  /**
   * The upload was just recorded (not a redelivery): react with the hourglass, note what the
   * event said about the conversation, and start the clock for the "working on it" line.
   */
  received(row: Transcript, conversation?: { kind?: ConversationKind | undefined }): Promise<void>;
  /** File metadata from the event, so the job need not call files.info again. */
  remember(file: SlackFile): void;
  /** A pasted message's raw text from the event, so the job need not fetch the message again. */
  rememberMessage(key: string, rawText: string, botUserId?: string): void;
  /**
   * The upload could not be recorded (the database is down): says so in its thread, as the
   * progress line of the row it will become (`transcriptId`), so the reply can replace it;
   * with `gaveUp`, turns that line (`ts`) into "share it again later". Returns the line's ts;
   * never throws (the thread is only told what Slack lets us tell it).
   */
  cannotRecord(
    upload: UnrecordedUpload,
    options?: { gaveUp?: boolean; ts?: string | undefined },
  ): Promise<string | undefined>;
  /** The line `cannotRecord` posted is this recorded row's progress line from now on. */
  adoptProgress(transcriptId: string, ts: string): void;
}

/** Where an upload that is not yet a row would be answered. */
export interface UnrecordedUpload {
  transcriptId: string;
  channelId: string;
  threadTs: string | null;
  fileName: string | null;
}

export interface UploadPortOptions {
  db: Db;
  client: WebClient;
  botToken: string;
  logger: Logger;
  maxBytes: number;
  apiUrl: string | undefined;
  downloadRetries?: number;
  downloadRetryDelayMs?: number;
  downloadTimeoutMs?: number;
  /** The language-model judge (SCORER=llm|blend); the job waits for it after the ack. */
  judge?: Judge | undefined;
  /** After this long without a reply the thread gets a "working on it" line (0: never). */
  progressAfterMs?: number;
}

/**
 * An upload's progress line ("working on it", or "couldn't save just now"): scheduled, being
 * posted, or posted (its ts). `retryNoticed`: the line already says the upload is retried.
 */
interface Progress {
  timer?: NodeJS.Timeout | undefined;
  posting?: Promise<string | undefined> | undefined;
  retryNoticed?: boolean;
}

/** The Slack side of the upload job: files.info, download, ingest, reply in thread. */
export function createUploadPorts(options: UploadPortOptions): SlackUploadPorts {
  const { client, db, logger } = options;
  const outbound = createSlackOutbound(client);
  const hints = new Map<string, SlackFile>();
  const messageHints = new Map<string, { raw: string; botUserId?: string | undefined }>();
  const progress = new Map<string, Progress>();
  const progressAfterMs = options.progressAfterMs ?? DEFAULT_PROGRESS_AFTER_MS;
  const kinds = new ConversationKinds(client, {
    onLookupFailed: (channelId, why) =>
      logger.warn({ channelId, why }, "could not tell the channel's type; treating it as public"),
  });

  /** The thread an upload's messages go in. */
  const threadOf = (row: Transcript) => row.threadTs ?? row.messageTs ?? undefined;

  /** This upload's progress entry, created (and the oldest dropped past 1,000) if new. */
  function progressEntry(id: string): Progress {
    const existing = progress.get(id);
    if (existing) return existing;
    const entry: Progress = {};
    progress.set(id, entry);
    if (progress.size > 1000) {
      const oldest = progress.keys().next().value as string;
      const stale = progress.get(oldest);
      if (stale?.timer) clearTimeout(stale.timer);
      progress.delete(oldest);
    }
    return entry;
  }

  const progressMetadata = (id: string): PostMetadata => ({
    eventType: UPLOAD_PROGRESS_EVENT_TYPE,
    payload: { transcript_id: id },
  });

  /** Schedules the "working on it" line for an upload, once per process. */
  function startProgress(row: Transcript): void {
    if (progressAfterMs <= 0 || !row.channelId || progress.has(row.id)) return;
    const channel = row.channelId;
    const entry = progressEntry(row.id);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      entry.posting = outbound
        .post({
          channel,
          threadTs: threadOf(row),
          message: renderWorkingOnIt(row.fileName),
          metadata: progressMetadata(row.id),
        })
        .catch((error: unknown) => {
          logger.warn(
            { transcriptId: row.id, why: describeSlackFailure(error) },
            "could not post the working-on-it line",
          );
          return undefined;
        });
    }, progressAfterMs);
    entry.timer.unref();
  }

  /** An earlier attempt's progress line in the thread (a job retried after a restart). */
  async function findProgress(row: Transcript): Promise<string | undefined> {
    const thread = threadOf(row);
    if (row.attempts <= 1 || !row.channelId || !thread) return undefined;
    return outbound
      .findPost({
        channel: row.channelId,
        threadTs: thread,
        eventType: UPLOAD_PROGRESS_EVENT_TYPE,
        key: "transcript_id",
        value: row.id,
      })
      .catch(() => undefined);
  }

  /**
   * Shows `message` as the upload's progress line: edits the line already there (posted here,
   * or found in the thread), else posts it. Returns its ts; `earlier` when Slack took neither.
   */
  async function showProgress(
    id: string,
    target: { channel: string; threadTs: string | undefined },
    earlier: string | undefined,
    message: SlackMessage,
  ): Promise<string | undefined> {
    try {
      if (earlier) {
        await outbound.update(target.channel, earlier, message, progressMetadata(id));
        return earlier;
      }
      return await outbound.post({ ...target, message, metadata: progressMetadata(id) });
    } catch (error) {
      logger.warn(
        { transcriptId: id, why: describeSlackFailure(error) },
        "could not tell the thread about the failure",
      );
      return earlier;
    }
  }

  /**
   * Stops the clock and returns the "working on it" line's ts when one was posted: by this
   * process, or (a job retried after a crash) found in the thread by its metadata.
   */
  async function takeProgress(row: Transcript): Promise<string | undefined> {
    const entry = progress.get(row.id);
    progress.delete(row.id);
    if (entry) {
      if (entry.timer) clearTimeout(entry.timer);
      return entry.posting ? await entry.posting : undefined;
    }
    return findProgress(row);
  }

  /**
   * Sends the ranking to the uploader alone, in the thread (`chat.postEphemeral`). False when
   * there is nobody to send it to or Slack refused (e.g. the uploader left the channel).
   */
  async function sendPrivately(row: Transcript, message: SlackMessage): Promise<boolean> {
    const user = row.uploaderId;
    if (!row.channelId || !user || user === "unknown") return false;
    try {
      await client.chat.postEphemeral({
        channel: row.channelId,
        user,
        ...(threadOf(row) ? { thread_ts: threadOf(row) } : {}),
        text: message.text,
        blocks: message.blocks,
      });
      return true;
    } catch (error) {
      logger.warn(
        { transcriptId: row.id, why: describeSlackFailure(error) },
        "could not send the ranking to the uploader",
      );
      return false;
    }
  }

  /** The reply's message for its audience (the uploader's private copy is sent here). */
  async function replyMessage(reply: UploadReply, audience: ReplyAudience): Promise<SlackMessage> {
    if (reply.kind !== "imported" || audience === "thread" || reply.candidates.length === 0) {
      return renderUploadReply(reply);
    }
    const row = reply.transcript;
    const delivered = await sendPrivately(
      row,
      renderUploadReply(reply, { privateCopyOf: row.channelId ?? undefined }),
    );
    return renderPublicThreadLine(reply, { uploaderId: row.uploaderId ?? undefined, delivered });
  }

  /** Posts the reply, or turns the "working on it" line into it. */
  async function deliver(
    row: Transcript,
    channel: string,
    message: SlackMessage,
    metadata: PostMetadata,
  ): Promise<string> {
    const progressTs = await takeProgress(row);
    if (progressTs) {
      try {
        await outbound.update(channel, progressTs, message, metadata);
        return progressTs;
      } catch (error) {
        // Deleted meanwhile, or too old to edit: the answer still has to arrive.
        logger.warn(
          { transcriptId: row.id, why: describeSlackFailure(error) },
          "could not replace the working-on-it line; posting the reply instead",
        );
      }
    }
    return outbound.post({ channel, threadTs: threadOf(row), message, metadata });
  }

  /** The hourglass gives way to the outcome's reaction. */
  async function settleReactions(reply: UploadReply): Promise<void> {
    const row = reply.transcript;
    if (!row.channelId || !row.messageTs) return;
    const channel = row.channelId;
    const ts = row.messageTs;
    const tolerate = (what: string) => (error: unknown) => {
      // The reply is what matters; reactions are cosmetic (already_reacted, no_reaction…).
      logger.warn({ transcriptId: row.id, error: slackErrorCode(error) }, what);
    };
    await outbound
      .unreact(channel, ts, RECEIVED_REACTION)
      .catch(tolerate("could not remove the received reaction"));
    await outbound
      .react(channel, ts, uploadReaction(reply))
      .catch(tolerate("could not add the outcome reaction"));
  }

  /** A pasted message's text: from the event, or (a recovered job) read back from Slack. */
  async function messageText(
    row: Transcript,
  ): Promise<{ raw: string; botUserId?: string | undefined }> {
    const key = row.slackFileId as string;
    const hint = messageHints.get(key);
    if (hint !== undefined) {
      messageHints.delete(key);
      return hint;
    }
    if (!row.channelId || !row.messageTs) {
      throw new AppError("DOWNLOAD_FAILED", "The message to read is no longer known.");
    }
    const response = await client.conversations.replies({
      channel: row.channelId,
      ts: row.messageTs,
      latest: row.messageTs,
      oldest: row.messageTs,
      inclusive: true,
      limit: 1,
    });
    const message = response.messages?.find((m) => m.ts === row.messageTs);
    if (typeof message?.text !== "string") {
      throw new AppError(
        "DOWNLOAD_FAILED",
        "I could not read the message back from Slack (was it deleted?); paste the transcript again.",
      );
    }
    return { raw: message.text };
  }

  async function fileInfo(row: Transcript): Promise<SlackFile> {
    const id = row.slackFileId as string;
    const hint = hints.get(id);
    if (hint) {
      hints.delete(id);
      return hint;
    }
    const response = await client.files.info({ file: id });
    const parsed = slackFileSchema.safeParse(response.file);
    if (!parsed.success) {
      throw new AppError(
        "DOWNLOAD_FAILED",
        "Slack did not describe the file, so I could not read it.",
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  }

  return {
    async received(row, conversation) {
      if (row.channelId) kinds.hint(row.channelId, conversation?.kind);
      startProgress(row);
      if (!row.channelId || !row.messageTs) return;
      await outbound.react(row.channelId, row.messageTs, RECEIVED_REACTION).catch((error) => {
        logger.warn(
          { transcriptId: row.id, error: slackErrorCode(error) },
          "could not add the received reaction",
        );
      });
    },

    remember(file) {
      hints.set(file.id, file);
      if (hints.size > 1000) hints.delete(hints.keys().next().value as string);
    },

    async retrying(row) {
      if (!row.channelId) return;
      const entry = progressEntry(row.id);
      if (entry.retryNoticed) return;
      // Marked before any await, so a second failure meanwhile does not post again.
      entry.retryNoticed = true;
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      const earlier = entry.posting ? await entry.posting : await findProgress(row);
      entry.posting = showProgress(
        row.id,
        { channel: row.channelId, threadTs: threadOf(row) },
        earlier,
        renderSaveRetrying(row.fileName),
      );
      // Not shown (Slack failing too): a later failed attempt may try again.
      if (!(await entry.posting)) entry.retryNoticed = false;
    },

    async cannotRecord(upload, { gaveUp = false, ts } = {}) {
      return showProgress(
        upload.transcriptId,
        { channel: upload.channelId, threadTs: upload.threadTs ?? undefined },
        ts,
        renderCannotRecord(upload.fileName, gaveUp),
      );
    },

    adoptProgress(transcriptId, ts) {
      const entry = progressEntry(transcriptId);
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.posting = Promise.resolve(ts);
    },

    rememberMessage(key, raw, botUserId) {
      messageHints.set(key, { raw, botUserId });
      if (messageHints.size > 100) messageHints.delete(messageHints.keys().next().value as string);
    },

    async fetchFile(row, signal) {
      // A job recovered after a restart gets its "working on it" line too.
      startProgress(row);
      if (isPastedMessageKey(row.slackFileId)) {
        const { raw, botUserId } = await messageText(row);
        checkNotCutOff(raw.length);
        return Buffer.from(pastedTranscriptText(raw, botUserId), "utf8");
      }
      const file = await fileInfo(row);
      const decision = decideFile(file, options.maxBytes);
      if (decision.kind === "reject") throw new AppError(decision.code, decision.message);
      if (decision.kind === "ignore") {
        throw new AppError("NOT_A_TRANSCRIPT", "This file is not a text transcript.");
      }
      if (!file.url_private_download) {
        throw new AppError("DOWNLOAD_FAILED", "Slack gave no download link for this file.");
      }
      return downloadSlackFile(file.url_private_download, {
        token: options.botToken,
        maxBytes: options.maxBytes,
        apiUrl: options.apiUrl,
        signal,
        ...(options.downloadRetries !== undefined ? { retries: options.downloadRetries } : {}),
        ...(options.downloadRetryDelayMs !== undefined
          ? { minRetryDelayMs: options.downloadRetryDelayMs }
          : {}),
        ...(options.downloadTimeoutMs !== undefined
          ? { timeoutMs: options.downloadTimeoutMs }
          : {}),
      });
    },

    ingest(row, bytes): Promise<IngestOutcome> {
      return ingestTranscript(db, {
        teamId: row.teamId,
        bytes: bytes as Uint8Array<ArrayBuffer>,
        fileName: row.fileName ?? "transcript.txt",
        source: {
          kind: "slack",
          fileId: row.slackFileId as string,
          channelId: row.channelId as string,
          uploaderId: row.uploaderId ?? "unknown",
          ...(row.messageTs ? { messageTs: row.messageTs } : {}),
          ...(row.threadTs ? { threadTs: row.threadTs } : {}),
        },
        maxBytes: options.maxBytes,
        transcriptId: row.id,
        ...(options.judge ? { judge: options.judge } : {}),
      });
    },

    async findExistingReply(row) {
      const thread = row.threadTs ?? row.messageTs;
      if (!row.channelId || !thread) return undefined;
      try {
        return await outbound.findPost({
          channel: row.channelId,
          threadTs: thread,
          eventType: UPLOAD_REPLY_EVENT_TYPE,
          key: "transcript_id",
          value: row.id,
        });
      } catch (error) {
        // Without history access we cannot tell; posting again risks a duplicate, not a loss.
        logger.warn(
          { transcriptId: row.id, why: describeSlackFailure(error) },
          "could not check the thread for an earlier reply",
        );
        return undefined;
      }
    },

    async postReply(reply: UploadReply) {
      const row = reply.transcript;
      if (!row.channelId) throw new Error("upload has no channel");
      const { audience } = await replyAudience(db, kinds, row.teamId, row.channelId);
      const message = await replyMessage(reply, audience);
      const ts = await deliver(row, row.channelId, message, {
        eventType: UPLOAD_REPLY_EVENT_TYPE,
        payload: { transcript_id: row.id },
      });
      await settleReactions(reply);
      return ts;
    },
  };
}
