import type { WebClient } from "@slack/web-api";
import cron from "node-cron";
import pLimit from "p-limit";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import { extendClaim, markPosted, releaseClaim } from "../db/repositories/deliveries.js";
import { loadDigestRows, loadDigestRowsByChannel } from "../db/repositories/digest-rows.js";
import { deactivateSubscription } from "../db/repositories/subscriptions.js";
import type { DigestDelivery } from "../db/schema.js";
import { AppError } from "../errors.js";
import type { Logger } from "../logger.js";
import { createSlackOutbound, describeSlackFailure, slackErrorCode } from "../slack-outbound.js";
import { buildDigest, type DigestRow } from "./build.js";
import { type DigestChartDeps, postDigestChart, retryDigestCharts } from "./chart.js";
import {
  claimDelivery,
  type DeliveryTimings,
  type DuePlan,
  defaultTimings,
  findDue,
} from "./deliveries.js";
import { renderDigest } from "./render.js";

/**
 * The digest scheduler: node-cron calls `tick()` on `DIGEST_TICK_CRON` (every minute by
 * default); every replica runs one, and the database claims decide who posts what.
 *
 * Retries of a single post (429 with Retry-After, 5xx, timeouts) are @slack/web-api's job:
 * the client passed in is the Slack app's, built with a request `timeout` and a bounded
 * `retryConfig` (see `defaultClientOptions` in src/slack/create-app.ts). Channels are posted to one after another, so a rate limit on
 * one delays the next instead of multiplying. A post that still fails releases its claim for
 * a later tick; a channel the app was removed from disables its subscription with the reason.
 */

/** Slack errors meaning the channel is gone for us: retrying cannot help. */
export const REMOVED_CHANNEL_ERRORS = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "channel_is_archived",
]);

/** Metadata on every digest message, so a retry can tell a digest was already posted. */
export const DIGEST_EVENT_TYPE = "hiring_digest";

/** Digest charts drawn at once: their rows and PNGs overlap the next digests' posts. */
export const CHART_CONCURRENCY = 3;

/** Due channels whose digest rows are loaded together, in one query per window. */
const PREFETCH_BATCH = 250;

/**
 * Loads the rows of every channel-scoped plan in the batch, one query per distinct window
 * (usually one: every channel due at Monday 09:00 shares it). Done before claiming, so rows
 * of a period another replica claims are fetched for nothing: one cheap query, not a claim.
 */
export async function prefetchRows(db: Db, plans: DuePlan[]): Promise<Map<string, DigestRow[]>> {
  const groups = new Map<string, DuePlan[]>();
  for (const plan of plans) {
    if (plan.subscription.scope !== "channel") continue;
    const key = `${plan.subscription.teamId}|${plan.previousStart.toISOString()}|${plan.end.toISOString()}`;
    groups.set(key, [...(groups.get(key) ?? []), plan]);
  }
  const out = new Map<string, DigestRow[]>();
  for (const group of groups.values()) {
    const first = group[0] as DuePlan;
    const byChannel = await loadDigestRowsByChannel(db, {
      teamId: first.subscription.teamId,
      channelIds: group.map((p) => p.subscription.channelId),
      from: first.previousStart,
      to: first.end,
    });
    for (const plan of group) {
      out.set(plan.subscription.id, byChannel.get(plan.subscription.channelId) ?? []);
    }
  }
  return out;
}

export interface TickResult {
  /** Subscriptions whose period was due (or whose claim had expired) at this tick. */
  due: number;
  /** Periods this instance claimed. */
  claimed: number;
  posted: number;
  /** Found already posted by an earlier attempt that died before recording it. */
  recovered: number;
  /** Attempts that failed and were released for a later tick. */
  retrying: number;
  /** Periods given up on after `maxAttempts` (recorded with the error). */
  failed: number;
  /** Subscriptions disabled because the app was removed from the channel. */
  disabled: number;
}

export interface DigestSchedulerDeps {
  db: Db;
  client: WebClient;
  config: Config;
  logger: Logger;
  /** Names this replica in claims (`claimed_by`), e.g. hostname + pid. */
  instanceId: string;
  now?: () => Date;
  /** Overrides for tests; production uses `defaultTimings`. */
  timings?: Partial<DeliveryTimings>;
  /** Start the node-cron task (default true); tests drive `tick()` with a moved clock. */
  cron?: boolean;
  /**
   * Follow each digest with its chart in the thread (src/digest/chart.ts). The app turns it on;
   * off by default so callers that only care about delivery (tests, the delivery bench) skip
   * the rendering.
   */
  charts?: boolean;
}

export interface DigestScheduler {
  tick(): Promise<TickResult>;
  /**
   * Stops the cron task and claims no further period; resolves once the delivery in flight (if
   * any) has been posted and recorded, so shutdown can await it before closing the database.
   */
  stop(): Promise<void>;
}

export function startDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  if (deps.cron !== false && !cron.validate(deps.config.DIGEST_TICK_CRON)) {
    throw new AppError(
      "CONFIG_INVALID",
      `DIGEST_TICK_CRON "${deps.config.DIGEST_TICK_CRON}" is not a valid cron expression.`,
    );
  }
  const clock = deps.now ?? (() => new Date());
  const outbound = createSlackOutbound(deps.client);
  const timings: DeliveryTimings = { ...defaultTimings, ...deps.timings };
  const log = deps.logger.child({ component: "digest", instance: deps.instanceId });
  let running: Promise<TickResult> | undefined;
  let stopped = false;
  const charts: DigestChartDeps | undefined =
    deps.charts === true ? { db: deps.db, outbound, logger: log, now: clock } : undefined;
  /** Charts run beside the next digests (their drawing is off-thread), awaited by the tick. */
  const chartLimit = pLimit(CHART_CONCURRENCY);
  const chartJobs: Promise<unknown>[] = [];

  /** Looks for a digest message an earlier, dead attempt may have posted for this delivery. */
  async function findEarlierPost(
    delivery: DigestDelivery,
    channel: string,
  ): Promise<string | null> {
    try {
      const ts = await outbound.findPost({
        channel,
        oldest: String(Math.floor(delivery.createdAt.getTime() / 1000) - 60),
        eventType: DIGEST_EVENT_TYPE,
        key: "delivery_id",
        value: delivery.id,
      });
      return ts ?? null;
    } catch (error) {
      // Without history access we cannot check; posting again is the lesser evil than never.
      log.warn(
        { err: describeSlackFailure(error), delivery: delivery.id },
        "could not check history",
      );
      return null;
    }
  }

  async function deliver(
    plan: DuePlan,
    delivery: DigestDelivery,
    result: TickResult,
    prefetched: DigestRow[] | undefined,
  ) {
    const sub = plan.subscription;
    const heartbeat = setInterval(
      () => {
        const until = new Date(clock().getTime() + timings.claimTtlMs);
        extendClaim(deps.db, delivery.id, deps.instanceId, until).catch((error: unknown) =>
          log.warn(
            { err: describeSlackFailure(error), delivery: delivery.id },
            "claim renewal failed",
          ),
        );
      },
      Math.max(1_000, Math.floor(timings.claimTtlMs / 3)),
    );
    heartbeat.unref();
    try {
      if (delivery.attempts > 1) {
        const ts = await findEarlierPost(delivery, sub.channelId);
        if (ts) {
          await markPosted(deps.db, delivery.id, ts, clock());
          result.recovered += 1;
          log.info(
            { delivery: delivery.id, period: delivery.periodKey },
            "digest was already posted",
          );
          return;
        }
      }
      const scope =
        sub.scope === "workspace"
          ? ({ kind: "workspace" } as const)
          : ({ kind: "channel", channelId: sub.channelId } as const);
      const previousStart = new Date(
        2 * delivery.periodStart.getTime() - delivery.periodEnd.getTime(),
      );
      // Rows prefetched for the plan's window apply unless a takeover kept an older window.
      const samePeriod =
        delivery.periodStart.getTime() === plan.start.getTime() &&
        delivery.periodEnd.getTime() === plan.end.getTime();
      const rows =
        prefetched && samePeriod
          ? prefetched
          : await loadDigestRows(deps.db, {
              teamId: sub.teamId,
              scope,
              from: previousStart,
              to: delivery.periodEnd,
            });
      const digest = buildDigest({
        scope,
        start: delivery.periodStart,
        end: delivery.periodEnd,
        previousStart,
        timezone: sub.timezone,
        filters: { role: sub.roleFilter, minTier: sub.minTier },
        late: delivery.late,
        dueAt: delivery.dueAt,
        rows,
      });
      const rendered = renderDigest(digest);
      const ts = await outbound.post({
        channel: sub.channelId,
        message: rendered,
        metadata: {
          eventType: DIGEST_EVENT_TYPE,
          payload: { delivery_id: delivery.id, period_key: delivery.periodKey },
        },
      });
      await markPosted(deps.db, delivery.id, ts, clock());
      result.posted += 1;
      log.info(
        {
          delivery: delivery.id,
          period: delivery.periodKey,
          late: delivery.late,
          interviews: digest.interviews,
        },
        "digest posted",
      );
      // Best effort, after the digest is recorded as posted: never throws, never reposts.
      if (charts) chartJobs.push(chartLimit(() => postDigestChart(charts, sub, delivery, ts)));
    } catch (error) {
      const now = clock();
      const code = slackErrorCode(error);
      if (code && REMOVED_CHANNEL_ERRORS.has(code)) {
        const reason = `Slack answered ${code} when posting the digest: the app is no longer in this channel.`;
        await deactivateSubscription(deps.db, sub.id, reason, "scheduler", now);
        await releaseClaim(deps.db, delivery.id, { final: true, error: code, retryAt: now, now });
        result.disabled += 1;
        log.warn({ subscription: sub.id, error: code }, "digest subscription disabled");
        return;
      }
      const final = delivery.attempts >= timings.maxAttempts;
      // Back off between attempts on top of web-api's own retries: 1, 2, 4 … minutes.
      const retryAt = new Date(now.getTime() + 60_000 * 2 ** Math.min(delivery.attempts - 1, 6));
      await releaseClaim(deps.db, delivery.id, {
        final,
        error: describeSlackFailure(error),
        retryAt,
        now,
      });
      if (final) result.failed += 1;
      else result.retrying += 1;
      log.error(
        {
          delivery: delivery.id,
          attempts: delivery.attempts,
          final,
          err: describeSlackFailure(error),
        },
        final ? "digest delivery failed for good" : "digest delivery failed; will retry",
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function runTick(): Promise<TickResult> {
    const result: TickResult = {
      due: 0,
      claimed: 0,
      posted: 0,
      recovered: 0,
      retrying: 0,
      failed: 0,
      disabled: 0,
    };
    // Charts that failed on an earlier tick get their one retry first (a failure on this tick
    // waits for the next one).
    if (charts) await retryDigestCharts(charts);
    const plans = await findDue(deps.db, clock(), timings);
    result.due = plans.length;
    for (let i = 0; i < plans.length && !stopped; i += PREFETCH_BATCH) {
      const batch = plans.slice(i, i + PREFETCH_BATCH);
      const rows = await prefetchRows(deps.db, batch);
      for (const plan of batch) {
        if (stopped) break;
        const delivery = await claimDelivery(deps.db, plan, deps.instanceId, clock(), timings);
        if (!delivery) continue;
        result.claimed += 1;
        await deliver(plan, delivery, result, rows.get(plan.subscription.id));
      }
    }
    await Promise.all(chartJobs.splice(0));
    return result;
  }

  /** One tick at a time per instance: an overlapping call joins the running one. */
  function tick(): Promise<TickResult> {
    if (!running) {
      running = runTick().finally(() => {
        running = undefined;
      });
    }
    return running;
  }

  const task =
    deps.cron === false
      ? undefined
      : cron.schedule(
          deps.config.DIGEST_TICK_CRON,
          async () => {
            try {
              const r = await tick();
              if (r.due > 0) log.info(r, "digest tick");
            } catch (error) {
              log.error({ err: describeSlackFailure(error) }, "digest tick failed");
            }
          },
          { name: `digest-${deps.instanceId}`, noOverlap: true },
        );

  return {
    tick,
    async stop() {
      stopped = true;
      await task?.destroy();
      await running?.catch(() => {});
    },
  };
}
