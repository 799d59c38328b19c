import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { insertJsonRows } from "../../src/db/bulk-insert.js";
import { answers, candidates, interviews, transcripts } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";

describeEachDb("insertJsonRows", (ctx) => {
  it("stores every column type as drizzle's own insert would, defaults included", async () => {
    const now = new Date("2026-11-02T09:30:00.123Z");
    const transcriptId = randomUUID();
    await ctx.db.insert(transcripts).values({
      id: transcriptId,
      teamId: "T1",
      sourceKind: "cli",
      fileName: "f.txt",
      contentHash: "h",
      sizeBytes: 1,
      status: "done",
    });
    const [candidate] = await ctx.db
      .insert(candidates)
      .values({ teamId: "T1", displayName: "Zoë O'Brien", normalizedName: "zoe obrien" })
      .returning({ id: candidates.id });
    const interviewId = randomUUID();
    await insertJsonRows(ctx.db, interviews, [
      {
        id: interviewId,
        teamId: "T1",
        candidateId: candidate?.id as string,
        transcriptId,
        position: 0,
        role: null,
        sourceTier: "strong",
        score: 71.5,
        tier: "strong",
        confidence: 0.8,
        scorerVersion: "1.0.0",
        strengths: [`Quotes "it" and 100%_\\ 🚀`],
        concerns: [],
        flags: [{ kind: "unanswered_question", n: 2, message: "Q2 was not answered" }],
        reason: "line\nbreak",
        interviewedAt: now,
        ingestedAt: now,
      },
    ]);
    await insertJsonRows(ctx.db, answers, [
      {
        teamId: "T1",
        interviewId,
        position: 0,
        n: 1,
        question: "Why?",
        answer: `He said "no" \\ 'yes' 😀`,
        sourceRelevance: null,
        struggled: true,
        score: 42,
        parts: { relevance: 70, substance: 10, clarity: 55.5, structure: 0 },
        reasons: ["a", "b"],
      },
    ]);
    const [interview] = await ctx.db
      .select()
      .from(interviews)
      .where(eq(interviews.id, interviewId));
    expect(interview).toMatchObject({
      role: null,
      sourceTier: "strong",
      score: 71.5,
      strengths: [`Quotes "it" and 100%_\\ 🚀`],
      concerns: [],
      flags: [{ kind: "unanswered_question", n: 2, message: "Q2 was not answered" }],
      reason: "line\nbreak",
      interviewedAt: now,
    });
    const [answer] = await ctx.db
      .select()
      .from(answers)
      .where(eq(answers.interviewId, interviewId));
    expect(answer).toMatchObject({
      answer: `He said "no" \\ 'yes' 😀`,
      sourceRelevance: null,
      struggled: true,
      parts: { relevance: 70, substance: 10, clarity: 55.5, structure: 0 },
      reasons: ["a", "b"],
    });
    // The id column was omitted: its default filled it in.
    expect(answer?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("does nothing for no rows", async () => {
    const before = (await ctx.db.select().from(answers)).length;
    await insertJsonRows(ctx.db, answers, []);
    expect(await ctx.db.select().from(answers)).toHaveLength(before);
  });
});
