import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stripSpeech } from "../../src/scoring/features.js";
import { scoreAnswer, scoreCandidate, tierFor } from "../../src/scoring/index.js";
import { type Answer, tiers } from "../../src/transcript/model.js";

/**
 * Scorer 2's character on examples written for these tests (none is taken from a labelled
 * set): what it rewards is specific content per word, not length, fluency or the question's
 * own words.
 */
function answer(question: string, text: string, n = 1): Answer {
  return { n, question, answer: text, sourceRelevance: null, struggled: false };
}

const CACHE_Q = "Our product pages got slow under load. How would you find the cause and fix it?";
const EXPERT =
  "I'd start with the p99 latency per endpoint and a flame graph from the slowest pods, because averages hide the tail. If the time is in Postgres, EXPLAIN ANALYZE on the product query usually shows a sequential scan on variants; a composite index on (product_id, position) fixed exactly that for us and cut p99 from 1.4 s to 180 ms. If it's the app, I'd look for N+1 queries in the serializer and batch them with a single IN query. Caching comes last: a Redis read-through cache with a 60-second TTL and request coalescing, so a cold key after a deploy doesn't stampede the database.";
const PADDING =
  " In general it is really important to follow best practices and make sure that everything works well for everyone. There are many different things to consider, and communication with the team is always key. At the end of the day, it is all about doing the right thing for the business.";
const VAGUE =
  "I'd start by looking at some metrics and graphs from the servers, because things can be slow for various reasons. If the time is in the database, looking at the queries usually shows something; adding the right stuff fixed that kind of thing for us and made it a lot faster. If it's the app, I'd look for issues in the code and improve them. Caching comes last: some kind of cache with a reasonable setting, so the system doesn't get overloaded.";

const FILLERS = ["um", "uh", "you know", "like", "I mean"];

function withFillers(text: string, every = 10): string {
  const words = text.split(" ");
  return words
    .map((w, i) =>
      i > 0 && i % every === 0 ? `${FILLERS[(i / every) % FILLERS.length]}, ${w}` : w,
    )
    .join(" ");
}

const tierOf = (score: number) => tiers.indexOf(tierFor(score));

describe("scorer 2: substance per word", () => {
  it("does not raise an answer padded with generic sentences", () => {
    const plain = scoreAnswer(answer(CACHE_Q, EXPERT)).scored.score;
    const padded = scoreAnswer(answer(CACHE_Q, EXPERT + PADDING + PADDING)).scored.score;
    expect(padded).toBeLessThanOrEqual(plain);
  });

  it("lowers an answer whose specifics are replaced by vague words", () => {
    const specific = scoreAnswer(answer(CACHE_Q, EXPERT)).scored.score;
    const vague = scoreAnswer(answer(CACHE_Q, VAGUE)).scored.score;
    expect(vague).toBeLessThan(specific - 10);
  });

  it("keeps a strong answer within one tier when fillers are inserted every ten words", () => {
    const clean = scoreAnswer(answer(CACHE_Q, EXPERT)).scored.score;
    const spoken = scoreAnswer(answer(CACHE_Q, withFillers(EXPERT))).scored.score;
    expect(Math.abs(tierOf(spoken) - tierOf(clean))).toBeLessThanOrEqual(1);
    expect(tierOf(clean)).toBeGreaterThanOrEqual(tiers.indexOf("strong"));
  });

  it("scores an answer that only re-orders the question's words as weak", () => {
    const parrot =
      "So the product pages got slow under load, and to find the cause of the slow product pages under load I would find the cause and then fix it. Fixing the cause of slow pages under load is how you fix slow product pages. Under load, pages get slow, so finding the cause and fixing it is the fix.";
    const scored = scoreCandidate({
      name: "Test Person",
      role: "Backend Engineer",
      sourceTier: null,
      answers: [answer(CACHE_Q, parrot, 1), answer(CACHE_Q, parrot, 2), answer(CACHE_Q, parrot, 3)],
    });
    expect(scored.tier).toBe("weak");
  });

  it("strips fillers and restarts but keeps the words", () => {
    const { clean, fillers } = stripSpeech(
      "So, um, I- I'd put the, the index on, uh, status first.",
    );
    expect(clean).toBe("So, I'd put the index on, status first.");
    expect(fillers).toBe(4);
  });

  it("never raises an answer for generic sentences appended (property)", () => {
    const generic = [
      "It is really important to follow best practices.",
      "Communication with the team is always key.",
      "There are many different things to consider here.",
      "At the end of the day it is about doing the right thing.",
      "In general you should make sure everything works well.",
    ];
    const base = scoreAnswer(answer(CACHE_Q, EXPERT)).scored.score;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...generic), { minLength: 1, maxLength: 6 }),
        (extra) => {
          const padded = scoreAnswer(answer(CACHE_Q, `${EXPERT} ${extra.join(" ")}`)).scored.score;
          return padded <= base + 2;
        },
      ),
      { numRuns: 40, seed: 12 },
    );
  });

  it("moves a score by at most one tier for fillers anywhere (property)", () => {
    const base = tierOf(scoreAnswer(answer(CACHE_Q, EXPERT)).scored.score);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 15 }), (every) => {
        const spoken = scoreAnswer(answer(CACHE_Q, withFillers(EXPERT, every))).scored.score;
        return Math.abs(tierOf(spoken) - base) <= 1;
      }),
      { numRuns: 12, seed: 7 },
    );
  });

  it("does not call a company a tool in its reasons", () => {
    const text =
      "At Software Corp I moved our build from Jenkins to GitHub Actions with a matrix over Node 18 and 20, which cut CI time from 22 to 9 minutes because jobs ran in parallel.";
    const reasons = scoreAnswer(
      answer("Tell me about a CI change you made.", text),
    ).scored.reasons.join(" ");
    expect(reasons).not.toMatch(/tools?[^.]*"Software Corp"/i);
  });
});
