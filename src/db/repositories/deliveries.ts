import { and, desc, eq, inArray, lt, min, ne, type SQL, sql } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../client.js";
import { type DigestDelivery, digestDeliveries, digestSubscriptions } from "../schema.js";
import { claimable, claimLease, newLease, writeUnderLease } from "./leases.js";

/**
 * Digest deliveries: one row per (subscription, period) under a unique key. Every function
 * takes `db` (or a transaction) from the caller; src/digest/deliveries.ts decides what is due.
 * Claims are the one lease engine's (src/db/repositories/leases.ts): database clock, a token
 * per claim, writes fenced on it. The schedule's own times (due, window, posted at) are the
 * app's clock, passed in as `now`.
 */

/** What identifies and bounds one period's delivery. */
export interface DeliveryKey {
  subscriptionId: string;
  periodKey: string;
  dueAt: Date;
  /** The reported window [start, end). */
  start: Date;
  end: Date;
  late: boolean;
}

/** The deliveries of active subscriptions for these period keys. */
export async function deliveriesOfPeriods(db: DbOrTx, periodKeys: readonly string[]) {
  return db
    .select({
      subscriptionId: digestDeliveries.subscriptionId,
      periodKey: digestDeliveries.periodKey,
      status: digestDeliveries.status,
      /** Unposted and nobody holds it: a dead replica's claim, or a retry whose backoff passed. */
      claimable: sql<boolean>`${claimable("delivery")}`,
    })
    .from(digestDeliveries)
    .innerJoin(digestSubscriptions, eq(digestSubscriptions.id, digestDeliveries.subscriptionId))
    .where(
      and(sql`${digestSubscriptions.active}`, inArray(digestDeliveries.periodKey, [...periodKeys])),
    );
}

/** Each subscription's latest delivery (by due time) that `where` admits, in one query. */
function latestPerSubscription<Fields extends SelectedFields>(
  db: DbOrTx,
  subscriptionIds: readonly string[],
  fields: Fields,
  where?: SQL,
) {
  return db
    .selectDistinctOn([digestDeliveries.subscriptionId], {
      ...fields,
      subscriptionId: digestDeliveries.subscriptionId,
    })
    .from(digestDeliveries)
    .where(and(inArray(digestDeliveries.subscriptionId, [...subscriptionIds]), where))
    .orderBy(digestDeliveries.subscriptionId, desc(digestDeliveries.dueAt));
}

/** Each subscription's last posted delivery (the latest due), in one query. */
export async function lastPostedDeliveries(
  db: DbOrTx,
  subscriptionIds: readonly string[],
): Promise<Array<{ subscriptionId: string; periodEnd: Date; postedAt: Date | null }>> {
  if (subscriptionIds.length === 0) return [];
  const { periodEnd, postedAt } = digestDeliveries;
  const posted = eq(digestDeliveries.status, "posted");
  return latestPerSubscription(db, subscriptionIds, { periodEnd, postedAt }, posted);
}

/** Each subscription's latest delivery (posted or not): its status and error. */
export async function latestDeliveries(db: DbOrTx, subscriptionIds: readonly string[]) {
  if (subscriptionIds.length === 0) return [];
  const { status, error } = digestDeliveries;
  return latestPerSubscription(db, subscriptionIds, { status, error });
}

/** The earliest period start of each subscription's unposted deliveries. */
export async function firstUnpostedStarts(
  db: DbOrTx,
  subscriptionIds: readonly string[],
): Promise<Array<{ subscriptionId: string; start: Date | null }>> {
  if (subscriptionIds.length === 0) return [];
  return db
    .select({
      subscriptionId: digestDeliveries.subscriptionId,
      start: min(digestDeliveries.periodStart),
    })
    .from(digestDeliveries)
    .where(
      and(
        inArray(digestDeliveries.subscriptionId, [...subscriptionIds]),
        ne(digestDeliveries.status, "posted"),
      ),
    )
    .groupBy(digestDeliveries.subscriptionId);
}

/**
 * Claims the plan's (subscription, period) under `token` for `leaseMs`, in one transaction: the
 * subscription row is locked (so an `unsubscribe` cannot interleave) and must still be active;
 * then an insert creates the claim, or, when the row exists, the lease engine takes it over
 * only if it is an unposted claim that nobody holds. Returns the delivery when the claim won.
 */
export async function claimDeliveryRow(
  db: DbOrTx,
  plan: DeliveryKey,
  token: string,
  leaseMs: number,
  now: Date,
): Promise<DigestDelivery | undefined> {
  return db.transaction(async (tx) => {
    const [sub] = await tx
      .select({ active: digestSubscriptions.active })
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.id, plan.subscriptionId))
      .for("update");
    if (!sub?.active) return undefined;
    const [created] = await tx
      .insert(digestDeliveries)
      .values({
        subscriptionId: plan.subscriptionId,
        periodKey: plan.periodKey,
        dueAt: plan.dueAt,
        periodStart: plan.start,
        periodEnd: plan.end,
        status: "claimed",
        ...newLease(token, leaseMs),
        attempts: 1,
        late: plan.late,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({
        target: [digestDeliveries.subscriptionId, digestDeliveries.periodKey],
      })
      .returning();
    if (created) return created;
    const [existing] = await tx
      .select({ id: digestDeliveries.id })
      .from(digestDeliveries)
      .where(
        and(
          eq(digestDeliveries.subscriptionId, plan.subscriptionId),
          eq(digestDeliveries.periodKey, plan.periodKey),
        ),
      );
    if (!existing) return undefined;
    return claimLease(tx, "delivery", existing.id, token, leaseMs, {
      attempts: sql`${digestDeliveries.attempts} + 1`,
      late: plan.late ? true : sql`${digestDeliveries.late}`,
      updatedAt: now,
    });
  });
}

/**
 * Whether a claim lapsed in the last `withinMs` (a replica died holding it, or a retry's backoff
 * just passed): the scheduler's recovery sweep then ticks at once instead of at the next cron
 * minute. Older lapsed claims are the cron tick's; the window keeps a claim that no tick will
 * take (its period no longer current) from making every sweep tick.
 */
export async function claimLapsedWithin(db: DbOrTx, withinMs: number): Promise<boolean> {
  const [row] = await db
    .select({ id: digestDeliveries.id })
    .from(digestDeliveries)
    .innerJoin(digestSubscriptions, eq(digestSubscriptions.id, digestDeliveries.subscriptionId))
    .where(
      and(
        claimable("delivery"),
        sql`${digestDeliveries.claimExpiresAt} > now() - make_interval(secs => ${withinMs / 1000})`,
        sql`${digestSubscriptions.active}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Records the posted message under `token`'s lease: final, never posted again, and the token
 * stays as the record of who posted. Earlier periods of the subscription still waiting for a
 * retry are closed as superseded (their leases revoked), since this digest's window starts where
 * the last posted one ended and so already reports them. False when the lease was lost.
 */
export async function markPosted(
  db: DbOrTx,
  delivery: Pick<DigestDelivery, "id" | "subscriptionId" | "dueAt" | "periodKey">,
  token: string,
  messageTs: string,
  now: Date,
): Promise<boolean> {
  const posted = await writeUnderLease(db, "delivery", delivery.id, token, {
    status: "posted",
    messageTs,
    postedAt: now,
    claimExpiresAt: null,
    error: null,
    updatedAt: now,
  });
  if (!posted) return false;
  await db
    .update(digestDeliveries)
    .set({
      status: "failed",
      claimedBy: null,
      claimExpiresAt: null,
      error: sql`coalesce(${digestDeliveries.error} || '; ', '') || ${`superseded by the digest for ${delivery.periodKey}`}`,
      updatedAt: now,
    })
    .where(
      and(
        eq(digestDeliveries.subscriptionId, delivery.subscriptionId),
        eq(digestDeliveries.status, "claimed"),
        lt(digestDeliveries.dueAt, delivery.dueAt),
      ),
    );
  return true;
}
