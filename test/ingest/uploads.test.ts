import { eq } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import {
  claimUpload,
  findRecoverableUploads,
  recordUpload,
} from "../../src/db/repositories/uploads.js";
import { transcripts } from "../../src/db/schema.js";
import { AppError } from "../../src/errors.js";
import { rejectedOutcome } from "../../src/ingest/ingest.js";
import { UploadJobs, type UploadPorts, type UploadReply } from "../../src/ingest/uploads.js";
import { describeEachDb } from "../helpers/db.js";

const silent = pino({ level: "silent" });
let n = 0;
const source = () => {
  n += 1;
  return {
    teamId: "T_JOBS",
    slackFileId: `FJOB${String(n).padStart(6, "0")}`,
    channelId: "C1",
    messageTs: `1700000000.${String(n).padStart(6, "0")}`,
    threadTs: `1700000000.${String(n).padStart(6, "0")}`,
    uploaderId: "U1",
    fileName: "t.txt",
    sizeBytes: 10,
  };
};

/** Ports that record what the job asked for; ingest rejects (no parser needed here). */
function fakePorts(overrides: Partial<UploadPorts> = {}) {
  const posted: UploadReply[] = [];
  const ports: UploadPorts = {
    fetchFile: async () => new TextEncoder().encode("not a transcript"),
    ingest: async () => rejectedOutcome(new AppError("NOT_A_TRANSCRIPT", "Nope.")),
    findExistingReply: async () => undefined,
    retrying: async () => {},
    postReply: async (reply) => {
      posted.push(reply);
      return `1700000001.${String(posted.length).padStart(6, "0")}`;
    },
    ...overrides,
  };
  return { ports, posted };
}

describeEachDb("durable upload jobs", (ctx) => {
  it("records an upload once per Slack file id", async () => {
    const s = source();
    const first = await recordUpload(ctx.db, s);
    const again = await recordUpload(ctx.db, s);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, transcript: { id: first.transcript.id } });
    expect(first.transcript.status).toBe("received");
  });

  it("lets exactly one of many concurrent claims win, and none while the lease holds", async () => {
    const { transcript } = await recordUpload(ctx.db, source());
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimUpload(ctx.db, transcript.id, `w${i}`, 60_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toMatchObject({ status: "processing", attempts: 1 });
    expect(await claimUpload(ctx.db, transcript.id, "late", 60_000)).toBeUndefined();
  });

  it("hands an expired lease to another worker, which then fences the first out", async () => {
    const { transcript } = await recordUpload(ctx.db, source());
    expect(await claimUpload(ctx.db, transcript.id, "dead", 1)).toBeDefined();
    await new Promise((r) => setTimeout(r, 20));
    const recoverable = await findRecoverableUploads(ctx.db, { graceMs: 0, limit: 100 });
    expect(recoverable.map((r) => r.id)).toContain(transcript.id);
    const { ports, posted } = fakePorts();
    const jobs = new UploadJobs({ db: ctx.db, ports, logger: silent, workerId: "alive" });
    const result = await jobs.process(transcript.id);
    expect(result).toMatchObject({ kind: "replied", reply: "rejected" });
    expect(posted).toHaveLength(1);
    const [row] = await ctx.db.select().from(transcripts).where(eq(transcripts.id, transcript.id));
    expect(row).toMatchObject({
      attempts: 2,
      status: "failed",
      errorCode: "NOT_A_TRANSCRIPT",
      claimedBy: null,
    });
    // Finished: nobody can claim it again.
    expect(await claimUpload(ctx.db, transcript.id, "another", 60_000)).toBeUndefined();
  });

  it("does not post again when an earlier attempt's reply is already in the thread", async () => {
    const { transcript } = await recordUpload(ctx.db, source());
    await claimUpload(ctx.db, transcript.id, "crashed-after-posting", 1);
    await new Promise((r) => setTimeout(r, 20));
    const { ports, posted } = fakePorts({ findExistingReply: async () => "1700000009.000001" });
    const jobs = new UploadJobs({ db: ctx.db, ports, logger: silent });
    expect(await jobs.process(transcript.id)).toMatchObject({
      kind: "replied",
      replyTs: "1700000009.000001",
    });
    expect(posted).toHaveLength(0);
  });

  it("records why a reply could not be posted, and does not retry it for ever", async () => {
    const { transcript } = await recordUpload(ctx.db, source());
    const { ports } = fakePorts({
      postReply: async () => {
        throw Object.assign(new Error("An API error occurred: not_in_channel"), {
          code: "slack_webapi_platform_error",
          data: { ok: false, error: "not_in_channel" },
        });
      },
    });
    const jobs = new UploadJobs({ db: ctx.db, ports, logger: silent });
    expect(await jobs.process(transcript.id)).toEqual({
      kind: "reply_failed",
      error: "slack: not_in_channel",
    });
    const recoverable = await findRecoverableUploads(ctx.db, { graceMs: 0, limit: 100 });
    expect(recoverable.map((r) => r.id)).not.toContain(transcript.id);
  });

  it("releases the lease when an unexpected error stops the job, so recovery retries it after a backoff", async () => {
    const { transcript } = await recordUpload(ctx.db, source());
    const { ports } = fakePorts({
      fetchFile: async () => {
        throw new Error("socket hang up");
      },
    });
    const jobs = new UploadJobs({ db: ctx.db, ports, logger: silent, retryBackoffMs: 300 });
    await expect(jobs.process(transcript.id)).rejects.toThrow("socket hang up");
    const recoverable = () =>
      findRecoverableUploads(ctx.db, { graceMs: 0, limit: 100 }).then((rows) =>
        rows.map((r) => r.id),
      );
    expect(await recoverable()).not.toContain(transcript.id);
    await new Promise((r) => setTimeout(r, 400));
    expect(await recoverable()).toContain(transcript.id);
  });

  it("tells the uploader once when the database fails, however many attempts fail", async () => {
    const { transcript } = await recordUpload(ctx.db, source());
    const told: string[] = [];
    const { ports } = fakePorts({
      ingest: async () => {
        throw new AppError("DB_ERROR", "The transcript could not be saved; nothing was stored.");
      },
      retrying: async (row) => {
        told.push(row.id);
      },
    });
    const jobs = new UploadJobs({ db: ctx.db, ports, logger: silent, retryBackoffMs: 0 });
    await expect(jobs.process(transcript.id)).rejects.toThrow("could not be saved");
    // The job asks on every failed attempt; saying it once is the port's part (upload-ports).
    expect(told).toEqual([transcript.id]);
    const other = await recordUpload(ctx.db, source());
    const { ports: slackDown } = fakePorts({
      fetchFile: async () => {
        throw new Error("socket hang up");
      },
      retrying: async (row) => {
        told.push(row.id);
      },
    });
    const jobs2 = new UploadJobs({ db: ctx.db, ports: slackDown, logger: silent });
    await expect(jobs2.process(other.transcript.id)).rejects.toThrow("socket hang up");
    expect(told, "not a database failure: nothing said").toEqual([transcript.id]);
  });

  it("gives up with one reply after too many attempts", async () => {
    const { transcript } = await recordUpload(ctx.db, source());
    const { ports, posted } = fakePorts({
      fetchFile: async () => {
        throw new Error("boom");
      },
    });
    const jobs = new UploadJobs({
      db: ctx.db,
      ports,
      logger: silent,
      maxAttempts: 2,
      retryBackoffMs: 0,
    });
    await expect(jobs.process(transcript.id)).rejects.toThrow("boom");
    await expect(jobs.process(transcript.id)).rejects.toThrow("boom");
    expect(await jobs.process(transcript.id)).toMatchObject({ kind: "replied", reply: "rejected" });
    expect(posted[0]).toMatchObject({
      kind: "rejected",
      message: expect.stringMatching(/failed 2 times/),
    });
  });
});

describe("upload jobs in one process", () => {
  it("run one job per upload at a time", async () => {
    const { createTestDb } = await import("../helpers/db.js");
    const testDb = await createTestDb("pglite");
    try {
      const { transcript } = await recordUpload(testDb.db, source());
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const { ports, posted } = fakePorts({
        fetchFile: async () => {
          await gate;
          return new Uint8Array();
        },
      });
      const jobs = new UploadJobs({ db: testDb.db, ports, logger: silent, leaseMs: 1 });
      const first = jobs.process(transcript.id);
      await new Promise((r) => setTimeout(r, 30));
      // The lease lapsed, but this instance is still working on it: no second job.
      expect(await jobs.process(transcript.id)).toEqual({ kind: "skipped" });
      release();
      await first;
      expect(posted).toHaveLength(1);
    } finally {
      await testDb.cleanup();
    }
  });
});
