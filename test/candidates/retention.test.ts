import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import {
  getCandidateSummary,
  purgeExpiredRawText,
  startRetentionJob,
} from "../../src/candidates/index.js";
import { transcripts } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import { scored, storeScored } from "../ingest/scored-fixtures.js";

describeEachDb("retention", (ctx) => {
  it("purges raw text older than the cutoff and keeps scores and summaries", async () => {
    const teamId = `T_${randomUUID().slice(0, 8)}`;
    const old = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("Old Timer", "Engineer")],
      now: new Date("2025-01-01T00:00:00Z"),
    });
    const fresh = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("New Comer", "Engineer")],
      now: new Date("2026-06-01T00:00:00Z"),
    });
    const now = new Date("2026-06-02T00:00:00Z");
    const { purged } = await purgeExpiredRawText(ctx.db, {
      olderThan: new Date("2026-01-01T00:00:00Z"),
      now,
    });
    expect(purged).toBeGreaterThanOrEqual(1);
    const [oldRow] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.id, old.transcriptId as string));
    expect(oldRow).toMatchObject({ rawText: null, rawPurgedAt: now, status: "done" });
    const [freshRow] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.id, fresh.transcriptId as string));
    expect(freshRow?.rawText).toContain("New Comer");
    const summary = await getCandidateSummary(
      ctx.db,
      teamId,
      old.candidates[0]?.candidateId as string,
    );
    expect(summary?.answers).toHaveLength(3);
    expect(summary?.score).toBe(60);
    // Running again finds nothing left to purge for this file.
    await purgeExpiredRawText(ctx.db, { olderThan: new Date("2026-01-01T00:00:00Z"), now });
    const [still] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.id, old.transcriptId as string));
    expect(still?.rawPurgedAt).toEqual(now);
  });

  it("starts nothing when RETENTION_DAYS is unset, and purges at start-up when set", async () => {
    expect(startRetentionJob(ctx.db, { retentionDays: undefined })).toBeUndefined();
    const teamId = `T_${randomUUID().slice(0, 8)}`;
    const stored = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("Aged Out", "Engineer")],
      now: new Date("2020-01-01T00:00:00Z"),
    });
    const logs: unknown[] = [];
    const job = startRetentionJob(ctx.db, {
      retentionDays: 30,
      clock: () => new Date("2020-03-01T00:00:00Z"),
      logger: { info: (o: unknown) => logs.push(o), error: (o: unknown) => logs.push(o) },
    });
    await job?.stop();
    const [row] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.id, stored.transcriptId as string));
    expect(row?.rawText).toBeNull();
    expect(logs).toContainEqual(expect.objectContaining({ retentionDays: 30 }));
    expect(JSON.stringify(logs)).not.toContain("Aged Out");
  });
});
