import type { Candidate, Tier } from "../transcript/model.js";
import { type AnswerDetail, scoreAnswer } from "./answer.js";
import { clamp, type Finding } from "./evidence.js";
import { offRoleFlags, phantomReferenceFlags, unansweredFlags } from "./flags.js";
import type { ScoredCandidate } from "./model.js";
import type { QuestionParts } from "./question.js";
import { lexicalVariety } from "./signals/substance.js";

/**
 * The tier rule, in one place (docs/scoring.md states it in words):
 * - exceptional: overall at least 85 and no counted answer below 60;
 * - strong: overall at least 75 (or an "exceptional" overall held back by one weak answer);
 * - average: overall at least 45;
 * - weak: below 45.
 */
export const TIER_RULE = {
  exceptional: 85,
  exceptionalFloor: 60,
  strong: 75,
  average: 45,
} as const;

/**
 * Share of the candidate score that comes from delivery over the whole interview (filler rate
 * and word variety pooled across answers); the rest is the mean answer score. Pooling matters
 * because a short answer's own filler rate is noisy.
 */
export const DELIVERY_WEIGHT = 0.3;

export function deliveryScore(details: AnswerDetail[]): number {
  let fillers = 0;
  let words = 0;
  for (const d of details) {
    fillers += d.clarity.fillerRate * d.analysis.words.length;
    words += d.analysis.words.length;
  }
  if (words === 0) return 0;
  const fluency = clamp(100 - 400 * (fillers / words));
  const first = details[0];
  const variety = first
    ? lexicalVariety({ ...first.analysis, words: details.flatMap((d) => d.analysis.words) })
    : 0;
  return 0.4 * fluency + 0.6 * 100 * variety;
}

export function tierFor(overall: number, answerScores: number[]): Tier {
  if (
    overall >= TIER_RULE.exceptional &&
    answerScores.every((s) => s >= TIER_RULE.exceptionalFloor)
  )
    return "exceptional";
  if (overall >= TIER_RULE.strong) return "strong";
  if (overall >= TIER_RULE.average) return "average";
  return "weak";
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
  disagreesWithSource: boolean;
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
  if (inputs.scoreSpread > 25) c *= 0.9;
  if (inputs.disagreesWithSource) c *= 0.9;
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
  if (inputs.disagreesWithSource) out.push("the interviewer tool's own marks disagree");
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
} {
  const details: AnswerDetail[] = [];
  let previous: QuestionParts | undefined;
  for (const answer of candidate.answers) {
    const detail = scoreAnswer(answer, previous);
    details.push(detail);
    if (detail.counted) previous = detail.question;
  }
  const counted = details.filter((d) => d.counted);
  const scores = counted.map((d) => d.scored.score);
  const meanAnswer = scores.length === 0 ? 0 : scores.reduce((s, v) => s + v, 0) / scores.length;
  const delivery = deliveryScore(counted);
  const overall =
    scores.length === 0 ? 0 : (1 - DELIVERY_WEIGHT) * meanAnswer + DELIVERY_WEIGHT * delivery;
  const score = Math.round(overall);
  const tier = tierFor(score, scores);

  const candidateWords = details.reduce((s, d) => s + d.analysis.words.length, 0);
  const interviewerWords = details.reduce((s, d) => s + countWords(d.scored.question), 0);
  let garbled = 0;
  let english = 0;
  for (const d of details)
    for (const w of d.analysis.words) {
      if (GARBLED.test(w.value)) garbled++;
      if (w.stop) english++;
    }
  const struggled = candidate.answers.filter((a) => a.struggled).length;
  const disagreesWithSource =
    candidate.answers.length > 0 &&
    ((struggled / candidate.answers.length >= 0.5 && score >= TIER_RULE.strong) ||
      (struggled === 0 &&
        candidate.answers.every((a) => a.sourceRelevance !== null) &&
        score < TIER_RULE.average));
  const inputs: ConfidenceInputs = {
    counted: counted.length,
    candidateWords,
    interviewerWords,
    garbledShare: garbled / Math.max(1, candidateWords),
    englishShare: english / Math.max(1, candidateWords),
    scoreSpread: stdev(scores),
    disagreesWithSource,
  };
  const confidence = confidenceFrom(inputs);

  const strengths = topFindings(counted, 1, 3);
  const concerns = topFindings(counted, -1, 3);
  // "I don't know" is also a verbal tic; only a weak answer counts as not answering.
  const nonAnswers = counted.filter((d) => d.clarity.nonAnswers > 0 && d.scored.score < 35).length;
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
  };
}
