import { WebClient } from "@slack/web-api";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Db } from "../../src/db/client.js";
import { loadDigestRows } from "../../src/db/repositories/digest-rows.js";
import { upsertSubscription } from "../../src/db/repositories/subscriptions.js";
import { digestDeliveries, digestSubscriptions } from "../../src/db/schema.js";
import { buildChartData, chartWindowStart, describeChart } from "../../src/digest/chart-data.js";
import { startDigestScheduler } from "../../src/digest/scheduler.js";
import { createLogger } from "../../src/logger.js";
import { createDigestPorts } from "../../src/slack/digest-ports.js";
import { describeEachDb } from "../helpers/db.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { seedInterviews, TEAM } from "./seed.js";

/**
 * The chart is a best-effort follow-up: whatever happens to its upload, the digest itself is
 * posted exactly once, and a failed chart gets one more try on a later tick, no more.
 */
const config = loadConfig({ TZ: "UTC" });
const logger = createLogger({ LOG_LEVEL: "silent" });
const DUE = new Date("2026-11-23T09:00:00Z");

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(async () => {
  await slack.close();
});

function scheduler(db: Db, now: () => Date) {
  return startDigestScheduler({
    db,
    ports: createDigestPorts(
      new WebClient("xoxb-test-token", {
        slackApiUrl: slack.url,
        timeout: 1_000,
        retryConfig: { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 40 },
      }),
      logger,
    ),
    config,
    logger,
    instanceId: "replica-a",
    now,
    cron: false,
    charts: true,
  });
}

describeEachDb("digest chart delivery", (ctx) => {
  afterEach(async () => {
    await ctx.db.delete(digestSubscriptions);
    slack.reset();
  });

  async function setUp(channelId: string) {
    await seedInterviews(
      ctx.db,
      Array.from({ length: 12 }, (_, i) => ({
        channelId,
        name: `Chart Person ${i}`,
        score: 10 + i * 7,
        tier: (["weak", "average", "strong", "exceptional"] as const)[i % 4],
        interviewedAt: new Date(DUE.getTime() - (1 + i * 13) * 3_600_000),
      })),
    );
    await upsertSubscription(
      ctx.db,
      {
        teamId: TEAM,
        channelId,
        schedule: { weekday: 1, timeOfDay: "09:00", timezone: "UTC" },
        roleFilter: null,
        minTier: null,
        scope: "channel",
      },
      "U_MEMBER",
      new Date(DUE.getTime() - 14 * 86_400_000),
    );
  }

  const chartState = async () => (await ctx.db.select().from(digestDeliveries))[0]?.chartState;

  it("posts the digest once when the chart upload fails, and retries the chart once, in the thread", async () => {
    await setUp("C_CHART1");
    let now = new Date(DUE.getTime() + 10_000);
    const s = scheduler(ctx.db, () => now);
    slack.script("files.getUploadURLExternal", [{ error: "internal_error" }]);
    expect(await s.tick()).toMatchObject({ posted: 1, retrying: 0, failed: 0 });
    const posts = slack.calls("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(slack.uploads()).toHaveLength(0);
    expect(await chartState()).toBe("retry");

    now = new Date(now.getTime() + 60_000);
    expect(await s.tick()).toMatchObject({ due: 0, posted: 0 });
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    const [upload] = slack.uploads();
    const [row] = await ctx.db.select().from(digestDeliveries);
    expect(upload).toMatchObject({
      channel: "C_CHART1",
      threadTs: row?.messageTs,
      filename: "hiring-digest-chart.png",
    });
    expect(upload?.bytes?.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(upload?.altText).toMatch(/^Candidates per tier, last 8 periods/);
    expect(await chartState()).toBe("posted");

    now = new Date(now.getTime() + 60_000);
    await s.tick();
    expect(slack.calls("files.getUploadURLExternal")).toHaveLength(2);
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    await s.stop();
  });

  it("draws the first chart from the tick's rows: eight periods in the chart, two in the digest", async () => {
    await setUp("C_CHART3");
    // Ten older interviews over the six weeks before: the chart shows them all, the digest only
    // compares with the previous week and lists none of them.
    await seedInterviews(
      ctx.db,
      Array.from({ length: 10 }, (_, i) => ({
        channelId: "C_CHART3",
        name: `Earlier Person ${i}`,
        score: 15 + i * 8,
        tier: (["weak", "average", "strong", "exceptional"] as const)[i % 4],
        interviewedAt: new Date(DUE.getTime() - (8 + i * 4) * 86_400_000 + 3_600_000),
      })),
    );
    const s = scheduler(ctx.db, () => new Date(DUE.getTime() + 10_000));
    expect(await s.tick()).toMatchObject({ posted: 1 });
    await s.stop();

    const start = new Date(DUE.getTime() - 7 * 86_400_000);
    const rows = await loadDigestRows(ctx.db, {
      teamId: TEAM,
      scope: { kind: "channel", channelId: "C_CHART3" },
      from: chartWindowStart(start, DUE),
      to: DUE,
    });
    const expected = buildChartData({ start, end: DUE, timezone: "UTC", role: null, rows });
    expect(expected.periods.filter((p) => Object.values(p.counts).some((n) => n > 0)).length).toBe(
      7,
    );
    expect(slack.uploads()[0]?.altText).toBe(describeChart(expected));
    expect(String(slack.calls("chat.postMessage")[0]?.body.text)).toContain("12 interviews");
    expect(await chartState()).toBe("posted");
  });

  it("gives the chart up after its one retry, and the digest still stands alone", async () => {
    await setUp("C_CHART2");
    let now = new Date(DUE.getTime() + 10_000);
    const s = scheduler(ctx.db, () => now);
    slack.always("files.completeUploadExternal", { error: "not_in_channel" });
    await s.tick();
    now = new Date(now.getTime() + 60_000);
    await s.tick();
    expect(await chartState()).toBe("failed");
    now = new Date(now.getTime() + 60_000);
    await s.tick();
    expect(slack.calls("files.completeUploadExternal")).toHaveLength(2);
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    const [row] = await ctx.db
      .select()
      .from(digestDeliveries)
      .where(eq(digestDeliveries.status, "posted"));
    expect(row?.error).toBeNull();
    await s.stop();
  });
});
