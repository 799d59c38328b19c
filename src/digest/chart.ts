import type { Db } from "../db/client.js";
import { claimChartRetries, setChartState } from "../db/repositories/digest-charts.js";
import { loadDigestRows } from "../db/repositories/digest-rows.js";
import type { DigestDelivery, DigestSubscription } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { describeSlackFailure } from "../slack-outbound.js";
import type { DigestRow } from "./build.js";
import { buildChartData, chartWindowStart, describeChart } from "./chart-data.js";
import { renderChartPng } from "./chart-render.js";
import { describeWindow } from "./schedule.js";
import type { DigestPorts } from "./scheduler.js";

/**
 * The digest's chart: a follow-up to a posted digest, uploaded into its thread with
 * files.uploadV2, alt text saying the same in words. Best effort by design: it runs after the
 * digest is posted and recorded, never throws, and never touches the delivery's own state, so
 * a chart failure can neither block nor repeat the digest. A failed upload is logged and
 * marked `retry`; a later tick tries once more (`retrying` → `posted` or `failed`).
 */

export interface DigestChartDeps {
  db: Db;
  ports: Pick<DigestPorts, "uploadChart">;
  logger: Logger;
  now: () => Date;
}

/** Most chart retries one tick makes: they wait behind the digests that are due. */
const RETRIES_PER_TICK = 20;

type Attempt = "posted" | "skipped" | "failed";

async function attempt(
  deps: DigestChartDeps,
  sub: DigestSubscription,
  delivery: Pick<DigestDelivery, "id" | "periodStart" | "periodEnd" | "messageTs">,
  prefetched?: DigestRow[],
): Promise<Attempt> {
  try {
    if (!delivery.messageTs) return "skipped";
    const rows =
      prefetched ??
      (await loadDigestRows(deps.db, {
        teamId: sub.teamId,
        scope:
          sub.scope === "workspace"
            ? { kind: "workspace" }
            : { kind: "channel", channelId: sub.channelId },
        from: chartWindowStart(delivery.periodStart, delivery.periodEnd),
        to: delivery.periodEnd,
      }));
    const data = buildChartData({
      start: delivery.periodStart,
      end: delivery.periodEnd,
      timezone: sub.timezone,
      role: sub.roleFilter,
      rows,
    });
    // Eight empty periods make an empty picture: the digest's one line says it already.
    if (data.periods.every((p) => Object.values(p.counts).every((n) => n === 0))) return "skipped";
    const { png } = await renderChartPng(data);
    await deps.ports.uploadChart({
      channel: sub.channelId,
      threadTs: delivery.messageTs,
      filename: "hiring-digest-chart.png",
      title: `Hiring digest chart, ${describeWindow(delivery.periodStart, delivery.periodEnd, sub.timezone)}`,
      content: png,
      altText: describeChart(data),
    });
    return "posted";
  } catch (error) {
    deps.logger.warn(
      { delivery: delivery.id, err: describeSlackFailure(error) },
      "digest chart not posted",
    );
    return "failed";
  }
}

async function record(
  deps: DigestChartDeps,
  deliveryId: string,
  state: "posted" | "skipped" | "retry" | "failed",
) {
  try {
    await setChartState(deps.db, deliveryId, state, deps.now());
  } catch (error) {
    // The chart is optional; a lost state write only costs (or saves) one retry.
    deps.logger.warn(
      { delivery: deliveryId, err: describeSlackFailure(error) },
      "digest chart state not saved",
    );
  }
}

/**
 * Right after a digest is posted: the first attempt. Resolves whatever happens. `rows` are the
 * tick's prefetched rows of the chart's whole window, when it has them.
 */
export async function postDigestChart(
  deps: DigestChartDeps,
  sub: DigestSubscription,
  delivery: Pick<DigestDelivery, "id" | "periodStart" | "periodEnd">,
  messageTs: string,
  rows?: DigestRow[],
): Promise<Attempt> {
  const outcome = await attempt(deps, sub, { ...delivery, messageTs }, rows);
  await record(deps, delivery.id, outcome === "failed" ? "retry" : outcome);
  return outcome;
}

/** Once per tick: the one retry of each chart whose first upload failed. */
export async function retryDigestCharts(
  deps: DigestChartDeps,
): Promise<{ posted: number; failed: number }> {
  const out = { posted: 0, failed: 0 };
  let owed: Awaited<ReturnType<typeof claimChartRetries>>;
  try {
    owed = await claimChartRetries(deps.db, RETRIES_PER_TICK, deps.now());
  } catch (error) {
    deps.logger.warn({ err: describeSlackFailure(error) }, "digest chart retries not claimed");
    return out;
  }
  for (const { delivery, subscription } of owed) {
    const outcome = await attempt(deps, subscription, delivery);
    await record(deps, delivery.id, outcome);
    if (outcome === "failed") out.failed += 1;
    else out.posted += 1;
  }
  return out;
}
