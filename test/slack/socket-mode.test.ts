import { type ChildProcess, spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { transcripts } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import {
  blockActionPayload,
  eventEnvelope,
  fileShareEvent,
  slashCommandBody,
} from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import {
  BOT_TOKEN,
  buttonsIn,
  fileId,
  MEMBER,
  secondBatchText,
  seedText,
  startTestApp,
  type TestApp,
  textOf,
} from "./harness.js";

/**
 * The real app in Socket Mode (chosen by SLACK_APP_TOKEN in the config, as in production)
 * against the stand-in: the WebSocket URL comes from `apps.connections.open` at SLACK_API_URL,
 * Slack's envelopes arrive over the socket and are acked over it, answers go through the Web API
 * and response_url as in HTTP mode.
 */
const APP_TOKEN = "xapp-1-A0442TUPHGR-1234567890-abcdef";
const CHANNEL = "CHIRING005";

describeEachDb("Socket Mode, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;
  let stopped = false;
  /** Everything the app called while starting, before the first reset. */
  let startCalls: ReturnType<SlackStandIn["calls"]> = [];
  /** The in-thread reply to the second batch shared in beforeAll. */
  let batchReply: Record<string, unknown> | undefined;

  /** Shares a file in CHANNEL through an events_api envelope; returns the envelope and event. */
  function shareOverSocket(name: string, content: string) {
    const object = slack.addFile({ id: fileId(), name, content, channels: [CHANNEL] });
    const event = fileShareEvent(object, { channel: CHANNEL, user: MEMBER });
    const body = eventEnvelope(event, { teamId: slack.teamId });
    const envelopeId = slack.sendEnvelope("events_api", body);
    return { fileId: String(object.id), event, body, envelopeId };
  }

  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    slack.setMembers(CHANNEL, [MEMBER]);
    app = await startTestApp(ctx.db, slack, { env: { SLACK_APP_TOKEN: APP_TOKEN } });
    startCalls = slack.calls();
    shareOverSocket("second-batch.txt", secondBatchText);
    [batchReply] = (await slack.waitForCalls("chat.postMessage", 1, 20_000)).map((c) => c.body);
    await app.deps.uploads.idle();
  });
  afterAll(async () => {
    if (!stopped) await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  /**
   * A `/candidate` payload as Socket Mode carries it: the fields of the real form-encoded
   * command (commands/slash_command.signing_example.form.txt) as a JSON object.
   */
  function slashCommand(fields: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      new URLSearchParams(
        slashCommandBody({
          team_id: slack.teamId,
          team_domain: "acme",
          channel_id: CHANNEL,
          user_id: MEMBER,
          response_url: slack.responseUrl(),
          ...fields,
        }),
      ),
    );
  }

  /** Waits for the app's answer posted to this response_url. */
  async function answerAt(responseUrl: string) {
    const path = new URL(responseUrl).pathname;
    for (let n = 1; ; n += 1) {
      const call = (await slack.waitForCalls("response_url", n)).find((c) => c.path === path);
      if (call) return call;
    }
  }

  it("connects with the app-level token through SLACK_API_URL and is greeted with hello", () => {
    expect(app.deps.config.SLACK_APP_TOKEN).toBe(APP_TOKEN);
    const methods = startCalls.map((c) => c.method);
    // Bolt checks the bot token, then the socket-mode client asks for a WebSocket URL.
    expect(methods.slice(0, 3)).toEqual([
      "auth.test",
      "apps.connections.open",
      "socket_mode.connect",
    ]);
    const open = startCalls.find((c) => c.method === "apps.connections.open");
    expect(open?.token).toBe(APP_TOKEN);
    expect(open?.answeredWith).toBe("ok");
    expect(startCalls.find((c) => c.method === "auth.test")?.token).toBe(BOT_TOKEN);
    expect(startCalls.find((c) => c.method === "socket_mode.connect")?.path).toMatch(
      /^\/link\/\?ticket=[0-9a-f-]{36}&app_id=A\w+$/,
    );
    expect(slack.openSockets()).toBe(1);
  });

  it("acks /candidate over the socket and answers ephemerally through response_url", async () => {
    const responseUrl = slack.responseUrl();
    const envelopeId = slack.sendEnvelope(
      "slash_commands",
      slashCommand({ text: "Priya Raman", response_url: responseUrl }),
    );
    const ack = await slack.waitForAck(envelopeId);
    // Acknowledged with an empty payload: the answer comes later, through response_url.
    expect(ack).toEqual({ envelope_id: envelopeId, payload: {} });

    const answer = await answerAt(responseUrl);
    const ackCall = slack.calls("socket_mode.ack").find((c) => c.body.envelope_id === envelopeId);
    expect(ackCall?.at).toBeLessThanOrEqual(answer.at);
    expect(answer.body.response_type).toBe("ephemeral");
    const text = textOf(answer.body.blocks);
    expect(text).toContain("Priya Raman");
    expect(text).toContain("Backend Engineer");
    expect(text).toContain("Per question");
    expect(text).toContain("second-batch.txt");
    expect(slack.calls("chat.postMessage")).toHaveLength(0);
  });

  it("acks a button click (interactive) and answers through its response_url", async () => {
    // The Details button next to Tomás Ortega in the reply to the batch shared in beforeAll.
    const row = (batchReply?.blocks as Array<Record<string, unknown>> | undefined)?.find((b) =>
      textOf([b]).includes("Tomás Ortega"),
    );
    const [details] = buttonsIn(row ? [row] : []);
    expect(details?.actionId).toMatch(/^candidate_details/);
    const responseUrl = slack.responseUrl("action");
    const envelopeId = slack.sendEnvelope(
      "interactive",
      blockActionPayload({
        actionId: details?.actionId ?? "",
        value: details?.value ?? "",
        userId: MEMBER,
        channelId: CHANNEL,
        teamId: slack.teamId,
        responseUrl,
      }),
    );
    expect(await slack.waitForAck(envelopeId)).toEqual({ envelope_id: envelopeId, payload: {} });
    const answer = await answerAt(responseUrl);
    expect(answer.body.response_type).toBe("ephemeral");
    expect(textOf(answer.body.blocks)).toContain("Tomás Ortega");
    expect(textOf(answer.body.blocks)).toContain("Per question");
  });

  it("acks a transcript upload, answers once in its thread, and only acks a redelivery", async () => {
    const shared = shareOverSocket("interview-examples.txt", seedText);
    expect(await slack.waitForAck(shared.envelopeId)).toEqual({
      envelope_id: shared.envelopeId,
      payload: {},
    });
    const [post] = await slack.waitForCalls("chat.postMessage", 1, 20_000);
    await app.deps.uploads.idle();
    expect(post?.body.channel).toBe(CHANNEL);
    expect(post?.body.thread_ts).toBe(shared.event.ts);
    expect(post?.token).toBe(BOT_TOKEN);
    const details = buttonsIn(post?.body.blocks).filter((b) =>
      b.actionId.startsWith("candidate_details"),
    );
    expect(details).toHaveLength(8);
    const scores = [...String(post?.body.text).matchAll(/(\d+)\/100/g)].map((m) => Number(m[1]));
    expect(scores).toHaveLength(8);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(slack.calls("files.download")).toHaveLength(1);

    // Slack redelivers the same event (same event_id) when it thinks the ack was lost.
    const processSpy = vi.spyOn(app.deps.uploads, "process");
    try {
      const retryId = slack.sendEnvelope("events_api", shared.body, {
        retryAttempt: 1,
        retryReason: "timeout",
      });
      expect(await slack.waitForAck(retryId)).toEqual({ envelope_id: retryId, payload: {} });
      // The listener reaches the upload job, which finds the upload finished and does nothing.
      await vi.waitFor(() => expect(processSpy).toHaveBeenCalledTimes(1), { timeout: 10_000 });
      await expect(processSpy.mock.results[0]?.value).resolves.toEqual({ kind: "skipped" });
    } finally {
      processSpy.mockRestore();
    }
    await app.deps.uploads.idle();
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    expect(slack.calls("files.download")).toHaveLength(1);
    expect(slack.calls("socket_mode.ack")).toHaveLength(2);
    const [row] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.slackFileId, shared.fileId));
    expect(row).toMatchObject({ status: "done", attempts: 1, replyTs: expect.any(String) });
  });

  it("answers a redelivery that is the first delivery it sees", async () => {
    // Slack retries events it could not deliver (no socket open during a restart or a refresh);
    // then the retry is the only copy, and must be worked on like a first delivery.
    const object = slack.addFile({
      id: fileId(),
      name: "missed.txt",
      content: seedText.replace(/Jane Smith/g, "Janet Smythe"),
      channels: [CHANNEL],
    });
    const event = fileShareEvent(object, { channel: CHANNEL, user: MEMBER });
    const envelopeId = slack.sendEnvelope(
      "events_api",
      eventEnvelope(event, { teamId: slack.teamId }),
      { retryAttempt: 2, retryReason: "timeout" },
    );
    await slack.waitForAck(envelopeId);
    const [post] = await slack.waitForCalls("chat.postMessage", 1, 20_000);
    expect(post?.body.thread_ts).toBe(event.ts);
    expect(String(post?.body.text)).toContain("Janet Smythe");
  });

  it("reconnects through apps.connections.open when Slack asks it to refresh", {
    timeout: 30_000,
  }, async () => {
    slack.sendDisconnect("refresh_requested");
    // The client closes the old socket at once and opens a new one after its fixed 5 s delay.
    const [closed] = await slack.waitForCalls("socket_mode.close", 1);
    expect(closed?.body).toMatchObject({ code: 1000 });
    await slack.waitForCalls("socket_mode.connect", 1, 20_000);
    const [open] = slack.calls("apps.connections.open");
    expect(open).toMatchObject({ token: APP_TOKEN, answeredWith: "ok" });
    expect(slack.openSockets()).toBe(1);

    const responseUrl = slack.responseUrl();
    const envelopeId = slack.sendEnvelope(
      "slash_commands",
      slashCommand({ text: "help", response_url: responseUrl }),
    );
    await slack.waitForAck(envelopeId);
    expect(String((await answerAt(responseUrl)).body.text)).toMatch(/How to use/);
  });

  it("closes its socket with a normal closure when stopped", async () => {
    await app.stop();
    stopped = true;
    // Bolt's stop() does not wait for the close handshake; the stand-in sees it finish.
    await slack.waitForSocketsClosed();
    expect(slack.calls("socket_mode.close").map((c) => c.body)).toEqual([
      { code: 1000, reason: "" },
    ]);
    expect(slack.openSockets()).toBe(0);
    // That nothing is left running (no reconnect timer, no ping timer) is shown by the npm
    // start test below, whose process must exit by itself.
  });
});

/**
 * `npm start` itself (src/app.ts) in Socket Mode: it connects, answers over the socket, and on
 * SIGTERM closes the socket and exits by itself. Exiting is the "no open handles" check: a
 * leftover ping timer, close-handshake timer, reconnect timer or socket would keep it alive.
 */
describeEachDb("npm start in Socket Mode", (ctx) => {
  let slack: SlackStandIn;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  });
  afterAll(async () => {
    if (child?.exitCode === null) child.kill("SIGKILL");
    await slack?.close();
  });

  it("answers over the socket, then closes it and exits on SIGTERM", {
    timeout: 120_000,
  }, async () => {
    const spawned = spawn(process.execPath, ["--import", "tsx", "src/app.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        ...(ctx.testDb.url ? { DATABASE_URL: ctx.testDb.url } : { DATA_DIR: "memory://" }),
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: slack.url,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = spawned;
    let stderr = "";
    spawned.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => spawned.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      let out = "";
      spawned.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes('"msg":"connected in Socket Mode"')) resolve();
      });
      void exited.then((code) => reject(new Error(`exited early (${code}): ${stderr}`)));
    });
    expect(slack.openSockets()).toBe(1);
    expect(slack.calls("apps.connections.open")[0]?.token).toBe(APP_TOKEN);

    const responseUrl = slack.responseUrl();
    const command = Object.fromEntries(
      new URLSearchParams(
        slashCommandBody({ team_id: slack.teamId, text: "help", response_url: responseUrl }),
      ),
    );
    const envelopeId = slack.sendEnvelope("slash_commands", command);
    expect(await slack.waitForAck(envelopeId)).toEqual({ envelope_id: envelopeId, payload: {} });
    const [answer] = await slack.waitForCalls("response_url", 1);
    expect(String(answer?.body.text)).toMatch(/How to use/);

    spawned.kill("SIGTERM");
    await slack.waitForSocketsClosed();
    expect(slack.calls("socket_mode.close").map((c) => c.body.code)).toEqual([1000]);
    // A clean shutdown exits within a second or two; a handle left open keeps it alive for good
    // (a reconnect timer even reconnects), so the bound only has to be generous.
    const stillRunning = new Promise<"still running">((resolve) =>
      setTimeout(() => resolve("still running"), 30_000).unref(),
    );
    expect(await Promise.race([exited, stillRunning])).toBe(0);
  });
});
