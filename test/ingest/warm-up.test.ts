import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { warmUpScorer, warmUpText } from "../../src/ingest/warm-up.js";
import { commonWords } from "../../src/scoring/frequency.js";
import { scoreTranscript } from "../../src/scoring/index.js";
import { parseTranscript } from "../../src/transcript/index.js";

const seed = readFileSync(new URL("../../seeds/interview-examples.txt", import.meta.url));

describe("warmUpScorer", () => {
  it("leaves scores, reasons and flags exactly as a cold scorer gives them", () => {
    // This file's first scoring: the scorer's caches are empty in a fresh test module.
    const cold = JSON.stringify(scoreTranscript(parseTranscript(seed, { fileName: "s.txt" })));
    warmUpScorer();
    const warm = JSON.stringify(scoreTranscript(parseTranscript(seed, { fileName: "s.txt" })));
    expect(warm).toBe(cold);
    expect(JSON.parse(warm).candidates).toHaveLength(8);
  });

  it("reads as one interview whose answers say every word it is meant to warm", () => {
    const parsed = parseTranscript(warmUpText(), { fileName: "warm-up.txt" });
    expect(parsed.candidates).toHaveLength(1);
    const answers = parsed.candidates[0]?.answers ?? [];
    expect(answers.length).toBeGreaterThan(10);
    const said = new Set(
      answers.flatMap((a) => a.answer.toLowerCase().split(/[\s.,"]+/u)).filter(Boolean),
    );
    const missing = commonWords(5_000).filter((w) => !said.has(w));
    expect(missing).toEqual([]);
  });
});

describe("commonWords", () => {
  it("gives the most frequent words of everyday speech first, lower-cased and distinct", () => {
    const words = commonWords(1_000);
    expect(words).toHaveLength(1_000);
    expect(new Set(words).size).toBe(1_000);
    expect(words.slice(0, 10)).toContain("the");
    expect(words.every((w) => w === w.toLowerCase())).toBe(true);
    expect(words.indexOf("the")).toBeLessThan(words.indexOf("because"));
  });
});
