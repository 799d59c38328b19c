import {
  allMatches,
  clamp,
  clauseAround,
  type Finding,
  type Hit,
  type PartResult,
  quote,
} from "../evidence.js";
import { AT_PLACE, CAUSAL, EXAMPLE, OUTCOME, QUANTITY, TRADE_OFF } from "../lexicon.js";
import type { Analysis } from "../nlp.js";
import type { QuestionKind } from "../question.js";

/** One element of a well-built answer (a situation, an action, a result…) and its cue. */
interface Element {
  name: string;
  pattern: RegExp;
  /** A case-sensitive cue ("at Shopify"), which the case-insensitive pattern cannot express. */
  extra?: RegExp;
}

const SITUATION: Element = {
  name: "situation",
  pattern:
    /\b(?:every\s+(?:year|semester|summer|week)|each\s+(?:year|semester)|when\s+(?:i|we)\s+(?:was|were|first|started|joined)|one\s+of\s+the\s+things\s+(?:we|i)|last\s+(?:year|semester|summer|month)|in\s+my\s+(?:role|job|internship|team|class|previous)|the\s+(?:goal|problem|challenge|issue|task|situation|context)\s+(?:was|is)|we\s+(?:had|were\s+(?:tasked|asked))|(?:a|one)\s+(?:project|time|case)\s+(?:where|when|at|in)|during\s+(?:my|the|our)|i\s+was\s+(?:working|responsible|tasked|asked|in\s+charge))/gi,
  extra: AT_PLACE,
};
const ACTION: Element = {
  name: "action",
  pattern:
    /\b(?:i|we)\s+(?:(?:then|first|also|actually|personally|eventually|quickly|kinda|just|\w+ly)\s+)?(?:\w+ed|built|led|wrote|made|set\s+up|ran|took|chose|began|brought|went|got|put|found|rewrote|sat\s+down|decided|started|organi[sz]ed|talked|implemented|designed|created|introduced|added|moved|split|migrated|proposed|lead|organi[sz]e|run|manage|spearhead|send|build|write|coordinate|plan|raise|teach|handle|design|create|start|make\s+sure|set\s+up|negotiate|delegate|fix)\b/gi,
};
const RESULT: Element = {
  name: "result",
  pattern: new RegExp(
    `${OUTCOME.source}|\\b(?:worked\\s+(?:out\\s+)?(?:well|great)|successful(?:ly)?|success|i\\s+learned|we\\s+learned|the\\s+lesson|since\\s+then|from\\s+then\\s+on)\\b`,
    "gi",
  ),
};
const DEFINITION: Element = {
  name: "definition",
  pattern:
    /\b(?:is|are)\s+(?:a|an|the|basically|essentially|when|about|how|where|used)\b|\b(?:means|refers\s+to|is\s+defined|stands\s+for)\b|\b\w+\s+(?:is|are)\s+(?:mutable|immutable|\w+able|\w+ed)\b/gi,
};
const REASON: Element = {
  name: "reason",
  pattern: new RegExp(
    `${CAUSAL.source}|\\b(?:benefit|advantage|helps?|important|matters)\\b`,
    "gi",
  ),
};
const EXAMPLE_EL: Element = {
  name: "example",
  pattern: new RegExp(`${EXAMPLE.source}|${QUANTITY.source}`, "gi"),
  extra: AT_PLACE,
};
const STEPS: Element = {
  name: "steps",
  pattern:
    /\b(?:first(?:ly)?|second(?:ly)?|then|next|after\s+that|finally|start(?:ing)?\s+(?:by|with)|step|once\s+\w+|from\s+there)\b/gi,
};
const TRADE: Element = { name: "trade-offs", pattern: TRADE_OFF };
const CLAIM: Element = {
  name: "claim",
  pattern:
    /\b(?:i\s+am|i'm|i've\s+been|i\s+have\s+been|i\s+would\s+say|i\s+think\s+(?:i|my)|i\s+(?:initially\s+)?(?:started|study|studied|major|majored|work|worked)|my\s+(?:name|main|biggest|greatest|strongest|interest|passion|goal|background|weakness|strength)|i\s+(?:really\s+)?(?:enjoy|love|like|bring|have|can|tend|believe))\b/gi,
};
const SUPPORT: Element = {
  name: "support",
  pattern: new RegExp(
    `${EXAMPLE.source}|${CAUSAL.source}|\\b(?:when\\s+i|in\\s+my|at\\s+my|i\\s+once|last\\s+\\w+)\\b`,
    "gi",
  ),
};
const PLAN: Element = {
  name: "plan",
  pattern:
    /\b(?:plan\s+to|i'?m\s+(?:working|trying|learning)|i\s+(?:have\s+)?started|to\s+(?:overcome|improve|fix|address)|i\s+(?:try|make\s+sure|now)|going\s+forward|in\s+the\s+future|by\s+\w+ing)\b/gi,
};

export const STRUCTURES: Partial<Record<QuestionKind, Element[]>> = {
  experience: [SITUATION, ACTION, RESULT],
  concept: [DEFINITION, REASON, EXAMPLE_EL],
  design: [STEPS, REASON, TRADE],
  self: [CLAIM, SUPPORT],
  other: [CLAIM, SUPPORT],
};

/** How each part reads in a sentence about the answer ("Gives reasons but not an example."). */
const PART_WORDS: Record<string, string> = {
  situation: "the situation",
  action: "what they did",
  result: "the result",
  definition: "a definition",
  reason: "reasons",
  example: "an example",
  steps: "steps",
  "trade-offs": "trade-offs",
  claim: "a clear claim",
  support: "anything to back it",
  plan: "a plan",
};

function listOf(parts: string[], joiner: "and" | "or"): string {
  const words = parts.map((p) => PART_WORDS[p] ?? p);
  return words.length <= 1
    ? (words[0] ?? "")
    : `${words.slice(0, -1).join(", ")} ${joiner} ${words.at(-1)}`;
}

export interface StructureResult extends PartResult {
  present: string[];
  absent: string[];
}

/**
 * Whether the answer has the parts its kind of question calls for: situation, action and result
 * for an experience; definition, reason and example for a concept; steps, reasons and
 * trade-offs for a design. A weakness question additionally wants a plan.
 */
export function structure(kind: QuestionKind, answer: Analysis, ask: string): StructureResult {
  let elements = STRUCTURES[kind] ?? [];
  if (kind === "self" && /\bweakness/i.test(ask)) elements = [...elements, PLAN];
  if (elements.length === 0) return { score: 70, findings: [], present: [], absent: [] };
  const present: string[] = [];
  const absent: string[] = [];
  const quotes: string[] = [];
  for (const element of elements) {
    const hits = [
      ...allMatches(answer.text, element.pattern),
      ...(element.extra ? allMatches(answer.text, element.extra) : []),
    ];
    const first = hits.reduce<Hit | undefined>(
      (a, b) => (a && a.index <= b.index ? a : b),
      undefined,
    );
    if (first) {
      present.push(element.name);
      quotes.push(clauseAround(answer.text, first, 50));
    } else absent.push(element.name);
  }
  const share = present.length / elements.length;
  // Several paragraphs or signposted steps read as organised even when a cue is missed.
  const paragraphs = answer.text.split(/\n\s*\n/).filter((p) => p.trim()).length;
  const bonus = paragraphs >= 2 ? 8 : 0;
  const score = clamp(15 + 80 * share + bonus);
  const findings: Finding[] = [];
  if (share === 1)
    findings.push({
      signal: "structure",
      polarity: 1,
      weight: 10,
      reason: `Well structured (${present.join(", ")}), e.g. ${quote(quotes[quotes.length - 1] ?? "")}.`,
    });
  else if (share < 0.5 && answer.words.length >= 8)
    findings.push({
      signal: "structure",
      polarity: -1,
      weight: 10,
      reason:
        present.length > 0
          ? `Gives ${listOf(present, "and")} but not ${listOf(absent, "or")}.`
          : `Does not give ${listOf(absent, "or")}.`,
    });
  return { score, findings, present, absent };
}
