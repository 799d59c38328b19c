import { randomUUID } from "node:crypto";
import pRetry from "p-retry";
import type { DbOrTx } from "./db/client.js";
import {
  type LeaseKind,
  type LeasePatch,
  releaseLease,
  renewLease,
  writeUnderLease,
} from "./db/repositories/leases.js";
import type { Logger } from "./logger.js";
import { describeSlackFailure } from "./slack-outbound.js";

/**
 * The one lease engine: how a replica claims a unit of work (an upload, a digest delivery),
 * keeps it while it works, writes under it and lets it go. The SQL is in
 * src/db/repositories/leases.ts; expiry is the database's clock and every claim has its own
 * token, so a worker whose lease lapsed is fenced out of every write.
 *
 * A lease lasts `leaseMs` and is renewed every `renewEveryMs` while its holder lives, so a
 * holder that dies (kill -9, lost host) leaves work that another replica's recovery sweep can
 * take over at most `leaseMs` later. See docs/decisions.md for the numbers.
 */

export interface LeaseTiming {
  /** How long a claim lasts without renewal: the longest a dead holder's work waits. */
  leaseMs: number;
  /** How often a live holder renews; a third of the lease tolerates two missed renewals. */
  renewEveryMs: number;
}

export const defaultLeaseTiming: LeaseTiming = { leaseMs: 30_000, renewEveryMs: 10_000 };

/** How often replicas look for work whose holder died (uploads and digest deliveries). */
export const defaultRecoverEveryMs = 5_000;

/** A lease of `leaseMs`, renewed three times per lease. */
export function leaseTiming(leaseMs: number): LeaseTiming {
  return { leaseMs, renewEveryMs: Math.max(20, Math.floor(leaseMs / 3)) };
}

/** A fresh claim token: the holder's name (for people reading rows) and a random suffix. */
export function leaseToken(owner: string): string {
  return `${owner}:${randomUUID().slice(0, 8)}`;
}

export interface LeaseOptions<K extends LeaseKind> {
  db: DbOrTx;
  kind: K;
  /** Names the holder in `claimed_by` (instance or worker id). */
  owner: string;
  timing: LeaseTiming;
  logger?: Logger;
}

/** A lease this process holds, with its heartbeat running until `release` or `stop`. */
export class HeldLease<K extends LeaseKind, Row extends { id: string }> {
  private readonly lostController = new AbortController();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: LeaseOptions<K>,
    readonly token: string,
    /** The row as the claim left it. */
    readonly row: Row,
  ) {
    this.heartbeat = setInterval(() => void this.beat(), options.timing.renewEveryMs);
    this.heartbeat.unref();
  }

  /** Aborted when a renewal finds that another worker took the work over. */
  get lost(): AbortSignal {
    return this.lostController.signal;
  }

  /**
   * Renews now; false when the lease is gone. Call it as the last check before a step that
   * cannot be undone (posting to Slack).
   */
  async renew(): Promise<boolean> {
    const { db, kind, timing } = this.options;
    const held = await renewLease(db, kind, this.row.id, this.token, timing.leaseMs);
    if (!held) this.markLost();
    return held;
  }

  /** Writes `patch` to the row only while this lease holds it; false when fenced out. */
  async write(patch: LeasePatch<K>): Promise<boolean> {
    const { db, kind } = this.options;
    const written = await writeUnderLease(db, kind, this.row.id, this.token, patch);
    if (!written) this.markLost();
    return written;
  }

  /**
   * Stops the heartbeat and lets the work go (see `releaseLease`): at once, or, with
   * `reopenAfterMs`, for a retry that long from now.
   */
  async release(options: { reopenAfterMs?: number; patch?: LeasePatch<K> } = {}): Promise<void> {
    this.stop();
    const { db, kind } = this.options;
    await releaseLease(db, kind, this.row.id, this.token, options);
  }

  /**
   * `release` that never throws, for the end of a job whose own outcome (or failure) is what
   * its caller must see. When the database does not answer (it is restarting), the release is
   * kept trying in the background, 250 ms doubling to 2 s apart, for up to one lease: landing
   * as soon as the database is back lets the next sweep retry the work then, where leaving the
   * lease to lapse would hold it up to a whole lease longer. Fenced on this lease's token, so a
   * late release never touches work another worker took over.
   */
  async releaseOrKeepTrying(options: { reopenAfterMs?: number } = {}): Promise<void> {
    try {
      await this.release(options);
      return;
    } catch (error) {
      this.options.logger?.warn(
        { kind: this.options.kind, err: describeSlackFailure(error) },
        "lease release failed; retrying in the background",
      );
    }
    void pRetry(() => this.release(options), {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: 250,
      maxTimeout: 2_000,
      maxRetryTime: this.options.timing.leaseMs,
      unref: true,
    }).catch(() => {
      this.options.logger?.warn({ kind: this.options.kind }, "lease left to lapse");
    });
  }

  /**
   * Stops the heartbeat without touching the row: the work was finished by a fenced write that
   * keeps its holder as the record of who did it (or, in tests, the holder "dies").
   */
  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async beat(): Promise<void> {
    try {
      if (!(await this.renew())) {
        this.options.logger?.warn({ kind: this.options.kind }, "lease lost to another worker");
      }
    } catch (error) {
      // A database hiccup: the lease still has up to two renewals' worth of time left.
      this.options.logger?.warn(
        { kind: this.options.kind, err: describeSlackFailure(error) },
        "lease renewal failed",
      );
    }
  }

  private markLost(): void {
    this.stop();
    this.lostController.abort();
  }
}

/**
 * Claims work with `claim` (a repository function that writes the token and `leaseUntil` in one
 * conditional statement) under a fresh token, and starts the heartbeat. Undefined when the
 * claim did not win (another worker holds the work, or it is finished).
 */
export async function acquireLease<K extends LeaseKind, Row extends { id: string }>(
  options: LeaseOptions<K>,
  claim: (token: string, leaseMs: number) => Promise<Row | null | undefined>,
): Promise<HeldLease<K, Row> | undefined> {
  const token = leaseToken(options.owner);
  const row = await claim(token, options.timing.leaseMs);
  return row ? new HeldLease(options, token, row) : undefined;
}
