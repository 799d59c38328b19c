import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startDigestScheduler } from "../../src/digest/scheduler.js";
import { createLogger } from "../../src/logger.js";
import { createSlackApp, type SlackApp } from "../../src/slack/create-app.js";
import { createDigestPorts } from "../../src/slack/digest-ports.js";
import { parseTranscript } from "../../src/transcript/index.js";
import { describeEachDb } from "../helpers/db.js";
import {
  appHomeOpenedEvent,
  eventEnvelope,
  sendCommand,
  sendEvent,
} from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import {
  ADMIN,
  BOT_TOKEN,
  MEMBER,
  SIGNING_SECRET,
  secondBatchText,
  seedText,
  shareFile,
} from "./harness.js";

const CHANNEL = "CHIRING141";
const files = [
  { name: "interview-examples.txt", content: seedText },
  { name: "second-batch.txt", content: secondBatchText },
];

/** What the files hold that must never reach a log: every name, every answer's 8-word runs. */
const parsed = files.flatMap((f) => parseTranscript(f.content, { fileName: f.name }).candidates);
const names = [...new Set(parsed.map((c) => c.name))];
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
const RUN = 8;
const answerRuns = new Set(
  parsed.flatMap((c) =>
    c.answers.flatMap((a) => {
      const w = words(a.answer);
      return w
        .slice(0, Math.max(0, w.length - RUN + 1))
        .map((_, i) => w.slice(i, i + RUN).join(" "));
    }),
  ),
);

/** The first 8-word run of `line` that is part of some answer, if any. */
function answerRunIn(line: string): string | undefined {
  const w = words(line);
  for (let i = 0; i + RUN <= w.length; i += 1) {
    const run = w.slice(i, i + RUN).join(" ");
    if (answerRuns.has(run)) return run;
  }
  return undefined;
}

const STACK = /\n\s+at |\bat [\w.<>]+ \(?[^)\s]+:\d+:\d+\)?|\b\w*Error: /u;
const SQL =
  /\b(select|insert|update|delete)\b[^.]{0,80}\b(from|into|set|where)\b|\brelation "|\bviolates\b|\bsyntax error at\b|\bduplicate key\b|drizzle|postgres(?:ql)?:\/\//iu;

describeEachDb("secrets and candidate data stay out of logs and error replies", (ctx) => {
  let slack: SlackStandIn;
  let app: SlackApp;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    expect(names.length).toBeGreaterThan(5);
    expect(answerRuns.size).toBeGreaterThan(100);
    slack = await startSlackStandIn();
    slack.setMembers(CHANNEL, [MEMBER, ADMIN]);
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      HIRING_ADMINS: ADMIN,
      LOG_LEVEL: "debug",
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const logger = createLogger(config, sink);
    app = createSlackApp({
      config,
      db: ctx.db,
      logger,
      clientOptions: { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 } },
      upload: { recoverEveryMs: 0, downloadRetries: 1, downloadRetryDelayMs: 10 },
      membershipTtlMs: 0,
      commandRateLimit: { burst: 1_000, perMinute: 1_000 },
    });
    url = `http://127.0.0.1:${(await app.start(0)).port}`;

    // Uploads, then lookups of everyone, a list, a typo, App Home.
    for (const file of files) await shareFile({ url }, slack, file, { channel: CHANNEL });
    await slack.waitForCalls("chat.postMessage", files.length, 20_000);
    await app.deps.uploads.idle();
    const command = async (text: string, user = MEMBER) => {
      const res = await sendCommand(url, SIGNING_SECRET, {
        team_id: slack.teamId,
        channel_id: CHANNEL,
        user_id: user,
        text,
        response_url: slack.responseUrl(),
      });
      expect(res.status).toBe(200);
    };
    let expected = 0;
    for (const text of [...names, "Jon Doe", "list", "list python strong"]) {
      await command(text);
      expected += 1;
    }
    await command(`override ${names[0]} strong pairing session went well`, ADMIN);
    expected += 1;
    await sendEvent(url, SIGNING_SECRET, eventEnvelope(appHomeOpenedEvent(MEMBER)));
    await slack.waitForCalls("views.publish", 1, 10_000);

    // The digest: subscribe for tomorrow, preview, and a tick at the due time posts it.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const weekday = tomorrow.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" });
    await command(`digest subscribe ${weekday} 09:00 UTC`, ADMIN);
    await command("digest preview", ADMIN);
    await command("digest status", ADMIN);
    expected += 3;
    await slack.waitForCalls("response_url", expected, 30_000);
    const due = new Date(`${tomorrow.toISOString().slice(0, 10)}T09:01:00Z`);
    const scheduler = startDigestScheduler({
      db: ctx.db,
      ports: createDigestPorts(app.app.client, logger.child({ component: "digest" })),
      config,
      logger,
      instanceId: "secrets-test",
      now: () => due,
      cron: false,
    });
    expect(await scheduler.tick()).toMatchObject({ posted: 1 });
    await scheduler.stop();

    // Failures: Slack refusing the member list, then the database losing a table.
    slack.always("conversations.members", { status: 500 });
    await command(names[1] as string);
    await slack.waitForCalls("response_url", expected + 1, 20_000);
    slack.always("conversations.members", undefined);
    await ctx.db.execute(sql`alter table candidates rename to candidates_gone`);
    try {
      await command(names[2] as string);
      await slack.waitForCalls("response_url", expected + 2, 20_000);
    } finally {
      await ctx.db.execute(sql`alter table candidates_gone rename to candidates`);
    }
    await app.deps.uploads.idle();
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });

  it("logs at debug level without a token, the signing secret, a name or 8 words of an answer", () => {
    expect(lines.length).toBeGreaterThan(3);
    const log = lines.join("\n");
    expect(log).toContain("upload answered");
    expect(log).toContain("slack request failed");
    const leaks: string[] = [];
    for (const line of lines) {
      if (line.includes(BOT_TOKEN)) leaks.push(`token: ${line}`);
      if (line.includes(SIGNING_SECRET)) leaks.push(`signing secret: ${line}`);
      for (const name of names) {
        if (line.toLowerCase().includes(name.toLowerCase())) leaks.push(`name ${name}: ${line}`);
      }
      const run = answerRunIn(line);
      if (run) leaks.push(`answer "${run}": ${line}`);
    }
    expect(leaks).toEqual([]);
  });

  it("answers failures with a sentence: no stack trace, no SQL", () => {
    const said = [
      ...slack.calls("response_url"),
      ...slack.calls("chat.postMessage"),
      ...slack.calls("chat.postEphemeral"),
      ...slack.calls("chat.update"),
    ].map((c) => JSON.stringify({ text: c.body.text, blocks: c.body.blocks }));
    const failures = said.filter((s) => /went wrong|try again/iu.test(s));
    // The member-list failure and the lost table's lookup, at least.
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const text of said) {
      expect(text).not.toMatch(STACK);
      expect(text).not.toMatch(SQL);
    }
  });
});
