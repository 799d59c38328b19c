import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { digestDeliveries, transcripts } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import { type SlackStandIn, startSlackStandIn } from "../helpers/slack-stand-in.js";
import { digestRecovery, type SharedDatabase, uploadRecovery } from "./support/recovery.js";

/**
 * Issue 14's bound: work a `kill -9` interrupted is answered within 45 s of a replacement
 * instance being up. Both instances run production lease timings (src/lease.ts), so each test
 * waits out a real lease (up to 30 s); the figure itself is measured by `npm run bench --
 * --only recovery` and recorded in bench/RESULTS.md.
 */
const RECOVERY_BOUND_MS = 45_000;

describeEachDb("work survives the app being killed", (ctx) => {
  let slack: SlackStandIn;
  const shared = (): SharedDatabase =>
    ctx.testDb.url ? { postgresUrl: ctx.testDb.url, postgresDb: ctx.db } : {};

  beforeAll(async () => {
    slack = await startSlackStandIn();
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("an upload killed mid-ingest is answered once, within 45 s of a replacement being up", {
    timeout: 180_000,
  }, async () => {
    slack.reset();
    const run = await uploadRecovery(shared(), slack);
    try {
      expect(run.stranded).toMatchObject({ status: "processing", attempts: 1, replyTs: null });
      expect(run.stranded?.claimedBy).toMatch(/^child-/);
      expect((run.answer?.at ?? Number.POSITIVE_INFINITY) - run.upAt).toBeLessThan(
        RECOVERY_BOUND_MS,
      );
      await new Promise((r) => setTimeout(r, 500));
      await run.replacement.deps.uploads.idle();
      expect(slack.calls("chat.postMessage")).toHaveLength(1);
      expect(run.answer?.body.thread_ts).toBe(run.threadTs);
      const [row] = await run.db
        .select()
        .from(transcripts)
        .where(eq(transcripts.slackFileId, run.fileId));
      expect(row).toMatchObject({
        status: "done",
        attempts: 2,
        replyTs: expect.any(String),
        claimedBy: null,
      });
    } finally {
      await run.close();
    }
  });

  it("a digest whose replica was killed mid-post is posted once, within 45 s of a replacement being up", {
    timeout: 180_000,
  }, async () => {
    slack.reset();
    const run = await digestRecovery(shared(), slack);
    try {
      expect(run.stranded).toMatchObject({ status: "claimed", attempts: 1, messageTs: null });
      expect(run.stranded?.claimedBy).toMatch(/^child-/);
      expect((run.answer?.at ?? Number.POSITIVE_INFINITY) - run.upAt).toBeLessThan(
        RECOVERY_BOUND_MS,
      );
      const ok = slack.calls("chat.postMessage").filter((c) => c.answeredWith === "ok");
      expect(ok).toHaveLength(1);
      const [row] = await run.db.select().from(digestDeliveries);
      expect(row).toMatchObject({ status: "posted", attempts: 2, messageTs: expect.any(String) });
      expect(row?.claimedBy).toMatch(/^replacement:/);
    } finally {
      await run.close();
    }
  });
});
