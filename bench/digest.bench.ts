import { WebClient } from "@slack/web-api";
import pLimit from "p-limit";
import postgres from "postgres";
import { loadConfig } from "../src/config.js";
import { loadDigestRows } from "../src/db/repositories/digest-rows.js";
import { digestSubscriptions } from "../src/db/schema.js";
import { buildDigest, type DigestRow } from "../src/digest/build.js";
import { buildChartData, type ChartData } from "../src/digest/chart-data.js";
import { FULL_FONT_FILE } from "../src/digest/chart-font.js";
import { renderChartPng, renderChartSvg, svgToPng } from "../src/digest/chart-render.js";
import { type DuePlan, findDue } from "../src/digest/deliveries.js";
import { renderDigest } from "../src/digest/render.js";
import {
  CHART_CONCURRENCY,
  digestRows,
  prefetchRows,
  startDigestScheduler,
} from "../src/digest/scheduler.js";
import { createLogger } from "../src/logger.js";
import { createDigestPorts } from "../src/slack/digest-ports.js";
import { startSlackStandIn } from "../test/helpers/slack-stand-in.js";
import {
  type BenchContext,
  type BenchSection,
  benchDb,
  cpuMsSince,
  mdTable,
  measuredOn,
  median,
  percentile,
  spread,
  timeAsync,
  writeSamples,
} from "./harness.js";

/**
 * Digests at scale on the real Postgres: 1,000 subscribed channels over a 100,000-candidate
 * workspace (26 weeks of interviews, re-uploads to other channels, overrides and flags).
 *
 * 1. Building every channel's digest the way a tick does (rows for all due channels in
 *    batched queries, then the pure build and render), next to one query per digest and to
 *    one query per candidate (the N+1 shape both avoid): the ratios are the figure.
 * 2. The same build with each digest's chart, as a tick with charts does (rows batched over the
 *    chart's 8 periods, chart data, Vega-Lite → SVG → PNG): target under 10 s for all 1,000.
 *    Both builds run 3 times, alternating; the chart render is also timed alone, beside the
 *    PNG step as it was before (whole font file, resvg's encoder) on the same SVGs.
 * 3. One scheduler tick delivering all 1,000 digests to the Slack stand-in, counting Web API
 *    calls: exactly one chat.postMessage per channel per period, none on the next tick.
 */
const TEAM = "T_BENCH";
const RUNS = 3;
const DUE = new Date("2026-11-23T09:00:00Z"); // a Monday

export default async function digestBench(ctx: BenchContext): Promise<BenchSection> {
  const nCandidates = ctx.quick ? 10_000 : 100_000;
  const nChannels = ctx.quick ? 100 : 1_000;
  const weeks = 26;
  const db = await benchDb("postgres", ctx.postgresUrl);
  const slack = await startSlackStandIn();
  try {
    if (!db.url) throw new Error("postgres bench database has no URL");
    const raw = postgres(db.url, { max: 1, onnotice: () => {} });
    const load = await timeAsync(async () => {
      await bulkLoad(raw, nCandidates, nChannels, weeks);
    });
    await raw.end();
    ctx.log(`loaded ${nCandidates} candidates in ${(load.ms / 1000).toFixed(1)} s`);

    const subs = Array.from({ length: nChannels }, (_, i) => ({
      teamId: TEAM,
      channelId: channelId(i),
      weekday: 1,
      timeOfDay: "09:00",
      timezone: "UTC",
      scope: "channel" as const,
      activeSince: new Date("2026-01-01T00:00:00Z"),
      createdBy: "U_BENCH",
      updatedBy: "U_BENCH",
    }));
    for (let i = 0; i < subs.length; i += 500) {
      await db.handle.db.insert(digestSubscriptions).values(subs.slice(i, i + 500));
    }

    // 1. Build every digest as the tick does: the due plans, their rows in one query per
    //    window (batches of 250 channels), then the pure build and render per channel.
    // 2. The same build with every digest's chart, as a tick with charts runs it: the batched
    //    rows reach back over the chart's 8 periods (the digest keeps its 2), and up to
    //    CHART_CONCURRENCY charts (chart data, Vega-Lite → SVG → PNG) are drawn beside the
    //    next digests. Runs alternate; the first run with charts is cold (it loads vega,
    //    vega-lite and resvg, as a process's first chart does).
    const dueAt = new Date(DUE.getTime() + 30_000);
    let interviewsSeen = 0;
    let maxBlocks = 0;
    const buildOne = (plan: DuePlan, rows: DigestRow[]) => {
      const digest = buildDigest({
        scope: { kind: "channel", channelId: plan.subscription.channelId },
        start: plan.start,
        end: plan.end,
        previousStart: plan.previousStart,
        timezone: "UTC",
        filters: { role: null, minTier: null },
        late: false,
        dueAt: plan.period.dueAt,
        rows,
      });
      interviewsSeen += digest.interviews;
      maxBlocks = Math.max(maxBlocks, renderDigest(digest).blocks.length);
    };
    const buildRun = async (charts: boolean) => {
      let rowsMs = 0;
      const renderMs: number[] = [];
      const chartData: ChartData[] = [];
      const limit = pLimit(CHART_CONCURRENCY);
      const jobs: Promise<void>[] = [];
      const chart = async (plan: DuePlan, rows: DigestRow[]) => {
        const data = buildChartData({
          start: plan.start,
          end: plan.end,
          timezone: "UTC",
          role: null,
          rows,
        });
        chartData.push(data);
        renderMs.push((await timeAsync(() => renderChartPng(data))).ms);
      };
      const cpuSince = process.cpuUsage();
      const run = await timeAsync(async () => {
        const plans = await findDue(db.handle.db, dueAt);
        for (let i = 0; i < plans.length; i += 250) {
          const batch = plans.slice(i, i + 250);
          const fetched = await timeAsync(() => prefetchRows(db.handle.db, batch, { charts }));
          rowsMs += fetched.ms;
          for (const plan of batch) {
            const rows = fetched.value.get(plan.subscription.id) ?? [];
            buildOne(plan, digestRows(rows, plan.previousStart));
            if (charts) jobs.push(limit(() => chart(plan, rows)));
          }
        }
        await Promise.all(jobs);
        return plans.length;
      });
      if (run.value !== nChannels) throw new Error(`expected ${nChannels} due, got ${run.value}`);
      return { ms: run.ms, cpuMs: cpuMsSince(cpuSince), rowsMs, renderMs, chartData };
    };
    const plain: Awaited<ReturnType<typeof buildRun>>[] = [];
    const withCharts: Awaited<ReturnType<typeof buildRun>>[] = [];
    const reported = { interviews: 0, maxBlocks: 0 };
    for (let round = 0; round < RUNS; round++) {
      plain.push(await buildRun(false));
      // Every run counts the same digests again; report the first.
      if (round === 0) Object.assign(reported, { interviews: interviewsSeen, maxBlocks });
      ctx.log(`built ${nChannels} digests in ${((plain.at(-1)?.ms ?? 0) / 1000).toFixed(2)} s`);
      withCharts.push(await buildRun(true));
      ctx.log(
        `built ${nChannels} digests with charts in ${((withCharts.at(-1)?.ms ?? 0) / 1000).toFixed(2)} s`,
      );
    }
    const buildMs = median(plain.map((r) => r.ms));
    const chartsMs = median(withCharts.map((r) => r.ms));
    const renderInBuild = withCharts.flatMap((r) => r.renderMs);

    // The render alone, one chart after another, from the same chart data: SVG, PNG, and the
    // PNG as it was drawn before (whole Inter file, resvg's own PNG encoder) for comparison.
    const chartData = withCharts.at(-1)?.chartData ?? [];
    const svgMs: number[] = [];
    const pngMs: number[] = [];
    const beforeMs: number[] = [];
    let pngBytes = 0;
    let beforeBytes = 0;
    const serial = await timeAsync(async () => {
      for (const data of chartData) {
        const svg = await timeAsync(() => renderChartSvg(data));
        const png = await timeAsync(() => svgToPng(svg.value));
        svgMs.push(svg.ms);
        pngMs.push(png.ms);
        pngBytes += png.value.length;
      }
    });
    for (const data of chartData) {
      const svg = await renderChartSvg(data);
      const before = await timeAsync(() => svgToPngBefore(svg));
      beforeMs.push(before.ms);
      beforeBytes += before.value.length;
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    ctx.log(`rendered ${chartData.length} charts one by one in ${(serial.ms / 1000).toFixed(2)} s`);

    const previousStart = new Date(DUE.getTime() - 14 * 86_400_000);
    // The same rows with one query per channel (what `preview` and a takeover do).
    const perDigest: number[] = [];
    const single = await timeAsync(async () => {
      for (const sub of subs) {
        const one = await timeAsync(() =>
          loadDigestRows(db.handle.db, {
            teamId: TEAM,
            scope: { kind: "channel", channelId: sub.channelId },
            from: previousStart,
            to: DUE,
          }),
        );
        perDigest.push(one.ms);
      }
    });
    ctx.log(`one query per digest: ${(single.ms / 1000).toFixed(2)} s`);

    // The N+1 shape for comparison, on a sample of channels (it is slow by design).
    const sample = subs.slice(0, Math.min(50, subs.length));
    const naive = await timeAsync(async () => {
      const sql = postgres(db.url as string, { max: 1, onnotice: () => {} });
      try {
        for (const sub of sample) {
          const ids = await sql`
            select i.id, i.candidate_id from interviews i
            join transcripts t on t.id = i.transcript_id
            where i.team_id = ${TEAM} and t.channel_id = ${sub.channelId}
              and i.interviewed_at >= ${previousStart} and i.interviewed_at < ${DUE}`;
          for (const r of ids) {
            await sql`select * from interviews where id = ${r.id}`;
            await sql`select * from candidates where id = ${r.candidate_id}`;
            await sql`select * from score_overrides where candidate_id = ${r.candidate_id}
                      order by created_at desc limit 1`;
          }
        }
      } finally {
        await sql.end();
      }
    });
    const naivePerDigest = naive.ms / sample.length;
    const singlePerDigest = single.ms / subs.length;

    // 2. One tick delivers everything; the next delivers nothing.
    const client = new WebClient("xoxb-bench", {
      slackApiUrl: slack.url,
      timeout: 5_000,
      retryConfig: { retries: 2, minTimeout: 50, maxTimeout: 200 },
    });
    let clock = new Date(DUE.getTime() + 30_000);
    const scheduler = startDigestScheduler({
      db: db.handle.db,
      ports: createDigestPorts(client, createLogger({ LOG_LEVEL: "silent" })),
      config: loadConfig({}),
      logger: createLogger({ LOG_LEVEL: "silent" }),
      instanceId: "bench",
      now: () => clock,
      cron: false,
    });
    const tick = await timeAsync(() => scheduler.tick());
    clock = new Date(clock.getTime() + 60_000);
    const second = await scheduler.tick();
    await scheduler.stop();
    const postCalls = slack.calls("chat.postMessage");
    const channelsPosted = new Set(postCalls.map((c) => c.body.channel)).size;
    const otherCalls = slack.calls().length - postCalls.length;
    ctx.log(`tick posted ${tick.value.posted} in ${(tick.ms / 1000).toFixed(1)} s`);

    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    const runs = (xs: { ms: number }[]) =>
      `${spread(
        xs.map((r) => r.ms / 1000),
        2,
      )} s`;
    const perChart = (xs: number[]) =>
      `${percentile(xs, 50).toFixed(1)} / ${percentile(xs, 99).toFixed(1)} ms`;
    const file = await writeSamples("digest", {
      runs: {
        plainMs: plain.map((r) => r.ms),
        withChartsMs: withCharts.map((r) => r.ms),
        withChartsCpuMs: withCharts.map((r) => r.cpuMs),
      },
      rowsMs: { plain: plain.map((r) => r.rowsMs), withCharts: withCharts.map((r) => r.rowsMs) },
      serialPerChartMs: {
        svg: svgMs.map(round1),
        png: pngMs.map(round1),
        pngBefore: beforeMs.map(round1),
      },
    });
    const met = chartsMs < 10_000;

    return {
      title: "Weekly digests (Postgres)",
      lines: [
        measuredOn(),
        "",
        `**With charts, target ${met ? "met" : "missed"}**: building ${nChannels.toLocaleString("en-US")} digests with their charts took ${seconds(chartsMs)} s (median of ${RUNS} runs; target < 10 s), ${(chartsMs / buildMs).toFixed(1)}× the build without charts. Runs alternate without and with charts; the first run with charts is cold (it loads vega, vega-lite and resvg). Raw figures in \`${file}\`.`,
        "",
        `${nCandidates.toLocaleString("en-US")} candidates and interviews over ${weeks} weeks in ${nChannels.toLocaleString("en-US")} channels (plus 5% re-uploads to a second channel and 2% overrides), bulk-loaded in ${(load.ms / 1000).toFixed(1)} s with multi-row INSERT … SELECT; ${nChannels.toLocaleString("en-US")} channels subscribed, all due at the same Monday 09:00.`,
        "",
        ...mdTable(
          ["measure", "value", "target"],
          [
            [
              `build ${nChannels} digests as a tick does (find due, rows in batched queries, build, render): min / **median** / max of ${RUNS} runs`,
              runs(plain),
              "< 1 s",
            ],
            [
              `build ${nChannels} digests with their charts as a tick with charts does (the batched rows reach back 8 periods; chart data, Vega-Lite → SVG → PNG, ${CHART_CONCURRENCY} charts in flight): min / **median** / max of ${RUNS} runs`,
              runs(withCharts),
              "< 10 s",
            ],
            [
              "CPU this process used during the builds with charts (all its threads; Postgres not included), median: total, per digest",
              `${seconds(median(withCharts.map((r) => r.cpuMs)))} s, ${(median(withCharts.map((r) => r.cpuMs)) / nChannels).toFixed(1)} ms`,
              "",
            ],
            [
              `batched rows inside those builds (4 queries of 250 channels): 2 periods / 8 periods, median of ${RUNS} runs`,
              `${seconds(median(plain.map((r) => r.rowsMs)))} s / ${seconds(median(withCharts.map((r) => r.rowsMs)))} s`,
              "",
            ],
            [
              `chart render inside the builds with charts: p50 / p99 per chart`,
              perChart(renderInBuild),
              "",
            ],
            [
              `chart render for ${chartData.length} digests, one after another (chart data → SVG → PNG; rows excluded): total, SVG / PNG share, p50 / p99 per chart`,
              `${seconds(serial.ms)} s (SVG ${seconds(sum(svgMs))} s, PNG ${seconds(sum(pngMs))} s), ${perChart(svgMs.map((s, i) => s + (pngMs[i] ?? 0)))}; ${Math.round(pngBytes / Math.max(1, pngMs.length) / 1024)} KB per PNG`,
              "",
            ],
            [
              "the same PNG step as before this change (whole Inter file, resvg's own PNG encoder), same SVGs, one after another",
              `${seconds(sum(beforeMs))} s, ${perChart(beforeMs)}; ${Math.round(beforeBytes / Math.max(1, beforeMs.length) / 1024)} KB per PNG`,
              "",
            ],
            [
              "rows with one query per digest (preview, takeover): total, p50 / p99",
              `${seconds(single.ms)} s, ${perChart(perDigest)} (${(single.ms / buildMs).toFixed(1)}× the batched build)`,
              "",
            ],
            [
              `rows with one query per candidate (N+1, ${sample.length} channels)`,
              `${naivePerDigest.toFixed(1)} ms per digest (${(naivePerDigest / singlePerDigest).toFixed(1)}× one query per digest)`,
              "",
            ],
            [
              "interviews reported / largest message",
              `${reported.interviews} / ${reported.maxBlocks} blocks`,
              "≤ 50 blocks",
            ],
            [
              `one tick delivering every digest to the Slack stand-in (charts off, so only digests are counted)`,
              `${seconds(tick.ms)} s, ${tick.value.posted} posted`,
              "",
            ],
            [
              "chat.postMessage calls per channel per period",
              `${(postCalls.length / nChannels).toFixed(2)} (${postCalls.length} calls, ${channelsPosted} channels)`,
              "exactly 1",
            ],
            ["other Web API calls", String(otherCalls), "0"],
            ["calls on the next tick", String(second.posted + second.claimed), "0"],
          ],
        ),
      ],
    };
  } finally {
    await slack.close();
    await db.dispose();
  }
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** The PNG step as it was before the chart font was cut and the PNG encoded with node's zlib. */
async function svgToPngBefore(svg: string): Promise<Buffer> {
  const { renderAsync } = await import("@resvg/resvg-js");
  const image = await renderAsync(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [FULL_FONT_FILE],
      defaultFontFamily: "Inter",
      sansSerifFamily: "Inter",
    },
    background: "white",
  });
  return image.asPng();
}

function channelId(i: number): string {
  return `C${String(i).padStart(6, "0")}`;
}

/** Server-side generated rows: a few multi-row INSERT … SELECT statements. */
export async function bulkLoad(
  sql: postgres.Sql,
  n: number,
  channels: number,
  weeks: number,
): Promise<void> {
  const hours = weeks * 7 * 24;
  const end = DUE.toISOString();
  await sql`
    insert into candidates (id, team_id, display_name, normalized_name, role_key, roles)
    select md5('c' || i)::uuid, ${TEAM}, 'Candidate ' || i, 'candidate ' || i,
           'backend engineer', array['Backend Engineer']
    from generate_series(1, ${n}::int) i`;
  await sql`
    insert into transcripts (id, team_id, source_kind, channel_id, content_hash, status)
    select md5('t' || i)::uuid, ${TEAM}, 'slack', 'C' || lpad((i % ${channels}::int)::text, 6, '0'),
           md5('t' || i), 'done'
    from generate_series(1, ${n}::int) i`;
  // 5% of files re-uploaded to another channel: duplicate rows pointing at the original.
  await sql`
    insert into transcripts (team_id, source_kind, channel_id, content_hash, status, duplicate_of)
    select ${TEAM}, 'slack', 'C' || lpad(((i + 7) % ${channels}::int)::text, 6, '0'),
           md5('t' || i), 'done', md5('t' || i)::uuid
    from generate_series(1, ${n}::int, 20) i`;
  await sql`
    insert into interviews (id, team_id, candidate_id, transcript_id, position, role, score, tier,
                            confidence, scorer_version, strengths, concerns, flags, reason,
                            interviewed_at, ingested_at)
    select md5('i' || i)::uuid, ${TEAM}, md5('c' || i)::uuid, md5('t' || i)::uuid, 0,
           'Backend Engineer', (i * 37) % 100,
           (case when (i * 37) % 100 >= 85 then 'exceptional' when (i * 37) % 100 >= 65 then 'strong'
                 when (i * 37) % 100 >= 40 then 'average' else 'weak' end)::tier,
           case when i % 11 = 0 then 0.3 else 0.9 end, 'bench', '[]'::jsonb, '[]'::jsonb,
           case when i % 17 = 0 then '[{"kind":"off_role_question","n":2,"message":"Question 2 is about sales."}]'::jsonb
                else '[]'::jsonb end,
           'Specific answers with measured outcomes.',
           ${end}::timestamptz - ((i * 7919) % ${hours}::int) * interval '1 hour' - interval '1 minute',
           ${end}::timestamptz - ((i * 7919) % ${hours}::int) * interval '1 hour'
    from generate_series(1, ${n}::int) i`;
  await sql`
    insert into score_overrides (team_id, candidate_id, tier, reason, set_by, created_at)
    select ${TEAM}, md5('c' || i)::uuid, 'strong', 'Panel decision', 'U_BENCH',
           ${end}::timestamptz - interval '3 days'
    from generate_series(1, ${n}::int, 50) i`;
  // Steady state: statistics, hint bits and the visibility map as a live database has them.
  await sql`vacuum analyze`;
}
