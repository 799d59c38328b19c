import type { Tier } from "../transcript/model.js";

/**
 * Bumped whenever the prompt, the schema or the way answers are presented changes: cached
 * verdicts are keyed by it, so a new prompt is never served an old prompt's verdict.
 */
export const PROMPT_VERSION = "judge-1";

/**
 * The rubric is our tier definitions (the labelled hard cases' README), in our own words, plus
 * the failure modes a surface reader misses. The model sees role, question and answer only.
 */
export const SYSTEM_PROMPT = `You review answers from a job interview transcript for a hiring team. For each answer, judge the content against the question asked, as an expert in the role's subject would.

Tiers (rate each answer, not the person):
- weak: vague, evasive or technically wrong; "I'm not sure" with no way forward; or fluent talk that never answers what was asked. An answer that sounds confident and precise but states things that are false is weak.
- average: correct but generic or shallow; few specifics; textbook definitions without the speaker's own experience.
- strong: specific, correct and structured, with concrete examples, tools and trade-offs.
- exceptional: expert depth: precise mechanisms, trade-offs, measured outcomes and nuance. Length is not depth: a short answer can be exceptional.

Rules:
- Judge correctness yourself. Numbers and jargon are not evidence of quality; check that what is claimed is true.
- Admitting one gap and explaining how to find out is honest, not weak.
- Ignore filler words, restarts, grammar and accent; judge the content.
- Names were replaced by [CANDIDATE] and [INTERVIEWER]; do not comment on that.
- "correct": what the answer gets right (short phrases). "wrong_or_missing": what is wrong, missing or unanswered.
- "factual_errors": only statements that are technically false; "quote" must be copied exactly from the answer, "correction" says what is true in one sentence.
- "quotes": up to 3 short excerpts (a few words to one sentence) copied exactly, character for character, from that answer, that best support your tier. Never paraphrase inside a quote.
- Return one entry per answer id, in the same order, as JSON matching the schema.`;

export interface PromptAnswer {
  id: string;
  question: string;
  answer: string;
}

/** One message for one candidate: the role and every answer to judge with its question. */
export function userPrompt(role: string | null, answers: readonly PromptAnswer[]): string {
  const lines = [`Role: ${role ?? "not stated"}`, ""];
  for (const a of answers) {
    lines.push(`### ${a.id}`, `Question: ${a.question}`, `Answer: ${a.answer}`, "");
  }
  lines.push(`Answer ids: ${answers.map((a) => a.id).join(", ")}`);
  return lines.join("\n");
}

/** The middle of each tier's quarter of the 0–100 scale (the offline scorer's tier rule). */
export const TIER_MIDPOINT: Record<Tier, number> = {
  weak: 12.5,
  average: 37.5,
  strong: 62.5,
  exceptional: 87.5,
};
