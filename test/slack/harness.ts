import { readFileSync } from "node:fs";
import { loadConfig } from "../../src/config.js";
import type { Db } from "../../src/db/client.js";
import { warmUpScoringPool } from "../../src/ingest/scoring-pool.js";
import { createLogger } from "../../src/logger.js";
import {
  type CreateSlackAppOptions,
  createSlackApp,
  type SlackApp,
} from "../../src/slack/create-app.js";
import { eventEnvelope, fileShareEvent, sendEvent } from "../helpers/slack-requests.js";
import {
  type SlackStandIn,
  type StandInFile,
  startSlackStandIn,
} from "../helpers/slack-stand-in.js";

/**
 * Starts the real Bolt app (HTTP mode, ephemeral port) against the Slack stand-in, with the
 * Web API retry timings shortened so retries happen in milliseconds rather than seconds.
 */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const BOT_TOKEN = "xoxb-test-token";
export const ADMIN = "UADMIN0001";
export const MEMBER = "UMEMBER001";
export const OUTSIDER = "UOUTSIDE01";

export const seedText = readFileSync(
  new URL("../../seeds/interview-examples.txt", import.meta.url),
  "utf8",
);

/** A second AI-interviewer export: another John Doe (a different role) and new names. */
export const secondBatchText = readFileSync(
  new URL("../fixtures/slack/transcripts/second-batch.txt", import.meta.url),
  "utf8",
);

export interface TestApp extends SlackApp {
  url: string;
}

export async function startTestApp(
  db: Db,
  slack: SlackStandIn,
  overrides: Partial<Omit<CreateSlackAppOptions, "db" | "config" | "logger">> & {
    env?: Record<string, string>;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    HIRING_ADMINS: ADMIN,
    DATA_DIR: "memory://",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...overrides.env,
  });
  const { env: _env, ...rest } = overrides;
  const app = createSlackApp({
    config,
    db,
    logger: createLogger(config),
    clientOptions: {
      timeout: 2_000,
      retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 40 },
      ...rest.clientOptions,
    },
    upload: {
      recoverEveryMs: 0,
      downloadRetries: 1,
      downloadRetryDelayMs: 10,
      // Off unless a test turns it on: a slow CI host must not add a "working on it" post.
      progressAfterMs: 0,
      // A failed attempt is retried at the next sweep, not seconds later.
      retryBackoffMs: 0,
      ...rest.upload,
    },
    membershipTtlMs: rest.membershipTtlMs ?? 0,
    // Suites that are not about the per-person limit send more commands than a person would.
    commandRateLimit: rest.commandRateLimit ?? { burst: 10_000, perMinute: 10_000 },
    ...(rest.maxConcurrentWork !== undefined ? { maxConcurrentWork: rest.maxConcurrentWork } : {}),
    ...(rest.mode ? { mode: rest.mode } : {}),
  });
  // As src/app.ts does before taking requests: the first upload must not wait for the scoring
  // threads to start (a test timing the reply against the "working on it" line would see it).
  await warmUpScoringPool();
  const { port } = await app.start(0);
  return Object.assign(app, { url: `http://127.0.0.1:${port}` });
}

/**
 * The common start of the end-to-end suites: a stand-in that knows each channel's members, the
 * app on `db`, and `files` shared in `channel`, each replied to and stored before any test runs.
 */
export async function startAppWithUploads(
  db: Db,
  options: {
    channel: string;
    members: Record<string, string[]>;
    files: Array<{ name: string; content: string }>;
  },
): Promise<{ slack: SlackStandIn; app: TestApp }> {
  const slack = await startSlackStandIn();
  for (const [channel, users] of Object.entries(options.members)) slack.setMembers(channel, users);
  const app = await startTestApp(db, slack);
  for (const file of options.files) {
    await shareFile(app, slack, file, { channel: options.channel });
  }
  await slack.waitForCalls("chat.postMessage", options.files.length, 20_000);
  await app.deps.uploads.idle();
  return { slack, app };
}

let fileCounter = 0;

/** A unique Slack-looking file id (F + 10 alphanumerics). */
export function fileId(): string {
  fileCounter += 1;
  return `F${Date.now().toString(36).toUpperCase().slice(-6)}${String(fileCounter).padStart(4, "0")}`;
}

/** Registers a file on the stand-in and shares it in a channel; returns the event sent. */
export async function shareFile(
  app: { url: string },
  slack: SlackStandIn,
  file: Omit<StandInFile, "id"> & { id?: string },
  options: {
    channel: string;
    user?: string;
    eventId?: string;
    retryNum?: number;
    channelType?: string;
  } = {
    channel: "CHIRING001",
  },
) {
  const id = file.id ?? fileId();
  const object = slack.addFile({ ...file, id, channels: [options.channel] });
  const event = fileShareEvent(object, {
    channel: options.channel,
    user: options.user ?? MEMBER,
    ...(options.channelType ? { channelType: options.channelType } : {}),
  });
  const envelope = eventEnvelope(event, options.eventId ? { eventId: options.eventId } : {});
  const response = await sendEvent(app.url, SIGNING_SECRET, envelope, {
    ...(options.retryNum !== undefined ? { retryNum: options.retryNum } : {}),
  });
  return { id, object, event, envelope, response };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Every action id in a list of blocks (buttons in sections and actions blocks). */
export function actionIdsIn(blocks: unknown): string[] {
  const out: string[] = [];
  for (const block of (blocks as Array<Record<string, unknown>>) ?? []) {
    const accessory = block.accessory as { action_id?: string } | undefined;
    if (accessory?.action_id) out.push(accessory.action_id);
    for (const el of (block.elements as Array<{ action_id?: string }> | undefined) ?? []) {
      if (el.action_id) out.push(el.action_id);
    }
  }
  return out;
}

/** Every button (action id and value) in a list of blocks. */
export function buttonsIn(
  blocks: unknown,
): Array<{ actionId: string; value: string; text: string }> {
  const out: Array<{ actionId: string; value: string; text: string }> = [];
  const add = (el: Record<string, unknown> | undefined) => {
    if (el?.type === "button") {
      out.push({
        actionId: String(el.action_id),
        value: String(el.value ?? ""),
        text: String((el.text as { text?: string })?.text ?? ""),
      });
    }
  };
  for (const block of (blocks as Array<Record<string, unknown>>) ?? []) {
    add(block.accessory as Record<string, unknown> | undefined);
    for (const el of (block.elements as Array<Record<string, unknown>> | undefined) ?? []) add(el);
  }
  return out;
}

/** All text in blocks, flattened (for "mentions X" assertions). */
export function textOf(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}
