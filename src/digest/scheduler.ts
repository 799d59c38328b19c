import cron from "node-cron";
import pLimit from "p-limit";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import { claimLapsedWithin, markPosted } from "../db/repositories/deliveries.js";
import { loadDigestRows, loadDigestRowsByChannel } from "../db/repositories/digest-rows.js";
import { deactivateSubscription } from "../db/repositories/subscriptions.js";
import type { DigestDelivery } from "../db/schema.js";
import { AppError } from "../errors.js";
import type { SlackMessage } from "../format.js";
import { defaultRecoverEveryMs, type HeldLease } from "../lease.js";
import type { Logger } from "../logger.js";
import { describeSlackFailure, type OutboundFile, slackErrorCode } from "../slack-outbound.js";
import { buildDigest, type DigestRow } from "./build.js";
import { type DigestChartDeps, postDigestChart, retryDigestCharts } from "./chart.js";
import { chartWindowStart } from "./chart-data.js";
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
 * Slack is reached through `DigestPorts` (src/slack/digest-ports.ts, like the upload job's
 * ports), so tests can put faults between the scheduler and Slack. Retries of a single post
 * (429 with Retry-After, 5xx, timeouts) are @slack/web-api's job: the ports use the Slack app's
 * client, built with a request `timeout` and a bounded `retryConfig` (`defaultClientOptions` in
 * src/slack/create-app.ts). Channels are posted to one after another, so a rate limit on one
 * delays the next instead of multiplying. A post that still fails releases its claim for a
 * retry after a backoff; a channel the app was removed from disables its subscription.
 *
 * Besides the cron tick, a recovery sweep (every `recoverEveryMs`) ticks at once when a claim
 * lapsed since the last look (a replica died holding it, or a retry's backoff passed), so a dead
 * replica's digest is posted within a lease and a sweep, not at the next cron minute.
 */

/** Slack errors meaning the channel is gone for us: retrying cannot help. */
export const REMOVED_CHANNEL_ERRORS = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "channel_is_archived",
]);

/**
 * The Slack edges of a delivery (implemented in src/slack/digest-ports.ts), so this module
 * stays free of Slack's API and tests can inject faults.
 */
export interface DigestPorts {
  /** The ts of this delivery's digest if an earlier attempt posted it; undefined if not seen. */
  findExistingPost(delivery: DigestDelivery, channel: string): Promise<string | undefined>;
  /** Posts the digest, stamped with the delivery; returns the ts. Throws Slack's failure. */
  postDigest(delivery: DigestDelivery, channel: string, message: SlackMessage): Promise<string>;
  /** Uploads a digest's chart into its thread (files.uploadV2). Throws Slack's failure. */
  uploadChart(file: OutboundFile): Promise<string>;
}

/** Digest charts drawn at once: their rows and PNGs overlap the next digests' posts. */
export const CHART_CONCURRENCY = 3;

/** Due channels whose digest rows are loaded together, in one query per window. */
const PREFETCH_BATCH = 250;

/**
 * Loads the rows of every channel-scoped plan in the batch, one query per distinct window
 * (usually one: every channel due at Monday 09:00 shares it). Done before claiming, so rows
 * of a period another replica claims are fetched for nothing: one cheap query, not a claim.
 * With `charts`, the window reaches back over the chart's periods, so each chart drawn after
 * its digest needs no query of its own (the digest keeps its two periods: `digestRows`).
 */
export async function prefetchRows(
  db: Db,
  plans: DuePlan[],
  options: { charts?: boolean } = {},
): Promise<Map<string, DigestRow[]>> {
  const from = (plan: DuePlan) =>
    options.charts ? chartWindowStart(plan.start, plan.end) : plan.previousStart;
  const groups = new Map<string, DuePlan[]>();
  for (const plan of plans) {
    if (plan.subscription.scope !== "channel") continue;
    const key = `${plan.subscription.teamId}|${from(plan).toISOString()}|${plan.end.toISOString()}`;
    groups.set(key, [...(groups.get(key) ?? []), plan]);
  }
  const out = new Map<string, DigestRow[]>();
  for (const group of groups.values()) {
    const first = group[0] as DuePlan;
    const byChannel = await loadDigestRowsByChannel(db, {
      teamId: first.subscription.teamId,
      channelIds: group.map((p) => p.subscription.channelId),
      from: from(first),
      to: first.end,
    });
    for (const plan of group) {
      out.set(plan.subscription.id, byChannel.get(plan.subscription.channelId) ?? []);
    }
  }
  return out;
}

/** The rows a digest reads, [previousStart, end), out of rows prefetched for a chart too. */
export function digestRows(rows: DigestRow[], previousStart: Date): DigestRow[] {
  const from = previousStart.getTime();
  return rows.filter((r) => r.interviewedAt.getTime() >= from);
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
  ports: DigestPorts;
  config: Config;
  logger: Logger;
  /** Names this replica in claim tokens (`claimed_by`), e.g. hostname + pid. */
  instanceId: string;
  /** The schedule's clock (what is due, late, posted at); leases use the database's. */
  now?: () => Date;
  /** Overrides for tests; production uses `defaultTimings`. */
  timings?: Partial<DeliveryTimings>;
  /**
   * Start the node-cron task, a tick at start-up and the recovery sweep (default true); tests
   * drive `tick()` with a moved clock.
   */
  cron?: boolean;
  /** How often the recovery sweep looks for lapsed claims (default `defaultRecoverEveryMs`). */
  recoverEveryMs?: number;
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
  const timings: DeliveryTimings = { ...defaultTimings, ...deps.timings };
  const log = deps.logger.child({ component: "digest", instance: deps.instanceId });
  let running: Promise<TickResult> | undefined;
  let stopped = false;
  const charts: DigestChartDeps | undefined =
    deps.charts === true ? { db: deps.db, ports: deps.ports, logger: log, now: clock } : undefined;
  /** Charts run beside the next digests (their drawing is off-thread), awaited by the tick. */
  const chartLimit = pLimit(CHART_CONCURRENCY);
  const chartJobs: Promise<unknown>[] = [];

  async function deliver(
    plan: DuePlan,
    lease: HeldLease<"delivery", DigestDelivery>,
    result: TickResult,
    prefetched: DigestRow[] | undefined,
  ) {
    const sub = plan.subscription;
    const delivery = lease.row;
    try {
      if (delivery.attempts > 1) {
        const ts = await deps.ports.findExistingPost(delivery, sub.channelId);
        if (ts) {
          await markPosted(deps.db, delivery, lease.token, ts, clock());
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
      const reusable = prefetched && samePeriod ? prefetched : undefined;
      const rows = reusable
        ? digestRows(reusable, previousStart)
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
      // Last check before the one step that cannot be undone: is the period still ours?
      if (!(await lease.renew())) {
        log.warn({ delivery: delivery.id }, "claim lost before posting");
        return;
      }
      const ts = await deps.ports.postDigest(delivery, sub.channelId, renderDigest(digest));
      if (!(await markPosted(deps.db, delivery, lease.token, ts, clock()))) {
        log.warn({ delivery: delivery.id }, "claim lost after posting the digest");
      }
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
      if (charts) {
        chartJobs.push(chartLimit(() => postDigestChart(charts, sub, delivery, ts, reusable)));
      }
    } catch (error) {
      const now = clock();
      const code = slackErrorCode(error);
      if (code && REMOVED_CHANNEL_ERRORS.has(code)) {
        const reason = `Slack answered ${code} when posting the digest: the app is no longer in this channel.`;
        await deactivateSubscription(deps.db, sub.id, reason, "scheduler", now);
        await lease.release({ patch: { status: "failed", error: code, updatedAt: now } });
        result.disabled += 1;
        log.warn({ subscription: sub.id, error: code }, "digest subscription disabled");
        return;
      }
      const final = delivery.attempts >= timings.maxAttempts;
      const error_ = describeSlackFailure(error);
      // Back off between attempts on top of web-api's own retries: 1, 2, 4 … minutes.
      await lease.release(
        final
          ? { patch: { status: "failed", error: error_, updatedAt: now } }
          : {
              reopenAfterMs: timings.retryBackoffMs * 2 ** Math.min(delivery.attempts - 1, 6),
              patch: { error: error_, updatedAt: now },
            },
      );
      if (final) result.failed += 1;
      else result.retrying += 1;
      log.error(
        { delivery: delivery.id, attempts: delivery.attempts, final, err: error_ },
        final ? "digest delivery failed for good" : "digest delivery failed; will retry",
      );
    } finally {
      lease.stop();
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
      const rows = await prefetchRows(deps.db, batch, { charts: charts !== undefined });
      for (const plan of batch) {
        if (stopped) break;
        const lease = await claimDelivery(deps.db, plan, deps.instanceId, clock(), timings, log);
        if (!lease) continue;
        result.claimed += 1;
        await deliver(plan, lease, result, rows.get(plan.subscription.id));
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

  /** Runs a tick from a timer: failures are logged, never thrown into the event loop. */
  async function tickLogged(): Promise<void> {
    try {
      const r = await tick();
      if (r.due > 0) log.info(r, "digest tick");
    } catch (error) {
      log.error({ err: describeSlackFailure(error) }, "digest tick failed");
    }
  }

  /** Ticks now when a claim lapsed since the last sweep (window: two sweeps and a margin). */
  async function sweep(): Promise<void> {
    if (stopped || running) return;
    try {
      if (await claimLapsedWithin(deps.db, 2 * recoverEveryMs + 60_000)) await tickLogged();
    } catch (error) {
      log.error({ err: describeSlackFailure(error) }, "digest recovery sweep failed");
    }
  }

  const automatic = deps.cron !== false;
  const recoverEveryMs = deps.recoverEveryMs ?? defaultRecoverEveryMs;
  const task = automatic
    ? cron.schedule(deps.config.DIGEST_TICK_CRON, tickLogged, {
        name: `digest-${deps.instanceId}`,
        noOverlap: true,
      })
    : undefined;
  // A replacement instance catches up at once: periods due while it was down, and claims whose
  // holder died, however long ago.
  if (automatic) void tickLogged();
  const sweeper = automatic && recoverEveryMs > 0 ? setInterval(sweep, recoverEveryMs) : undefined;
  sweeper?.unref();

  return {
    tick,
    async stop() {
      stopped = true;
      if (sweeper) clearInterval(sweeper);
      await task?.destroy();
      await running?.catch(() => {});
    },
  };
}
