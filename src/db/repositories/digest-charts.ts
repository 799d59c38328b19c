import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client.js";
import {
  type DigestDelivery,
  type DigestSubscription,
  digestDeliveries,
  digestSubscriptions,
} from "../schema.js";

/** The chart follow-up's state on a posted delivery (see `digestDeliveries.chartState`). */
export type ChartState = NonNullable<DigestDelivery["chartState"]>;

export async function setChartState(
  db: DbOrTx,
  deliveryId: string,
  state: ChartState,
  now: Date,
): Promise<void> {
  await db
    .update(digestDeliveries)
    .set({ chartState: state, updatedAt: now })
    .where(eq(digestDeliveries.id, deliveryId));
}

/**
 * Takes posted digests whose chart is owed its one retry: each row moves `retry` → `retrying`
 * in its own conditional update, so of several replicas exactly one makes the retry.
 */
export async function claimChartRetries(
  db: DbOrTx,
  limit: number,
  now: Date,
): Promise<Array<{ delivery: DigestDelivery; subscription: DigestSubscription }>> {
  const owed = await db
    .select({ id: digestDeliveries.id })
    .from(digestDeliveries)
    .where(and(eq(digestDeliveries.chartState, "retry"), eq(digestDeliveries.status, "posted")))
    .orderBy(asc(digestDeliveries.postedAt))
    .limit(limit);
  const out: Array<{ delivery: DigestDelivery; subscription: DigestSubscription }> = [];
  for (const { id } of owed) {
    const [taken] = await db
      .update(digestDeliveries)
      .set({ chartState: "retrying", updatedAt: now })
      .where(and(eq(digestDeliveries.id, id), sql`${digestDeliveries.chartState} = 'retry'`))
      .returning();
    if (!taken) continue;
    const [subscription] = await db
      .select()
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.id, taken.subscriptionId));
    if (subscription) out.push({ delivery: taken, subscription });
  }
  return out;
}
