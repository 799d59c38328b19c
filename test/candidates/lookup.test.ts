import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getCandidateSummary, lookupCandidate } from "../../src/candidates/index.js";
import { describeEachDb } from "../helpers/db.js";
import { scored, storeScored } from "../ingest/scored-fixtures.js";

const people = [
  scored("John Doe", "Senior Python Developer", { score: 30 }),
  scored("Jane Smith", "Frontend React Developer", { score: 35 }),
  scored("Emily Johnson", "Data Scientist", { score: 55 }),
  scored("Michael Chen", "iOS Mobile Developer", { score: 58 }),
  scored("James Anderson", "Cloud Solutions Architect", { score: 72 }),
  scored("Jennifer Martinez", "QA Automation Engineer", { score: 70 }),
  scored("Dr. Amanda Foster", "Natural Language Processing Engineer", { score: 90 }),
  scored("Alex Thompson", "Site Reliability Engineer", { score: 88 }),
];

describeEachDb("lookupCandidate", (ctx) => {
  const teamId = `T_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    await storeScored(ctx.db, {
      teamId,
      candidates: people,
      source: { kind: "slack", fileId: "F1", channelId: "C1", uploaderId: "U1", messageTs: "10.5" },
      fileName: "interviews.txt",
    });
  });

  const expectFound = async (query: string, name: string) => {
    const result = await lookupCandidate(ctx.db, { teamId, query });
    if (result.kind !== "found") throw new Error(`${query}: expected found, got ${result.kind}`);
    expect(result.summary.name).toBe(name);
    return result.summary;
  };

  it.each([
    ["John Doe", "John Doe"],
    ["Jon Doe", "John Doe"],
    ["amanda foster", "Dr. Amanda Foster"],
    ["Dr Amanda Foster", "Dr. Amanda Foster"],
    ["JAMES ANDERSEN", "James Anderson"],
    ["  jennifer   MARTÍNEZ ", "Jennifer Martinez"],
    ["Micheal Chen", "Michael Chen"],
    ["Thompson", "Alex Thompson"],
  ])("%s finds %s", async (query, name) => {
    await expectFound(query, name);
  });

  it("returns the full summary", async () => {
    const summary = await expectFound("James Anderson", "James Anderson");
    expect(summary).toMatchObject({
      teamId,
      roles: ["Cloud Solutions Architect"],
      score: 72,
      computedTier: "strong",
      tier: "strong",
      override: null,
      confidence: 0.8,
      scorerVersion: "test",
      reason: "strong strength of Cloud Solutions Architect",
      strengths: ["strong strength of Cloud Solutions Architect"],
      concerns: ["strong concern"],
      flags: [],
      channelIds: ["C1"],
    });
    expect(summary.answers.map((a) => [a.n, a.score, a.reason])).toEqual([
      [1, 72, "names a concrete result in answer 1"],
      [2, 71, "names a concrete result in answer 2"],
      [3, 70, "names a concrete result in answer 3"],
    ]);
    expect(summary.interviews).toHaveLength(1);
    expect(summary.interviews[0]).toMatchObject({
      role: "Cloud Solutions Architect",
      score: 72,
      tier: "strong",
      fileName: "interviews.txt",
      channelId: "C1",
      slackFileId: "F1",
      messageTs: "10.5",
    });
  });

  it("finds a person by a first-name prefix when only one fits", async () => {
    await expectFound("Jen", "Jennifer Martinez");
  });

  it("says none with suggestions for a distant spelling, and none without for nonsense", async () => {
    const near = await lookupCandidate(ctx.db, { teamId, query: "Jamie Andrews" });
    expect(near.kind).toBe("none");
    if (near.kind === "none") expect(near.suggestions[0]?.name).toBe("James Anderson");
    const far = await lookupCandidate(ctx.db, { teamId, query: "Zzyzx Qwerty" });
    expect(far).toEqual({ kind: "none", suggestions: [] });
  });

  it("never finds another workspace's candidates", async () => {
    const result = await lookupCandidate(ctx.db, { teamId: "T_OTHER", query: "John Doe" });
    expect(result).toEqual({ kind: "none", suggestions: [] });
  });

  it("refuses an empty query with a usage error", async () => {
    await expect(lookupCandidate(ctx.db, { teamId, query: "   " })).rejects.toMatchObject({
      code: "USAGE",
    });
  });

  it("returns undefined for a summary of an unknown or malformed id", async () => {
    expect(await getCandidateSummary(ctx.db, teamId, randomUUID())).toBeUndefined();
  });
});

describeEachDb("lookupCandidate with awkward names", (ctx) => {
  const teamId = `T_${randomUUID().slice(0, 8)}`;
  const names = [`Sinéad O'Connor`, "100% Real_Name", "Back\\Slash", "🚀", "Renée 🚀 Zoë"];
  beforeAll(async () => {
    await storeScored(ctx.db, { teamId, candidates: names.map((n) => scored(n, "Engineer")) });
  });

  it.each([
    ["sinead oconnor", "Sinéad O'Connor"],
    ["Sinéad O'Connor", "Sinéad O'Connor"],
    ["100% Real_Name", "100% Real_Name"],
    ["back\\slash", "Back\\Slash"],
    ["🚀", "🚀"],
    ["renee zoe", "Renée 🚀 Zoë"],
  ])("%s finds %s", async (query, name) => {
    const result = await lookupCandidate(ctx.db, { teamId, query });
    expect(result.kind).toBe("found");
    if (result.kind === "found") expect(result.summary.name).toBe(name);
  });

  it("treats % and _ in a query as text, not wildcards", async () => {
    const result = await lookupCandidate(ctx.db, { teamId, query: "%" });
    expect(result.kind).not.toBe("found");
    const underscore = await lookupCandidate(ctx.db, { teamId, query: "_" });
    expect(underscore.kind).not.toBe("found");
  });
});

describeEachDb("lookupCandidate with namesakes", (ctx) => {
  const teamId = `T_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    await storeScored(ctx.db, {
      teamId,
      candidates: [
        scored("Chris Lee", "Data Scientist", { score: 70 }),
        scored("Chris Lee", "iOS Developer", { score: 40 }),
        scored("Ann Lee", "Engineer", { score: 50 }),
        scored("Anne Lee", "Designer", { score: 60 }),
      ],
    });
  });

  it("offers ranked choices when several different names are equally close", async () => {
    const result = await lookupCandidate(ctx.db, { teamId, query: "Anna Lee" });
    expect(result.kind).toBe("choices");
    if (result.kind === "choices") {
      expect(
        result.matches
          .map((m) => m.name)
          .slice(0, 2)
          .sort(),
      ).toEqual(["Ann Lee", "Anne Lee"]);
      const sims = result.matches.map((m) => m.similarity);
      expect(sims).toEqual([...sims].sort((a, b) => b - a));
    }
    const exact = await lookupCandidate(ctx.db, { teamId, query: "ann lee" });
    expect(exact.kind === "found" && exact.summary.name).toBe("Ann Lee");
  });

  it("lists both, told apart by role, for the exact name and a typo", async () => {
    for (const query of ["Chris Lee", "chris  lee", "Kris Lee"]) {
      const result = await lookupCandidate(ctx.db, { teamId, query });
      expect(result.kind, query).toBe("choices");
      if (result.kind === "choices") {
        expect(result.matches.map((m) => m.roles[0]).sort()).toEqual([
          "Data Scientist",
          "iOS Developer",
        ]);
      }
    }
  });
});

describe("lookup input", () => {
  it("rejects an over-long query", async () => {
    await expect(
      lookupCandidate({} as never, { teamId: "T", query: "x".repeat(201) }),
    ).rejects.toMatchObject({ code: "USAGE" });
  });
});
