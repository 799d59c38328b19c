import type { Answer } from "../transcript/model.js";
import { clamp, type Finding } from "./evidence.js";
import type { ScoredAnswer } from "./model.js";
import { type Analysis, analyse } from "./nlp.js";
import { continueQuestion, type QuestionParts, splitQuestion } from "./question.js";
import { type ClarityResult, clarity } from "./signals/clarity.js";
import { type RelevanceResult, relevance } from "./signals/relevance.js";
import { type StructureResult, structure } from "./signals/structure.js";
import { type SubstanceResult, substance } from "./signals/substance.js";

/**
 * How much each part counts in the answer score. Substance leads because it is what separates
 * a competent answer from an expert one; relevance and clarity are mostly gates (below).
 */
export const PART_WEIGHTS = { relevance: 0.15, substance: 0.5, clarity: 0.23, structure: 0.12 };

export interface AnswerDetail {
  scored: ScoredAnswer;
  question: QuestionParts;
  analysis: Analysis;
  relevance: RelevanceResult;
  substance: SubstanceResult;
  clarity: ClarityResult;
  structure: StructureResult;
  /** Whether the answer counts towards the candidate's score (small talk and closings do not). */
  counted: boolean;
  /** Nothing was said, or nothing but noise. */
  empty: boolean;
}

const NOISE_ONLY = /^[\s\p{P}]*(?:\[[^\]]*\][\s\p{P}]*)*$/u;

function pickReasons(findings: Finding[], score: number): string[] {
  // Lead with what explains the score: praise first for good answers, problems first for poor.
  const wantPositive = score >= 55;
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
  const analysis = analyse(text);
  const question = continueQuestion(
    splitQuestion(answer.question),
    previous,
    analysis.words.length,
  );
  const askAnalysis = analyse(question.ask);
  const empty = text.length === 0 || NOISE_ONLY.test(text);

  const rel = relevance(askAnalysis, question.kind, analysis);
  const sub = substance(analysis);
  const cla = clarity(analysis, question.ask);
  const str = structure(question.kind, analysis, question.ask);

  const parts = {
    relevance: Math.round(rel.score),
    substance: Math.round(sub.score),
    clarity: Math.round(cla.score),
    structure: Math.round(str.score),
  };
  // Substance carries the score; relevance and clarity also gate it, so neither a fluent
  // answer to another question nor a relevant string of "I'm not sure" can score well.
  let score =
    PART_WEIGHTS.substance * parts.substance +
    PART_WEIGHTS.clarity * parts.clarity +
    PART_WEIGHTS.relevance * parts.relevance +
    PART_WEIGHTS.structure * parts.structure;
  if (parts.relevance < 55) score *= 0.45 + parts.relevance / 100;
  if (parts.clarity < 40) score *= 0.6 + parts.clarity / 100;
  const findings = [...rel.findings, ...sub.findings, ...cla.findings, ...str.findings];
  // Declining to answer with nothing specific said is a weak answer however long it runs.
  if (cla.nonAnswers > 0 && sub.raw < 4)
    score = Math.min(score, 30 - 4 * Math.min(cla.nonAnswers, 3));
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
    counted: counted || (empty && question.kind !== "not_a_question"),
    empty,
  };
}
