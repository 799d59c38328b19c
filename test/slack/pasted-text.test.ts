import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { transcripts } from "../../src/db/schema.js";
import {
  pastedMessageKey,
  pastedTranscriptText,
  unescapeMrkdwn,
} from "../../src/slack/pasted-text.js";
import { NO_TEXT_LAYER } from "../../src/transcript/extract/index.js";
import { describeEachDb } from "../helpers/db.js";
import { scannedPdf, teamsDocx, textToDocx, textToPdf } from "../helpers/documents.js";
import { eventEnvelope, sendEvent } from "../helpers/slack-requests.js";
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
} from "./harness.js";

const CHANNEL = "CHIRING001";
const DM = "D0DMCHAN01";
const BOT = "U0442US8QGH";

/**
 * How Slack sends text: `&`, `<`, `>` escaped, a typed URL as `<url>`, a link with a label as
 * `<url|label>`, an address as `<mailto:…|…>`.
 */
function mrkdwn(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/https:\/\/[^\s)]+/g, (url) => `<${url}>`)
    .replace(/\bdbt tests\b/, "<https://docs.getdbt.com|dbt tests>")
    .replace(/[\w.]+@[\w.]+\.\w+/g, (mail) => `<mailto:${mail}|${mail}>`);
}

const interview = [
  "Interview with Priya Raman - Data Engineer",
  "",
  "Interviewer: Thanks for joining. How do you keep a pipeline's data trustworthy when <5% of rows fail checks?",
  "Priya Raman: I quarantine bad rows & alert on the rate, so the job keeps going; the rules live in dbt tests, see https://docs.getdbt.com/docs/build/data-tests for the pattern we use.",
  "Interviewer: What happens when the upstream schema changes without warning?",
  "Priya Raman: Contracts at the boundary: the ingest rejects a breaking change and pages the owner, and I mail data-team@example.com with the diff so nobody is surprised.",
].join("\n");

describe("mrkdwn undone", () => {
  it("undoes escaping, links, addresses and mentions", () => {
    expect(
      unescapeMrkdwn(
        "a &lt;b&gt; &amp;amp; <https://x.io/a?b=1|x.io> <https://y.io> <mailto:j@x.io|j@x.io> <@U1> <@U2|ana> <#C1|hiring> <!here> <@UBOT>",
        "UBOT",
      ),
    ).toBe("a <b> &amp; x.io https://y.io j@x.io @U1 @ana #hiring @here ");
  });

  it("removes the opening mention even without the bot's id", () => {
    expect(pastedTranscriptText("<@U0BOT> \nInterviewer: hi")).toBe("Interviewer: hi");
  });

  it("round-trips the interview", () => {
    expect(pastedTranscriptText(`<@${BOT}> ${mrkdwn(interview)}`, BOT)).toBe(interview);
  });
});

describeEachDb("pasted transcripts and documents in Slack, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;
  let counter = 0;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    app = await startTestApp(ctx.db, slack);
    slack.setMembers(CHANNEL, [MEMBER]);
    slack.setMembers(DM, [MEMBER, BOT]);
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  function nextTs(): string {
    counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, "0")}`;
  }

  async function send(event: Record<string, unknown>) {
    const response = await sendEvent(app.url, SIGNING_SECRET, eventEnvelope(event));
    expect(response.status).toBe(200);
  }

  function mention(text: string, ts = nextTs()) {
    return {
      type: "app_mention",
      user: MEMBER,
      text,
      ts,
      event_ts: ts,
      channel: CHANNEL,
      team: "T0TEST",
    };
  }

  function dm(text: string, ts = nextTs()) {
    return {
      type: "message",
      user: MEMBER,
      text,
      ts,
      event_ts: ts,
      channel: DM,
      channel_type: "im",
    };
  }

  async function rowFor(key: string) {
    const [row] = await ctx.db.select().from(transcripts).where(eq(transcripts.slackFileId, key));
    return row;
  }

  it("treats @Hiring Signal + a pasted transcript as an upload, answered in its thread", async () => {
    const event = mention(`<@${BOT}> here's today's interview:\n${mrkdwn(interview)}`);
    await send(event);
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(post?.body).toMatchObject({ channel: CHANNEL, thread_ts: event.ts });
    expect(String(post?.body.text)).toContain("Priya Raman");
    expect(slack.calls("files.download")).toHaveLength(0);
    const [reaction] = slack.calls("reactions.add");
    expect(reaction?.body).toMatchObject({ channel: CHANNEL, timestamp: event.ts });
    const row = await rowFor(pastedMessageKey(CHANNEL, event.ts));
    expect(row).toMatchObject({ status: "done", channelId: CHANNEL, uploaderId: MEMBER });
    // What was stored is the text as written, not Slack's escaping.
    expect(row?.rawText).toContain("bad rows & alert");
    expect(row?.rawText).toContain("when <5% of rows");
    expect(row?.rawText).toContain("https://docs.getdbt.com/docs/build/data-tests");
    expect(row?.rawText).toContain("mail data-team@example.com with");
    expect(row?.rawText).not.toContain("&amp;");
  });

  it("answers the same text pasted again as already imported (dedup by content)", async () => {
    const event = mention(`<@${BOT}> here's today's interview:\n${mrkdwn(interview)}`);
    await send(event);
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(String(post?.body.text)).toMatch(/already/i);
    const row = await rowFor(pastedMessageKey(CHANNEL, event.ts));
    expect(row?.duplicateOf).toEqual(expect.any(String));
  });

  it("treats a long DM to the app as an upload", async () => {
    const text = readFileSync(
      new URL("../fixtures/transcripts/mit/p7.txt", import.meta.url),
      "utf8",
    );
    const event = dm(mrkdwn(text));
    await send(event);
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    await app.deps.uploads.idle();
    expect(post?.body).toMatchObject({ channel: DM, thread_ts: event.ts });
    expect(
      buttonsIn(post?.body.blocks).some((b) => b.actionId.startsWith("candidate_details")),
    ).toBe(true);
    expect((await rowFor(pastedMessageKey(DM, event.ts)))?.status).toBe("done");
  });

  it("ignores a short mention and a short DM", async () => {
    await send(mention(`<@${BOT}> hello!`));
    await send(dm("thanks, that was quick"));
    await sleep(300);
    await app.deps.uploads.idle();
    expect(slack.calls("chat.postMessage")).toHaveLength(0);
  });

  it("answers a message cut at Slack's 40,000 characters with one sentence", async () => {
    const long = `Interviewer: Tell me everything?\nInterviewee: ${"very long answer ".repeat(2400)}`;
    await send(dm(long.slice(0, 40_000)));
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    expect(String(post?.body.text)).toContain("40,000-character limit");
  });

  it("reads a shared .docx and a .pdf like the text they hold", async () => {
    const docxText = seedText.replace(/John Doe/g, "Jon Dowd");
    await shareFile(
      app,
      slack,
      { name: "interviews.docx", content: textToDocx(docxText) },
      { channel: CHANNEL },
    );
    const pdfText = seedText.replace(/John Doe/g, "Joan Dale");
    await shareFile(
      app,
      slack,
      {
        name: "interviews.pdf",
        content: await textToPdf(pdfText, { header: "Confidential", pageNumbers: true }),
      },
      { channel: CHANNEL },
    );
    const posts = await slack.waitForCalls("chat.postMessage", 2, 20_000);
    await app.deps.uploads.idle();
    const texts = posts.map((p) => String(p.body.text));
    expect(texts.some((t) => t.includes("Jon Dowd"))).toBe(true);
    expect(texts.some((t) => t.includes("Joan Dale"))).toBe(true);
    for (const post of posts) {
      expect(
        buttonsIn(post.body.blocks).filter((b) => b.actionId.startsWith("candidate_details")),
      ).toHaveLength(8);
    }
  });

  it("reads a Teams .docx shared under a .txt name", async () => {
    const docx = teamsDocx([
      {
        speaker: "Dana Whitfield",
        at: "0:03",
        text: "Tell me about a system you designed and why?",
      },
      {
        speaker: "Tomasz Nowak",
        at: "0:12",
        text: "I built the billing pipeline at my last job, with Kafka and Postgres, and owned its on-call.",
      },
      { speaker: "Dana Whitfield", at: "1:02", text: "How did you handle failures?" },
      {
        speaker: "Tomasz Nowak",
        at: "1:10",
        text: "Retries with idempotency keys and a dead-letter queue we reviewed every morning.",
      },
    ]);
    await shareFile(app, slack, { name: "transcript.txt", content: docx }, { channel: CHANNEL });
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    expect(String(post?.body.text)).toContain("Tomasz Nowak");
  });

  it("answers a scanned PDF with one sentence", async () => {
    await shareFile(
      app,
      slack,
      { name: "scan.pdf", content: await scannedPdf() },
      { channel: CHANNEL },
    );
    const [post] = await slack.waitForCalls("chat.postMessage", 1);
    expect(String(post?.body.text)).toContain(NO_TEXT_LAYER);
  });
});
