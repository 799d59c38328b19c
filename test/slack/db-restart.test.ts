import { count, eq, inArray, notExists, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb } from "../../src/db/client.js";
import { answers, candidates, interviews, transcripts } from "../../src/db/schema.js";
import { UPLOAD_REPLY_EVENT_TYPE } from "../../src/slack/upload-ports.js";
import { describeEachDb } from "../helpers/db.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.js";
import { MEMBER, seedText, shareFile, sleep, startTestApp, type TestApp } from "./harness.js";
import { replied, uploadThread } from "./support/upload-threads.js";

/**
 * Issue 14, item 2: Postgres goes away while uploads are in flight and comes back. The app
 * reaches the test database through a TCP proxy (test/helpers/tcp-proxy.ts) that drops every
 * connection and refuses new ones, as a restarting server does; the server itself is never
 * touched (CI and other suites share it). The real restart (`pg_ctlcluster … restart`) is
 * measured by `npm run bench -- --only db-restart`.
 *
 * Four uploads are cut off after their download started (so their ingest meets the outage) and
 * a fifth arrives while the database is away (so it cannot even be recorded). Each must be
 * stored once, answered in its thread once, with no half-stored transcript; /healthz says 503
 * while the database is away and 200 after.
 */

const CHANNELS = ["CRESTART01", "CRESTART02"];
const IN_FLIGHT = 4;

function variant(k: number): string {
  return seedText.replace(/^Candidate: ([^-\n]+)/gmu, `Candidate: $1 Restart${k}`);
}

async function until(what: string, done: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function health(app: TestApp): Promise<number> {
  return (await fetch(`${app.url}/healthz`)).status;
}

describeEachDb("Postgres going away under uploads", (ctx) => {
  let slack: SlackStandIn | undefined;
  let proxy: TcpProxy | undefined;
  let app: TestApp | undefined;
  let closeAppDb: (() => Promise<void>) | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    if (ctx.driver !== "postgres" || !ctx.testDb.url) return;
    process.on("unhandledRejection", onUnhandled);
    const direct = new URL(ctx.testDb.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const handle = await openDb({
      databaseUrl: proxy.urlFor(ctx.testDb.url),
      migrate: false,
      maxConnections: 5,
    });
    closeAppDb = handle.close;
    slack = await startSlackStandIn();
    for (const channel of CHANNELS) slack.setMembers(channel, [MEMBER]);
    app = await startTestApp(handle.db, slack, {
      upload: {
        recoverEveryMs: 250,
        recoverGraceMs: 500,
        leaseMs: 3_000,
        retryBackoffMs: 200,
        recordRetry: { withinMs: 60_000, minDelayMs: 100, maxDelayMs: 500 },
      },
    });
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await proxy?.restore();
    await app?.stop();
    await closeAppDb?.();
    await proxy?.close();
    await slack?.close();
  });

  // PGlite runs inside the app's process: there is no connection to lose, so this is Postgres only.
  it.skipIf(ctx.driver === "pglite")(
    "reconnects by itself; every upload in flight is stored once and answered once; /healthz 503 then 200 (Postgres only)",
    { timeout: 60_000 },
    async () => {
      if (!app || !slack || !proxy) throw new Error("not set up");
      const { client } = app.deps;
      expect(await health(app)).toBe(200);
      // Downloads answer after 1.5 s, so each upload is mid-flight when the database goes.
      slack.script(
        "files.download",
        Array.from({ length: IN_FLIGHT }, () => ({ delayMs: 1_500 })),
      );
      const shares: Array<Awaited<ReturnType<typeof shareFile>>> = [];
      for (let k = 0; k < IN_FLIGHT; k += 1) {
        shares.push(
          await shareFile(
            app,
            slack,
            { name: `restart-${k}.txt`, content: variant(k) },
            { channel: CHANNELS[k % CHANNELS.length] as string },
          ),
        );
      }
      await slack.waitForCalls("files.download", IN_FLIGHT, 20_000);
      await proxy.cut();
      expect(await health(app), "/healthz while the database is away").toBe(503);
      // One more arrives while the database is away: it cannot even be recorded yet.
      shares.push(
        await shareFile(
          app,
          slack,
          { name: `restart-${IN_FLIGHT}.txt`, content: variant(IN_FLIGHT) },
          { channel: CHANNELS[0] as string },
        ),
      );
      // Every thread hears of it (the in-flight ones once their ingest fails).
      await until("a notice in every thread", () =>
        shares.every((s) =>
          slack?.calls("chat.postMessage").some((c) => c.body.thread_ts === String(s.event.ts)),
        ),
      );
      await sleep(1_000);
      expect(await health(app)).toBe(503);
      await proxy.restore();
      await until("/healthz healthy again", async () => (await health(app as TestApp)) === 200);

      const ids = shares.map((s) => s.id);
      const rows = () =>
        ctx.db.select().from(transcripts).where(inArray(transcripts.slackFileId, ids));
      await until("every upload answered", async () => {
        const stored = await rows();
        return (
          stored.length === shares.length &&
          stored.every((r) => replied(slack as SlackStandIn, r.id))
        );
      });
      await sleep(500);
      await app.deps.uploads.idle();

      const stored = await rows();
      for (const share of shares) {
        const mine = stored.filter((r) => r.slackFileId === share.id);
        expect(mine, `upload ${share.id} stored once`).toHaveLength(1);
        const row = mine[0];
        expect(row).toMatchObject({ status: "done", claimedBy: null, replyError: null });
        const thread = await uploadThread(slack, client, {
          channel: String(share.event.channel),
          threadTs: String(share.event.ts),
          transcriptId: String(row?.id),
        });
        expect(thread.replyDeliveries, `upload ${share.id} answered once`).toHaveLength(1);
        expect(thread.posts, "one post in the thread (the notice the reply replaced)").toHaveLength(
          1,
        );
        expect(thread.botMessages).toHaveLength(1);
        expect(thread.botMessages[0]?.metadata?.event_type).toBe(UPLOAD_REPLY_EVENT_TYPE);
        expect(row?.replyTs).toBe(thread.botMessages[0]?.ts);
      }

      // Nothing half-stored: 8 candidates per file, each with its interview, each with answers.
      const transcriptIds = stored.map((r) => r.id);
      const [perFile] = await ctx.db
        .select({ n: count() })
        .from(interviews)
        .where(inArray(interviews.transcriptId, transcriptIds));
      expect(perFile?.n).toBe(8 * shares.length);
      const [orphans] = await ctx.db
        .select({ n: count() })
        .from(candidates)
        .where(
          notExists(
            ctx.db
              .select({ one: sql`1` })
              .from(interviews)
              .where(eq(interviews.candidateId, candidates.id)),
          ),
        );
      expect(orphans?.n, "candidates without an interview").toBe(0);
      const [silent] = await ctx.db
        .select({ n: count() })
        .from(interviews)
        .where(
          notExists(
            ctx.db
              .select({ one: sql`1` })
              .from(answers)
              .where(eq(answers.interviewId, interviews.id)),
          ),
        );
      expect(silent?.n, "interviews without answers").toBe(0);
      expect(await health(app)).toBe(200);
      expect(unhandled).toEqual([]);
    },
  );
});
