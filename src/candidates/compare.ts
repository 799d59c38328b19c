import { tierFor } from "../scoring/candidate.js";
import { normalizeRole } from "../shared/normalize.js";
import type { Tier } from "../transcript/model.js";
import type { CandidateSummary, SummaryAnswer } from "./types.js";

/**
 * Side-by-side comparison of two to four candidates (`/candidate compare`, CLI `compare`).
 * Pure: summaries in, rows out; who may see whom is decided before (see compare-resolve.ts).
 *
 * Questions are lined up by text when every candidate's latest interview was for the same role
 * (the interviewer asks about the same things, worded a little differently each time); across
 * roles the questions have nothing in common, so they are lined up by position and every row
 * says "different questions" rather than pretending the answers are comparable.
 */

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

/**
 * Two questions are "the same question" at or above this word overlap (Dice coefficient over
 * content words). AI-interviewer questions are personalised ("You mentioned Kafka…"), so the
 * bar is well below 1; at 0.35 a shared topic and its key terms are needed, a shared opening is not.
 */
export const SAME_QUESTION = 0.35;

export interface CompareCell {
  /** The question's number in that candidate's interview (1-based). */
  n: number;
  question: string;
  score: number;
  /** The tier the answer's score falls in, by the candidate tier rule. */
  tier: Tier;
}

export interface CompareRow {
  /** The question as first asked (the first candidate that was asked it). */
  question: string;
  /** False when rows are lined up by position across different roles. */
  sameQuestion: boolean;
  /** One per column; null when that candidate was not asked it. */
  cells: (CompareCell | null)[];
}

export interface CompareColumn {
  candidateId: string;
  name: string;
  role: string | null;
  score: number | null;
  /** Effective tier (override when set). */
  tier: Tier | null;
  computedTier: Tier | null;
  confidence: number | null;
  override: { tier: Tier; setBy: string } | null;
  strengths: string[];
  concerns: string[];
}

export interface Comparison {
  columns: CompareColumn[];
  rows: CompareRow[];
  /** `by_text` when the roles agree, `by_position` otherwise (or when no question matched). */
  matchedBy: "by_text" | "by_position";
  /** Questions asked of only one candidate, left out of a `by_text` table. */
  unmatched: number;
}

const STOP = new Set(
  (
    "the and for you your with that this what how why when where which who would could can " +
    "about have has had was were are is be been being from into over under than then them they " +
    "their there these those our out not but any some more most such very also just like " +
    "tell me describe explain walk through give example examples please do does did it its " +
    "an a of to in on at by or as we us i my mentioned"
  ).split(" "),
);

function contentWords(text: string): Set<string> {
  const words = text
    .toLocaleLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !STOP.has(w));
  return new Set(words);
}

/** Dice coefficient of the two questions' content words, 0..1. */
export function questionSimilarity(a: string, b: string): number {
  return dice(contentWords(a), contentWords(b));
}

function dice(x: Set<string>, y: Set<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}

function cellOf(a: SummaryAnswer): CompareCell {
  return { n: a.n, question: a.question, score: a.score, tier: tierFor(a.score) };
}

function columnOf(s: CandidateSummary): CompareColumn {
  return {
    candidateId: s.candidateId,
    name: s.name,
    role: s.interviews[0]?.role ?? s.roles[0] ?? null,
    score: s.score,
    tier: s.tier,
    computedTier: s.computedTier,
    confidence: s.confidence,
    override: s.override ? { tier: s.override.tier, setBy: s.override.setBy } : null,
    strengths: s.strengths,
    concerns: s.concerns,
  };
}

/** Whether every candidate's latest interview was for the same (named) role. */
export function sameRole(summaries: readonly CandidateSummary[]): boolean {
  const keys = summaries.map((s) => normalizeRole(s.interviews[0]?.role ?? null));
  return keys.every((k) => k !== "" && k === keys[0]);
}

export function compareCandidates(summaries: readonly CandidateSummary[]): Comparison {
  const columns = summaries.map(columnOf);
  if (sameRole(summaries)) {
    const { rows, unmatched } = matchByText(summaries);
    if (rows.length > 0) return { columns, rows, matchedBy: "by_text", unmatched };
  }
  return { columns, rows: matchByPosition(summaries), matchedBy: "by_position", unmatched: 0 };
}

/**
 * Greedy best-first matching: each candidate's questions are paired with the table's rows so
 * far by similarity (best pair first, each row and question used once); what stays unpaired
 * starts a row of its own. Rows asked of at least two candidates are kept, in interview order.
 */
function matchByText(summaries: readonly CandidateSummary[]): {
  rows: CompareRow[];
  unmatched: number;
} {
  interface Cluster {
    words: Set<string>;
    question: string;
    cells: (CompareCell | null)[];
  }
  const width = summaries.length;
  const clusters: Cluster[] = [];
  summaries.forEach((s, col) => {
    const answers = [...s.answers].sort((a, b) => a.n - b.n);
    const words = answers.map((a) => contentWords(a.question));
    const pairs: { cluster: number; answer: number; sim: number }[] = [];
    clusters.forEach((c, ci) => {
      words.forEach((w, ai) => {
        const sim = dice(c.words, w);
        if (sim >= SAME_QUESTION) pairs.push({ cluster: ci, answer: ai, sim });
      });
    });
    pairs.sort((a, b) => b.sim - a.sim || a.cluster - b.cluster || a.answer - b.answer);
    const usedClusters = new Set<number>();
    const usedAnswers = new Set<number>();
    for (const p of pairs) {
      if (usedClusters.has(p.cluster) || usedAnswers.has(p.answer)) continue;
      usedClusters.add(p.cluster);
      usedAnswers.add(p.answer);
      (clusters[p.cluster] as Cluster).cells[col] = cellOf(answers[p.answer] as SummaryAnswer);
    }
    answers.forEach((a, ai) => {
      if (usedAnswers.has(ai)) return;
      const cells: (CompareCell | null)[] = Array.from({ length: width }, () => null);
      cells[col] = cellOf(a);
      clusters.push({
        words: words[ai] as Set<string>,
        question: a.question,
        cells,
      });
    });
  });
  const asked = (c: Cluster) => c.cells.filter(Boolean).length;
  const kept = clusters.filter((c) => asked(c) >= 2);
  return {
    rows: kept.map((c) => ({ question: c.question, sameQuestion: true, cells: c.cells })),
    unmatched: clusters.length - kept.length,
  };
}

function matchByPosition(summaries: readonly CandidateSummary[]): CompareRow[] {
  const sorted = summaries.map((s) => [...s.answers].sort((a, b) => a.n - b.n));
  const longest = Math.max(0, ...sorted.map((a) => a.length));
  return Array.from({ length: longest }, (_, i) => {
    const cells = sorted.map((answers) => {
      const a = answers[i];
      return a ? cellOf(a) : null;
    });
    const first = cells.find(Boolean);
    return { question: first?.question ?? "", sameQuestion: false, cells };
  });
}
