import type { DbOrTx } from "../db/client.js";
import {
  claimDeliveryRow,
  deliveriesOfPeriods,
  firstUnpostedStarts,
  lastPostedDeliveries,
} from "../db/repositories/deliveries.js";
import { activeSubscriptions } from "../db/repositories/subscriptions.js";
import type { DigestDelivery, DigestSubscription } from "../db/schema.js";
import { acquireLease, defaultLeaseTiming, type HeldLease, type LeaseTiming } from "../lease.js";
import type { Logger } from "../logger.js";
import { currentPeriod, type Period, previousOccurrence, scheduleSchema } from "./schedule.js";
import { scheduleOf } from "./subscriptions.js";

/**
 * Exactly-once delivery. Each (subscription, period) has one `digest_deliveries` row under a
 * unique key; a replica owns a period only while it holds the row's lease (src/lease.ts), and a
 * posted row is final. A replica that dies after claiming leaves the lease to lapse; the next
 * tick or recovery sweep anywhere takes it over (`attempts` counts how often that happened).
 */

export interface DeliveryTimings {
  /** The claim's lease (database clock), renewed while the owner works. */
  lease: LeaseTiming;
  /** A failed attempt is retried after this, doubling with each attempt (up to 64x). */
  retryBackoffMs: number;
  /** A digest claimed this long after its due time is labelled "posted late". */
  lateAfterMs: number;
  /** After this many failed attempts a period is marked `failed` and no longer retried. */
  maxAttempts: number;
  /** A missed stretch is caught up in one digest covering at most this many weeks. */
  maxCatchUpWeeks: number;
}

export const defaultTimings: DeliveryTimings = {
  lease: defaultLeaseTiming,
  retryBackoffMs: 60_000,
  lateAfterMs: 30 * 60_000,
  maxAttempts: 5,
  maxCatchUpWeeks: 8,
};

const WEEK_MS = 7 * 24 * 60 * 60_000;

export interface DuePlan {
  subscription: DigestSubscription;
  period: Period;
  /** The reported window [start, end) and the comparison window [previousStart, start). */
  start: Date;
  end: Date;
  previousStart: Date;
  late: boolean;
}

/**
 * The reported window ends at the due time and starts where the last posted digest ended,
 * so nothing is reported twice (after a schedule change) and nothing is skipped (after
 * replicas were down for more than a week: one late digest covers the whole gap, capped).
 * Before any digest was posted, it starts at the earliest period that was claimed but never
 * posted, for the same reason.
 */
export function windowFor(
  subscription: Pick<DigestSubscription, "weekday" | "timeOfDay" | "timezone" | "activeSince">,
  dueAt: Date,
  history: { lastPostedEnd: Date | null; firstUnpostedStart: Date | null },
  maxCatchUpWeeks: number = defaultTimings.maxCatchUpWeeks,
  /** `previousOccurrence(schedule, dueAt)` when the caller already has it. */
  previousDue?: Date,
): { start: Date; end: Date; previousStart: Date } {
  const end = dueAt;
  let start = previousDue ?? previousOccurrence(scheduleOf(subscription), dueAt);
  const withinCap = (t: Date) =>
    t.getTime() < end.getTime() &&
    t.getTime() >= end.getTime() - maxCatchUpWeeks * WEEK_MS &&
    t.getTime() >= subscription.activeSince.getTime() - WEEK_MS;
  const { lastPostedEnd, firstUnpostedStart } = history;
  if (lastPostedEnd) {
    const overlaps =
      lastPostedEnd.getTime() > start.getTime() && lastPostedEnd.getTime() < end.getTime();
    if (overlaps || withinCap(lastPostedEnd)) start = lastPostedEnd;
  } else if (
    firstUnpostedStart &&
    firstUnpostedStart.getTime() < start.getTime() &&
    withinCap(firstUnpostedStart)
  ) {
    start = firstUnpostedStart;
  }
  const previousStart = new Date(start.getTime() - (end.getTime() - start.getTime()));
  return { start, end, previousStart };
}

/**
 * Subscriptions whose current period has no delivery yet, or whose claim lapsed unposted.
 * At most four queries per tick whatever the number of subscriptions; the claim decides.
 */
export async function findDue(
  db: DbOrTx,
  now: Date,
  timings: DeliveryTimings = defaultTimings,
): Promise<DuePlan[]> {
  const subs = await activeSubscriptions(db);
  const candidates: { subscription: DigestSubscription; period: Period }[] = [];
  // Subscriptions share a handful of schedules; time-zone math is the costly part of a tick.
  const periods = new Map<string, Period | null>();
  for (const subscription of subs) {
    const schedule = scheduleOf(subscription);
    const scheduleKey = `${schedule.weekday}|${schedule.timeOfDay}|${schedule.timezone}`;
    let period = periods.get(scheduleKey);
    if (period === undefined) {
      // A row written with a zone this runtime does not know must not stop every other digest.
      period = scheduleSchema.safeParse(schedule).success ? currentPeriod(schedule, now) : null;
      periods.set(scheduleKey, period);
    }
    if (!period) continue;
    // A time that passed before the subscription existed (or was changed) is not "missed".
    if (period.dueAt.getTime() < subscription.activeSince.getTime()) continue;
    candidates.push({ subscription, period });
  }
  if (candidates.length === 0) return [];

  const keys = [...new Set(candidates.map((c) => c.period.key))];
  const existing = await deliveriesOfPeriods(db, keys);
  const byKey = new Map(existing.map((e) => [`${e.subscriptionId}|${e.periodKey}`, e]));
  const due = candidates.filter(({ subscription, period }) => {
    const row = byKey.get(`${subscription.id}|${period.key}`);
    return !row || row.claimable;
  });
  if (due.length === 0) return [];

  const lastPosted = await lastPostedDeliveries(
    db,
    due.map((d) => d.subscription.id),
  );
  const lastEnd = new Map(lastPosted.map((p) => [p.subscriptionId, p.periodEnd]));
  const neverPosted = due
    .filter((d) => !lastEnd.has(d.subscription.id))
    .map((d) => d.subscription.id);
  const unposted = await firstUnpostedStarts(db, neverPosted);
  const firstStart = new Map(unposted.map((u) => [u.subscriptionId, u.start]));

  const previousDue = new Map<string, Date>();
  return due.map(({ subscription, period }) => ({
    subscription,
    period,
    ...windowFor(
      subscription,
      period.dueAt,
      {
        lastPostedEnd: lastEnd.get(subscription.id) ?? null,
        firstUnpostedStart: firstStart.get(subscription.id) ?? null,
      },
      timings.maxCatchUpWeeks,
      memo(
        previousDue,
        `${subscription.timezone}|${subscription.weekday}|${subscription.timeOfDay}|${period.dueAt.getTime()}`,
        () => previousOccurrence(scheduleOf(subscription), period.dueAt),
      ),
    ),
    late: now.getTime() - period.dueAt.getTime() > timings.lateAfterMs,
  }));
}

function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  cache.set(key, value);
  return value;
}

/**
 * Claims the plan's (subscription, period) for `owner` (see `claimDeliveryRow`) and holds the
 * lease, its heartbeat running, until the caller releases or stops it. Undefined when another
 * replica holds the period, it was posted, or the subscription is no longer active.
 */
export function claimDelivery(
  db: DbOrTx,
  plan: DuePlan,
  owner: string,
  now: Date,
  timings: DeliveryTimings = defaultTimings,
  logger?: Logger,
): Promise<HeldLease<"delivery", DigestDelivery> | undefined> {
  return acquireLease(
    { db, kind: "delivery", owner, timing: timings.lease, ...(logger ? { logger } : {}) },
    (token, leaseMs) =>
      claimDeliveryRow(
        db,
        {
          subscriptionId: plan.subscription.id,
          periodKey: plan.period.key,
          dueAt: plan.period.dueAt,
          start: plan.start,
          end: plan.end,
          late: plan.late,
        },
        token,
        leaseMs,
        now,
      ),
  );
}
