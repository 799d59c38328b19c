import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { isAppError } from "../../src/errors.js";
import { scoreTranscript } from "../../src/scoring/index.js";
import { parseTranscript } from "../../src/transcript/index.js";

/**
 * Broken transcripts for the parse + score fuzz suite and the `fuzz` bench: real fixtures
 * (test/fixtures/transcripts and the seed file) with 1 to 4 mutations each: format markers
 * inserted, cuts, mixed line endings, byte-order marks, NULs, a huge line, random bytes. Plus a
 * share of wholly random byte strings. Inputs stay under `maxBytes` (64 KB by default), the size
 * the latency target speaks of.
 */

const fixturesDir = fileURLToPath(new URL("../fixtures/transcripts/", import.meta.url));
const seedFile = fileURLToPath(new URL("../../seeds/interview-examples.txt", import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return name.endsWith(".md") && name === "README.md" ? [] : [path];
  });
}

export interface Fixture {
  name: string;
  bytes: Uint8Array;
}

export const transcriptFixtures: Fixture[] = [...filesUnder(fixturesDir), seedFile]
  .sort()
  .map((path) => ({
    name: path.slice(path.lastIndexOf("/") + 1),
    bytes: new Uint8Array(readFileSync(path)),
  }));

const enc = new TextEncoder();

/** Lines that make a parser change its mind: headers, speaker labels, cue timings, scores. */
const markers = [
  "Candidate: ",
  "Candidate: Zoë O'Brien\n",
  "Role: Backend Engineer\n",
  "Interviewer:",
  "INTERVIEWER: ",
  "Q1:",
  "Question 1:",
  "Answer:",
  "A:",
  "Relevance Score: 0.87\n",
  "Relevance Score: NaN\n",
  "Tier: exceptional\n",
  "WEBVTT\n\n",
  "00:00:01.000 --> 00:00:02.000\n",
  "99:99:99.999 --> 00:00:00.000\n",
  "1\n00:00:01,000 --> 00:00:04,000\n",
  "<v Jane Smith>",
  "</v>",
  "NOTE ",
  "---\n",
  "# Interview\n",
  "**Jane Smith:** ",
  "Speaker 1  0:00\n",
  "[00:12:34] ",
  "John Doe: ",
  ":",
  "\n\n\n",
  "\u2028",
  "\u00a0",
  "\ufffd",
].map((m) => enc.encode(m));

type Mutation = (bytes: Uint8Array) => Uint8Array;

const at = (bytes: Uint8Array, fraction: number) =>
  Math.min(bytes.length, Math.floor(fraction * (bytes.length + 1)));
function splice(bytes: Uint8Array, index: number, insert: Uint8Array, remove = 0): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, index), 0);
  out.set(insert, index);
  out.set(bytes.subarray(index + remove), index + insert.length);
  return out;
}
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom(...markers), fraction, fc.integer({ min: 1, max: 20 })).map(
    ([marker, f, times]): Mutation =>
      (b) => {
        let out = b;
        for (let i = 0; i < times; i += 1) out = splice(out, at(out, (f * (i + 1)) % 1), marker);
        return out;
      },
  ),
  fc.tuple(fraction, fraction).map(
    ([from, length]): Mutation =>
      (b) => {
        const start = at(b, from);
        return b.slice(start, start + Math.ceil(length * (b.length - start)));
      },
  ),
  fc.constantFrom<Mutation>(
    (b) => enc.encode(new TextDecoder().decode(b).replaceAll("\n", "\r\n")),
    (b) => enc.encode(new TextDecoder().decode(b).replaceAll("\n", "\r")),
    (b) =>
      enc.encode(
        new TextDecoder()
          .decode(b)
          .split("\n")
          .map((line, i) => line + ["\n", "\r\n", "\r", "\n\r"][i % 4])
          .join(""),
      ),
  ),
  fc
    .constantFrom(
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
      [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
    )
    .map(
      (bom): Mutation =>
        (b) =>
          splice(b, 0, Uint8Array.from(bom)),
    ),
  fc.tuple(fraction, fc.integer({ min: 1, max: 64 })).map(
    ([f, n]): Mutation =>
      (b) =>
        splice(b, at(b, f), new Uint8Array(n)),
  ),
  fc
    .tuple(
      fraction,
      fc.integer({ min: 1_000, max: 40_000 }),
      fc.constantFrom("a", "word ", "é", "日", ".", " "),
    )
    .map(
      ([f, length, unit]): Mutation =>
        (b) =>
          splice(b, at(b, f), enc.encode(unit.repeat(Math.ceil(length / unit.length)))),
    ),
  fc.tuple(fraction, fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.nat({ max: 256 })).map(
    ([f, noise, remove]): Mutation =>
      (b) => {
        const index = at(b, f);
        return splice(b, index, noise, Math.min(remove, b.length - index));
      },
  ),
);

export interface MutatedInput {
  /** What it was made from, for a failure's report. */
  origin: string;
  bytes: Uint8Array;
}

export function mutatedTranscript(maxBytes = 64 * 1024): fc.Arbitrary<MutatedInput> {
  const mutated = fc
    .tuple(
      fc.constantFrom(...transcriptFixtures),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
    )
    .map(([fixture, mutations]) => ({
      origin: fixture.name,
      bytes: mutations.reduce((b, m) => m(b), fixture.bytes).slice(0, maxBytes),
    }));
  const random = fc
    .uint8Array({ minLength: 0, maxLength: Math.min(maxBytes, 8_192) })
    .map((bytes) => ({ origin: "random bytes", bytes }));
  return fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: random });
}

/** The failure, if any: an exception that is not a non-internal AppError, or a bad score. */
export function checkParseAndScore(bytes: Uint8Array, fileName: string): string | undefined {
  let parsed: ReturnType<typeof parseTranscript>;
  try {
    parsed = parseTranscript(bytes, { fileName });
  } catch (error) {
    if (isAppError(error) && error.code !== "INTERNAL") return undefined;
    return `parse threw ${isAppError(error) ? error.code : String(error)}`;
  }
  let scored: ReturnType<typeof scoreTranscript>;
  try {
    scored = scoreTranscript(parsed);
  } catch (error) {
    return `score threw ${isAppError(error) ? error.code : String(error)}`;
  }
  const inRange = (n: number) => Number.isFinite(n) && n >= 0 && n <= 100;
  for (const candidate of scored.candidates) {
    if (!inRange(candidate.score)) return `candidate score ${candidate.score}`;
    if (!(candidate.confidence >= 0 && candidate.confidence <= 1)) {
      return `confidence ${candidate.confidence}`;
    }
    for (const answer of candidate.answers) {
      if (!inRange(answer.score)) return `answer score ${answer.score}`;
      for (const [part, value] of Object.entries(answer.parts)) {
        if (!inRange(value)) return `answer ${part} ${value}`;
      }
    }
  }
  return undefined;
}
