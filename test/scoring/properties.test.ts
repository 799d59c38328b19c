import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreCandidate, scoredCandidateSchema } from "../../src/scoring/index.js";
import type { Answer, Candidate } from "../../src/transcript/model.js";

const answerArb = fc.record({
  question: fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom(
      "Tell me about a time you led a team.",
      "What is a mutex?",
      "Well thank you.",
      "",
    ),
  ),
  answer: fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.constantFrom(
      "",
      "[laughs]",
      "Uh... um... I- I- I don't know.",
      "🙂🙂🙂",
      "Ünïcödé — “quotes” … naïve café",
    ),
  ),
  sourceRelevance: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  struggled: fc.boolean(),
});

const candidateArb = fc.record({
  name: fc.constantFrom("Ana Díaz", "O'Brien", "Zoë"),
  role: fc.option(fc.constantFrom("iOS Mobile Developer", "Data Scientist", "Chef"), { nil: null }),
  answers: fc.array(answerArb, { maxLength: 6 }),
});

function toCandidate(c: {
  name: string;
  role: string | null;
  answers: Omit<Answer, "n">[];
}): Candidate {
  return { ...c, sourceTier: null, answers: c.answers.map((a, i) => ({ ...a, n: i + 1 })) };
}

describe("scorer properties", () => {
  it("always returns a valid, bounded, deterministic result", () => {
    fc.assert(
      fc.property(candidateArb, (raw) => {
        const candidate = toCandidate(raw);
        const first = scoreCandidate(candidate);
        expect(() => scoredCandidateSchema.parse(first)).not.toThrow();
        expect(first.score).toBeGreaterThanOrEqual(0);
        expect(first.score).toBeLessThanOrEqual(100);
        expect(first.answers).toHaveLength(candidate.answers.length);
        expect(JSON.stringify(scoreCandidate(candidate))).toBe(JSON.stringify(first));
      }),
      { numRuns: 60 },
    );
  });

  it("handles a candidate with no answers", () => {
    const c = scoreCandidate({ name: "Nobody", role: null, sourceTier: null, answers: [] });
    expect(c.score).toBe(0);
    expect(c.tier).toBe("weak");
    expect(c.confidence).toBeLessThan(0.5);
  });

  it("does not let the source tool's Relevance Score decide the score", () => {
    const answers: Answer[] = [
      {
        n: 1,
        question: "Explain the difference between a process and a thread.",
        answer:
          "A process has its own address space; threads share their process's memory, so they are cheaper to switch but need locks.",
        sourceRelevance: 0,
        struggled: true,
      },
    ];
    const low = scoreCandidate({ name: "A", role: null, sourceTier: null, answers });
    const high = scoreCandidate({
      name: "A",
      role: null,
      sourceTier: null,
      answers: answers.map((a) => ({ ...a, sourceRelevance: 1, struggled: false })),
    });
    expect(high.score).toBe(low.score);
    expect(high.answers[0]?.score).toBe(low.answers[0]?.score);
  });
});
