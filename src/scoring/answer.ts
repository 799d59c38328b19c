import type { Answer } from "../transcript/model.js";
import { calibrate, explain, modelFor, tierToScore } from "./answer-model.js";
import { clamp, type Finding } from "./evidence.js";
import {
  answerFeatures,
  type FeatureResult,
  featureFindings,
  isBehaviouralAsk,
} from "./features.js";
import type { ScoredAnswer } from "./model.js";
import { type Analysis, analyse, countWords, normaliseApostrophes } from "./nlp.js";
import {
  continueQuestion,
  type QuestionKind,
  type QuestionParts,
  splitQuestion,
} from "./question.js";
import { type ClarityResult, clarity } from "./signals/clarity.js";
import { type RelevanceResult, relevance } from "./signals/relevance.js";
import { type StructureResult, structure } from "./signals/structure.js";
import { type SubstanceResult, substance } from "./signals/substance.js";

export interface AnswerDetail {
  scored: ScoredAnswer;
  question: QuestionParts;
  analysis: Analysis;
  relevance: RelevanceResult;
  substance: SubstanceResult;
  clarity: ClarityResult;
  structure: StructureResult;
  /** What the answer model read, and its estimate of the answer's tier (0 weak … 3 exceptional). */
  features: FeatureResult;
  /** What the answer model read, as findings quoting the candidate (they lead the reasons). */
  modelFindings: Finding[];
  tierEstimate: number;
  /** Read by the behavioural model (a question about the person, not a subject). */
  behavioural: boolean;
  /** What the hand-set gates read; the eval applies the same gates to cross-validated estimates. */
  gate: GateFacts;
  /** Whether the answer counts towards the candidate's score (small talk and closings do not). */
  counted: boolean;
  /** Nothing was said, or nothing but noise. */
  empty: boolean;
}

/** Where praise starts to lead the reasons: the strong tier (candidate.ts TIER_RULE.strong). */
const TIER_RULE_STRONG = 50;

/** What the hand-set gates read (see `gateTier`). */
export interface GateFacts {
  words: number;
  relevance: number;
  softRate: number;
  kind: QuestionKind;
  nonAnswers: number;
  honestRecoveries: number;
  substanceRaw: number;
  /** Vague fillers, buzzwords or a bare "it depends" anywhere in the answer. */
  evasive: boolean;
  /** Share of the answer's content words that the interviewer's turn already said. */
  echo: number;
}

/**
 * Hand-set limits on the fitted estimate, for what the labelled answers are too few to teach
 * a linear model (almost none of them are like this), each a rule from the tier definitions:
 * - saying one cannot answer, with no way forward and nothing specific, is weak however long;
 * - under 25 words leaves no room for depth: at most low "average";
 * - a technical ask answered with people-and-process talk that misses its subject is weak
 *   however well told ("fluent talk that never answers");
 * - a short answer (25–60 words) that addresses the ask in words of its own (not mostly the
 *   question's) with nothing vague or evasive in it is at least low "average" ("correct, but generic or shallow"): the training answers that
 *   short are nearly all evasive, so the model alone would call every brief answer weak.
 */
export function gateTier(estimate: number, f: GateFacts): number {
  let out = estimate;
  const plainShort = f.words >= 25 && f.words < 60 && f.nonAnswers === 0 && !f.evasive;
  if (plainShort && f.relevance >= 60 && f.echo < 0.4) out = Math.max(out, 0.6);
  if (f.nonAnswers > 0 && f.honestRecoveries === 0 && f.substanceRaw < 4) out = Math.min(out, 0.2);
  if (f.words < 25) out = Math.min(out, 0.9);
  if (f.relevance < 40 && f.softRate >= 0.035 && f.kind !== "experience" && f.kind !== "self")
    out = Math.min(out, 0.4);
  return out;
}

/**
 * What a question's text alone decides, memoised: an interview template asks every candidate in
 * a file the same questions, and reading a question (splitting it, tagging its words) was a
 * tenth of scoring an answer. The cached values are never changed by their readers. Bounded
 * like the word caches in nlp.ts, so a long-running process cannot grow it without limit.
 */
const questionParts = new Map<string, QuestionParts>();
const askAnalyses = new Map<string, Analysis>();
const MAX_QUESTIONS = 2_000;

function memo<V>(cache: Map<string, V>, key: string, make: (key: string) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    if (cache.size >= MAX_QUESTIONS) cache.clear();
    cache.set(key, value);
  }
  return value;
}

const SPACE_OR_PUNCTUATION = /^[\s\p{P}]$/u;

/**
 * Nothing said: only spaces, punctuation and bracketed tags ("[inaudible]", "[crosstalk] ...").
 * A scan rather than `/^[\s\p{P}]*(?:\[[^\]]*\][\s\p{P}]*)*$/u`, which reads the same but
 * backtracks on runs of "[" (40,000 of them took 4.6 s). Taking every "[" that has a "]" after it
 * as a tag is always right: the brackets themselves are punctuation.
 */
export function isNoiseOnly(text: string): boolean {
  let closeAhead = true;
  for (let i = 0; i < text.length; ) {
    if (text[i] === "[" && closeAhead) {
      const close = text.indexOf("]", i + 1);
      if (close !== -1) {
        i = close + 1;
        continue;
      }
      // No "]" after this one, so none after any later "[" either.
      closeAhead = false;
    }
    const point = String.fromCodePoint(text.codePointAt(i) as number);
    if (!SPACE_OR_PUNCTUATION.test(point)) return false;
    i += point.length;
  }
  return true;
}

function pickReasons(findings: Finding[], score: number): string[] {
  // Lead with what explains the score: praise first for good answers, problems first for poor.
  const wantPositive = score >= TIER_RULE_STRONG;
  const sorted = [...findings].sort((a, b) => {
    const aFirst = a.polarity > 0 === wantPositive ? 1 : 0;
    const bFirst = b.polarity > 0 === wantPositive ? 1 : 0;
    return bFirst - aFirst || b.weight - a.weight;
  });
  const out: string[] = [];
  for (const f of sorted) {
    if (out.length >= 3) break;
    if (!out.includes(f.reason)) out.push(f.reason);
  }
  return out;
}

/**
 * `previous` is the last real question before this one, so that an answer given after a mere
 * nudge from the interviewer is judged against the question it actually answers.
 */
export function scoreAnswer(answer: Answer, previous?: QuestionParts): AnswerDetail {
  const text = answer.answer.trim();
  const question = continueQuestion(
    memo(questionParts, answer.question, splitQuestion),
    previous,
    countWords(text),
  );
  const askAnalysis = memo(askAnalyses, question.ask, analyse);
  const empty = text.length === 0 || isNoiseOnly(text);

  const feats = answerFeatures(
    { answer: text, ask: question.ask, question: answer.question },
    askAnalysis,
  );
  const rel = relevance(askAnalysis, question.kind, feats.analysis);
  const sub = substance(feats.analysis);
  // One NLP pass per answer, on the filler-stripped text; clarity counts fillers in the text
  // as said, locating the stripped text's tokens in it.
  const analysis = feats.analysis;
  const cla = clarity({ ...analysis, text: normaliseApostrophes(text) }, question.ask);
  const str = structure(question.kind, feats.analysis, question.ask);

  const parts = {
    relevance: Math.round(rel.score),
    substance: Math.round(sub.score),
    clarity: Math.round(cla.score),
    structure: Math.round(str.score),
  };
  // The score is the answer model's tier estimate; the four parts are shown beside it.
  const behavioural = isBehaviouralAsk(askAnalysis, question.kind);
  const model = modelFor(behavioural);
  const explained = explain(feats, model);
  const gate: GateFacts = {
    words: feats.words,
    relevance: rel.score,
    softRate: feats.features.softRate,
    kind: question.kind,
    nonAnswers: cla.nonAnswers,
    honestRecoveries: cla.honestRecoveries,
    substanceRaw: sub.raw,
    evasive: feats.features.vagueRate + feats.features.buzzRate + feats.features.dependsBare > 0,
    echo: feats.features.turnEchoShare,
  };
  const tierEstimate = empty ? 0 : gateTier(calibrate(model.calibration, explained.raw), gate);
  let score = tierToScore(tierEstimate);
  // The model's own findings first (they explain the score); the parts' findings after.
  const modelFindings = empty ? [] : featureFindings(feats, explained.pulls);
  const findings = [
    ...modelFindings,
    ...rel.findings,
    ...sub.findings,
    ...cla.findings,
    ...str.findings,
  ];
  if (empty) score = 0;
  score = Math.round(clamp(score));

  const counted = question.kind !== "small_talk" && question.kind !== "not_a_question";
  const reasons = empty
    ? ["No answer was given."]
    : counted
      ? pickReasons(findings, score)
      : ["Small talk or a closing remark; not counted in the candidate's score."];

  return {
    scored: { ...answer, score, parts, reasons },
    question,
    analysis,
    relevance: rel,
    substance: sub,
    clarity: cla,
    structure: str,
    features: feats,
    modelFindings,
    tierEstimate,
    behavioural,
    gate,
    counted: counted || (empty && question.kind !== "not_a_question"),
    empty,
  };
}
