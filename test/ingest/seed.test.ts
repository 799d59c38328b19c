import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import {
  forgetCandidate,
  getCandidateSummary,
  listCandidates,
  lookupCandidate,
  overrideTier,
  purgeExpiredRawText,
  recordAudit,
} from "../../src/candidates/index.js";
import { auditLog, candidates, interviews, transcripts } from "../../src/db/schema.js";
import { type IngestOutcome, ingestTranscript } from "../../src/ingest/ingest.js";
import { describeEachDb } from "../helpers/db.js";

/**
 * The whole storage story on the real seed file, through the real parser and scorer, on both
 * drivers: ingest twice, look up by any spelling, override, list, retention, forget, audit.
 */
const seed = new Uint8Array(
  readFileSync(new URL("../../seeds/interview-examples.txt", import.meta.url)),
);
const teamId = "T_SEED";

describeEachDb("seed file end to end", (ctx) => {
  let first: IngestOutcome;
  let second: IngestOutcome;
  beforeAll(async () => {
    const input = {
      teamId,
      bytes: seed,
      fileName: "interview-examples.txt",
      source: {
        kind: "slack",
        fileId: "F_SEED",
        channelId: "C_HIRING",
        uploaderId: "U_REC",
        messageTs: "1700000000.000100",
      },
      maxBytes: 10 * 1024 * 1024,
      now: new Date("2026-11-02T09:00:00Z"),
    } as const;
    first = await ingestTranscript(ctx.db, input);
    second = await ingestTranscript(ctx.db, input);
  });

  it("stores 8 candidates once, not 16", async () => {
    expect(first.status).toBe("added");
    expect(first.format).toBe("ai-interviewer");
    expect(first.candidates).toHaveLength(8);
    expect(second.status).toBe("already_imported");
    expect(second.candidates.map((c) => c.candidateId)).toEqual(
      first.candidates.map((c) => c.candidateId),
    );
    const [c] = await ctx.db
      .select({ n: count() })
      .from(candidates)
      .where(eq(candidates.teamId, teamId));
    const [i] = await ctx.db
      .select({ n: count() })
      .from(interviews)
      .where(eq(interviews.teamId, teamId));
    const [t] = await ctx.db
      .select({ n: count() })
      .from(transcripts)
      .where(eq(transcripts.teamId, teamId));
    expect([c?.n, i?.n, t?.n]).toEqual([8, 8, 1]);
    for (const person of first.candidates) {
      expect(person.reason.length).toBeGreaterThan(0);
      expect(person.reason).not.toContain("\n");
    }
  });

  it.each([
    ["Jon Doe", "John Doe"],
    ["amanda foster", "Dr. Amanda Foster"],
    ["JAMES ANDERSEN", "James Anderson"],
    ["jennifer martínez", "Jennifer Martinez"],
    ["Emily Jonson", "Emily Johnson"],
  ])("%s finds %s with a complete summary", async (query, name) => {
    const result = await lookupCandidate(ctx.db, { teamId, query });
    expect(result.kind).toBe("found");
    if (result.kind !== "found") return;
    const s = result.summary;
    const stored = first.candidates.find((c) => c.name === name);
    expect(s.name).toBe(name);
    expect(s.score).toBe(stored?.score);
    expect(s.computedTier).toBe(stored?.tier);
    expect(s.answers.map((a) => a.n)).toEqual([1, 2, 3]);
    expect(s.answers.every((a) => a.reason.length > 0 && !a.reason.includes("\n"))).toBe(true);
    expect(s.strengths.length + s.concerns.length).toBeGreaterThan(0);
    expect(s.interviews).toEqual([
      expect.objectContaining({
        fileName: "interview-examples.txt",
        channelId: "C_HIRING",
        slackFileId: "F_SEED",
      }),
    ]);
    expect(s.channelIds).toEqual(["C_HIRING"]);
  });

  it("lists the eight by score with a role filter and pages", async () => {
    const all = await listCandidates(ctx.db, { teamId, limit: 5 });
    expect(all.total).toBe(8);
    const scores = all.rows.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const next = await listCandidates(ctx.db, { teamId, limit: 5, offset: 5 });
    expect(next.rows).toHaveLength(3);
    const engineers = await listCandidates(ctx.db, { teamId, role: "engineer", limit: 10 });
    expect(engineers.rows.map((r) => r.name).sort()).toEqual(
      ["Dr. Amanda Foster", "Alex Thompson", "Jennifer Martinez"].sort(),
    );
  });

  it("overrides, audits, keeps scores through retention, and forgets", async () => {
    const john = first.candidates.find((c) => c.name === "John Doe");
    const jane = first.candidates.find((c) => c.name === "Jane Smith");
    if (!john || !jane) throw new Error("seed candidates missing");
    await recordAudit(ctx.db, {
      teamId,
      actorId: "U_REC",
      action: "lookup",
      candidateId: john.candidateId,
      channelId: "C_HIRING",
    });
    await overrideTier(ctx.db, {
      teamId,
      candidateId: john.candidateId,
      tier: "average",
      reason: "Nervous; strong take-home",
      actorId: "U_ADMIN",
    });
    expect(await getCandidateSummary(ctx.db, teamId, john.candidateId)).toMatchObject({
      computedTier: john.tier,
      tier: "average",
      override: { tier: "average", setBy: "U_ADMIN" },
    });

    const outcome = await forgetCandidate(ctx.db, {
      teamId,
      candidateId: jane.candidateId,
      actorId: "U_ADMIN",
    });
    // The file has seven other candidates: it is kept, with Jane cut out of its raw text.
    expect(outcome).toEqual({
      interviewsDeleted: 1,
      transcriptsDeleted: 0,
      transcriptsRedacted: 1,
    });
    expect(await lookupCandidate(ctx.db, { teamId, query: "Jane Smith" })).toMatchObject({
      kind: "none",
    });
    expect((await listCandidates(ctx.db, { teamId, limit: 10 })).total).toBe(7);
    const [redacted] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.id, first.transcriptId as string));
    const raw = redacted?.rawText ?? "";
    expect(raw).not.toMatch(/jane|smith|wordpress|virtual dom/i);
    expect(raw).toContain("Candidate: John Doe - Senior Python Developer");
    expect(raw).toContain("Candidate: Emily Johnson - Data Scientist");

    await purgeExpiredRawText(ctx.db, { olderThan: new Date("2026-11-03T00:00:00Z") });
    const [row] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.id, first.transcriptId as string));
    expect(row?.rawText).toBeNull();
    expect((await getCandidateSummary(ctx.db, teamId, john.candidateId))?.answers).toHaveLength(3);

    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.teamId, teamId));
    expect(audit.map((a) => a.action)).toEqual(["lookup", "override", "forget"]);
    expect(JSON.stringify(audit)).not.toMatch(/jane|smith|john|doe/i);
  });
});
