import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { promisify } from "node:util";
import { inArray } from "drizzle-orm";
import postgres from "postgres";
import { transcripts } from "../src/db/schema.js";
import { defaultRetryBackoffMs } from "../src/ingest/uploads.js";
import { defaultLeaseTiming, defaultRecoverEveryMs } from "../src/lease.js";
import { DEFAULT_PROGRESS_AFTER_MS } from "../src/slack/upload-ports.js";
import { defaultRecordRetry } from "../src/slack/upload-recorder.js";
import { type SlackStandIn, startSlackStandIn } from "../test/helpers/slack-stand-in.js";
import {
  MEMBER,
  seedText,
  shareFile,
  sleep,
  startTestApp,
  type TestApp,
} from "../test/slack/harness.js";
import { replied, uploadThread } from "../test/slack/support/upload-threads.js";
import { type BenchContext, type BenchSection, benchDb, mdTable, measuredOn } from "./harness.js";

/**
 * Issue 14, item 2 with a real Postgres restart: the app (in this process, production lease,
 * sweep, retry and progress timings; the Slack Web API is the test stand-in) takes a steady
 * stream of uploads while its Postgres server is restarted with `pg_ctlcluster
 * --skip-systemctl-redirect 15 <cluster> restart`, then stopped for 10 s and started again.
 *
 * The server restarted is a private cluster this bench creates (pg_createcluster, on a free
 * port) and drops afterwards, never the shared `main` cluster other work on this host uses; the
 * finally blocks start it again if a run stops half-way, then drop it. Counted per scenario:
 * uploads lost (never answered) and doubled (stored or answered twice, or a second post in the
 * thread), how many met the outage (their thread was told the file could not be saved yet),
 * when the server was unreachable (a probe connection of its own, every 100 ms), when /healthz
 * (every 100 ms) said 503 and 200 again, and seconds from the server being back to the last
 * upload answered. `npm run bench -- --only db-restart`.
 */

const run = promisify(execFile);
const VERSION = "15";
const CHANNELS = ["CPGRESTART1", "CPGRESTART2", "CPGRESTART3"];
const OUTAGE_NOTICE = /couldn't save|can't save/u;

interface Scenario {
  name: string;
  /** Takes the server away and brings it back; resolves when it accepts connections again. */
  bounce(cluster: string): Promise<void>;
}

const scenarios: Scenario[] = [
  {
    name: "`pg_ctlcluster … restart`",
    bounce: (cluster) => ctl("restart", cluster),
  },
  {
    name: "stopped 10 s, then started",
    bounce: async (cluster) => {
      await ctl("stop", cluster);
      await sleep(10_000);
      await ctl("start", cluster);
    },
  },
];

interface Measured {
  scenario: string;
  uploads: number;
  metOutage: number;
  lost: number;
  doubled: number;
  /** Seconds from the command: the probe's first failure, and its first success after it. */
  serverDownAtS: number;
  serverUpAtS: number;
  /** Seconds from the command: /healthz's first 503, and its first 200 after it. */
  health503AtS: number;
  health200AtS: number;
  upToLastAnswerS: number;
}

async function ctl(action: "restart" | "stop" | "start", cluster: string): Promise<void> {
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", VERSION, cluster, action]);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A throw-away cluster of its own: restarting it disturbs nobody else's database. */
async function privateCluster(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `hsbench${randomBytes(3).toString("hex")}`;
  const port = await freePort();
  await run("pg_createcluster", [
    VERSION,
    name,
    "-p",
    String(port),
    "--start",
    "--",
    "--auth-host=trust",
    "--auth-local=trust",
  ]);
  return {
    name,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async drop() {
      await run("pg_dropcluster", ["--stop", VERSION, name]);
    },
  };
}

function variant(tag: string): string {
  return seedText.replace(/^Candidate: ([^-\n]+)/gmu, `Candidate: $1 ${tag}`);
}

/** Asks `check` every 100 ms until stopped; returns when each answer was asked for. */
function poll(check: () => Promise<boolean>): {
  stop(): Promise<Array<{ at: number; ok: boolean }>>;
} {
  const seen: Array<{ at: number; ok: boolean }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now();
      seen.push({ at, ok: await check().catch(() => false) });
      await sleep(100);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

/** The first failure at or after `from`, and the first success after that. */
function outage(seen: Array<{ at: number; ok: boolean }>, from: number) {
  const down = seen.find((h) => h.at >= from && !h.ok);
  const up = down ? seen.find((h) => h.at > down.at && h.ok) : undefined;
  return { down: down?.at, up: up?.at };
}

interface Scene {
  app: TestApp;
  slack: SlackStandIn;
  db: Parameters<typeof startTestApp>[0];
  /** The bench database's URL, for the probe's own connection. */
  url: string;
  cluster: string;
}

async function runScenario(
  ctx: BenchContext,
  scenario: Scenario,
  scene: Scene,
  round: number,
): Promise<Measured> {
  const { app, slack, db } = scene;
  const uploads = ctx.quick ? 8 : 20;
  const bounceAfter = ctx.quick ? 3 : 8;
  slack.reset();
  // Every download takes a second, so uploads are mid-flight at every stage when it goes.
  slack.script(
    "files.download",
    Array.from({ length: uploads }, () => ({ delayMs: 1_000 })),
  );
  const health = poll(async () => {
    const response = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  });
  // The server's own view, apart from the app's pool: one connection, reconnected at once.
  const probeClient = postgres(scene.url, {
    max: 1,
    connect_timeout: 1,
    backoff: () => 0.02,
    onnotice: () => {},
  });
  const probe = poll(async () => {
    await probeClient`select 1`;
    return true;
  });
  const shares: Array<Awaited<ReturnType<typeof shareFile>>> = [];
  let bounced: Promise<void> | undefined;
  let bounceStarted = 0;
  let commandDoneAt = 0;
  for (let k = 0; k < uploads; k += 1) {
    if (k === bounceAfter) {
      bounceStarted = Date.now();
      bounced = scenario.bounce(scene.cluster).then(() => {
        commandDoneAt = Date.now();
      });
    }
    shares.push(
      await shareFile(
        app,
        slack,
        { name: `restart-${round}-${k}.txt`, content: variant(`R${round}x${k}`) },
        { channel: CHANNELS[k % CHANNELS.length] as string },
      ),
    );
    await sleep(250);
  }
  await bounced;
  ctx.log(
    `${scenario.name}: the command returned after ${((commandDoneAt - bounceStarted) / 1000).toFixed(1)} s`,
  );

  const ids = shares.map((s) => s.id);
  const deadline = commandDoneAt + 180_000;
  let rows: Array<typeof transcripts.$inferSelect> = [];
  while (Date.now() < deadline) {
    rows = await db
      .select()
      .from(transcripts)
      .where(inArray(transcripts.slackFileId, ids))
      .catch(() => []);
    if (shares.every((s) => rows.some((r) => r.slackFileId === s.id && replied(slack, r.id)))) {
      break;
    }
    await sleep(250);
  }
  await sleep(2_000);
  await app.deps.uploads.idle();
  const healthSeen = await health.stop();
  const probeSeen = await probe.stop();
  await probeClient.end({ timeout: 1 });

  let lost = 0;
  let doubled = 0;
  let metOutage = 0;
  let lastAnswer = 0;
  for (const share of shares) {
    const mine = rows.filter((r) => r.slackFileId === share.id);
    const row = mine[0];
    if (!row) {
      lost += 1;
      continue;
    }
    const thread = await uploadThread(slack, app.deps.client, {
      channel: String(share.event.channel),
      threadTs: String(share.event.ts),
      transcriptId: row.id,
    });
    if (thread.replyDeliveries.length === 0) lost += 1;
    if (mine.length > 1 || thread.replyDeliveries.length > 1 || thread.posts.length > 1) {
      doubled += 1;
    }
    if (thread.posts.some((p) => OUTAGE_NOTICE.test(String(p.body.text)))) metOutage += 1;
    for (const d of thread.replyDeliveries) lastAnswer = Math.max(lastAnswer, d.at);
  }
  const server = outage(probeSeen, bounceStarted);
  const appHealth = outage(healthSeen, bounceStarted);
  const s = (from: number | undefined, to: number | undefined) =>
    from === undefined || to === undefined ? Number.NaN : (to - from) / 1000;
  return {
    scenario: scenario.name,
    uploads,
    metOutage,
    lost,
    doubled,
    serverDownAtS: s(bounceStarted, server.down),
    serverUpAtS: s(bounceStarted, server.up),
    health503AtS: s(bounceStarted, appHealth.down),
    health200AtS: s(bounceStarted, appHealth.up),
    upToLastAnswerS: s(server.up, lastAnswer || undefined),
  };
}

export default async function dbRestartBench(ctx: BenchContext): Promise<BenchSection> {
  const cluster = await privateCluster();
  ctx.log(`private cluster ${cluster.name} at ${cluster.url}`);
  const results: Measured[] = [];
  try {
    const bench = await benchDb("postgres", cluster.url);
    const slack = await startSlackStandIn();
    for (const channel of CHANNELS) slack.setMembers(channel, [MEMBER]);
    const app = await startTestApp(bench.handle.db, slack, {
      upload: {
        leaseMs: defaultLeaseTiming.leaseMs,
        recoverEveryMs: defaultRecoverEveryMs,
        recoverGraceMs: 5_000,
        retryBackoffMs: defaultRetryBackoffMs,
        recordRetry: defaultRecordRetry,
        progressAfterMs: DEFAULT_PROGRESS_AFTER_MS,
      },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      // Warm up (the scorer, the pool) before anything is timed.
      await shareFile(
        app,
        slack,
        { name: "warm.txt", content: variant("Warm") },
        {
          channel: CHANNELS[0] as string,
        },
      );
      await slack.waitForCalls("chat.postMessage", 1, 60_000);
      await app.deps.uploads.idle();
      const scene: Scene = {
        app,
        slack,
        db: bench.handle.db,
        url: bench.url as string,
        cluster: cluster.name,
      };
      for (const [round, scenario] of scenarios.entries()) {
        const m = await runScenario(ctx, scenario, scene, round);
        ctx.log(
          `${m.scenario}: lost ${m.lost}, doubled ${m.doubled}, last answer ${m.upToLastAnswerS.toFixed(1)} s after Postgres was back`,
        );
        results.push(m);
      }
      if (unhandled.length > 0) throw new Error(`${unhandled.length} unhandled rejections`);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      // Whatever happened above, the server is started again before anything is closed.
      await ctl("start", cluster.name).catch(() => {});
      await app.stop();
      await slack.close();
      await bench.dispose();
    }
  } finally {
    await cluster.drop();
  }

  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
  return {
    title: "Postgres restart under uploads",
    lines: [
      measuredOn(),
      "",
      `The app (in process, production timings: lease ${defaultLeaseTiming.leaseMs / 1000} s, recovery sweep every ${defaultRecoverEveryMs / 1000} s, a failed attempt retried after ${defaultRetryBackoffMs / 1000} s, recording retried for ${defaultRecordRetry.withinMs / 60_000} minutes) receives one upload every 250 ms, each download taking 1 s, while its Postgres server (a private cluster made for this bench, never the shared one) is restarted with \`pg_ctlcluster --skip-systemctl-redirect 15 <cluster> restart\`, and then stopped for 10 s and started. Times are seconds from the command being issued. **server down / up**: a probe connection of its own (every 100 ms) first failed / first succeeded again; **/healthz 503 / 200**: the app's health route (every 100 ms) first said 503 / 200 again; **server up → last answer**: from the probe's first success to the last upload's reply. **met the outage**: uploads whose thread was told the file could not be saved yet (the reply later replaced that line). Targets: 0 lost, 0 doubled.`,
      "",
      ...mdTable(
        [
          "scenario",
          "uploads",
          "met the outage",
          "lost",
          "doubled",
          "server down at s",
          "server up at s",
          "/healthz 503 at s",
          "/healthz 200 at s",
          "server up → last answer s",
        ],
        results.map((r) => [
          r.scenario,
          r.uploads,
          r.metOutage,
          r.lost,
          r.doubled,
          f(r.serverDownAtS),
          f(r.serverUpAtS),
          f(r.health503AtS),
          f(r.health200AtS),
          f(r.upToLastAnswerS),
        ]),
      ),
    ],
  };
}
