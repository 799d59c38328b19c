import type { Candidate, Tier } from "../transcript/model.js";
import { type AnswerDetail, scoreAnswer } from "./answer.js";
import { answerModel } from "./answer-model.js";
import { clamp, type Finding } from "./evidence.js";
import { offRoleFlags, phantomReferenceFlags, unansweredFlags } from "./flags.js";
import type { ScoredCandidate } from "./model.js";
import { countWords } from "./nlp.js";
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

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * The chance that the score's tier is the right one, if the candidate's true position is the
 * score give or take a normal error: the model's own error at candidate level (`error`,
 * measured on cross-validated estimates by `npm run train`) and the uncertainty of a mean of
 * few, disagreeing answers.
 */
export function tierProbability(
  overall: number,
  spread: number,
  counted: number,
  error: number,
): number {
  const sigma = Math.sqrt(error ** 2 + spread ** 2 / Math.max(1, counted));
  const tier = tierFor(overall);
  const lower = tier === "weak" ? -Infinity : TIER_RULE[tier as Exclude<Tier, "weak">];
  const upper =
    tier === "exceptional"
      ? Infinity
      : { weak: TIER_RULE.average, average: TIER_RULE.strong, strong: TIER_RULE.exceptional }[tier];
  const cdf = (x: number) =>
    x === Infinity ? 1 : x === -Infinity ? 0 : normalCdf((x - overall) / sigma);
  return cdf(upper) - cdf(lower);
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
  /** Standard deviation of the counted answers' scores, in points. */
  scoreSpread: number;
  /** The candidate's score (unrounded). */
  overall: number;
}

/**
 * Below this the card says "Low confidence in this score: … read the transcript". Confidence
 * is the estimated chance the tier is exactly right (about 0.6 on average, EVAL.md), so this
 * marks the candidates where a neighbouring tier is likelier than ours.
 */
export const LOW_CONFIDENCE = 0.4;

/**
 * How much to trust the tier: the estimated chance that it is exactly right
 * (`tierProbability`), lowered further for what the model was never shown: short, garbled,
 * non-English or interviewer-dominated interviews. EVAL.md tabulates it against how often the
 * tier actually is right.
 */
export function confidenceFrom(
  inputs: ConfidenceInputs,
  error = answerModel.candidateError ?? 18,
): number {
  let c = tierProbability(inputs.overall, inputs.scoreSpread, inputs.counted, error);
  if (inputs.counted < 3) c *= 0.55 + 0.15 * inputs.counted;
  if (inputs.candidateWords < 150) c *= 0.45 + 0.55 * (inputs.candidateWords / 150);
  const share =
    inputs.interviewerWords / Math.max(1, inputs.interviewerWords + inputs.candidateWords);
  if (share > 0.5) c *= 1 - (share - 0.5);
  if (inputs.garbledShare > 0.03) c *= Math.max(0.3, 1 - 4 * (inputs.garbledShare - 0.03));
  // English prose is about half function words; far fewer means another language, which the
  // English word lists cannot judge.
  if (inputs.candidateWords >= 20 && inputs.englishShare < 0.2) c *= 0.4;
  return Math.round(clamp(c, 0.01, 1) * 100) / 100;
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
  if (tierMargin(inputs.overall) < 4) out.push("the score sits on the line between two tiers");
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
    for (const f of d.modelFindings
      .concat(d.clarity.findings, d.substance.findings, d.relevance.findings, d.structure.findings)
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
    overall,
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
  if (confidence < LOW_CONFIDENCE) {
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
