import { describe, expect, it } from "vitest";
import type { CandidateSummary } from "../../../src/candidates/types.js";
import {
  renderCandidateSummary,
  renderChoices,
  renderNoMatch,
  renderUsage,
} from "../../../src/slack/blocks/candidate-summary.js";
import { expectWithinSlackLimits } from "./limits.js";

const long = (n: number) => "word ".repeat(n).trim();

function summary(overrides: Partial<CandidateSummary> = {}): CandidateSummary {
  return {
    candidateId: "6f1c1f0e-0000-4000-8000-000000000001",
    teamId: "T1",
    name: "Ana <!channel> & Co",
    roles: ["Backend Engineer"],
    score: 71.6,
    computedTier: "strong",
    confidence: 0.82,
    tier: "strong",
    override: null,
    reason: "Specific answers with measured outcomes.",
    scorerVersion: "1",
    sourceTier: null,
    answers: [
      {
        n: 1,
        question: "Q?",
        score: 80,
        reason: "Names the trade-off",
        sourceRelevance: 0.9,
        struggled: false,
      },
    ],
    strengths: ["Clear trade-offs"],
    concerns: [],
    flags: [],
    interviews: [
      {
        interviewId: "i1",
        transcriptId: "t1",
        interviewedAt: new Date("2026-11-02T10:00:00Z"),
        role: "Backend Engineer",
        score: 71.6,
        tier: "strong",
        fileName: "round-1.txt",
        channelId: "C1",
        slackFileId: "F1",
        messageTs: "1700000000.000100",
      },
    ],
    channelIds: ["C1"],
    ...overrides,
  };
}

describe("renderCandidateSummary", () => {
  it("escapes candidate text so it cannot ping a channel", () => {
    const { blocks } = renderCandidateSummary(summary({ reason: "See <!channel> & <@U1>" }), {
      shareable: false,
    });
    // mrkdwn is parsed for mentions; the plain_text header is not.
    const mrkdwn = JSON.stringify(blocks.filter((b) => b.type !== "header"));
    expect(mrkdwn).not.toContain("<!channel>");
    expect(mrkdwn).toContain("See &lt;!channel&gt; &amp; &lt;@U1&gt;");
  });

  it("shows the override next to the computed score", () => {
    const { blocks } = renderCandidateSummary(
      summary({
        tier: "exceptional",
        override: {
          tier: "exceptional",
          reason: "Panel",
          setBy: "UADMIN",
          setAt: new Date("2026-11-03T00:00:00Z"),
        },
      }),
      { shareable: false },
    );
    const json = JSON.stringify(blocks);
    expect(json).toContain("Tier set by hand to *Exceptional* by <@UADMIN>");
    expect(json).toContain("computed: Strong, 72/100");
  });

  it("links the source message when the workspace domain is known", () => {
    const json = JSON.stringify(
      renderCandidateSummary(summary(), { shareable: true, teamDomain: "acme" }).blocks,
    );
    expect(json).toContain("https://acme.slack.com/archives/C1/p1700000000000100|round-1.txt");
    expect(json).toContain("Share in channel");
  });

  it("says each sentence once: the headline reason is not repeated as a strength or a question's reason", () => {
    const headline = 'Q1: Names the trade-off: "latency" against "cost".';
    const card = renderCandidateSummary(
      summary({
        reason: headline,
        answers: [
          {
            n: 1,
            question: "Thanks, that was great. How would you shard the orders table?",
            score: 80,
            reason: 'Names the trade-off: "latency" against "cost"',
            reasons: [
              'Names the trade-off: "latency" against "cost"',
              "Gives numbers: 40% fewer pages",
            ],
            sourceRelevance: null,
            struggled: false,
          },
        ],
        strengths: [headline, "Q1: Gives numbers: 40% fewer pages", "Q2: Explains why"],
      }),
      { shareable: false },
    );
    const json = JSON.stringify(card.blocks);
    expect(json.match(/Names the trade-off/g)).toHaveLength(1);
    expect(json.match(/Gives numbers/g)).toHaveLength(1);
    expect(json).toContain("Explains why");
    // The question, not the pleasantry before it.
    expect(json).toContain("_How would you shard the orders table?_");
    expect(json).not.toContain("that was great");
  });

  it("puts interview-quality flags in their own block and says confidence only when it is low", () => {
    const confident = JSON.stringify(
      renderCandidateSummary(summary(), { shareable: false }).blocks,
    );
    expect(confident).not.toMatch(/confidence/i);
    expect(confident).not.toContain("About the interview");
    const doubtful = JSON.stringify(
      renderCandidateSummary(
        summary({
          confidence: 0.3,
          flags: [{ kind: "off_role_question", n: 2, message: "Q2 asks about sales quotas." }],
        }),
        { shareable: false },
      ).blocks,
    );
    expect(doubtful).toContain("*Low confidence:*");
    expect(doubtful).not.toMatch(/\d+%/);
    expect(doubtful).toMatch(/About the interview[^"]*Off-role question \(Q2\)/);
  });

  it("shows the admin buttons only to admins", () => {
    const ids = (admin: boolean) =>
      JSON.stringify(renderCandidateSummary(summary(), { shareable: false, admin }).blocks);
    expect(ids(true)).toContain("candidate_override_open");
    expect(ids(true)).toContain("candidate_forget_open");
    expect(ids(false)).not.toContain("candidate_override_open");
  });

  it("stays within Block Kit limits for an enormous candidate", () => {
    const answers = Array.from({ length: 300 }, (_, i) => ({
      n: i + 1,
      question: long(200),
      score: 50,
      reason: long(200),
      sourceRelevance: null,
      struggled: i % 2 === 0,
    }));
    const huge = summary({
      name: long(100),
      roles: Array.from({ length: 50 }, () => long(20)),
      answers,
      strengths: Array.from({ length: 40 }, () => long(100)),
      concerns: Array.from({ length: 40 }, () => long(100)),
      flags: Array.from({ length: 40 }, (_, i) => ({
        kind: "phantom_reference" as const,
        n: i + 1,
        message: long(100),
      })),
      interviews: Array.from(
        { length: 40 },
        () => summary().interviews[0] as CandidateSummary["interviews"][number],
      ),
      reason: long(500),
    });
    expectWithinSlackLimits(renderCandidateSummary(huge, { shareable: true }).blocks);
  });
});

describe("choices, no match and usage", () => {
  const match = {
    candidateId: "6f1c1f0e-0000-4000-8000-000000000002",
    name: "John Doe",
    roles: ["Data Engineer"],
    score: 60,
    tier: "average" as const,
    lastInterviewedAt: null,
    similarity: 1,
  };
  it("gives each choice its own button carrying the candidate id", () => {
    const { blocks } = renderChoices("john doe", [
      match,
      { ...match, candidateId: "6f1c1f0e-0000-4000-8000-000000000003" },
    ]);
    const values = JSON.stringify(blocks).match(/"value":"[^"]+"/g);
    expect(values).toEqual([
      '"value":"6f1c1f0e-0000-4000-8000-000000000002"',
      '"value":"6f1c1f0e-0000-4000-8000-000000000003"',
    ]);
  });
  it("says 'did you mean' only when there is something to suggest", () => {
    expect(renderNoMatch("jhon", [match]).text).toMatch(/Did you mean John Doe\?/);
    expect(renderNoMatch("zzz", []).text).toBe("No candidate matches “zzz”.");
  });
  it("documents every subcommand", () => {
    const json = JSON.stringify(renderUsage().blocks);
    for (const word of ["list [role] [tier]", "digest subscribe", "override", "forget"])
      expect(json).toContain(word);
  });
});
