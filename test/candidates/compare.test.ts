import { describe, expect, it } from "vitest";
import {
  compareCandidates,
  questionSimilarity,
  SAME_QUESTION,
} from "../../src/candidates/compare.js";
import { exportToCsv, neutraliseFormula } from "../../src/candidates/export.js";
import type { CandidateSummary } from "../../src/candidates/types.js";
import type { ExportRow } from "../../src/db/repositories/export.js";

function summary(
  name: string,
  role: string | null,
  questions: [string, number][],
): CandidateSummary {
  return {
    candidateId: `00000000-0000-4000-8000-${name.length.toString().padStart(12, "0")}`,
    teamId: "T1",
    name,
    roles: role ? [role] : [],
    score: 50,
    computedTier: "strong",
    confidence: 0.8,
    tier: "strong",
    override: null,
    reason: "",
    scorerVersion: "2",
    sourceTier: null,
    answers: questions.map(([question, score], i) => ({
      n: i + 1,
      question,
      score,
      reason: "",
      sourceRelevance: null,
      struggled: false,
    })),
    strengths: [],
    concerns: [],
    flags: [],
    interviews: [
      {
        interviewId: "i",
        transcriptId: "t",
        interviewedAt: new Date(0),
        role,
        score: 50,
        tier: "strong",
        fileName: null,
        channelId: null,
        slackFileId: null,
        messageTs: null,
      },
    ],
    channelIds: [],
  };
}

describe("compareCandidates", () => {
  it("pairs differently worded questions on one topic and leaves one-off questions out", () => {
    const a = summary("Ann", "Backend Engineer", [
      ["How would you design rate limiting for a public API?", 80],
      ["Tell me about a production incident you led.", 70],
      ["What is your favourite editor?", 10],
    ]);
    const b = summary("Bo", "backend engineer", [
      ["Tell me about an incident in production that you led and what changed.", 40],
      ["Could you describe how you would design rate limiting for a busy public API?", 20],
    ]);
    const cmp = compareCandidates([a, b]);
    expect(cmp.matchedBy).toBe("by_text");
    expect(cmp.unmatched).toBe(1);
    expect(cmp.rows.map((r) => r.cells.map((c) => c?.n))).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(cmp.rows[0]?.cells[0]).toMatchObject({ score: 80, tier: "exceptional" });
    expect(cmp.rows[0]?.cells[1]).toMatchObject({ score: 20, tier: "weak" });
  });

  it("lines up by position, marked, when roles differ or one is unknown", () => {
    const a = summary("Ann", "Data Scientist", [["Explain overfitting.", 60]]);
    const b = summary("Bo", "iOS Developer", [
      ["Explain ARC.", 30],
      ["What is a retain cycle?", 35],
    ]);
    const cmp = compareCandidates([a, b]);
    expect(cmp.matchedBy).toBe("by_position");
    expect(cmp.rows).toHaveLength(2);
    expect(cmp.rows.every((r) => !r.sameQuestion)).toBe(true);
    expect(cmp.rows[1]?.cells[0]).toBeNull();
    expect(compareCandidates([summary("A", null, []), summary("B", null, [])]).matchedBy).toBe(
      "by_position",
    );
  });

  it("scores question similarity on content words, not shared openings", () => {
    expect(questionSimilarity("Tell me about X.", "Tell me about Y.")).toBeLessThan(SAME_QUESTION);
    expect(
      questionSimilarity("Explain the CAP theorem.", "Can you explain the CAP theorem trade-offs?"),
    ).toBeGreaterThanOrEqual(SAME_QUESTION);
  });
});

describe("exportToCsv", () => {
  const row: ExportRow = {
    id: "x",
    displayName: '=HYPERLINK("http://x")',
    role: "+Ops",
    score: 71.6,
    tier: "strong",
    computedTier: "average",
    confidence: 0.5,
    lastInterviewedAt: new Date("2026-11-30T10:00:00Z"),
    channelId: "C1",
    strengths: ["-1 bugs", "b"],
    concerns: ["@ping, with a comma"],
    overrideTier: "strong",
    overrideBy: "U1",
  };

  it("neutralises every formula start and quotes as CSV needs", () => {
    for (const c of ["=1", "+1", "-1", "@a", "\t=1"]) expect(neutraliseFormula(c)).toBe(`'${c}`);
    expect(neutraliseFormula("Ann")).toBe("Ann");
    const csv = exportToCsv([row], (id) => (id === "C1" ? "#hiring" : undefined));
    expect(csv.startsWith("\uFEFFName,Role,")).toBe(true);
    const line = csv.trim().split("\r\n")[1];
    expect(line).toBe(
      `"'=HYPERLINK(""http://x"")",'+Ops,strong,72,0.50,2026-11-30T10:00:00.000Z,#hiring,'-1 bugs,"'@ping, with a comma",strong,U1`,
    );
  });
});
