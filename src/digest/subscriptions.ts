import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { isValidTimeZone } from "../config.js";
import type { DbOrTx } from "../db/client.js";
import {
  type DigestSubscription,
  digestDeliveries,
  digestSubscriptions,
  workspaces,
} from "../db/schema.js";
import type { Tier } from "../transcript/model.js";
import { describeSchedule, nextOccurrence, type Schedule } from "./schedule.js";

/** Subscriptions repository: every function takes `db` (or a transaction) from the caller. */

export interface SubscriptionSettings {
  teamId: string;
  channelId: string;
  schedule: Schedule;
  roleFilter: string | null;
  minTier: Tier | null;
  scope: "channel" | "workspace";
}

export function scheduleOf(
  sub: Pick<DigestSubscription, "weekday" | "timeOfDay" | "timezone">,
): Schedule {
  return { weekday: sub.weekday, timeOfDay: sub.timeOfDay, timezone: sub.timezone };
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

/** The workspace's own time zone when Slack told us one, else the deployment's `TZ`. */
export async function workspaceTimezone(
  db: DbOrTx,
  teamId: string,
  fallback: string,
): Promise<string> {
  const [row] = await db
    .select({ timezone: workspaces.timezone })
    .from(workspaces)
    .where(eq(workspaces.teamId, teamId));
  // Slack's zone names are IANA names, but a stale or hand-edited value must not break digests.
  return row?.timezone && isValidTimeZone(row.timezone) ? row.timezone : fallback;
}

export interface SubscriptionSummary {
  id: string;
  channelId: string;
  schedule: Schedule;
  /** "Monday 09:00 (Europe/London)" */
  description: string;
  roleFilter: string | null;
  minTier: Tier | null;
  scope: "channel" | "workspace";
  active: boolean;
  disabledReason: string | null;
  /** The next scheduled post (null when inactive). */
  nextDueAt: Date | null;
  lastPostedAt: Date | null;
  /** Why the latest period is not posted (yet), e.g. `slack: invalid_auth`; null when fine. */
  lastError: string | null;
  updatedBy: string;
  updatedAt: Date;
}

/**
 * Subscriptions of the given channels (App Home shows those of channels the viewer is in),
 * with their next due time and last post, in two queries whatever the number of channels.
 */
export async function listSubscriptions(
  db: DbOrTx,
  q: { teamId: string; channelIds: string[]; now?: Date },
): Promise<SubscriptionSummary[]> {
  if (q.channelIds.length === 0) return [];
  const now = q.now ?? new Date();
  const subs = await db
    .select()
    .from(digestSubscriptions)
    .where(
      and(
        eq(digestSubscriptions.teamId, q.teamId),
        inArray(digestSubscriptions.channelId, q.channelIds),
      ),
    )
    .orderBy(digestSubscriptions.channelId);
  if (subs.length === 0) return [];
  const posted = await db
    .selectDistinctOn([digestDeliveries.subscriptionId], {
      subscriptionId: digestDeliveries.subscriptionId,
      postedAt: digestDeliveries.postedAt,
    })
    .from(digestDeliveries)
    .where(
      and(
        inArray(
          digestDeliveries.subscriptionId,
          subs.map((s) => s.id),
        ),
        eq(digestDeliveries.status, "posted"),
      ),
    )
    .orderBy(digestDeliveries.subscriptionId, desc(digestDeliveries.dueAt));
  const latest = await db
    .selectDistinctOn([digestDeliveries.subscriptionId], {
      subscriptionId: digestDeliveries.subscriptionId,
      status: digestDeliveries.status,
      error: digestDeliveries.error,
    })
    .from(digestDeliveries)
    .where(
      inArray(
        digestDeliveries.subscriptionId,
        subs.map((s) => s.id),
      ),
    )
    .orderBy(digestDeliveries.subscriptionId, desc(digestDeliveries.dueAt));
  const lastPosted = new Map(posted.map((p) => [p.subscriptionId, p.postedAt]));
  const lastError = new Map(
    latest.filter((l) => l.status !== "posted" && l.error).map((l) => [l.subscriptionId, l.error]),
  );
  return subs.map((s) => ({
    ...toSummary(s, lastPosted.get(s.id) ?? null, now),
    lastError: lastError.get(s.id) ?? null,
  }));
}

export function toSummary(
  s: DigestSubscription,
  lastPostedAt: Date | null,
  now: Date,
): Omit<SubscriptionSummary, "lastError"> {
  const schedule = scheduleOf(s);
  return {
    id: s.id,
    channelId: s.channelId,
    schedule,
    description: describeSchedule(schedule),
    roleFilter: s.roleFilter,
    minTier: s.minTier,
    scope: s.scope,
    active: s.active,
    disabledReason: s.disabledReason,
    nextDueAt: s.active ? nextOccurrence(schedule, now) : null,
    lastPostedAt,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt,
  };
}

/** Active subscriptions, for the scheduler's tick. */
export async function activeSubscriptions(db: DbOrTx): Promise<DigestSubscription[]> {
  return db.select().from(digestSubscriptions).where(sql`${digestSubscriptions.active}`);
}
