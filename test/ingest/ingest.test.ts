import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { openDb } from "../../src/db/client.js";
import * as schema from "../../src/db/schema.js";
import {
  answers,
  candidateChannels,
  candidates,
  interviews,
  transcripts,
} from "../../src/db/schema.js";
import { ingestTranscript } from "../../src/ingest/ingest.js";
import { describeEachDb } from "../helpers/db.js";
import { renderText, scored, storeScored } from "./scored-fixtures.js";

const team = () => `T_${randomUUID().slice(0, 8)}`;

async function countRows(db: Db, teamId: string) {
  const [c] = await db.select({ n: count() }).from(candidates).where(eq(candidates.teamId, teamId));
  const [i] = await db.select({ n: count() }).from(interviews).where(eq(interviews.teamId, teamId));
  const [a] = await db.select({ n: count() }).from(answers).where(eq(answers.teamId, teamId));
  const [t] = await db
    .select({ n: count() })
    .from(transcripts)
    .where(eq(transcripts.teamId, teamId));
  return { candidates: c?.n, interviews: i?.n, answers: a?.n, transcripts: t?.n };
}

describeEachDb("ingest", (ctx) => {
  it("stores a file's candidates, interviews and answers and reports them in order", async () => {
    const teamId = team();
    const outcome = await storeScored(ctx.db, {
      teamId,
      candidates: [
        scored("Ada Lovelace", "Engineer", { score: 82 }),
        scored("Alan Turing", "Researcher", { score: 40 }),
      ],
    });
    expect(outcome.status).toBe("added");
    expect(outcome.format).toBe("ai-interviewer");
    expect(outcome.candidates.map((c) => [c.name, c.role, c.tier, c.score])).toEqual([
      ["Ada Lovelace", "Engineer", "exceptional", 82],
      ["Alan Turing", "Researcher", "weak", 40],
    ]);
    expect(outcome.candidates[0]?.reason).toBe("exceptional strength of Engineer");
    expect(outcome.candidates[1]?.reason).toBe("weak concern");
    expect(await countRows(ctx.db, teamId)).toEqual({
      candidates: 2,
      interviews: 2,
      answers: 6,
      transcripts: 1,
    });
    const [ada] = await ctx.db
      .select()
      .from(candidates)
      .where(and(eq(candidates.teamId, teamId), eq(candidates.normalizedName, "ada lovelace")));
    expect(ada).toMatchObject({
      latestScore: 82,
      latestTier: "exceptional",
      effectiveTier: "exceptional",
      interviewCount: 1,
      roles: ["Engineer"],
    });
    const [row] = await ctx.db.select().from(transcripts).where(eq(transcripts.teamId, teamId));
    expect(row).toMatchObject({ status: "done", sourceKind: "cli", format: "ai-interviewer" });
    expect(row?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.rawText).toContain("Candidate: Ada Lovelace - Engineer");
  });

  it("stores the same bytes once per workspace and says so", async () => {
    const teamId = team();
    const people = [scored("Grace Hopper", "Admiral")];
    const first = await storeScored(ctx.db, { teamId, candidates: people });
    const again = await storeScored(ctx.db, { teamId, candidates: people });
    expect(again.status).toBe("already_imported");
    expect(again.transcriptId).toBe(first.transcriptId);
    expect(again.candidates.map((c) => c.candidateId)).toEqual(
      first.candidates.map((c) => c.candidateId),
    );
    expect(again.candidates[0]?.name).toBe("Grace Hopper");
    expect(await countRows(ctx.db, teamId)).toEqual({
      candidates: 1,
      interviews: 1,
      answers: 3,
      transcripts: 1,
    });

    const otherTeam = team();
    expect((await storeScored(ctx.db, { teamId: otherTeam, candidates: people })).status).toBe(
      "added",
    );
  });

  it("adds a second interview for a changed file of the same candidate and keeps the first", async () => {
    const teamId = team();
    const first = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("Dr. Grace Hopper", "Admiral", { score: 50 })],
      now: new Date("2026-01-01T00:00:00Z"),
    });
    const second = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("grace hopper", "ADMIRAL", { score: 75, seed: " (v2)" })],
      now: new Date("2026-02-01T00:00:00Z"),
    });
    expect(second.status).toBe("added");
    expect(second.candidates[0]?.candidateId).toBe(first.candidates[0]?.candidateId);
    expect(await countRows(ctx.db, teamId)).toEqual({
      candidates: 1,
      interviews: 2,
      answers: 6,
      transcripts: 2,
    });
    const [row] = await ctx.db.select().from(candidates).where(eq(candidates.teamId, teamId));
    expect(row).toMatchObject({
      displayName: "Dr. Grace Hopper",
      latestScore: 75,
      interviewCount: 2,
      latestInterviewId: second.candidates[0]?.interviewId,
    });
    expect(row?.roles).toEqual(["Admiral", "ADMIRAL"]);
  });

  it("keeps two people with the same name apart by role", async () => {
    const teamId = team();
    await storeScored(ctx.db, {
      teamId,
      candidates: [scored("John Smith", "Data Scientist"), scored("John Smith", "iOS Developer")],
    });
    const rows = await ctx.db.select().from(candidates).where(eq(candidates.teamId, teamId));
    expect(rows.map((r) => r.roles[0]).sort()).toEqual(["Data Scientist", "iOS Developer"]);
  });

  it("is idempotent by Slack file id and lets a re-upload's channel see the candidates", async () => {
    const teamId = team();
    const people = [scored("Katherine Johnson", "Analyst")];
    const slack = (fileId: string, channelId: string) =>
      ({ kind: "slack", fileId, channelId, uploaderId: "U1", messageTs: "1.1" }) as const;
    const first = await storeScored(ctx.db, {
      teamId,
      candidates: people,
      source: slack("F1", "C1"),
    });
    expect(first.status).toBe("added");
    const retry = await storeScored(ctx.db, {
      teamId,
      candidates: people,
      source: slack("F1", "C1"),
    });
    expect(retry).toMatchObject({ status: "already_imported", transcriptId: first.transcriptId });

    const elsewhere = await storeScored(ctx.db, {
      teamId,
      candidates: people,
      source: slack("F2", "C2"),
    });
    expect(elsewhere.status).toBe("already_imported");
    expect(elsewhere.transcriptId).not.toBe(first.transcriptId);
    expect(elsewhere.candidates[0]?.candidateId).toBe(first.candidates[0]?.candidateId);
    const dup = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.id, elsewhere.transcriptId as string));
    expect(dup[0]).toMatchObject({
      status: "done",
      duplicateOf: first.transcriptId,
      slackFileId: "F2",
      channelId: "C2",
      rawText: null,
    });
    const grants = await ctx.db
      .select()
      .from(candidateChannels)
      .where(eq(candidateChannels.teamId, teamId));
    expect(grants.map((g) => g.channelId).sort()).toEqual(["C1", "C2"]);
    expect(await countRows(ctx.db, teamId)).toMatchObject({
      candidates: 1,
      interviews: 1,
      transcripts: 2,
    });

    // The same Slack file delivered again is still one row.
    const dupRetry = await storeScored(ctx.db, {
      teamId,
      candidates: people,
      source: slack("F2", "C2"),
    });
    expect(dupRetry).toMatchObject({
      status: "already_imported",
      transcriptId: elsewhere.transcriptId,
    });
    expect(await countRows(ctx.db, teamId)).toMatchObject({ transcripts: 2 });
  });

  it("completes a durable `received` upload row instead of creating another", async () => {
    const teamId = team();
    const [received] = await ctx.db
      .insert(transcripts)
      .values({
        teamId,
        sourceKind: "slack",
        slackFileId: "F9",
        channelId: "C9",
        uploaderId: "U9",
        fileName: "x.txt",
        status: "processing",
        attempts: 1,
      })
      .returning();
    const outcome = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("Hedy Lamarr", "Inventor")],
      source: { kind: "slack", fileId: "F9", channelId: "C9", uploaderId: "U9" },
      transcriptId: received?.id,
    });
    expect(outcome).toMatchObject({ status: "added", transcriptId: received?.id });
    const rows = await ctx.db.select().from(transcripts).where(eq(transcripts.teamId, teamId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "done", attempts: 1, format: "ai-interviewer" });
    // Completing it again (a worker that crashed after commit) changes nothing.
    const again = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("Hedy Lamarr", "Inventor")],
      source: { kind: "slack", fileId: "F9", channelId: "C9", uploaderId: "U9" },
      transcriptId: received?.id,
    });
    expect(again).toMatchObject({ status: "already_imported", transcriptId: received?.id });
    expect(await countRows(ctx.db, teamId)).toMatchObject({ interviews: 1 });
  });

  it("refuses an unknown upload row with NOT_FOUND", async () => {
    await expect(
      storeScored(ctx.db, {
        teamId: team(),
        candidates: [scored("A B", null)],
        transcriptId: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects a file that is not a transcript, records why, and keeps none of its text", async () => {
    const teamId = team();
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 1, 0,
    ]);
    const input = {
      teamId,
      bytes: png,
      fileName: "photo.png",
      source: { kind: "cli", path: "photo.png" },
      maxBytes: 1_000_000,
    } as const;
    const outcome = await ingestTranscript(ctx.db, input);
    expect(outcome.status).toBe("rejected");
    expect(outcome.error?.code).toBe("BINARY_FILE");
    expect(outcome.error?.message).toMatch(/\.$/);
    const again = await ingestTranscript(ctx.db, input);
    expect(again).toMatchObject({ status: "rejected", transcriptId: outcome.transcriptId });
    const rows = await ctx.db.select().from(transcripts).where(eq(transcripts.teamId, teamId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "failed",
      errorCode: "BINARY_FILE",
      rawText: null,
      attempts: 2,
    });
    expect(await countRows(ctx.db, teamId)).toMatchObject({ candidates: 0, interviews: 0 });
  });

  it("rejects a file over the size limit without parsing it", async () => {
    const outcome = await ingestTranscript(ctx.db, {
      teamId: team(),
      bytes: new TextEncoder().encode("Candidate: A B\nQ1: x\nA1: y\n".repeat(100)),
      fileName: "big.txt",
      source: { kind: "cli", path: "big.txt" },
      maxBytes: 100,
    });
    expect(outcome).toMatchObject({ status: "rejected", error: { code: "FILE_TOO_LARGE" } });
  });

  it("marks a Slack upload row failed when its file is rejected", async () => {
    const teamId = team();
    const [received] = await ctx.db
      .insert(transcripts)
      .values({
        teamId,
        sourceKind: "slack",
        slackFileId: "F5",
        channelId: "C5",
        uploaderId: "U5",
        fileName: "cv.txt",
      })
      .returning();
    const outcome = await ingestTranscript(ctx.db, {
      teamId,
      bytes: new TextEncoder().encode(
        "Jane Roe\nCurriculum vitae\nExperience: ten years of things.\n",
      ),
      fileName: "cv.txt",
      source: { kind: "slack", fileId: "F5", channelId: "C5", uploaderId: "U5" },
      maxBytes: 1_000_000,
      transcriptId: received?.id,
    });
    expect(outcome.status).toBe("rejected");
    const [row] = await ctx.db
      .select()
      .from(transcripts)
      .where(eq(transcripts.id, received?.id as string));
    expect(row?.status).toBe("failed");
    expect(row?.errorCode).toBe(outcome.error?.code);
  });

  it("stores names with quotes, wildcards, backslashes, emoji and NUL characters", async () => {
    const teamId = team();
    const name = `Zoë O'Brien-100%_\\ "🚀"\u0000`;
    const outcome = await storeScored(ctx.db, {
      teamId,
      candidates: [scored(name, "R&D; DROP TABLE candidates;--")],
    });
    expect(outcome.status).toBe("added");
    const [row] = await ctx.db.select().from(candidates).where(eq(candidates.teamId, teamId));
    expect(row?.displayName).toBe(`Zoë O'Brien-100%_\\ "🚀"`);
    expect(row?.normalizedName).toBe("zoe obrien 100");
  });

  it("stores one copy when two connections ingest the same file at once", async () => {
    const teamId = team();
    const second =
      ctx.driver === "pglite"
        ? {
            db: drizzlePglite({
              client: (ctx.db as unknown as { $client: never }).$client,
              schema,
            }) as unknown as Db,
            close: async () => {},
          }
        : await openDb({ databaseUrl: ctx.testDb.url, migrate: false, maxConnections: 5 }).then(
            (h) => ({ db: h.db, close: h.close }),
          );
    try {
      const people = [
        scored("Margaret Hamilton", "Engineer"),
        scored("Annie Easley", "Programmer"),
      ];
      const text = renderText(people);
      expect(text).toContain("Margaret");
      const outcomes = await Promise.all(
        [ctx.db, second.db, ctx.db, second.db].map((db) =>
          storeScored(db, { teamId, candidates: people }),
        ),
      );
      expect(outcomes.filter((o) => o.status === "added")).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === "already_imported")).toHaveLength(3);
      expect(await countRows(ctx.db, teamId)).toEqual({
        candidates: 2,
        interviews: 2,
        answers: 6,
        transcripts: 1,
      });
    } finally {
      await second.close();
    }
  });

  it("stores two different files sharing candidates concurrently without deadlock", async () => {
    const teamId = team();
    const files = Array.from({ length: 6 }, (_, i) =>
      (i % 2 === 0 ? ["Ann Lee", "Bob Ray", "Cy Dow"] : ["Cy Dow", "Bob Ray", "Ann Lee"]).map((n) =>
        scored(n, "Engineer", { seed: ` file ${i}` }),
      ),
    );
    const outcomes = await Promise.all(
      files.map((c) => storeScored(ctx.db, { teamId, candidates: c })),
    );
    expect(outcomes.every((o) => o.status === "added")).toBe(true);
    expect(await countRows(ctx.db, teamId)).toMatchObject({ candidates: 3, interviews: 18 });
    const rows = await ctx.db.select().from(candidates).where(eq(candidates.teamId, teamId));
    expect(rows.map((r) => r.interviewCount)).toEqual([6, 6, 6]);
  });

  it("writes a new candidate's latest interview from the file, the later of two for one person", async () => {
    const teamId = team();
    const outcome = await storeScored(ctx.db, {
      teamId,
      candidates: [
        scored("Dee Kay", "Engineer", { score: 50, seed: " first" }),
        scored("Ann Lee", "Engineer", { score: 70 }),
        scored("Dee Kay", "Engineer", { score: 90, seed: " second" }),
      ],
    });
    expect(outcome.status).toBe("added");
    const [dee] = await ctx.db
      .select()
      .from(candidates)
      .where(and(eq(candidates.teamId, teamId), eq(candidates.normalizedName, "dee kay")));
    expect(dee).toMatchObject({
      interviewCount: 2,
      latestScore: 90,
      latestTier: "exceptional",
      effectiveTier: "exceptional",
      latestInterviewId: outcome.status === "added" ? outcome.candidates[2]?.interviewId : "",
    });
    expect(dee?.lastInterviewedAt).toBeInstanceOf(Date);

    // Seen before: the next file's interview becomes the latest and the count goes on.
    const again = await storeScored(ctx.db, {
      teamId,
      candidates: [scored("Dee Kay", "Engineer", { score: 30, seed: " third" })],
      now: new Date(Date.now() + 60_000),
    });
    const [after] = await ctx.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, dee?.id ?? ""));
    expect(after).toMatchObject({
      interviewCount: 3,
      latestScore: 30,
      latestTier: "weak",
      latestInterviewId: again.status === "added" ? again.candidates[0]?.interviewId : "",
    });
  });
});
