import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allMatches,
  clauseAround,
  clausesAround,
  firstAtLeast,
  lastAtMost,
  quoteList,
} from "../../src/scoring/evidence.js";

describe("sorted-list search", () => {
  it("finds the last value at most x and the first at least x, or -1", () => {
    const sorted = [2, 5, 9];
    expect([1, 2, 4, 9, 10].map((x) => lastAtMost(sorted, x))).toEqual([-1, 2, 2, 9, 9]);
    expect([1, 2, 6, 9, 10].map((x) => firstAtLeast(sorted, x))).toEqual([2, 2, 9, 9, -1]);
    expect(lastAtMost([], 3)).toBe(-1);
  });
});

describe("clausesAround", () => {
  const NUMBER = /\d+\s?(?:ms|%)?/g;

  it("gives the reason the same quotes as quoting every match", () => {
    const piece = fc.constantFrom(
      "1 ms",
      "2%",
      "3",
      " ",
      ". ",
      ", ",
      "; ",
      "\n",
      "? ",
      "so",
      "**",
      "x",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (pieces, n) => {
          const text = pieces.join("");
          const hits = allMatches(text, NUMBER);
          const every = hits.map((h) => clauseAround(text, h, 30));
          expect(quoteList(clausesAround(text, hits, 30), n)).toBe(quoteList(every, n));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it("makes one quote for a clause that repeats the same words", () => {
    const text = `It was ${"1% ".repeat(10_000)}faster.`;
    const made = [...clausesAround(text, allMatches(text, NUMBER))];
    expect(made).toHaveLength(1);
  });
});
