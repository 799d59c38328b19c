import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import { prepareTranscriptFile } from "../../src/ingest/prepare.js";
import {
  closeScoringPool,
  configureScoringPool,
  prepareOffThread,
  scoringThreadsRunning,
  splitCandidates,
  warmUpScoringPool,
} from "../../src/ingest/scoring-pool.js";
import type { Candidate } from "../../src/transcript/model.js";
import { textToDocx, textToPdf } from "../helpers/documents.js";

const seed = readFileSync(new URL("../../seeds/interview-examples.txt", import.meta.url));
const resume = readFileSync(
  new URL("../fixtures/transcripts/hand-made/resume.txt", import.meta.url),
);
const options = { fileName: "interview-examples.txt", maxBytes: 10 * 1024 * 1024 };

/** How often a timer of `everyMs` fired while `work` ran: 0 means the work held this thread. */
async function ticksDuring<T>(
  everyMs: number,
  work: () => Promise<T>,
): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
  }, everyMs);
  try {
    return { value: await work(), ticks };
  } finally {
    clearInterval(timer);
  }
}

afterAll(async () => {
  configureScoringPool({ threads: 2 });
  await closeScoringPool();
});

describe("scoring on worker threads", () => {
  it("prepares a file exactly as the calling thread does", async () => {
    configureScoringPool({ threads: 2 });
    const [off, here] = await Promise.all([
      prepareOffThread(seed, options),
      prepareTranscriptFile(seed, options),
    ]);
    expect(off.ok).toBe(true);
    expect(off).toEqual(here);
  });

  it("keeps which answers count when the judge will read them", async () => {
    const off = await prepareOffThread(seed, { ...options, keepCounted: true });
    const here = await prepareTranscriptFile(seed, { ...options, keepCounted: true });
    expect(off.ok && off.counted).toEqual(here.ok && here.counted);
    expect(off.ok && off.counted?.length).toBe(8);
  });

  it("reads Word and PDF files in the thread too", async () => {
    const text = seed.toString("utf8").split("\n").slice(0, 40).join("\n");
    for (const [bytes, fileName] of [
      [textToDocx(text), "interview.docx"],
      [await textToPdf(text), "interview.pdf"],
    ] as const) {
      const off = await prepareOffThread(bytes, { ...options, fileName });
      const here = await prepareTranscriptFile(bytes, { ...options, fileName });
      expect(off.ok, fileName).toBe(true);
      expect(off).toEqual(here);
    }
  });

  it("hands back a refused file as the same coded AppError, not a thrown one", async () => {
    const off = await prepareOffThread(resume, { ...options, fileName: "resume.txt" });
    const here = await prepareTranscriptFile(resume, { ...options, fileName: "resume.txt" });
    expect(off.ok).toBe(false);
    if (off.ok || here.ok) throw new Error("expected a refusal");
    expect(off.error).toBeInstanceOf(AppError);
    expect(off.error.code).toBe(here.error.code);
    expect(off.error.userMessage).toBe(here.error.userMessage);
    expect(off.contentHash).toBe(here.contentHash);
  });

  it("keeps the event loop free while a large transcript is scored", async () => {
    // About 1 MB: a second or more of scoring, during which a timer must keep firing (on the
    // calling thread it could not fire at all until scoring ended).
    const big = Buffer.from(Array.from({ length: 25 }, () => seed.toString("utf8")).join("\n"));
    const { value: prepared, ticks } = await ticksDuring(10, () => prepareOffThread(big, options));
    expect(prepared.ok && prepared.result.candidates.length).toBe(200);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it("starts every configured thread, and scores on the calling thread when told to use none", async () => {
    configureScoringPool({ threads: 3 });
    expect(scoringThreadsRunning()).toBe(0);
    await warmUpScoringPool();
    expect(scoringThreadsRunning()).toBe(3);
    configureScoringPool({ threads: 0 });
    expect(scoringThreadsRunning()).toBe(0);
    const { value: here, ticks } = await ticksDuring(1, () => prepareOffThread(seed, options));
    // On the calling thread nothing else runs while the file is scored.
    expect(ticks).toBe(0);
    expect(here).toEqual(await prepareTranscriptFile(seed, options));
  });

  it("scores one file's candidates on several threads exactly as on one", async () => {
    for (const threads of [1, 3]) {
      // The seed is below the size from which files are split: split it anyway.
      configureScoringPool({ threads, splitFromBytes: 0 });
      const off = await prepareOffThread(seed, { ...options, keepCounted: true });
      expect(off).toEqual(await prepareTranscriptFile(seed, { ...options, keepCounted: true }));
    }
    configureScoringPool({ threads: 2 });
  });
});

describe("splitCandidates", () => {
  const candidate = (name: string, chars: number): Candidate => ({
    name,
    role: null,
    sourceTier: null,
    answers: [
      { n: 1, question: "", answer: "x".repeat(chars), sourceRelevance: null, struggled: false },
    ],
  });

  it("keeps the order and balances the text, never more parts than asked or candidates", () => {
    const people = [
      candidate("a", 100),
      candidate("b", 100),
      candidate("c", 100),
      candidate("d", 100),
    ];
    expect(splitCandidates(people, 2).map((p) => p.map((c) => c.name))).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    const lopsided = [candidate("a", 900), candidate("b", 50), candidate("c", 50)];
    expect(splitCandidates(lopsided, 2).map((p) => p.map((c) => c.name))).toEqual([
      ["a"],
      ["b", "c"],
    ]);
    expect(splitCandidates(people.slice(0, 1), 4)).toHaveLength(1);
    expect(
      splitCandidates(people, 8)
        .flat()
        .map((c) => c.name),
    ).toEqual(["a", "b", "c", "d"]);
    expect(splitCandidates([], 2)).toEqual([]);
  });
});
