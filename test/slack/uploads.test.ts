import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { openDb } from "../../src/db/client.js";
import { transcripts } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import {
  buttonsIn,
  MEMBER,
  SIGNING_SECRET,
  seedText,
  shareFile,
  sleep,
  startTestApp,
  type TestApp,
  textOf,
} from "./harness.js";

const CHANNEL = "CHIRING001";

describeEachDb("slack uploads, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    app = await startTestApp(ctx.db, slack);
    slack.setMembers(CHANNEL, [MEMBER]);
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  async function rowFor(fileId: string) {
    const [row] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.slackFileId, fileId));
    return row;
  }

  it("answers the seed file once, in its thread, with 8 ranked candidates and a reaction", async () => {
    const shared = await shareFile(
      app,
      slack,
      { name: "interview-examples.txt", content: seedText },
      { channel: CHANNEL },
    );
    expect(shared.response.status).toBe(200);
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    expect(post?.body.channel).toBe(CHANNEL);
    expect(post?.body.thread_ts).toBe(shared.event.ts);
    const details = buttonsIn(post?.body.blocks).filter((b) =>
      b.actionId.startsWith("candidate_details"),
    );
    expect(details).toHaveLength(8);
    const text = String(post?.body.text);
    expect(text).toContain("John Doe");
    // Ranked: the scores in the fallback text never increase down the list.
    const scores = [...text.matchAll(/(\d+)\/100/g)].map((m) => Number(m[1]));
    expect(scores).toHaveLength(8);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    // The hourglass the moment the upload was recorded, then the outcome in its place.
    const reactions = slack
      .calls()
      .filter((c) => c.method.startsWith("reactions."))
      .map((c) => `${c.method} ${String(c.body.name)} ${String(c.body.timestamp)}`);
    expect(reactions).toEqual([
      `reactions.add hourglass_flowing_sand ${shared.event.ts}`,
      `reactions.remove hourglass_flowing_sand ${shared.event.ts}`,
      `reactions.add white_check_mark ${shared.event.ts}`,
    ]);
    const hourglassAt = slack.calls("reactions.add")[0]?.at ?? Number.POSITIVE_INFINITY;
    expect(hourglassAt).toBeLessThanOrEqual(post?.at ?? 0);
    expect(slack.calls("reactions.add")[1]?.body.channel).toBe(CHANNEL);
    const [download] = slack.calls("files.download");
    expect(download?.token).toBe("xoxb-test-token");

    const row = await rowFor(shared.id);
    expect(row).toMatchObject({
      status: "done",
      replyTs: expect.any(String),
      replyError: null,
      attempts: 1,
      claimedBy: null,
    });
  });

  it("answers once when Slack delivers the same event three times", async () => {
    const file = slack.addFile({
      id: "FRETRY0001",
      name: "retry.txt",
      content: seedText.replace(/John Doe/g, "Johan Dough"),
      channels: [CHANNEL],
    });
    const { eventEnvelope, fileShareEvent, sendEvent } = await import(
      "../helpers/slack-requests.js"
    );
    const envelope = eventEnvelope(fileShareEvent(file, { channel: CHANNEL, user: MEMBER }));
    const responses = await Promise.all([
      sendEvent(app.url, SIGNING_SECRET, envelope),
      sendEvent(app.url, SIGNING_SECRET, envelope, { retryNum: 1, retryReason: "http_timeout" }),
      sendEvent(app.url, SIGNING_SECRET, envelope, { retryNum: 2, retryReason: "http_timeout" }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await slack.waitForCalls("chat.postMessage", 1);
    await sleep(200);
    await app.deps.uploads.idle();
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    expect(slack.calls("files.download")).toHaveLength(1);
    expect((await rowFor("FRETRY0001"))?.attempts).toBe(1);
  });

  it("answers once when two app instances on one database receive the same event", async () => {
    const second = ctx.testDb.url
      ? await openDb({ databaseUrl: ctx.testDb.url, maxConnections: 3 })
      : undefined;
    const other = await startTestApp(second?.db ?? ctx.db, slack);
    try {
      const file = slack.addFile({
        id: "FTWOAPPS01",
        name: "two.txt",
        content: seedText.replace(/Jane Smith/g, "Janet Smythe"),
        channels: [CHANNEL],
      });
      const { eventEnvelope, fileShareEvent, sendEvent } = await import(
        "../helpers/slack-requests.js"
      );
      const envelope = eventEnvelope(fileShareEvent(file, { channel: CHANNEL, user: MEMBER }));
      await Promise.all([
        sendEvent(app.url, SIGNING_SECRET, envelope),
        sendEvent(other.url, SIGNING_SECRET, envelope),
      ]);
      await slack.waitForCalls("chat.postMessage", 1);
      await sleep(200);
      await Promise.all([app.deps.uploads.idle(), other.deps.uploads.idle()]);
      expect(slack.calls("chat.postMessage")).toHaveLength(1);
      // One hourglass and one outcome: the second instance neither reacted nor replied.
      expect(slack.calls("reactions.add").map((c) => c.body.name)).toEqual([
        "hourglass_flowing_sand",
        "white_check_mark",
      ]);
    } finally {
      await other.stop();
      await second?.close();
    }
  });

  it("rejects an HTML sign-in page served instead of the file, with one specific reply", async () => {
    const shared = await shareFile(
      app,
      slack,
      {
        name: "notes.txt",
        content:
          "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>",
        contentType: "text/html; charset=utf-8",
      },
      { channel: CHANNEL },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(String(post?.body.text)).toMatch(/sign-in page/);
    expect(post?.body.thread_ts).toBe(shared.event.ts);
    expect(slack.calls("reactions.add").at(-1)?.body.name).toBe("warning");
    expect(await rowFor(shared.id)).toMatchObject({
      status: "failed",
      errorCode: "DOWNLOAD_FAILED",
    });
  });

  it("rejects an HTML page even when Slack labels it text/plain", async () => {
    await shareFile(
      app,
      slack,
      {
        name: "notes2.txt",
        content: "\n  <html><body>Sign in</body></html>",
        contentType: "text/plain",
      },
      { channel: CHANNEL },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    expect(String(post?.body.text)).toMatch(/web page/);
  });

  it("refuses a 50 MB file from its metadata, without downloading it", async () => {
    const shared = await shareFile(
      app,
      slack,
      { name: "huge-transcript.txt", content: "x", size: 50 * 1024 * 1024 },
      { channel: CHANNEL },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(String(post?.body.text)).toMatch(/50\.0 MB, over the 10\.0 MB limit/);
    expect(slack.calls("files.download")).toHaveLength(0);
    expect(await rowFor(shared.id)).toMatchObject({
      status: "failed",
      errorCode: "FILE_TOO_LARGE",
    });
  });

  it("stops reading a download that turns out larger than the limit, whatever the metadata said", async () => {
    const small = await startTestApp(ctx.db, slack, { env: { MAX_FILE_BYTES: "1000" } });
    try {
      await shareFile(
        small,
        slack,
        { name: "liar.txt", content: "a".repeat(5000), size: 100 },
        { channel: CHANNEL },
      );
      const [post] = await slack.waitForCalls("chat.postMessage", 1);
      expect(String(post?.body.text)).toMatch(/over the 0\.00 MB limit|over the .* limit/);
    } finally {
      await small.stop();
    }
  });

  it("ignores a PNG quietly: no reply, no reaction, no download, no record", async () => {
    const shared = await shareFile(
      app,
      slack,
      {
        name: "whiteboard.png",
        content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      },
      { channel: CHANNEL },
    );
    expect(shared.response.status).toBe(200);
    await sleep(300);
    await app.deps.uploads.idle();
    expect(slack.calls("chat.postMessage")).toHaveLength(0);
    expect(slack.calls("reactions.add")).toHaveLength(0);
    expect(slack.calls("files.download")).toHaveLength(0);
    expect(await rowFor(shared.id)).toBeUndefined();
  });

  it("answers an old Word résumé with what it expected instead", async () => {
    await shareFile(
      app,
      slack,
      {
        name: "résumé.doc",
        content: "\xd0\xcf\x11\xe0 ...",
        filetype: "doc",
        mimetype: "application/msword",
      },
      { channel: CHANNEL },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    expect(String(post?.body.text)).toMatch(
      /a Word document; I read interview transcripts as text \(\.txt, \.md, \.vtt or \.srt\), \.docx or \.pdf/,
    );
    expect(slack.calls("files.download")).toHaveLength(0);
  });

  it("answers a damaged PDF, downloaded and read, in one sentence", async () => {
    await shareFile(
      app,
      slack,
      { name: "résumé.pdf", content: "%PDF-1.7 ..." },
      { channel: CHANNEL },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    expect(String(post?.body.text)).toMatch(/This PDF is damaged/);
    expect(slack.calls("files.download")).toHaveLength(1);
  });

  it("answers a plain-text résumé with a short, specific reply", async () => {
    const resume = [
      "Jordan Example",
      "jordan@example.com · +1 555 0100",
      "",
      "EXPERIENCE",
      "Senior Engineer, Acme Corp (2019–2024)",
      "- Led the migration of the billing platform to Kubernetes",
      "",
      "EDUCATION",
      "BSc Computer Science, State University",
      "",
      "SKILLS",
      "Python, Go, PostgreSQL, Terraform",
    ].join("\n");
    const shared = await shareFile(
      app,
      slack,
      { name: "resume.txt", content: resume },
      { channel: CHANNEL },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    const row = await rowFor(shared.id);
    expect(row?.status).toBe("failed");
    expect(String(post?.body.text)).toContain(String(row?.errorMessage));
    expect(slack.calls("reactions.add").at(-1)?.body.name).toBe("warning");
    expect(textOf(post?.body.blocks)).not.toContain("jordan@example.com");
  });

  it("retries chat.postMessage after a 429, honouring Retry-After, and posts once", async () => {
    slack.script("chat.postMessage", [{ status: 429, retryAfter: 1 }, "ok"]);
    const started = Date.now();
    const shared = await shareFile(
      app,
      slack,
      { name: "rl.txt", content: seedText.replace(/Michael Chen/g, "Mikael Chan") },
      { channel: CHANNEL },
    );
    await slack.waitForCalls("chat.postMessage", 2);
    await app.deps.uploads.idle();
    const posts = slack.calls("chat.postMessage");
    expect(posts.map((c) => c.answeredWith)).toEqual(["429", "ok"]);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await rowFor(shared.id)).toMatchObject({
      replyTs: expect.any(String),
      replyError: null,
    });
  });

  it("retries a 5xx and a hung request, then posts", async () => {
    slack.script("chat.postMessage", [{ status: 503 }, "hang", "ok"]);
    const shared = await shareFile(
      app,
      slack,
      { name: "flaky.txt", content: seedText.replace(/Emily Johnson/g, "Emilia Jonsson") },
      { channel: CHANNEL },
    );
    await slack.waitForCalls("chat.postMessage", 3, 15_000);
    await app.deps.uploads.idle();
    expect(slack.calls("chat.postMessage").map((c) => c.answeredWith)).toEqual([
      "503",
      "hang",
      "ok",
    ]);
    expect((await rowFor(shared.id))?.replyTs).toEqual(expect.any(String));
  });

  it("records a reply that finally cannot be posted instead of losing it", async () => {
    slack.always("chat.postMessage", { status: 503 });
    try {
      const shared = await shareFile(
        app,
        slack,
        { name: "down.txt", content: seedText.replace(/Alex Thompson/g, "Alexa Thomsen") },
        { channel: CHANNEL },
      );
      await slack.waitForCalls("chat.postMessage", 4);
      await sleep(100);
      await app.deps.uploads.idle();
      const row = await rowFor(shared.id);
      expect(row).toMatchObject({ status: "done", replyTs: null, replyError: "slack http 503" });
    } finally {
      slack.always("chat.postMessage", undefined);
    }
  });

  it("handles file_shared by asking files.info, replying in the sharing message's thread", async () => {
    const { eventEnvelope, fileSharedEvent, sendEvent } = await import(
      "../helpers/slack-requests.js"
    );
    const file = slack.addFile({
      id: "FSHARED001",
      name: "shared.txt",
      content: seedText.replace(/James Anderson/g, "Jim Andersen"),
    });
    // files.info reports where it was shared (as Slack's does, under shares.public).
    const info = slack.fileObject("FSHARED001");
    slack.script("files.info", [
      {
        body: {
          ok: true,
          file: {
            ...info,
            ...file,
            shares: {
              public: { [CHANNEL]: [{ ts: "1700000000.000100", channel_name: "hiring" }] },
            },
          },
        },
      },
    ]);
    await sendEvent(
      app.url,
      SIGNING_SECRET,
      eventEnvelope(fileSharedEvent("FSHARED001", { channel: CHANNEL, user: MEMBER })),
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    expect(post?.body.thread_ts).toBe("1700000000.000100");
    expect(slack.calls("files.info")).toHaveLength(1);
  });

  it("asks files.info for a Slack Connect stub before deciding", async () => {
    const { slackFixture, eventEnvelope, sendEvent } = await import("../helpers/slack-requests.js");
    const real = slackFixture<{ event: Record<string, unknown> }>(
      "events/message_file_share_slack_connect.json",
    );
    slack.addFile({
      id: "F12345678",
      name: "connect.txt",
      content: seedText.replace(/Jennifer Martinez/g, "Jenny Martins"),
    });
    const event = {
      ...real.event,
      channel: CHANNEL,
      channel_type: "group",
      ts: "1700000001.000200",
      event_ts: "1700000001.000200",
    };
    await sendEvent(app.url, SIGNING_SECRET, eventEnvelope(event));
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    expect(slack.calls("files.info")[0]?.body.file).toBe("F12345678");
    expect(post?.body.thread_ts).toBe("1700000001.000200");
  });

  it("serves /healthz", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
