import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNoiseOnly } from "../../src/scoring/answer.js";
import { scoreAnswer } from "../../src/scoring/index.js";

describe("isNoiseOnly", () => {
  it("calls spaces, punctuation and bracketed tags nothing said, and words something", () => {
    expect(isNoiseOnly(" ... [inaudible] -- [crosstalk]?")).toBe(true);
    expect(isNoiseOnly("[laughs] well, [pause] no")).toBe(false);
    expect(isNoiseOnly("[unclosed tag")).toBe(false);
    expect(isNoiseOnly("«…» ¿")).toBe(true);
  });

  it("agrees with the one-pattern test it replaced", () => {
    const reference = /^[\s\p{P}]*(?:\[[^\]]*\][\s\p{P}]*)*$/u;
    const char = fc.constantFrom(..."[[]] a.,-\né😀«".split(/(?:)/u));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 30 }), (chars) => {
        const text = chars.join("");
        expect(isNoiseOnly(text)).toBe(reference.test(text));
      }),
      { numRuns: 3_000 },
    );
  });

  // Not a speed target: the old pattern backtracked on runs of "[" (40,000 took 4.6 s); the
  // limit only stops such a regression hanging.
  it("reads 200,000 opening brackets", { timeout: 5_000 }, () => {
    expect(isNoiseOnly(`${"[".repeat(200_000)}a`)).toBe(false);
  });
});

describe("quotes in reasons", () => {
  it("quotes a second, different admission after many repeats of the first", () => {
    const answer = `Honestly, ${"I don't know, ".repeat(40)}I'm not sure about the indexing part.`;
    const { scored } = scoreAnswer({
      n: 1,
      question: "How would you index this table?",
      answer,
      sourceRelevance: null,
      struggled: false,
    });
    expect(scored.reasons).toContain(
      'Says they cannot answer: "I don\'t know", "I\'m not sure about the indexing part".',
    );
  });
});
