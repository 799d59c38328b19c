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

/**
 * Scores a small built-in transcript once, so the first real upload does not pay for building
 * the NLP pipeline, loading the word-frequency list and compiling the scorer (about a second
 * of CPU in a fresh process; bench `scoring`, "cold"). Called at start-up before the app takes
 * requests. Scores are unaffected: what it fills are memo caches of pure functions.
 */
export function warmUpScorer(): void {
  scoreTranscript(parseTranscript(SAMPLE, { fileName: "warm-up.txt" }));
}
