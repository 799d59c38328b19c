import { spawn } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { defaultScoringThreads, loadConfig } from "../src/config.js";
import type { Db } from "../src/db/client.js";
import { configureScoringPool, warmUpScoringPool } from "../src/ingest/scoring-pool.js";
import { createLogger } from "../src/logger.js";
import { createSlackApp } from "../src/slack/create-app.js";
import { defaultWorkConcurrency } from "../src/slack/work-queue.js";
import {
  eventEnvelope,
  fileShareEvent,
  sendCommand,
  sendEvent,
} from "../test/helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../test/helpers/slack-stand-in.js";
import {
  type BenchContext,
  type BenchSection,
  benchDb,
  mdTable,
  measuredOn,
  median,
  nowMs,
  percentile,
  timeAsync,
} from "./harness.js";

/**
 * Slack: how quickly `/candidate` is acknowledged (Slack gives up after 3 s) when 50 signed
 * requests arrive at once against a 100,000-candidate database, and how long an uploaded seed
 * file takes from the event to the in-thread reply. The real Bolt app runs in HTTP mode on an
 * ephemeral port; the Slack Web API is the local stand-in used by the tests.
 */
const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench";
const CHANNEL = "CBENCH0001";
const USER = "UBENCH0001";
/**
 * Each round's senders: 50 people of its own, one per concurrent client, so each stays inside
 * the per-person command limit (src/slack/rate-limit.ts: 20 at once, then 20 a minute) as 50
 * real users would; one user sending 500 commands is the edge test's case
 * (test/slack/edge.test.ts), not this one. USER (the warm-up and the uploads) is none of them.
 */
const roundUsers = (round: number) =>
  Array.from({ length: 50 }, (_, i) => `UBENCH${round + 1}${String(i + 1).padStart(3, "0")}`);
const MEMBERS = [USER, ...roundUsers(0), ...roundUsers(1), ...roundUsers(2)];

const firstNames = [
  "Ada",
  "Alan",
  "Amara",
  "Ana",
  "Arjun",
  "Beatriz",
  "Bruno",
  "Chen",
  "Chloe",
  "Dario",
  "Deepa",
  "Elena",
  "Emeka",
  "Erik",
  "Fatima",
  "Felix",
  "Grace",
  "Hana",
  "Hugo",
  "Ines",
  "Ivan",
  "Jamal",
  "Jana",
  "Kenji",
  "Kofi",
  "Lara",
  "Leon",
  "Lucia",
  "Malik",
  "Maria",
  "Mateo",
  "Mei",
  "Nadia",
  "Nikhil",
  "Nora",
  "Omar",
  "Paula",
  "Pedro",
  "Priya",
  "Rafael",
  "Rosa",
  "Sami",
  "Sara",
  "Sofia",
  "Tariq",
  "Tomas",
  "Uma",
  "Victor",
  "Yara",
  "Zoe",
];
const syllables = [
  "ber",
  "cal",
  "dor",
  "fen",
  "gar",
  "hol",
  "ken",
  "lin",
  "mar",
  "nov",
  "ost",
  "pel",
  "quin",
  "ros",
  "sten",
  "tor",
  "ull",
  "vas",
  "wen",
  "zan",
];

/** The i-th generated name: 50 first names x 8,000 three-syllable surnames, all distinct. */
function nameAt(i: number): string {
  const first = firstNames[i % 50] as string;
  const s = (k: number) => syllables[Math.floor(i / k) % 20] as string;
  const last = s(50) + s(1000) + s(20000);
  return `${first} ${last.charAt(0).toUpperCase()}${last.slice(1)}`;
}

/** A plausible typo: two neighbouring letters of the surname swapped. */
function withTypo(name: string, seed: number): string {
  const space = name.indexOf(" ");
  const at = space + 2 + (seed % Math.max(1, name.length - space - 3));
  if (at + 1 >= name.length) return name;
  return name.slice(0, at) + name.charAt(at + 1) + name.charAt(at) + name.slice(at + 2);
}

async function bulkLoad(db: Db, n: number, teamId: string): Promise<void> {
  const firsts = `array[${firstNames.map((f) => `'${f}'`).join(",")}]`;
  const sylls = `array[${syllables.map((s) => `'${s}'`).join(",")}]`;
  const last = `(${sylls})[1 + (i / 50) % 20] || (${sylls})[1 + (i / 1000) % 20] || (${sylls})[1 + (i / 20000) % 20]`;
  const display = `(${firsts})[1 + i % 50] || ' ' || upper(substr(${last}, 1, 1)) || substr(${last}, 2)`;
  await db.execute(
    sql.raw(`
      insert into candidates (id, team_id, display_name, normalized_name, role_key, roles,
                              latest_score, latest_tier, effective_tier, interview_count)
      select md5('c' || i)::uuid, '${teamId}', ${display}, lower(${display}),
             'backend engineer', array['Backend Engineer'], (i * 37) % 100,
             (case when (i * 37) % 100 >= 85 then 'exceptional' when (i * 37) % 100 >= 65 then 'strong'
                   when (i * 37) % 100 >= 40 then 'average' else 'weak' end)::tier,
             (case when (i * 37) % 100 >= 85 then 'exceptional' when (i * 37) % 100 >= 65 then 'strong'
                   when (i * 37) % 100 >= 40 then 'average' else 'weak' end)::tier, 0
      from generate_series(0, ${n - 1}) i`),
  );
  await db.execute(
    sql.raw(`
      insert into candidate_channels (candidate_id, team_id, channel_id)
      select md5('c' || i)::uuid, '${teamId}', '${CHANNEL}' from generate_series(0, ${n - 1}) i`),
  );
  await db.execute(sql`analyze`);
}

/** Runs the load generator in its own process and returns its measurements. */
function runLoadClient(job: Record<string, unknown>): Promise<{
  ack: number[];
  /** Steady mode only: the client timed the answers itself. */
  answer: number[];
  sentAt: Record<string, number>;
}> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./slack-load-client.ts", import.meta.url))],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stdin.end(JSON.stringify(job));
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
      else resolve(JSON.parse(out));
    });
  });
}

interface LoadRound {
  mode: "burst" | "steady";
  connections: "keep-alive" | "new";
  requests: number;
  ack: number[];
  answer: number[];
}

/** One large upload: how long the app's event loop (every ack, every lookup) stood still. */
interface StallRun {
  threads: number;
  maxStallMs: number;
  replyMs: number;
}

interface DriverResult {
  driver: string;
  rounds: LoadRound[];
  upload: number[];
  stalls: StallRun[];
  loadMs: number;
}

async function runDriver(
  ctx: BenchContext,
  driver: "pglite" | "postgres",
  slack: SlackStandIn,
): Promise<DriverResult> {
  const n = ctx.quick ? 10_000 : 100_000;
  const requests = ctx.quick ? 100 : 500;
  const concurrency = 50;
  const uploads = ctx.quick ? 2 : 5;
  const bench = await benchDb(driver, ctx.postgresUrl);
  try {
    const load = await timeAsync(() => bulkLoad(bench.handle.db, n, slack.teamId));
    ctx.log(`slack [${driver}]: loaded ${n} candidates in ${(load.ms / 1000).toFixed(1)} s`);
    const config = loadConfig({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      DATA_DIR: "memory://",
      LOG_LEVEL: "silent",
    });
    const app = createSlackApp({
      config,
      db: bench.handle.db,
      logger: createLogger(config),
      // No "working on it" line: the bench times the reply, which that line would stand in for.
      upload: { recoverEveryMs: 0, progressAfterMs: 0 },
      maxConcurrentWork: defaultWorkConcurrency(bench.handle.driver),
    });
    const { port } = await app.start(0);
    // As src/app.ts does before taking requests: start the scoring threads and fill their caches.
    await warmUpScoringPool();
    const url = `http://127.0.0.1:${port}`;
    try {
      // Warm-up: first requests pay for JIT, the auth.test call and the member list.
      for (let i = 0; i < 5; i += 1) {
        const responseUrl = slack.responseUrl("warm");
        await sendCommand(url, SECRET, {
          team_id: slack.teamId,
          channel_id: CHANNEL,
          user_id: USER,
          text: nameAt(i * 7919),
          response_url: responseUrl,
        });
      }
      await slack.waitForCalls("response_url", 5, 60_000);
      slack.reset();

      // The load comes from a separate process (see slack-load-client.ts), as Slack's
      // requests would: generating them must not compete with the app for its event loop.
      // Three rounds: a burst on connections kept open, a burst with a new connection per
      // request, then steady load (each of 50 clients waits for its answer before the next).
      const rounds: LoadRound[] = [];
      const plan = [
        { mode: "burst", connections: "keep-alive" },
        { mode: "burst", connections: "new" },
        { mode: "steady", connections: "keep-alive" },
      ] as const;
      for (const { mode, connections } of plan) {
        const offset = rounds.length * requests;
        const texts = Array.from({ length: requests }, (_, i) =>
          withTypo(nameAt(((offset + i) * 104_729) % n), offset + i),
        );
        const client = await runLoadClient({
          url,
          secret: SECRET,
          teamId: slack.teamId,
          channelId: CHANNEL,
          userIds: roundUsers(rounds.length),
          responseBase: slack.origin,
          concurrency,
          connections,
          mode,
          tag: `bench-${mode}-${connections}`,
          texts,
        });
        let answer = client.answer;
        if (mode === "burst") {
          const answered = await slack.waitForCalls("response_url", requests, 300_000);
          answer = answered.map((c) => c.at - (client.sentAt[c.path] ?? Number.NaN));
        }
        rounds.push({ mode, connections, requests, ack: client.ack, answer });
        slack.reset();
      }

      const seed = await import("node:fs").then((fs) =>
        fs.readFileSync(new URL("../seeds/interview-examples.txt", import.meta.url), "utf8"),
      );
      /** Shares `file` in the channel; ms until the reply in its thread was posted. */
      const shareAndWaitForReply = async (file: Record<string, unknown>, timeoutMs: number) => {
        const started = nowMs();
        await sendEvent(
          url,
          SECRET,
          eventEnvelope(fileShareEvent(file, { channel: CHANNEL, user: USER })),
        );
        await slack.waitForCalls("chat.postMessage", 1, timeoutMs);
        return nowMs() - started;
      };
      const upload: number[] = [];
      for (let u = 0; u < uploads; u += 1) {
        slack.reset();
        const id = `FBENCH${driver === "pglite" ? "L" : "P"}${String(u).padStart(4, "0")}`;
        // Different bytes each time (a trailing newline more), so each upload is a new import.
        const file = slack.addFile({
          id,
          name: "interview-examples.txt",
          content: seed + "\n".repeat(u + 1),
          channels: [CHANNEL],
        });
        upload.push(await shareAndWaitForReply(file, 60_000));
        await app.deps.uploads.idle();
      }
      // A ~1 MB transcript (the seed 25 times, 200 candidates), scored on the app's own thread
      // and then on the scoring threads, alternating: while it is parsed and scored, how long
      // does the event loop stand still? Every ack and lookup waits that long.
      const big = Array.from({ length: 25 }, () => seed).join("\n");
      const stalls: StallRun[] = [];
      for (let k = 0; k < (ctx.quick ? 2 : 4); k += 1) {
        const threads = k % 2 === 0 ? 0 : defaultScoringThreads();
        configureScoringPool({ threads });
        await warmUpScoringPool();
        slack.reset();
        const file = slack.addFile({
          id: `FBIG${driver === "pglite" ? "L" : "P"}${String(k).padStart(4, "0")}`,
          name: "interviews.txt",
          content: big + "\n".repeat(k + 1),
          channels: [CHANNEL],
        });
        const delay = monitorEventLoopDelay({ resolution: 5 });
        delay.enable();
        const replyMs = await shareAndWaitForReply(file, 300_000);
        delay.disable();
        stalls.push({
          threads,
          maxStallMs: delay.max / 1e6,
          replyMs,
        });
        await app.deps.uploads.idle();
      }
      configureScoringPool({ threads: defaultScoringThreads() });
      return { driver, rounds, upload, stalls, loadMs: load.ms };
    } finally {
      await app.stop();
    }
  } finally {
    await bench.dispose();
  }
}

export default async function slackBench(ctx: BenchContext): Promise<BenchSection> {
  const slack = await startSlackStandIn();
  slack.setMembers(CHANNEL, MEMBERS);
  const results: DriverResult[] = [];
  try {
    for (const driver of ["postgres", "pglite"] as const) {
      results.push(await runDriver(ctx, driver, slack));
    }
  } finally {
    await slack.close();
  }
  const n = ctx.quick ? 10_000 : 100_000;
  const requests = results[0]?.rounds[0]?.requests ?? 0;
  const f = (ms: number) => ms.toFixed(1);
  return {
    title: "Slack app: /candidate ack latency and upload-to-reply time",
    lines: [
      measuredOn(),
      "",
      `The real Bolt app in HTTP mode on an ephemeral port, the Slack Web API replaced by the test stand-in (localhost). ${n.toLocaleString("en-US")} candidates bulk-loaded with multi-row INSERT … SELECT, all visible in one channel the requesting user is in. Each \`/candidate <name with a typo>\` is a signed form POST from one of 50 people (10 each, inside the per-person limit of 20 at once), sent by 50 concurrent clients in a separate process (node:http), first over 50 connections opened beforehand and kept open (**keep-alive**, as a proxy in front of the app holds them), then over a **new** connection per request. **ack** is the time to Slack's HTTP 200 (Slack's limit: 3,000 ms; target p99 < 100 ms), **answer** the time until the ephemeral answer reached the response_url (fuzzy lookup, membership check, audit row, summary, Block Kit). Two kinds of round: a **burst** of ${requests} requests (each client sends its next command as soon as the last is acknowledged, so all of them are queued within a second and answer times include waiting behind the whole burst; target answer p99 < 2.5 s), and **steady** load (${requests} requests from 50 clients, each waiting for its answer before sending the next, as people at their keyboards do; target answer p99 < 1 s).`,
      "",
      ...mdTable(
        [
          "driver",
          "load",
          "connections",
          "requests",
          "ack p50 ms",
          "ack p99 ms",
          "answer p50 ms",
          "answer p99 ms",
        ],
        results.flatMap((r) =>
          r.rounds.map((round) => [
            r.driver,
            round.mode,
            round.connections,
            round.requests,
            f(percentile(round.ack, 50)),
            f(percentile(round.ack, 99)),
            f(percentile(round.answer, 50)),
            f(percentile(round.answer, 99)),
          ]),
        ),
      ),
      "",
      "Upload to reply: a `message`/`file_share` event for the seed file (8 candidates) until the stand-in received the in-thread `chat.postMessage` (files.info not needed; download, parse, score, one ingest transaction, reply). Target under 2,000 ms.",
      "",
      ...mdTable(
        ["driver", "uploads", "p50 ms", "max ms"],
        results.map((r) => [
          r.driver,
          r.upload.length,
          f(percentile(r.upload, 50)),
          f(Math.max(...r.upload)),
        ]),
      ),
      "",
      `A large upload: a ~1 MB transcript (the seed file 25 times, 200 candidates), parsed and scored on the app's own thread (\`SCORING_THREADS=0\`, how every upload ran before) and on the scoring threads (the default, ${defaultScoringThreads()} here), alternating. **Stall** is how long the event loop stood still while the upload was handled (perf_hooks \`monitorEventLoopDelay\`, 5 ms resolution): every Slack ack and lookup arriving meanwhile waits that long, and Slack gives up on an ack after 3,000 ms. With PGlite what stall remains on the scoring threads is mostly storing the 200 candidates: PGlite runs its transaction on the app's thread.`,
      "",
      ...mdTable(
        ["driver", "scoring on", "uploads", "longest stall ms", "upload to reply ms"],
        results.flatMap((r) =>
          [0, defaultScoringThreads()].map((threads) => {
            const of = r.stalls.filter((x) => x.threads === threads);
            return [
              r.driver,
              threads === 0 ? "the app's thread" : `${threads} scoring threads`,
              of.length,
              f(Math.max(...of.map((x) => x.maxStallMs))),
              f(median(of.map((x) => x.replyMs))),
            ];
          }),
        ),
      ),
    ],
  };
}
