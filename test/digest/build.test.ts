import { describe, expect, it } from "vitest";
import { buildDigest, type DigestInput, type DigestRow } from "../../src/digest/build.js";

const start = new Date("2026-11-16T09:00:00Z");
const end = new Date("2026-11-23T09:00:00Z");
const previousStart = new Date("2026-11-09T09:00:00Z");
const inWeek = (day: number) => new Date(start.getTime() + day * 86_400_000);
const lastWeek = (day: number) => new Date(previousStart.getTime() + day * 86_400_000);

let n = 0;
function row(partial: Partial<DigestRow> & { candidateId: string }): DigestRow {
  n += 1;
  return {
    interviewId: `i${String(n).padStart(4, "0")}`,
    displayName: `Person ${partial.candidateId}`,
    role: "Backend Engineer",
    score: 60,
    tier: "average",
    confidence: 0.9,
    reason: "Specific answers with numbers.",
    strengths: [],
    concerns: [],
    flags: [],
    interviewedAt: inWeek(1),
    override: null,
    ...partial,
  };
}

function input(rows: DigestRow[], extra: Partial<DigestInput> = {}): DigestInput {
  return {
    scope: { kind: "channel", channelId: "C1" },
    start,
    end,
    previousStart,
    timezone: "Europe/London",
    filters: { role: null, minTier: null },
    late: false,
    dueAt: end,
    rows,
    ...extra,
  };
}

describe("buildDigest", () => {
  it("counts interviews and distinct candidates, this period and the previous", () => {
    const d = buildDigest(
      input([
        row({ candidateId: "a", interviewedAt: inWeek(1) }),
        row({ candidateId: "a", interviewedAt: inWeek(3) }),
        row({ candidateId: "b", interviewedAt: inWeek(2) }),
        row({ candidateId: "c", interviewedAt: lastWeek(2) }),
        // Outside both windows: ignored.
        row({ candidateId: "d", interviewedAt: new Date(end.getTime()) }),
        row({ candidateId: "e", interviewedAt: new Date(previousStart.getTime() - 1) }),
      ]),
    );
    expect(d.interviews).toBe(3);
    expect(d.candidates).toBe(2);
    expect(d.previous).toEqual({ interviews: 1, candidates: 1 });
  });

  it("compares per-tier counts with the previous period, best tier first", () => {
    const d = buildDigest(
      input([
        row({ candidateId: "a", tier: "strong", score: 80 }),
        row({ candidateId: "b", tier: "strong", score: 78 }),
        row({ candidateId: "c", tier: "weak", score: 20 }),
        row({ candidateId: "x", tier: "strong", interviewedAt: lastWeek(1) }),
        row({ candidateId: "y", tier: "average", interviewedAt: lastWeek(1) }),
      ]),
    );
    expect(d.tiers).toEqual([
      { tier: "exceptional", count: 0, previous: 0 },
      { tier: "strong", count: 2, previous: 1 },
      { tier: "average", count: 0, previous: 1 },
      { tier: "weak", count: 1, previous: 0 },
    ]);
  });

  it("uses each candidate's latest interview in the period and ranks by tier then score", () => {
    const d = buildDigest(
      input([
        row({ candidateId: "a", tier: "weak", score: 30, interviewedAt: inWeek(1) }),
        row({ candidateId: "a", tier: "strong", score: 82, interviewedAt: inWeek(4) }),
        row({ candidateId: "b", tier: "exceptional", score: 91 }),
        row({ candidateId: "c", tier: "strong", score: 88 }),
      ]),
    );
    expect(d.top.map((c) => [c.candidateId, c.tier, c.score, c.interviews])).toEqual([
      ["b", "exceptional", 91, 1],
      ["c", "strong", 88, 1],
      ["a", "strong", 82, 2],
    ]);
  });

  it("applies an override set before the period ended, and lists it as needing attention", () => {
    const d = buildDigest(
      input([
        row({
          candidateId: "a",
          tier: "average",
          score: 55,
          override: { tier: "strong", reason: "Panel", setBy: "U1", setAt: inWeek(5) },
        }),
        row({
          candidateId: "b",
          tier: "average",
          override: {
            tier: "weak",
            reason: "Later",
            setBy: "U1",
            setAt: new Date(end.getTime() + 1),
          },
        }),
      ]),
    );
    const a = d.top.find((c) => c.candidateId === "a");
    expect(a?.effectiveTier).toBe("strong");
    expect(d.top.find((c) => c.candidateId === "b")?.effectiveTier).toBe("average");
    expect(d.tiers.find((t) => t.tier === "strong")?.count).toBe(1);
    expect(d.attention).toEqual([
      expect.objectContaining({
        candidateId: "a",
        why: ["tier set by hand to strong (computed average)"],
      }),
    ]);
  });

  it("lists low confidence as needing attention, keeps quality flags off the candidates and summarises them", () => {
    const d = buildDigest(
      input([
        row({ candidateId: "a", confidence: 0.3 }),
        row({
          candidateId: "b",
          flags: [
            { kind: "off_role_question", n: 2, message: "Question 2 asks about sales quotas." },
            {
              kind: "phantom_reference",
              n: 4,
              message: "The interviewer refers to a project never mentioned.",
            },
          ],
        }),
        row({
          candidateId: "c",
          flags: [{ kind: "off_role_question", n: 1, message: "Question 1 asks about cooking." }],
        }),
        row({ candidateId: "d" }),
      ]),
    );
    expect(d.attention.map((a) => [a.candidateId, a.why])).toEqual([
      ["a", ["low confidence: read the transcript"]],
    ]);
    expect(d.quality).toMatchObject({
      offRoleQuestions: 2,
      phantomReferences: 1,
      unansweredQuestions: 0,
      interviewsAffected: 2,
    });
    expect(d.quality.examples.map((e) => e.kind).sort()).toEqual([
      "off_role_question",
      "phantom_reference",
    ]);
  });

  it("filters by role for everything and by minimum tier for the lists only", () => {
    const rows = [
      row({ candidateId: "a", role: "Backend Engineer", tier: "strong" }),
      row({ candidateId: "b", role: "Senior backend engineer", tier: "weak", confidence: 0.2 }),
      row({ candidateId: "c", role: "Product Designer", tier: "exceptional" }),
    ];
    const byRole = buildDigest(input(rows, { filters: { role: "backend", minTier: null } }));
    expect(byRole.interviews).toBe(2);
    expect(byRole.top.map((c) => c.candidateId)).toEqual(["a", "b"]);
    const byTier = buildDigest(input(rows, { filters: { role: null, minTier: "strong" } }));
    expect(byTier.interviews).toBe(3);
    expect(byTier.top.map((c) => c.candidateId)).toEqual(["c", "a"]);
    expect(byTier.attention).toEqual([]);
  });
});
