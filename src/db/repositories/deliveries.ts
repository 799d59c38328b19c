import { and, desc, eq, inArray, lt, min, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../client.js";
import { type DigestDelivery, digestDeliveries, digestSubscriptions } from "../schema.js";

/**
 * Digest deliveries: one row per (subscription, period) under a unique key. Every function
 * takes `db` (or a transaction) from the caller; src/digest/deliveries.ts decides what is due.
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
      claimExpiresAt: digestDeliveries.claimExpiresAt,
    })
    .from(digestDeliveries)
    .innerJoin(digestSubscriptions, eq(digestSubscriptions.id, digestDeliveries.subscriptionId))
    .where(
      and(sql`${digestSubscriptions.active}`, inArray(digestDeliveries.periodKey, [...periodKeys])),
    );
}

/** Each subscription's last posted delivery (the latest due), in one query. */
export async function lastPostedDeliveries(
  db: DbOrTx,
  subscriptionIds: readonly string[],
): Promise<Array<{ subscriptionId: string; periodEnd: Date; postedAt: Date | null }>> {
  if (subscriptionIds.length === 0) return [];
  return db
    .selectDistinctOn([digestDeliveries.subscriptionId], {
      subscriptionId: digestDeliveries.subscriptionId,
      periodEnd: digestDeliveries.periodEnd,
      postedAt: digestDeliveries.postedAt,
    })
    .from(digestDeliveries)
    .where(
      and(
        inArray(digestDeliveries.subscriptionId, [...subscriptionIds]),
        eq(digestDeliveries.status, "posted"),
      ),
    )
    .orderBy(digestDeliveries.subscriptionId, desc(digestDeliveries.dueAt));
}

/** Each subscription's latest delivery (posted or not): its status and error. */
export async function latestDeliveries(db: DbOrTx, subscriptionIds: readonly string[]) {
  if (subscriptionIds.length === 0) return [];
  return db
    .selectDistinctOn([digestDeliveries.subscriptionId], {
      subscriptionId: digestDeliveries.subscriptionId,
      status: digestDeliveries.status,
      error: digestDeliveries.error,
    })
    .from(digestDeliveries)
    .where(inArray(digestDeliveries.subscriptionId, [...subscriptionIds]))
    .orderBy(digestDeliveries.subscriptionId, desc(digestDeliveries.dueAt));
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
 * Claims the plan's (subscription, period) for `instanceId`, in one transaction: the
 * subscription row is locked (so an `unsubscribe` cannot interleave) and must still be active;
 * then an insert creates the claim, or, when the row exists, takes it over only if it is an
 * unposted claim that has expired. Returns the delivery when this instance owns it, else null.
 */
export async function claimDeliveryRow(
  db: DbOrTx,
  plan: DeliveryKey,
  instanceId: string,
  now: Date,
  claimTtlMs: number,
): Promise<DigestDelivery | null> {
  const expires = new Date(now.getTime() + claimTtlMs);
  return db.transaction(async (tx) => {
    const [sub] = await tx
      .select({ active: digestSubscriptions.active })
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.id, plan.subscriptionId))
      .for("update");
    if (!sub?.active) return null;
    const [row] = await tx
      .insert(digestDeliveries)
      .values({
        subscriptionId: plan.subscriptionId,
        periodKey: plan.periodKey,
        dueAt: plan.dueAt,
        periodStart: plan.start,
        periodEnd: plan.end,
        status: "claimed",
        claimedBy: instanceId,
        claimExpiresAt: expires,
        attempts: 1,
        late: plan.late,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [digestDeliveries.subscriptionId, digestDeliveries.periodKey],
        set: {
          claimedBy: instanceId,
          claimExpiresAt: expires,
          attempts: sql`${digestDeliveries.attempts} + 1`,
          late: plan.late ? true : sql`${digestDeliveries.late}`,
          updatedAt: now,
        },
        setWhere: sql`${digestDeliveries.status} = 'claimed' and (${digestDeliveries.claimExpiresAt} is null or ${digestDeliveries.claimExpiresAt} <= ${now.toISOString()}::timestamptz)`,
      })
      .returning();
    return row ?? null;
  });
}

/** Renews this instance's claim while it works; false when the claim is no longer ours. */
export async function extendClaim(
  db: DbOrTx,
  deliveryId: string,
  instanceId: string,
  until: Date,
): Promise<boolean> {
  const rows = await db
    .update(digestDeliveries)
    .set({ claimExpiresAt: until })
    .where(
      and(
        eq(digestDeliveries.id, deliveryId),
        eq(digestDeliveries.claimedBy, instanceId),
        eq(digestDeliveries.status, "claimed"),
      ),
    )
    .returning({ id: digestDeliveries.id });
  return rows.length > 0;
}

/**
 * Records the posted message: final, never posted again. Earlier periods of the subscription
 * still waiting for a retry are closed as superseded, since this digest's window starts where
 * the last posted one ended and so already reports them.
 */
export async function markPosted(
  db: DbOrTx,
  deliveryId: string,
  messageTs: string,
  now: Date,
): Promise<void> {
  const [posted] = await db
    .update(digestDeliveries)
    .set({
      status: "posted",
      messageTs,
      postedAt: now,
      claimExpiresAt: null,
      error: null,
      updatedAt: now,
    })
    .where(eq(digestDeliveries.id, deliveryId))
    .returning({
      subscriptionId: digestDeliveries.subscriptionId,
      dueAt: digestDeliveries.dueAt,
      periodKey: digestDeliveries.periodKey,
    });
  if (!posted) return;
  await db
    .update(digestDeliveries)
    .set({
      status: "failed",
      claimExpiresAt: null,
      error: sql`coalesce(${digestDeliveries.error} || '; ', '') || ${`superseded by the digest for ${posted.periodKey}`}`,
      updatedAt: now,
    })
    .where(
      and(
        eq(digestDeliveries.subscriptionId, posted.subscriptionId),
        eq(digestDeliveries.status, "claimed"),
        lt(digestDeliveries.dueAt, posted.dueAt),
      ),
    );
}

/**
 * Gives up this attempt: `failed` is final (recorded with why); otherwise the claim is
 * released to expire at `retryAt`, so a later tick (on any replica) tries again.
 */
export async function releaseClaim(
  db: DbOrTx,
  deliveryId: string,
  outcome: { final: boolean; error: string; retryAt: Date; now: Date },
): Promise<void> {
  await db
    .update(digestDeliveries)
    .set({
      status: outcome.final ? "failed" : "claimed",
      claimExpiresAt: outcome.final ? null : outcome.retryAt,
      error: outcome.error,
      updatedAt: outcome.now,
    })
    .where(and(eq(digestDeliveries.id, deliveryId), eq(digestDeliveries.status, "claimed")));
}
