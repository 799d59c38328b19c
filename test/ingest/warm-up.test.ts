import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { warmUpScorer } from "../../src/ingest/warm-up.js";
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
});
