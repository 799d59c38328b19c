import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { interviews, transcripts } from "../../src/db/schema.js";
import { FALLBACK_NOTE } from "../../src/llm/index.js";
import { createSlackApp, type SlackApp } from "../../src/slack/create-app.js";
import { describeEachDb } from "../helpers/db.js";
import { type LlmStandIn, startLlmStandIn } from "../helpers/llm-stand-in.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { BOT_TOKEN, MEMBER, SIGNING_SECRET, shareFile, textOf } from "./harness.js";

const CHANNEL = "CHIRING018";
const API_KEY = "sk-live-do-not-log-4242";
const transcript = readFileSync(new URL("../fixtures/llm/go-screen.txt", import.meta.url), "utf8");

describeEachDb("slack uploads scored by a language model", (ctx) => {
  let slack: SlackStandIn;
  let llm: LlmStandIn;
  let app: SlackApp;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    slack = await startSlackStandIn();
    llm = await startLlmStandIn();
    slack.setMembers(CHANNEL, [MEMBER]);
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      SCORER: "llm",
      LLM_BASE_URL: llm.url,
      LLM_API_KEY: API_KEY,
      LLM_MODEL: `slack-model-${ctx.driver}`,
      LLM_TIMEOUT_MS: "200",
      LLM_FILE_TIMEOUT_MS: "1500",
      LOG_LEVEL: "trace",
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = createSlackApp({
      config,
      db: ctx.db,
      logger: pino({ level: "trace" }, sink),
      clientOptions: { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 } },
      upload: { recoverEveryMs: 0 },
      membershipTtlMs: 0,
    });
    url = `http://127.0.0.1:${(await app.start(0)).port}`;
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await llm?.close();
  });
  beforeEach(() => {
    slack.reset();
    llm.reset();
  });

  async function interviewOf(fileId: string) {
    const [t] = await ctx.db.select().from(transcripts).where(eq(transcripts.slackFileId, fileId));
    const [row] = await ctx.db
      .select()
      .from(interviews)
      .where(eq(interviews.transcriptId, t?.id as string));
    return row;
  }

  it("acks at once while the model hangs, then replies with offline scores and says so", async () => {
    llm.setDefault("hang");
    const started = Date.now();
    const shared = await shareFile(
      { url },
      slack,
      { name: "go-screen.txt", content: transcript },
      { channel: CHANNEL },
    );
    const ackMs = Date.now() - started;
    expect(shared.response.status).toBe(200);
    // The ack came back while the model was still hanging (the reply waits for the file budget).
    expect(slack.calls("chat.postMessage")).toHaveLength(0);
    expect(ackMs).toBeLessThan(1_500);
    const [post] = await slack.waitForCalls("chat.postMessage", 1, 20_000);
    await app.deps.uploads.idle();
    expect(llm.requests.length).toBeGreaterThanOrEqual(1);
    expect(String(post?.body.text)).toContain(FALLBACK_NOTE);
    expect(textOf(post?.body.blocks)).toContain(FALLBACK_NOTE);
    const row = await interviewOf(shared.id);
    expect(row).toMatchObject({ scorerKind: "offline", llmFallback: "timeout" });
  });

  it("replies with the model's verdicts when it answers, and logs neither key nor answers", async () => {
    llm.setVerdict((a) =>
      a.answer.includes("drops messages")
        ? {
            tier: "weak",
            factual_errors: [{ quote: "drops messages", correction: "sends block" }],
          }
        : { tier: "strong" },
    );
    const shared = await shareFile(
      { url },
      slack,
      { name: "go-screen-2.txt", content: `${transcript}\n` },
      { channel: CHANNEL },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1, 20_000);
    await app.deps.uploads.idle();
    expect(llm.requests).toHaveLength(1);
    expect(String(post?.body.text)).not.toContain(FALLBACK_NOTE);
    const row = await interviewOf(shared.id);
    expect(row).toMatchObject({ scorerKind: "llm", llmFallback: null, llmRequests: 1 });
    // Weak (12.5) and strong (62.5): 38, average.
    expect(row?.score).toBe(38);
    expect(String(post?.body.text)).toMatch(/Priya Raman \(Backend Engineer\): Average, 38/);

    const log = lines.join("");
    expect(log).toContain("upload answered");
    expect(log).not.toContain(API_KEY);
    expect(log).not.toContain("drops messages");
    expect(log).not.toContain("pprof");
    expect(log).not.toContain("Priya");
  });
});
