import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { UPLOAD_REPLY_EVENT_TYPE } from "../../src/slack/upload-ports.js";
import { describeEachDb } from "../helpers/db.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { MEMBER, seedText, shareFile, startTestApp, type TestApp, textOf } from "./harness.js";

const CHANNEL = "CHIRING151";

/**
 * Progress people can see: the hourglass at once, a "working on it" line when a file takes
 * longer than a few seconds (here 150 ms), replaced in place by the result.
 */
describeEachDb("upload progress in the thread, end to end", (ctx) => {
  let slack: SlackStandIn;
  let app: TestApp;

  beforeAll(async () => {
    slack = await startSlackStandIn();
    slack.setMembers(CHANNEL, [MEMBER]);
    app = await startTestApp(ctx.db, slack, { upload: { progressAfterMs: 150 } });
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  it("posts a working-on-it line for a slow download and replaces it with the reply", async () => {
    slack.script("files.download", [{ delayMs: 600 }]);
    const shared = await shareFile(
      app,
      slack,
      { name: "slow.txt", content: seedText.replace(/John Doe/g, "Slow Joe") },
      { channel: CHANNEL },
    );
    const [working] = await slack.waitForCalls("chat.postMessage", 1);
    expect(working?.body.thread_ts).toBe(shared.event.ts);
    expect(String(working?.body.text)).toMatch(/Working on slow\.txt/);
    const [update] = await slack.waitForCalls("chat.update", 1, 20_000);
    await app.deps.uploads.idle();
    // Replaced, not added to: one post in the thread, now the ranking, tagged as the reply.
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
    const thread = await app.deps.client.conversations.replies({
      channel: CHANNEL,
      ts: String(shared.event.ts),
    });
    const replies = (thread.messages ?? []).filter((m) => m.bot_id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.ts).toBe(update?.body.ts);
    expect(String(replies[0]?.text)).toContain("Slow Joe");
    expect(String(update?.body.text)).toContain("Slow Joe");
    expect(textOf(update?.body.blocks)).not.toMatch(/Working on/);
    expect((update?.body.metadata as { event_type?: string } | undefined)?.event_type).toBe(
      UPLOAD_REPLY_EVENT_TYPE,
    );
    const names = slack
      .calls()
      .filter((c) => c.method.startsWith("reactions."))
      .map((c) => `${c.method} ${String(c.body.name)}`);
    expect(names).toEqual([
      "reactions.add hourglass_flowing_sand",
      "reactions.remove hourglass_flowing_sand",
      "reactions.add white_check_mark",
    ]);
  });

  it("posts no working-on-it line when the answer comes first, not even later", async () => {
    const patient = await startTestApp(ctx.db, slack, { upload: { progressAfterMs: 1_500 } });
    try {
      await shareFile(
        patient,
        slack,
        { name: "fast.txt", content: "Not an interview at all, just a note." },
        { channel: CHANNEL },
      );
      const [post] = await slack.waitForCalls("chat.postMessage", 1);
      await patient.deps.uploads.idle();
      await new Promise((r) => setTimeout(r, 2_000));
      expect(slack.calls("chat.postMessage")).toHaveLength(1);
      expect(slack.calls("chat.update")).toHaveLength(0);
      expect(String(post?.body.text)).toMatch(/could not use fast\.txt/);
      expect(slack.calls("reactions.add").at(-1)?.body.name).toBe("warning");
    } finally {
      await patient.stop();
    }
  });
});
