import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { interviews, transcripts } from "../../src/db/schema.js";
import { pastedMessageKey } from "../../src/slack/pasted-text.js";
import { UPLOAD_REPLY_EVENT_TYPE } from "../../src/slack/upload-ports.js";
import { describeEachDb } from "../helpers/db.js";
import { refuseInserts } from "../helpers/db-faults.js";
import { eventEnvelope, sendEvent } from "../helpers/slack-requests.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import {
  MEMBER,
  SIGNING_SECRET,
  seedText,
  shareFile,
  sleep,
  startTestApp,
  type TestApp,
} from "./harness.js";
import { replied, uploadThread } from "./support/upload-threads.js";

/**
 * Issue 14, item 4 at run time: the database cannot store (a full disk, a read-only data
 * directory; injected for real with a trigger that raises `disk_full`, test/helpers/db-faults.ts)
 * while uploads arrive. An upload whose ingest cannot be stored is told so once in its thread
 * and retried by the recovery sweep; one that cannot even be recorded is told so at once and
 * recorded when storage is back; neither is lost, and each is answered once (the reply replaces
 * the notice). One that cannot be recorded for the whole retry window is told to share it again.
 */

const CHANNEL = "CSTORE0001";
const SAVE_RETRYING =
  /^:hourglass_flowing_sand: I couldn't save .+ just now; I'll try again automatically and post the result here\.$/u;
const CANNOT_RECORD =
  /^:warning: I can't save files right now; I'll keep trying with .+ for the next few minutes and post the result here\.$/u;
const GAVE_UP = /^:warning: I still couldn't save .+; please share it again later\.$/u;

let variantCount = 0;
/** The seed with its candidates renamed, so each upload is new to the database. */
function variant(): string {
  variantCount += 1;
  return seedText.replace(/^Candidate: ([^-\n]+)/gmu, `Candidate: $1 Store${variantCount}`);
}

async function until(what: string, done: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describeEachDb("storage failing while uploads arrive", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    slack = await startSlackStandIn();
    slack.setMembers(CHANNEL, [MEMBER]);
    app = await startTestApp(ctx.db, slack, {
      upload: {
        recoverEveryMs: 100,
        recoverGraceMs: 100,
        leaseMs: 3_000,
        retryBackoffMs: 100,
        maxAttempts: 50,
        recordRetry: { withinMs: 60_000, minDelayMs: 50, maxDelayMs: 200 },
      },
    });
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  const rowOf = async (fileId: string) =>
    (await ctx.db.select().from(transcripts).where(eq(transcripts.slackFileId, fileId)))[0];

  it("tells the thread once when an upload cannot be stored, retries it, and answers once", async () => {
    const restore = await refuseInserts(ctx.db, "interviews");
    let restored = false;
    try {
      const shared = await shareFile(
        app,
        slack,
        { name: "full-disk.txt", content: variant() },
        { channel: CHANNEL },
      );
      const threadTs = String(shared.event.ts);
      // Several attempts fail (the sweep retries every 100 ms): the notice is posted once.
      await until(
        "three failed attempts",
        async () => ((await rowOf(shared.id))?.attempts ?? 0) >= 3,
      );
      const notices = slack.calls("chat.postMessage").filter((c) => c.body.thread_ts === threadTs);
      expect(notices).toHaveLength(1);
      expect(String(notices[0]?.body.text)).toMatch(SAVE_RETRYING);
      expect(slack.calls("chat.update")).toHaveLength(0);

      await restore();
      restored = true;
      const row = await rowOf(shared.id);
      if (!row) throw new Error("upload not recorded");
      await until("the reply", () => replied(slack, row.id));
      await app.deps.uploads.idle();

      const thread = await uploadThread(slack, app.deps.client, {
        channel: CHANNEL,
        threadTs,
        transcriptId: row.id,
      });
      expect(thread.posts, "one post in the thread: the notice").toHaveLength(1);
      expect(thread.replyDeliveries, "answered once").toHaveLength(1);
      expect(thread.replyDeliveries[0]?.method).toBe("chat.update");
      expect(thread.botMessages, "the notice became the reply").toHaveLength(1);
      expect(thread.botMessages[0]?.text).toContain("Store");
      expect(thread.botMessages[0]?.metadata?.event_type).toBe(UPLOAD_REPLY_EVENT_TYPE);
      const stored = await rowOf(shared.id);
      expect(stored).toMatchObject({ status: "done", claimedBy: null });
      expect(stored?.replyTs).toBe(thread.botMessages[0]?.ts);
      const [n] = await ctx.db
        .select({ n: count() })
        .from(interviews)
        .where(eq(interviews.transcriptId, row.id));
      expect(n?.n).toBe(8);
    } finally {
      if (!restored) await restore();
    }
  });

  it("tells the thread at once when an upload cannot even be recorded, and answers it once storage is back", async () => {
    const restore = await refuseInserts(ctx.db, "transcripts");
    let restored = false;
    try {
      const shared = await shareFile(
        app,
        slack,
        { name: "read-only.txt", content: variant() },
        { channel: CHANNEL },
      );
      const threadTs = String(shared.event.ts);
      const [notice] = await slack.waitForCalls("chat.postMessage", 1);
      expect(notice?.body.thread_ts).toBe(threadTs);
      expect(String(notice?.body.text)).toMatch(CANNOT_RECORD);
      await sleep(500);
      expect(await rowOf(shared.id), "not recorded while storage refuses").toBeUndefined();
      expect(slack.calls("chat.postMessage")).toHaveLength(1);

      await restore();
      restored = true;
      await until("the upload recorded", async () => (await rowOf(shared.id)) !== undefined);
      const row = await rowOf(shared.id);
      if (!row) throw new Error("upload not recorded");
      await until("the reply", () => replied(slack, row.id));
      await app.deps.uploads.idle();

      const thread = await uploadThread(slack, app.deps.client, {
        channel: CHANNEL,
        threadTs,
        transcriptId: row.id,
      });
      expect(thread.posts).toHaveLength(1);
      expect(thread.replyDeliveries).toHaveLength(1);
      expect(thread.replyDeliveries[0]?.method, "the reply replaced the notice").toBe(
        "chat.update",
      );
      expect(thread.botMessages).toHaveLength(1);
      expect(thread.botMessages[0]?.metadata?.event_type).toBe(UPLOAD_REPLY_EVENT_TYPE);
      expect(await rowOf(shared.id)).toMatchObject({ status: "done", attempts: 1 });
    } finally {
      if (!restored) await restore();
    }
  });

  it("does the same for a transcript pasted into a mention", async () => {
    const restore = await refuseInserts(ctx.db, "transcripts");
    let restored = false;
    try {
      const ts = `${Math.floor(Date.now() / 1000)}.000777`;
      const text = [
        "Interview with Pasted Store - Data Engineer",
        "",
        "Interviewer: How do you keep a pipeline's data trustworthy when a few rows fail checks?",
        "Pasted Store: I quarantine the bad rows and alert on the rate, so the job keeps going, and the rules live next to the models as tests.",
        "Interviewer: What happens when the upstream schema changes without warning?",
        "Pasted Store: A contract at the boundary rejects a breaking change and pages the owner with the diff.",
      ].join("\n");
      const bot = "U0442US8QGH";
      const response = await sendEvent(
        app.url,
        SIGNING_SECRET,
        eventEnvelope({
          type: "app_mention",
          user: MEMBER,
          text: `<@${bot}> ${text}`,
          ts,
          event_ts: ts,
          channel: CHANNEL,
        }),
      );
      expect(response.status).toBe(200);
      const [notice] = await slack.waitForCalls("chat.postMessage", 1);
      expect(notice?.body.thread_ts).toBe(ts);
      expect(String(notice?.body.text)).toMatch(CANNOT_RECORD);

      await restore();
      restored = true;
      const key = pastedMessageKey(CHANNEL, ts);
      await until("the paste recorded", async () => (await rowOf(key)) !== undefined);
      const row = await rowOf(key);
      if (!row) throw new Error("paste not recorded");
      await until("the reply", () => replied(slack, row.id));
      await app.deps.uploads.idle();
      const thread = await uploadThread(slack, app.deps.client, {
        channel: CHANNEL,
        threadTs: ts,
        transcriptId: row.id,
      });
      expect(thread.posts).toHaveLength(1);
      expect(thread.replyDeliveries).toHaveLength(1);
      expect(thread.botMessages).toHaveLength(1);
      expect(thread.botMessages[0]?.text).toContain("Pasted Store");
    } finally {
      if (!restored) await restore();
    }
  });

  it("says once to share it again when storage stays away for the whole retry window", async () => {
    const impatient = await startTestApp(ctx.db, slack, {
      upload: { recordRetry: { withinMs: 400, minDelayMs: 50, maxDelayMs: 100 } },
    });
    const restore = await refuseInserts(ctx.db, "transcripts");
    try {
      const shared = await shareFile(
        impatient,
        slack,
        { name: "gone.txt", content: variant() },
        { channel: CHANNEL },
      );
      const [update] = await slack.waitForCalls("chat.update", 1);
      await sleep(300);
      const posts = slack.calls("chat.postMessage");
      expect(posts).toHaveLength(1);
      expect(posts[0]?.body.thread_ts).toBe(String(shared.event.ts));
      expect(String(posts[0]?.body.text)).toMatch(CANNOT_RECORD);
      expect(slack.calls("chat.update")).toHaveLength(1);
      expect(String(update?.body.text)).toMatch(GAVE_UP);
      expect(await rowOf(shared.id)).toBeUndefined();
    } finally {
      await restore();
      await impatient.stop();
    }
  });

  it("leaves no unhandled rejection behind", () => {
    expect(unhandled).toEqual([]);
  });
});
