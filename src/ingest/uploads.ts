import { randomUUID } from "node:crypto";
import { type DbOrTx, isDatabaseFailure } from "../db/client.js";
import {
  candidatesOfTranscript,
  claimUpload,
  findRecoverableUploads,
  type UploadCandidateLine,
  uploadRow,
} from "../db/repositories/uploads.js";
import type { Transcript } from "../db/schema.js";
import { type ErrorCode, isSystemFailure, toAppError, toErrorCode } from "../errors.js";
import {
  acquireLease,
  defaultLeaseTiming,
  type HeldLease,
  type LeaseTiming,
  leaseTiming,
} from "../lease.js";
import type { Logger } from "../logger.js";
import { describeSlackFailure } from "../slack-outbound.js";
import { type IngestOutcome, rejectedOutcome } from "./ingest.js";

/**
 * The durable upload job. A Slack upload becomes a `transcripts` row (status `received`) before
 * any work starts; a worker claims the row with a lease (src/lease.ts: taken in one conditional
 * UPDATE so only one replica or retry wins, renewed while it works), downloads, ingests and
 * replies, and records the reply (`reply_ts`) or why it could not be posted (`reply_error`). A
 * row with neither is unfinished: when its lease lapses (the worker died), `recover` on any
 * replica claims it again. Ingest is idempotent by Slack file id and content hash, so a re-run after a
 * crash stores nothing twice; the reply carries the transcript id in its message metadata so a
 * re-run can see that an earlier attempt already answered before it posts.
 */

export type UploadReply =
  | {
      kind: "imported";
      transcript: Transcript;
      duplicate: boolean;
      candidates: UploadCandidateLine[];
    }
  | { kind: "rejected"; transcript: Transcript; code: ErrorCode; message: string };

/** The edges of the job, so this module stays free of Slack and parser details. */
export interface UploadPorts {
  /** Checks the file's metadata, downloads it; throws AppError for anything unusable. */
  fetchFile(row: Transcript, signal: AbortSignal): Promise<Uint8Array>;
  /** Parses, scores and stores the bytes against this row (idempotent). */
  ingest(row: Transcript, bytes: Uint8Array): Promise<IngestOutcome>;
  /** Whether an earlier attempt already posted the reply (returns its ts). */
  findExistingReply(row: Transcript): Promise<string | undefined>;
  /** Posts the reply in the file's thread and the outcome reaction; returns the message ts. */
  postReply(reply: UploadReply): Promise<string>;
  /**
   * An attempt failed because the database did (down, restarting, disk full) before any reply
   * was posted, and the upload will be retried: tell the uploader, once per upload however many
   * attempts fail. Must not throw.
   */
  retrying(row: Transcript): Promise<void>;
}

export interface UploadJobOptions {
  db: DbOrTx;
  ports: UploadPorts;
  logger: Logger;
  workerId?: string;
  /**
   * How long a claim lasts without renewal (renewed every third of it); a dead worker's job is
   * picked up after this. Default `defaultLeaseTiming`.
   */
  leaseMs?: number;
  /** Give up (and answer with a failure) after this many attempts on one upload. */
  maxAttempts?: number;
  /**
   * After an attempt fails on our side, the upload waits this long before the next sweep may
   * retry it, doubled per attempt up to a minute (default 5 s: 5, 10, 20, 40, 60 s, so the
   * "failed 5 times" answer comes ~2¼ minutes after the first attempt; 0: at the next sweep).
   */
  retryBackoffMs?: number;
}

/** The first wait before retrying an attempt that failed on our side (see `retryBackoffMs`). */
export const defaultRetryBackoffMs = 5_000;

export type UploadResult =
  | { kind: "skipped" }
  | { kind: "replied"; replyTs: string; reply: UploadReply["kind"] }
  | { kind: "reply_failed"; error: string }
  | { kind: "lost_lease" };

/**
 * Runs upload jobs. One per app instance; `process` works on one upload, `recover` sweeps up
 * unfinished ones (at start-up and periodically), `idle` waits for jobs in flight (tests,
 * graceful shutdown).
 */
export class UploadJobs {
  readonly workerId: string;
  private readonly timing: LeaseTiming;
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;
  /** Jobs running in this instance, by transcript id: one at a time per upload. */
  private readonly inFlight = new Map<string, Promise<UploadResult>>();
  private readonly controller = new AbortController();

  constructor(private readonly options: UploadJobOptions) {
    this.workerId = options.workerId ?? `worker-${randomUUID()}`;
    this.timing = options.leaseMs === undefined ? defaultLeaseTiming : leaseTiming(options.leaseMs);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBackoffMs = options.retryBackoffMs ?? defaultRetryBackoffMs;
  }

  /** Claims and processes one upload; a no-op when another worker has it or it is finished. */
  process(transcriptId: string): Promise<UploadResult> {
    if (this.inFlight.has(transcriptId)) return Promise.resolve({ kind: "skipped" });
    const job = this.run(transcriptId);
    this.inFlight.set(transcriptId, job);
    const forget = () => this.inFlight.delete(transcriptId);
    job.then(forget, forget);
    return job;
  }

  /**
   * Picks up unfinished uploads whose worker died or never started, or whose retry is due.
   * Returns how many ran; one upload failing again does not stop the others.
   */
  async recover(graceMs = 5_000, limit = 20): Promise<number> {
    const rows = await findRecoverableUploads(this.options.db, { graceMs, limit });
    let ran = 0;
    let failure: unknown;
    for (const row of rows) {
      try {
        const result = await this.process(row.id);
        if (result.kind !== "skipped") ran += 1;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return ran;
  }

  /** Resolves when no job is running in this instance. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Aborts downloads in flight (shutdown); their leases lapse and another worker resumes. */
  abort(): void {
    this.controller.abort();
  }

  private async run(transcriptId: string): Promise<UploadResult> {
    const { db, ports, logger } = this.options;
    const lease = await acquireLease(
      { db, kind: "upload", owner: this.workerId, timing: this.timing, logger },
      (token, leaseMs) => claimUpload(db, transcriptId, token, leaseMs),
    );
    if (!lease) return { kind: "skipped" };
    const claimed = lease.row;
    const log = logger.child({
      transcriptId,
      fileId: claimed.slackFileId,
      attempt: claimed.attempts,
    });
    let failed = false;
    let posted = false;
    try {
      const reply = await this.outcome(lease, log);
      if (!reply) return { kind: "lost_lease" };

      if (claimed.attempts > 1) {
        const existing = await ports.findExistingReply(reply.transcript);
        if (existing) {
          posted = true;
          await lease.write({ replyTs: existing });
          log.info("upload reply already posted by an earlier attempt");
          return { kind: "replied", replyTs: existing, reply: reply.kind };
        }
      }
      // Last check before the one step that cannot be undone: is the upload still ours?
      if (!(await lease.renew())) return { kind: "lost_lease" };
      let replyTs: string;
      try {
        replyTs = await ports.postReply(reply);
      } catch (error) {
        // The database failed while the reply was being prepared, before anything was posted:
        // retry like any failed attempt (until the last one, which ends the job).
        if (isDatabaseFailure(error) && claimed.attempts <= this.maxAttempts) throw error;
        const appError = toAppError(error);
        const why = describeSlackFailure(error);
        log.error({ code: appError.code, why }, "upload reply could not be posted");
        await lease.write({ replyError: why });
        return { kind: "reply_failed", error: why };
      }
      posted = true;
      const kept = await lease.write({ replyTs });
      if (!kept) log.warn("lease lost after posting the reply");
      log.info({ outcome: reply.kind }, "upload answered");
      return { kind: "replied", replyTs, reply: reply.kind };
    } catch (error) {
      failed = true;
      // A reply already in the thread is found by the retry; nothing to tell the uploader.
      if (!posted && isDatabaseFailure(error)) await ports.retrying(claimed);
      throw error;
    } finally {
      // The thrown failure is what the caller needs to see, never the release's own failure.
      await lease.releaseOrKeepTrying(
        failed ? { reopenAfterMs: this.retryDelayMs(claimed.attempts) } : {},
      );
    }
  }

  /** The wait before retrying after failed attempt number `attempt` (1-based). */
  private retryDelayMs(attempt: number): number {
    return Math.min(60_000, this.retryBackoffMs * 2 ** Math.max(0, attempt - 1));
  }

  /** Ingests (unless an earlier attempt already finished that step) and builds the reply. */
  private async outcome(
    lease: HeldLease<"upload", Transcript>,
    log: Logger,
  ): Promise<UploadReply | undefined> {
    const { ports } = this.options;
    const claimed = lease.row;
    if (claimed.status === "done" || claimed.status === "failed") {
      return this.replyFromRow(claimed);
    }
    if (claimed.attempts > this.maxAttempts) {
      const ok = await lease.write({
        status: "failed",
        errorCode: "INTERNAL",
        errorMessage: `Processing this file failed ${claimed.attempts - 1} times; please share it again later.`,
      });
      if (!ok) return undefined;
      return this.replyFromRow(await this.reload(claimed.id));
    }
    let outcome: IngestOutcome;
    try {
      // Stop downloading on shutdown, or once another worker has taken the upload over.
      const signal = AbortSignal.any([this.controller.signal, lease.lost]);
      const bytes = await ports.fetchFile(claimed, signal);
      outcome = await ports.ingest(claimed, bytes);
    } catch (error) {
      const appError = toAppError(error);
      if (isSystemFailure(appError.code)) throw error;
      outcome = rejectedOutcome(appError);
    }
    if (outcome.status === "rejected") {
      const code = outcome.error?.code ?? "INTERNAL";
      log.info({ code }, "upload rejected");
      const ok = await lease.write({
        status: "failed",
        errorCode: code,
        errorMessage:
          outcome.error?.message ?? "This file could not be read as an interview transcript.",
      });
      if (!ok) return undefined;
    } else {
      const ok = await lease.write({
        status: "done",
        errorCode: null,
        errorMessage: null,
        ...(outcome.status === "already_imported" &&
        outcome.transcriptId &&
        outcome.transcriptId !== claimed.id
          ? { duplicateOf: outcome.transcriptId }
          : {}),
      });
      if (!ok) return undefined;
    }
    return this.replyFromRow(await this.reload(claimed.id));
  }

  private async reload(id: string): Promise<Transcript> {
    const row = await uploadRow(this.options.db, id);
    if (!row) throw new Error("upload row disappeared");
    return row;
  }

  private async replyFromRow(row: Transcript): Promise<UploadReply> {
    if (row.status === "failed") {
      return {
        kind: "rejected",
        transcript: row,
        code: toErrorCode(row.errorCode),
        message: row.errorMessage ?? "This file could not be processed.",
      };
    }
    const canonical = row.duplicateOf ?? row.id;
    return {
      kind: "imported",
      transcript: row,
      duplicate: row.duplicateOf !== null,
      candidates: await candidatesOfTranscript(this.options.db, canonical),
    };
  }
}
