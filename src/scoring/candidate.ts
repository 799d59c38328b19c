import type { Candidate, Tier } from "../transcript/model.js";
import { type AnswerDetail, scoreAnswer } from "./answer.js";
import { clamp, type Finding } from "./evidence.js";
import { offRoleFlags, phantomReferenceFlags, unansweredFlags } from "./flags.js";
import type { ScoredCandidate } from "./model.js";
import type { QuestionParts } from "./question.js";

/**
 * The tier rule, in one place (docs/scoring.md states it in words). Scores are the answer
 * model's calibrated tier estimate on a 0–100 scale where each tier owns a quarter, so the cut
 * points follow from the calibration fitted by `npm run train` (checked by the eval: every
 * tier is used on the hard cases).
 */
export const TIER_RULE = {
  exceptional: 75,
  strong: 50,
  average: 25,
} as const;

export function tierFor(overall: number): Tier {
  if (overall >= TIER_RULE.exceptional) return "exceptional";
  if (overall >= TIER_RULE.strong) return "strong";
  if (overall >= TIER_RULE.average) return "average";
  return "weak";
}

/** Points from the score to the nearest tier boundary (0 on a boundary, 12.5 mid-tier). */
export function tierMargin(overall: number): number {
  const cuts = [TIER_RULE.average, TIER_RULE.strong, TIER_RULE.exceptional];
  return Math.min(12.5, ...cuts.map((c) => Math.abs(overall - c)));
}

/** Words a speaker would not produce: no vowel, or letters mixed with stray symbols. */
const GARBLED = /^(?:[^aeiouyà-ÿ\d]{5,}|.*[^\p{L}\p{N}_'’.,?!;:"“”()\-–—%$&/`*[\]…]+.*)$/iu;

export interface ConfidenceInputs {
  counted: number;
  candidateWords: number;
  interviewerWords: number;
  garbledShare: number;
  /** Share of the candidate's words that are English function words ("the", "and", "of"). */
  englishShare: number;
  scoreSpread: number;
  /** Points from the score to the nearest tier boundary. */
  margin: number;
}

/** How much to trust the score: drops for short, garbled or interviewer-dominated interviews. */
export function confidenceFrom(inputs: ConfidenceInputs): number {
  let c = 1;
  if (inputs.counted < 3) c *= 0.55 + 0.15 * inputs.counted;
  if (inputs.candidateWords < 150) c *= 0.45 + 0.55 * (inputs.candidateWords / 150);
  const share =
    inputs.interviewerWords / Math.max(1, inputs.interviewerWords + inputs.candidateWords);
  if (share > 0.5) c *= 1 - (share - 0.5);
  if (inputs.garbledShare > 0.03) c *= Math.max(0.3, 1 - 4 * (inputs.garbledShare - 0.03));
  // English prose is about half function words; far fewer means another language, which the
  // English word lists cannot judge.
  if (inputs.candidateWords >= 20 && inputs.englishShare < 0.2) c *= 0.4;
  if (inputs.scoreSpread > 25) c *= 0.85;
  // Near a boundary the tier is a coin toss between two neighbours.
  c *= 0.55 + 0.45 * Math.min(1, inputs.margin / 8);
  return Math.round(clamp(c, 0.05, 1) * 100) / 100;
}

/** The same conditions as `confidenceFrom`, in words, for the concern shown to recruiters. */
export function confidenceReasons(inputs: ConfidenceInputs): string[] {
  const out: string[] = [];
  if (inputs.counted < 3) out.push(`only ${inputs.counted} question(s) answered`);
  if (inputs.candidateWords < 150)
    out.push(`the candidate said ${inputs.candidateWords} words in total`);
  const share =
    inputs.interviewerWords / Math.max(1, inputs.interviewerWords + inputs.candidateWords);
  if (share > 0.5) out.push(`the interviewer did ${Math.round(share * 100)}% of the talking`);
  if (inputs.garbledShare > 0.03)
    out.push(`${Math.round(inputs.garbledShare * 100)}% of the words look garbled`);
  if (inputs.candidateWords >= 20 && inputs.englishShare < 0.2)
    out.push("the answers do not look like English, and the scorer reads English only");
  if (inputs.scoreSpread > 25) out.push("answer scores vary widely");
  if (inputs.margin < 3) out.push("the score sits on the line between two tiers");
  return out;
}

function stdev(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

function topFindings(details: AnswerDetail[], polarity: 1 | -1, n: number): string[] {
  const all: { f: Finding; n: number; score: number }[] = [];
  for (const d of details)
    for (const f of d.clarity.findings
      .concat(d.substance.findings, d.relevance.findings, d.structure.findings)
      .filter((x) => x.polarity === polarity))
      all.push({ f, n: d.scored.n, score: d.scored.score });
  // Strengths come from the best answers, concerns from the worst.
  all.sort(
    (a, b) => b.f.weight - a.f.weight + (polarity > 0 ? b.score - a.score : a.score - b.score) / 4,
  );
  const out: string[] = [];
  const usedSignals = new Map<string, number>();
  for (const { f, n: q } of all) {
    if (out.length >= n) break;
    const kind = f.reason.split(":")[0] ?? f.reason;
    // One line per kind of finding, so three strengths are three different things.
    if ((usedSignals.get(kind) ?? 0) >= 1) continue;
    usedSignals.set(kind, 1);
    out.push(`Q${q}: ${f.reason}`);
  }
  return out;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function scoreCandidateDetailed(candidate: Candidate): {
  scored: ScoredCandidate;
  details: AnswerDetail[];
  /** What the confidence was computed from (the eval recomputes it for cross-validated scores). */
  confidenceInputs: ConfidenceInputs;
} {
  const details: AnswerDetail[] = [];
  let previous: QuestionParts | undefined;
  for (const answer of candidate.answers) {
    const detail = scoreAnswer(answer, previous);
    details.push(detail);
    if (detail.counted) previous = detail.question;
    // After "Any questions for me?" the candidate's follow-ups answer nothing we asked.
    if (detail.question.kind === "small_talk" && previous) previous = undefined;
  }
  const counted = details.filter((d) => d.counted);
  const scores = counted.map((d) => d.scored.score);
  // The mean of the answer scores: each answer's score is already the model's tier estimate.
  const overall = scores.length === 0 ? 0 : scores.reduce((s, v) => s + v, 0) / scores.length;
  const score = Math.round(overall);
  const tier = tierFor(score);

  const candidateWords = details.reduce((s, d) => s + d.analysis.words.length, 0);
  const interviewerWords = details.reduce((s, d) => s + countWords(d.scored.question), 0);
  let garbled = 0;
  let english = 0;
  for (const d of details)
    for (const w of d.analysis.words) {
      if (GARBLED.test(w.value)) garbled++;
      if (w.stop) english++;
    }
  const inputs: ConfidenceInputs = {
    counted: counted.length,
    candidateWords,
    interviewerWords,
    garbledShare: garbled / Math.max(1, candidateWords),
    englishShare: english / Math.max(1, candidateWords),
    scoreSpread: stdev(scores),
    margin: tierMargin(overall),
  };
  const confidence = confidenceFrom(inputs);

  const strengths = topFindings(counted, 1, 3);
  const concerns = topFindings(counted, -1, 3);
  // "I don't know" is also a verbal tic; only a weak answer counts as not answering.
  const nonAnswers = counted.filter(
    (d) => d.clarity.nonAnswers > 0 && d.scored.score < TIER_RULE.average,
  ).length;
  if (nonAnswers >= 2)
    concerns.unshift(`Could not answer ${nonAnswers} of ${counted.length} questions.`);
  if (confidence < 0.6) {
    const why = confidenceReasons(inputs);
    concerns.push(
      `Low confidence in this score: ${why.length > 0 ? why.join("; ") : "little to go on"}.`,
    );
  }

  const flags = [
    ...offRoleFlags(candidate.role, details),
    ...phantomReferenceFlags(details, candidate.name),
    ...unansweredFlags(details),
  ].sort((a, b) => (a.n ?? 0) - (b.n ?? 0));

  return {
    scored: {
      ...candidate,
      answers: details.map((d) => d.scored),
      score,
      tier,
      confidence,
      strengths,
      concerns: concerns.slice(0, 4),
      flags,
    },
    details,
    confidenceInputs: inputs,
  };
}
