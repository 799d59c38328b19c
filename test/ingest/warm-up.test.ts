import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { warmUpText } from "../../src/ingest/warm-up.js";
import { commonWords } from "../../src/scoring/frequency.js";
import { parseTranscript } from "../../src/transcript/index.js";

const seed = readFileSync(new URL("../../seeds/interview-examples.txt", import.meta.url));

describe("warmUpScorer", () => {
  it("leaves scores, reasons and flags exactly as a cold scorer gives them", async () => {
    // Fresh module instances each time, so the caches the warm-up fills are the only ones
    // the warmed scoring could read: the cold run below cannot have filled them.
    const scoreSeed = async (warm: boolean) => {
      vi.resetModules();
      if (warm) (await import("../../src/ingest/warm-up.js")).warmUpScorer();
      const scoring = await import("../../src/scoring/index.js");
      const transcript = await import("../../src/transcript/index.js");
      return JSON.stringify(
        scoring.scoreTranscript(transcript.parseTranscript(seed, { fileName: "s.txt" })),
      );
    };
    const cold = await scoreSeed(false);
    const warm = await scoreSeed(true);
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
