import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { eq } from "drizzle-orm";
import { loadConfig } from "../../../src/config.js";
import { type Db, type DbHandle, openDb } from "../../../src/db/client.js";
import { upsertSubscription } from "../../../src/db/repositories/subscriptions.js";
import {
  type DigestDelivery,
  digestDeliveries,
  type Transcript,
  transcripts,
} from "../../../src/db/schema.js";
import { type DigestScheduler, startDigestScheduler } from "../../../src/digest/scheduler.js";
import { defaultRecoverEveryMs } from "../../../src/lease.js";
import { createLogger } from "../../../src/logger.js";
import { createDigestPorts } from "../../../src/slack/digest-ports.js";
import type { RecordedCall, SlackStandIn } from "../../helpers/slack-stand-in.js";
import {
  ADMIN,
  BOT_TOKEN,
  MEMBER,
  SIGNING_SECRET,
  seedText,
  shareFile,
  startTestApp,
  type TestApp,
} from "../harness.js";
import { killHard, startChild } from "./child-app.js";

/**
 * Crash recovery, end to end (issue 14): the app runs in a child process with production lease
 * timings, is killed with SIGKILL in the middle of an upload or a digest post, and a
 * replacement instance (production recovery sweep) finishes the work. Shared by
 * test/slack/restart.test.ts (which asserts on it) and bench/recovery.bench.ts (which reports
 * the times).
 */

export const RECOVERY_CHANNEL = "CHIRING004";
export const DIGEST_RECOVERY_CHANNEL = "CDIGEST004";

/** Where the child and the parent find the database. */
export interface SharedDatabase {
  /** A Postgres database both processes connect to; else a PGlite directory, one at a time. */
  postgresUrl?: string | undefined;
  /** The parent's handle on that Postgres database. */
  postgresDb?: Db | undefined;
}

export interface RecoveryRun<Row> {
  /** The database as the parent sees it once the child is dead. */
  db: Db;
  /** The work's row right after the kill. */
  stranded: Row | undefined;
  /** When the replacement was up (ms since epoch). */
  upAt: number;
  /** The successful post of the replacement. */
  answer: RecordedCall | undefined;
  /** Every chat.postMessage the stand-in received (the dead one's included). */
  posts: RecordedCall[];
  close(): Promise<void>;
}

class Scene {
  readonly dataDir: string | undefined;
  private reopened: DbHandle | undefined;

  constructor(
    readonly shared: SharedDatabase,
    readonly slack: SlackStandIn,
  ) {
    this.dataDir = shared.postgresUrl ? undefined : mkdtempSync(join(tmpdir(), "hiring-restart-"));
  }

  childEnv(): Record<string, string> {
    return {
      ...(this.shared.postgresUrl
        ? { DATABASE_URL: this.shared.postgresUrl }
        : { DATA_DIR: this.dataDir as string }),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: this.slack.url,
      HIRING_ADMINS: ADMIN,
      LOG_LEVEL: "silent",
    };
  }

  /** The parent's database; PGlite's directory only while no child has it open. */
  async open(): Promise<Db> {
    if (this.shared.postgresDb) return this.shared.postgresDb;
    this.reopened = await openDb({ dataDir: this.dataDir });
    return this.reopened.db;
  }

  async closeDb(): Promise<void> {
    await this.reopened?.close();
    this.reopened = undefined;
  }

  async dispose(): Promise<void> {
    await this.closeDb();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** An upload whose download hangs when the instance working on it is killed. */
export async function uploadRecovery(
  shared: SharedDatabase,
  slack: SlackStandIn,
): Promise<RecoveryRun<Transcript> & { fileId: string; threadTs: string; replacement: TestApp }> {
  const scene = new Scene(shared, slack);
  slack.setMembers(RECOVERY_CHANNEL, [MEMBER]);
  const { child, url } = await startChild(scene.childEnv());
  let upload: Awaited<ReturnType<typeof shareFile>>;
  try {
    slack.script("files.download", ["hang"]);
    upload = await shareFile(
      { url },
      slack,
      { name: "interview-examples.txt", content: seedText },
      { channel: RECOVERY_CHANNEL },
    );
    if (upload.response.status !== 200) throw new Error(`event refused: ${upload.response.status}`);
    await slack.waitForCalls("files.download", 1, 60_000);
  } finally {
    await killHard(child);
  }
  const db = await scene.open();
  const [stranded] = await db
    .select()
    .from(transcripts)
    .where(eq(transcripts.slackFileId, upload.id));
  const replacement = await startTestApp(db, slack, {
    upload: { recoverEveryMs: defaultRecoverEveryMs },
  });
  const upAt = Date.now();
  const [answer] = await slack.waitForCalls("chat.postMessage", 1, 120_000);
  await replacement.deps.uploads.idle();
  return {
    db,
    stranded,
    upAt,
    answer,
    posts: slack.calls("chat.postMessage"),
    fileId: upload.id,
    threadTs: String(upload.event.ts),
    replacement,
    async close() {
      await replacement.stop();
      await scene.dispose();
    },
  };
}

/** A digest whose post hangs when the replica posting it is killed. */
export async function digestRecovery(
  shared: SharedDatabase,
  slack: SlackStandIn,
): Promise<RecoveryRun<DigestDelivery> & { replacement: DigestScheduler }> {
  const scene = new Scene(shared, slack);
  // Due a minute ago, subscribed an hour ago: the child's start-up tick claims it.
  const setupDb = await scene.open();
  const now = Date.now();
  const due = new Date(now - 60_000);
  await upsertSubscription(
    setupDb,
    {
      teamId: "T_RESTART",
      channelId: DIGEST_RECOVERY_CHANNEL,
      schedule: {
        weekday: due.getUTCDay(),
        timeOfDay: `${String(due.getUTCHours()).padStart(2, "0")}:${String(due.getUTCMinutes()).padStart(2, "0")}`,
        timezone: "UTC",
      },
      roleFilter: null,
      minTier: null,
      scope: "channel",
    },
    ADMIN,
    new Date(now - 3_600_000),
  );
  await scene.closeDb();

  slack.script("chat.postMessage", ["hang"]);
  const { child } = await startChild(scene.childEnv());
  try {
    await slack.waitForCalls("chat.postMessage", 1, 60_000);
  } finally {
    await killHard(child);
  }
  const db = await scene.open();
  const [stranded] = await db.select().from(digestDeliveries);

  const config = loadConfig({ TZ: "UTC", LOG_LEVEL: "silent" });
  const logger = createLogger(config);
  const client = new WebClient(BOT_TOKEN, {
    slackApiUrl: slack.url,
    timeout: 2_000,
    retryConfig: { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 40 },
  });
  // Production timings: start-up tick, cron tick, recovery sweep and lease.
  const replacement = startDigestScheduler({
    db,
    ports: createDigestPorts(client, logger),
    config,
    logger,
    instanceId: "replacement",
  });
  const upAt = Date.now();
  const calls = await slack.waitForCalls("chat.postMessage", 2, 120_000);
  await replacement.stop();
  return {
    db,
    stranded,
    upAt,
    answer: calls[1],
    posts: slack.calls("chat.postMessage"),
    replacement,
    async close() {
      await replacement.stop();
      await scene.dispose();
    },
  };
}
