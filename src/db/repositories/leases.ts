import { and, eq, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../client.js";
import { digestDeliveries, transcripts } from "../schema.js";

/**
 * The SQL of the one lease engine (src/lease.ts), for every kind of work row that replicas
 * claim: an upload's transcript row and a digest's delivery row.
 *
 * - Expiry is the database's clock (`now()`), never the app's: replicas whose clocks disagree
 *   still agree on when a claim lapsed, and a test that moves the app's clock (digest schedules)
 *   does not move leases.
 * - Every claim writes its own token to `claimed_by`, and every write under a lease is fenced
 *   on it, so a worker whose lease lapsed (stalled, partitioned) cannot write over the one that
 *   took over, even in the same process.
 */

const leaseTables = {
  upload: transcripts,
  delivery: digestDeliveries,
} as const;

type LeaseTables = typeof leaseTables;
export type LeaseKind = keyof LeaseTables;
export type LeaseRow<K extends LeaseKind> = LeaseTables[K]["$inferSelect"];
/** Columns a write under the lease may set (values or SQL). */
export type LeasePatch<K extends LeaseKind> = PgUpdateSetSource<LeaseTables[K]>;

/**
 * Whether the row still wants work. Claims and renewals need it; a finished row cannot be
 * claimed again, and its holder's renewals fail.
 */
function open(kind: LeaseKind): SQL | undefined {
  if (kind === "upload") {
    // A Slack upload not yet answered (no reply and no reply error).
    return and(
      eq(transcripts.sourceKind, "slack"),
      isNull(transcripts.replyTs),
      isNull(transcripts.replyError),
    );
  }
  return eq(digestDeliveries.status, "claimed");
}

/** The value of `claim_expires_at` for a lease of `ms` taken now, in the database's clock. */
export function leaseUntil(ms: number): SQL {
  return sql`now() + make_interval(secs => ${ms / 1000})`;
}

/** The row wants work and nobody holds it: never claimed, released, or its lease lapsed. */
export function claimable(kind: LeaseKind): SQL {
  const table = leaseTables[kind];
  return and(
    open(kind),
    or(isNull(table.claimExpiresAt), lte(table.claimExpiresAt, sql`now()`)),
  ) as SQL;
}

/** The row is held under `token` and still wants work. */
function heldBy(kind: LeaseKind, id: string, token: string): SQL {
  const table = leaseTables[kind];
  return and(eq(table.id, id), eq(table.claimedBy, token), open(kind)) as SQL;
}

/** The two lease columns of a first claim written by an INSERT (a delivery's first attempt). */
export function newLease(token: string, leaseMs: number) {
  return { claimedBy: token, claimExpiresAt: leaseUntil(leaseMs) };
}

/** One conditional UPDATE on a lease table, returning the rows it changed. */
async function updateLeased<K extends LeaseKind>(
  db: DbOrTx,
  kind: K,
  set: LeasePatch<K>,
  where: SQL,
): Promise<LeaseRow<K>[]> {
  // Both tables share the lease columns; drizzle cannot type an update over a union of tables.
  const table = leaseTables[kind] as LeaseTables["upload"];
  const rows = await db
    .update(table)
    .set(set as LeasePatch<"upload">)
    .where(where)
    .returning();
  return rows as LeaseRow<K>[];
}

/** Whether the conditional UPDATE changed a row. */
async function updatedOne<K extends LeaseKind>(
  db: DbOrTx,
  kind: K,
  set: LeasePatch<K>,
  where: SQL,
): Promise<boolean> {
  return (await updateLeased(db, kind, set, where)).length > 0;
}

/**
 * Claims the row under `token` for `leaseMs` when it is claimable (one conditional UPDATE, so
 * of many concurrent claims exactly one wins), also setting `set` (attempt counters, status).
 * Returns the claimed row, or undefined when another worker holds it or it is finished.
 */
export async function claimLease<K extends LeaseKind>(
  db: DbOrTx,
  kind: K,
  id: string,
  token: string,
  leaseMs: number,
  set: LeasePatch<K> = {},
): Promise<LeaseRow<K> | undefined> {
  const table = leaseTables[kind];
  const [row] = await updateLeased(
    db,
    kind,
    { ...set, ...newLease(token, leaseMs) } as LeasePatch<K>,
    and(eq(table.id, id), claimable(kind)) as SQL,
  );
  return row;
}

/** Extends a held lease by `leaseMs` from now; false when it was lost or the row is finished. */
export async function renewLease(
  db: DbOrTx,
  kind: LeaseKind,
  id: string,
  token: string,
  leaseMs: number,
): Promise<boolean> {
  return updatedOne(db, kind, { claimExpiresAt: leaseUntil(leaseMs) }, heldBy(kind, id, token));
}

/**
 * Writes `patch` only while `token` holds the lease (fencing out a stale worker). `updated_at`
 * is the database's time unless the patch sets it (digests record their schedule's clock).
 */
export async function writeUnderLease<K extends LeaseKind>(
  db: DbOrTx,
  kind: K,
  id: string,
  token: string,
  patch: LeasePatch<K>,
): Promise<boolean> {
  const set = { updatedAt: sql`now()`, ...patch } as LeasePatch<K>;
  return updatedOne(db, kind, set, heldBy(kind, id, token));
}

/**
 * Ends `token`'s lease (a no-op when another worker holds the row), writing `patch` with it.
 * With `reopenAfterMs` the row becomes claimable only that long from now (a retry's backoff);
 * without, at once, so another worker need not wait for the lease to lapse.
 */
export async function releaseLease<K extends LeaseKind>(
  db: DbOrTx,
  kind: K,
  id: string,
  token: string,
  options: { reopenAfterMs?: number; patch?: LeasePatch<K> } = {},
): Promise<boolean> {
  const set = {
    ...options.patch,
    claimedBy: null,
    claimExpiresAt: options.reopenAfterMs ? leaseUntil(options.reopenAfterMs) : null,
  } as LeasePatch<K>;
  return updatedOne(
    db,
    kind,
    set,
    and(eq(leaseTables[kind].id, id), eq(leaseTables[kind].claimedBy, token)) as SQL,
  );
}
