import { describe, expect, it } from "vitest";
import { stripSpeech } from "../../src/scoring/features.js";
import { analyse, stem } from "../../src/scoring/nlp.js";

/**
 * Inputs the fuzz suite found slow (seconds for one 40 KB answer): a run-on "word", and a
 * long run of broken-off words. Their cost grew with the square of their length inside
 * wink's tokeniser and the stemmer; the scorer now cuts them first. The time itself is
 * measured by the `fuzz` bench section; these pin the behaviour that makes it linear.
 */
describe("run-on input", () => {
  it("cuts a run of 40,000 non-space characters into pieces of at most 120", () => {
    const analysis = analyse(`It was ${"x".repeat(40_000)} slow.`);
    expect(analysis.words.length).toBeGreaterThan(300);
    expect(Math.max(...analysis.tokens.map((t) => t.value.length))).toBeLessThanOrEqual(120);
  });

  it("leaves ordinary words, numbers and URLs alone", () => {
    const text = "We cut p99 from 800 ms to 120 ms, see https://example.com/runbooks/latency.";
    expect(analyse(text).text).toBe(text);
  });

  it("does not stem a word longer than any English word", () => {
    expect(stem("normalizations")).toBe("normal");
    const blob = "abcdefghij".repeat(10);
    expect(stem(blob)).toBe(blob);
  });

  it("strips a long run of broken-off words to single spaces", () => {
    const { clean, fillers } = stripSpeech(`So ${"a- ".repeat(5_000)}the index.`);
    expect(clean).toBe("So the index.");
    expect(fillers).toBe(5_000);
  });
});
