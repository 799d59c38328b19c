import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Db, type DbHandle, openDb } from "../../src/db/client.js";
import { transcripts } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import {
  ADMIN,
  BOT_TOKEN,
  MEMBER,
  SIGNING_SECRET,
  seedText,
  shareFile,
  startTestApp,
  type TestApp,
} from "./harness.js";

const CHANNEL = "CHIRING004";

/** Starts the app in its own process; resolves with its URL once it listens. */
function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/slack/support/app-process.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith('{"port"'));
      if (line) resolve({ child, url: `http://127.0.0.1:${JSON.parse(line).port}` });
    });
    child.on("exit", (code) =>
      reject(new Error(`app process exited (${code}): ${err.slice(-2000)}`)),
    );
  });
}

describeEachDb("an upload survives the app being killed mid-ingest", (ctx) => {
  let slack: SlackStandIn;
  let dataDir: string | undefined;
  let child: ChildProcess | undefined;
  let restarted: TestApp | undefined;
  let reopened: DbHandle | undefined;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    slack.setMembers(CHANNEL, [MEMBER]);
  });
  afterAll(async () => {
    child?.kill("SIGKILL");
    await restarted?.stop();
    await reopened?.close();
    await slack?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("is picked up by the next instance after the lease lapses, and answered once", {
    timeout: 180_000,
  }, async () => {
    // PGlite keeps its files in a directory the restarted app reopens; Postgres is shared.
    if (ctx.driver === "pglite") dataDir = mkdtempSync(join(tmpdir(), "hiring-restart-"));
    const dbEnv: Record<string, string> = ctx.testDb.url
      ? { DATABASE_URL: ctx.testDb.url }
      : { DATA_DIR: dataDir as string };
    const first = await startChild({
      ...dbEnv,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      HIRING_ADMINS: ADMIN,
      LOG_LEVEL: "silent",
      TEST_LEASE_MS: "1000",
    });
    child = first.child;

    // The download hangs: the first instance is in the middle of the job when it dies.
    slack.script("files.download", ["hang"]);
    const shared = await shareFile(
      first,
      slack,
      { name: "interview-examples.txt", content: seedText },
      { channel: CHANNEL },
    );
    expect(shared.response.status).toBe(200);
    await slack.waitForCalls("files.download", 1, 60_000);
    child.kill("SIGKILL");
    await new Promise((resolve) => child?.once("exit", resolve));

    let db: Db = ctx.db;
    if (ctx.driver === "pglite") {
      reopened = await openDb({ dataDir });
      db = reopened.db;
    }
    const [stranded] = await db
      .select()
      .from(transcripts)
      .where(eq(transcripts.slackFileId, shared.id));
    expect(stranded).toMatchObject({ status: "processing", attempts: 1, replyTs: null });
    expect(stranded?.claimedBy).toMatch(/^child-/);
    expect(slack.calls("chat.postMessage")).toHaveLength(0);

    restarted = await startTestApp(db, slack, {
      upload: { leaseMs: 1000, recoverEveryMs: 200, recoverGraceMs: 0 },
    });
    const [post] = await slack.waitForCalls("chat.postMessage", 1, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    await restarted.deps.uploads.idle();
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    expect(post?.body.thread_ts).toBe(shared.event.ts);
    const [row] = await db.select().from(transcripts).where(eq(transcripts.slackFileId, shared.id));
    expect(row).toMatchObject({
      status: "done",
      attempts: 2,
      replyTs: expect.any(String),
      claimedBy: null,
    });
  });
});
