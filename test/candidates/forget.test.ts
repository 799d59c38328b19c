import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import {
  forgetCandidate,
  getCandidateSummary,
  lookupCandidate,
  overrideTier,
  recordAudit,
} from "../../src/candidates/index.js";
import {
  answers,
  auditLog,
  candidateChannels,
  candidates,
  interviews,
  scoreOverrides,
  transcripts,
} from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";
import { scored, storeScored } from "../ingest/scored-fixtures.js";

describeEachDb("forgetCandidate", (ctx) => {
  it("deletes everything about the person and keeps an audit entry without their data", async () => {
    const teamId = `T_${randomUUID().slice(0, 8)}`;
    const slack = (fileId: string, channelId: string) =>
      ({ kind: "slack", fileId, channelId, uploaderId: "U1" }) as const;
    // Alone in one file (uploaded twice), shared with Bo in another.
    const alone = [scored("Kim Quist", "Engineer", { seed: " solo" })];
    const own = await storeScored(ctx.db, {
      teamId,
      candidates: alone,
      source: slack("F1", "C1"),
      fileName: "kim-quist.txt",
    });
    await storeScored(ctx.db, {
      teamId,
      candidates: alone,
      source: slack("F2", "C2"),
      fileName: "kim-quist.txt",
    });
    const shared = await storeScored(ctx.db, {
      teamId,
      candidates: [
        scored("Kim Quist", "Engineer", { seed: " panel" }),
        scored("Bo Ek", "Engineer"),
      ],
      source: slack("F3", "C1"),
      fileName: "panel.txt",
    });
    const kim = own.candidates[0]?.candidateId as string;
    const bo = shared.candidates[1]?.candidateId as string;
    await overrideTier(ctx.db, {
      teamId,
      candidateId: kim,
      tier: "strong",
      reason: "Kim did well",
      actorId: "U_A",
    });
    await recordAudit(ctx.db, {
      teamId,
      actorId: "U_B",
      action: "lookup",
      candidateId: kim,
      channelId: "C1",
    });

    const outcome = await forgetCandidate(ctx.db, {
      teamId,
      candidateId: kim,
      actorId: "U_ADMIN",
      channelId: "C1",
    });
    expect(outcome).toEqual({
      interviewsDeleted: 2,
      transcriptsDeleted: 2,
      transcriptsRedacted: 1,
    });

    expect(await getCandidateSummary(ctx.db, teamId, kim)).toBeUndefined();
    expect(await lookupCandidate(ctx.db, { teamId, query: "Kim Quist" })).toMatchObject({
      kind: "none",
    });
    for (const [table, column] of [
      [interviews, interviews.candidateId],
      [scoreOverrides, scoreOverrides.candidateId],
      [candidateChannels, candidateChannels.candidateId],
    ] as const) {
      const [row] = await ctx.db.select({ n: count() }).from(table).where(eq(column, kim));
      expect(row?.n).toBe(0);
    }
    const remaining = await ctx.db.select().from(transcripts).where(eq(transcripts.teamId, teamId));
    expect(remaining.map((t) => t.id)).toEqual([shared.transcriptId]);
    const raw = remaining[0]?.rawText ?? "";
    expect(raw).not.toMatch(/kim|quist/i);
    expect(raw).not.toContain("panel");
    expect(raw).toContain("Candidate: Bo Ek - Engineer");
    expect(raw).toContain("Bo Ek answered question 1");

    // Bo is untouched.
    expect(await getCandidateSummary(ctx.db, teamId, bo)).toMatchObject({
      name: "Bo Ek",
      channelIds: ["C1"],
    });
    const [boAnswers] = await ctx.db
      .select({ n: count() })
      .from(answers)
      .innerJoin(interviews, eq(interviews.id, answers.interviewId))
      .where(eq(interviews.candidateId, bo));
    expect(boAnswers?.n).toBe(3);

    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.teamId, teamId));
    expect(audit.map((a) => a.action)).toEqual(["override", "lookup", "forget"]);
    expect(audit[2]).toMatchObject({
      actorId: "U_ADMIN",
      candidateId: kim,
      channelId: "C1",
      details: outcome,
    });
    expect(JSON.stringify(audit)).not.toMatch(/kim|quist/i);

    // Forgotten means forgotten: re-uploading their own file brings them back as new data.
    const again = await storeScored(ctx.db, {
      teamId,
      candidates: alone,
      source: slack("F4", "C1"),
    });
    expect(again.status).toBe("added");
    const [kims] = await ctx.db
      .select({ n: count() })
      .from(candidates)
      .where(eq(candidates.teamId, teamId));
    expect(kims?.n).toBe(2);
  });

  it("refuses an unknown candidate", async () => {
    await expect(
      forgetCandidate(ctx.db, { teamId: "T_X", candidateId: randomUUID(), actorId: "U" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
