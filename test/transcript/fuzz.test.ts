import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkParseAndScore, mutatedTranscript } from "../helpers/transcript-mutations.js";

/**
 * Parse + score over mutated real transcripts (test/helpers/transcript-mutations.ts). FUZZ_RUNS
 * sets the count: 2,000 by default, about 35 s on a shared 2-core machine; the 10,000 run
 * in `npm run bench -- --only fuzz`, which also times them (bench/RESULTS.md, "Fuzz"), or here
 * with FUZZ_RUNS=10000. FUZZ_SEED replays a failure fast-check reported.
 */
const numRuns = Number(process.env.FUZZ_RUNS ?? 2_000);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe("parse + score fuzzing", () => {
  it(`never fails internally and scores stay finite in 0-100 over ${numRuns} mutated transcripts`, () => {
    fc.assert(
      fc.property(mutatedTranscript(), ({ origin, bytes }) => {
        expect(checkParseAndScore(bytes, `${origin}.txt`)).toBeUndefined();
      }),
      { numRuns, ...(seed !== undefined ? { seed } : {}) },
    );
  }, 600_000);
});
