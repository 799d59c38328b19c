import { and, eq, inArray, sql } from "drizzle-orm";
import type { Schedule } from "../../digest/schedule.js";
import type { Tier } from "../../transcript/model.js";
import type { DbOrTx } from "../client.js";
import { type DigestSubscription, digestSubscriptions } from "../schema.js";

/** Digest subscriptions: every function takes `db` (or a transaction) from the caller. */

export interface SubscriptionSettings {
  teamId: string;
  channelId: string;
  schedule: Schedule;
  roleFilter: string | null;
  minTier: Tier | null;
  scope: "channel" | "workspace";
}

export async function getSubscription(
  db: DbOrTx,
  teamId: string,
  channelId: string,
): Promise<DigestSubscription | undefined> {
  const [row] = await db
    .select()
    .from(digestSubscriptions)
    .where(
      and(eq(digestSubscriptions.teamId, teamId), eq(digestSubscriptions.channelId, channelId)),
    );
  return row;
}

/**
 * Creates or replaces the channel's subscription and (re)activates it. `activeSince` moves to
 * `now`, so an occurrence that already passed today is not treated as missed.
 */
export async function upsertSubscription(
  db: DbOrTx,
  settings: SubscriptionSettings,
  userId: string,
  now: Date,
): Promise<DigestSubscription> {
  const values = {
    weekday: settings.schedule.weekday,
    timeOfDay: settings.schedule.timeOfDay,
    timezone: settings.schedule.timezone,
    roleFilter: settings.roleFilter,
    minTier: settings.minTier,
    scope: settings.scope,
    active: true,
    activeSince: now,
    disabledReason: null,
    disabledAt: null,
    updatedBy: userId,
    updatedAt: now,
  };
  const [row] = await db
    .insert(digestSubscriptions)
    .values({
      teamId: settings.teamId,
      channelId: settings.channelId,
      createdBy: userId,
      createdAt: now,
      ...values,
    })
    .onConflictDoUpdate({
      target: [digestSubscriptions.teamId, digestSubscriptions.channelId],
      set: values,
    })
    .returning();
  if (!row) throw new Error("upsert returned no row");
  return row;
}

/** Turns a subscription off, keeping the row (and its delivery history) with the reason. */
export async function deactivateSubscription(
  db: DbOrTx,
  id: string,
  reason: string,
  by: string,
  now: Date,
): Promise<void> {
  await db
    .update(digestSubscriptions)
    .set({ active: false, disabledReason: reason, disabledAt: now, updatedBy: by, updatedAt: now })
    .where(eq(digestSubscriptions.id, id));
}

/** Active subscriptions, for the scheduler's tick. */
export async function activeSubscriptions(db: DbOrTx): Promise<DigestSubscription[]> {
  return db.select().from(digestSubscriptions).where(sql`${digestSubscriptions.active}`);
}

/** Subscriptions of the given channels, by channel id. */
export async function subscriptionsOfChannels(
  db: DbOrTx,
  teamId: string,
  channelIds: readonly string[],
): Promise<DigestSubscription[]> {
  if (channelIds.length === 0) return [];
  return db
    .select()
    .from(digestSubscriptions)
    .where(
      and(
        eq(digestSubscriptions.teamId, teamId),
        inArray(digestSubscriptions.channelId, [...channelIds]),
      ),
    )
    .orderBy(digestSubscriptions.channelId);
}

/** Every channel of the workspace with a subscription (active or not). */
export async function subscribedChannelIds(db: DbOrTx, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ channelId: digestSubscriptions.channelId })
    .from(digestSubscriptions)
    .where(eq(digestSubscriptions.teamId, teamId));
  return rows.map((r) => r.channelId);
}
