import { isValidTimeZone } from "../config.js";
import type { DbOrTx } from "../db/client.js";
import { lastPostedDeliveries, latestDeliveries } from "../db/repositories/deliveries.js";
import { subscriptionsOfChannels } from "../db/repositories/subscriptions.js";
import type { DigestSubscription } from "../db/schema.js";
import type { Tier } from "../transcript/model.js";
import { describeSchedule, nextOccurrence, type Schedule } from "./schedule.js";

/** Subscription summaries and schedules; the SQL is in db/repositories/subscriptions.ts. */

export function scheduleOf(
  sub: Pick<DigestSubscription, "weekday" | "timeOfDay" | "timezone">,
): Schedule {
  return { weekday: sub.weekday, timeOfDay: sub.timeOfDay, timezone: sub.timezone };
}

/** Where a subscription's time zone came from, for the replies that name it. */
export type TimezoneSource = "given" | "subscriber" | "default";

/**
 * The zone a subscription gets when the command names none: the subscriber's own (Slack's
 * users.info `tz`, looked up by the caller), else the deployment's `TZ`. A zone this runtime
 * does not know is not used: a digest must not be scheduled in a zone it cannot compute.
 */
export async function defaultTimezone(
  userTimezone: (() => Promise<string | undefined>) | undefined,
  fallback: string,
): Promise<{ timezone: string; source: TimezoneSource }> {
  const tz = await userTimezone?.();
  return tz && isValidTimeZone(tz)
    ? { timezone: tz, source: "subscriber" }
    : { timezone: fallback, source: "default" };
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
  const subs = await subscriptionsOfChannels(db, q.teamId, q.channelIds);
  if (subs.length === 0) return [];
  const ids = subs.map((s) => s.id);
  const posted = await lastPostedDeliveries(db, ids);
  const latest = await latestDeliveries(db, ids);
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
