import { commonWords } from "../scoring/frequency.js";
import { scoreTranscript } from "../scoring/index.js";
import { parseTranscript } from "../transcript/index.js";

/** A made-up two-answer interview: enough to touch every part of the scorer once. */
const SAMPLE = [
  "Candidate: Sample Person - Backend Engineer",
  "----------------------------------------",
  "",
  "Q1: Tell me about a time you made a slow service faster. What did you measure?",
  "",
  'A1: "We profiled the checkout API, found an N+1 query in the ORM, batched it and added a cache; p99 latency fell from 900 ms to 120 ms and we kept a load test in CI so it would not come back."',
  "",
  "Relevance Score: 0.900",
  "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
  "",
  "Q2: How would you design a rate limiter for a public API?",
  "",
  'A2: "Um, I guess I would use Redis, it depends on the traffic really, and maybe a token bucket or something like that."',
  "",
  "Relevance Score: 0.400",
  "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
].join("\n");

/** How many of everyday speech's most common words the warm-up runs through the scorer. */
const WARM_WORDS = 5_000;

/**
 * The sample followed by answers made of the most common words of everyday speech, 12 to a
 * sentence: most words of any transcript are among them, and each new word costs the scorer a
 * stem, a frequency lookup and wink's own lexicon work the first time it is seen.
 */
export function warmUpText(): string {
  const words = commonWords(WARM_WORDS);
  const lines = [SAMPLE, ""];
  for (let i = 0; i * 400 < words.length; i++) {
    const chunk = words.slice(i * 400, (i + 1) * 400);
    const sentences: string[] = [];
    for (let j = 0; j < chunk.length; j += 12)
      sentences.push(`${chunk.slice(j, j + 12).join(" ")}.`);
    lines.push(
      `Q${i + 3}: Can you walk me through that part in more detail?`,
      "",
      `A${i + 3}: "${sentences.join(" ")}"`,
      "",
      "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
      "",
    );
  }
  return lines.join("\n");
}

let warmed = false;

/**
 * Scores a built-in transcript once per thread, so the first real upload does not pay for
 * building the NLP pipeline, loading the word-frequency list, compiling the scorer and meeting
 * everyday English for the first time (bench `scoring`: "cold" and "after the warm-up"). Each
 * scoring thread calls it as it starts (prepare-worker.ts), and the app before taking requests
 * when it scores in-thread; the work is done once per thread. Scores are unaffected: what it
 * fills are memo caches of pure functions.
 */
export function warmUpScorer(): void {
  if (warmed) return;
  scoreTranscript(parseTranscript(warmUpText(), { fileName: "warm-up.txt" }));
  warmed = true;
}
