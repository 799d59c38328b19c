import { randomUUID } from "node:crypto";
import pRetry from "p-retry";
import { type Db, isDatabaseFailure } from "../db/client.js";
import { recordUpload, type UploadSource } from "../db/repositories/uploads.js";
import type { Transcript } from "../db/schema.js";
import { AppError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { SlackUploadPorts } from "./upload-ports.js";

/** How long, and how often, an upload the database would not record is tried again. */
export interface RecordRetry {
  /** Keep trying for this long after the first failure. */
  withinMs: number;
  /** The first wait; each next one doubles, up to `maxDelayMs`. */
  minDelayMs: number;
  maxDelayMs: number;
}

/**
 * Five minutes ("the next few minutes"), 1 s doubling to 5 s between tries: one small INSERT
 * every 5 s costs nothing, and the upload is recorded within 5 s of the database coming back
 * (a 30 s cap left uploads waiting up to 15 s after a 10 s outage, bench `db-restart`).
 */
export const defaultRecordRetry: RecordRetry = {
  withinMs: 300_000,
  minDelayMs: 1_000,
  maxDelayMs: 5_000,
};

export interface Recorded {
  transcript: Transcript;
  /** False when the row already existed (a redelivered event, the other event of a share). */
  created: boolean;
}

export interface UploadRecorder {
  /**
   * Records the upload (idempotent on team + Slack file id). When the database cannot, the
   * thread is told at once and recording is tried again in this process for `RecordRetry`;
   * the reply later replaces that line. Throws `DB_ERROR` once the thread has been told to
   * share the file again later.
   */
  record(source: UploadSource): Promise<Recorded>;
}

/**
 * The first durable step of an upload. Before it, the upload exists only in the event Slack
 * sent (already acknowledged, never sent again), so a database outage here would lose it
 * silently: instead the uploader hears of it and recording is retried while this process runs.
 * One recording per file at a time in this process, so the two events of one share (the
 * message and `file_shared`) tell the thread once.
 */
export function createUploadRecorder(options: {
  db: Db;
  ports: SlackUploadPorts;
  logger: Logger;
  retry?: RecordRetry | undefined;
}): UploadRecorder {
  const { db, ports, logger } = options;
  const retry = options.retry ?? defaultRecordRetry;
  const pending = new Map<string, Promise<Recorded>>();

  async function recordPatiently(source: UploadSource): Promise<Recorded> {
    // Named before it exists, so the line posted now is the row's progress line (the reply
    // replaces it, on this instance or on one that recovers the job).
    const named = { ...source, id: source.id ?? randomUUID() };
    try {
      return await recordUpload(db, named);
    } catch (error) {
      if (!isDatabaseFailure(error)) throw error;
      logger.warn({ fileId: source.slackFileId }, "could not record an upload; retrying");
    }
    const upload = {
      transcriptId: named.id,
      channelId: source.channelId,
      threadTs: source.threadTs ?? source.messageTs,
      fileName: source.fileName,
    };
    const ts = await ports.cannotRecord(upload);
    try {
      const recorded = await pRetry(() => recordUpload(db, named), {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: retry.minDelayMs,
        maxTimeout: retry.maxDelayMs,
        maxRetryTime: retry.withinMs,
        shouldRetry: ({ error }) => isDatabaseFailure(error),
        unref: true,
      });
      if (ts) ports.adoptProgress(recorded.transcript.id, ts);
      logger.info({ fileId: source.slackFileId }, "upload recorded after the database came back");
      return recorded;
    } catch (error) {
      await ports.cannotRecord(upload, { gaveUp: true, ts });
      throw new AppError(
        "DB_ERROR",
        "The upload could not be recorded; the uploader was asked to share it again later.",
        { cause: error },
      );
    }
  }

  return {
    async record(source) {
      const key = `${source.teamId}:${source.slackFileId}`;
      const running = pending.get(key);
      if (running) return { ...(await running), created: false };
      const recording = recordPatiently(source);
      pending.set(key, recording);
      try {
        return await recording;
      } finally {
        pending.delete(key);
      }
    },
  };
}
