import type { WebClient } from "@slack/web-api";
import type { Db } from "../db/client.js";
import type { Transcript } from "../db/schema.js";
import { AppError } from "../errors.js";
import { type IngestOutcome, ingestTranscript } from "../ingest/ingest.js";
import type { UploadPorts, UploadReply } from "../ingest/uploads.js";
import type { Judge } from "../llm/judge.js";
import type { Logger } from "../logger.js";
import { createSlackOutbound, describeSlackFailure, slackErrorCode } from "../slack-outbound.js";
import { renderUploadReply, uploadReaction } from "./blocks/upload-reply.js";
import { decideFile, downloadSlackFile, type SlackFile, slackFileSchema } from "./files.js";
import { checkNotCutOff, isPastedMessageKey, pastedTranscriptText } from "./pasted-text.js";

/** Metadata event type on upload replies: lets a retry see that the answer is already there. */
export const UPLOAD_REPLY_EVENT_TYPE = "hiring_upload_reply";

export interface SlackUploadPorts extends UploadPorts {
  /** File metadata from the event, so the job need not call files.info again. */
  remember(file: SlackFile): void;
  /** A pasted message's raw text from the event, so the job need not fetch the message again. */
  rememberMessage(key: string, rawText: string, botUserId?: string): void;
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
}

/** The Slack side of the upload job: files.info, download, ingest, reply in thread. */
export function createUploadPorts(options: UploadPortOptions): SlackUploadPorts {
  const { client, db, logger } = options;
  const outbound = createSlackOutbound(client);
  const hints = new Map<string, SlackFile>();
  const messageHints = new Map<string, { raw: string; botUserId?: string | undefined }>();

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
    remember(file) {
      hints.set(file.id, file);
      if (hints.size > 1000) hints.delete(hints.keys().next().value as string);
    },

    rememberMessage(key, raw, botUserId) {
      messageHints.set(key, { raw, botUserId });
      if (messageHints.size > 100) messageHints.delete(messageHints.keys().next().value as string);
    },

    async fetchFile(row, signal) {
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
      const ts = await outbound.post({
        channel: row.channelId,
        threadTs: row.threadTs ?? row.messageTs ?? undefined,
        message: renderUploadReply(reply),
        metadata: { eventType: UPLOAD_REPLY_EVENT_TYPE, payload: { transcript_id: row.id } },
      });
      if (row.messageTs) {
        await outbound
          .react(row.channelId, row.messageTs, uploadReaction(reply))
          .catch((error: unknown) => {
            // The reply is what matters; a missing reaction is cosmetic (already_reacted, etc.).
            logger.warn(
              { transcriptId: row.id, error: slackErrorCode(error) },
              "could not add the outcome reaction",
            );
          });
      }
      return ts;
    },
  };
}
