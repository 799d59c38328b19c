import { allMatches, clamp, type Finding, type PartResult, quoteList } from "../evidence.js";
import { FRAME_WORDS, IRREGULAR_PAST, THEMES } from "../lexicon.js";
import { type Analysis, keysMatch, type Token } from "../nlp.js";
import type { QuestionKind } from "../question.js";

export interface TopicTerm {
  value: string;
  key: string;
  weight: number;
}

export interface RelevanceResult extends PartResult {
  terms: TopicTerm[];
  matched: string[];
  missed: string[];
  kindFit: number;
}

const CONTENT_POS = new Set(["NOUN", "PROPN", "VERB", "ADJ", "NUM"]);
const HESITATION_TOKEN =
  /^(?:u+h+m*|u+m+|uhm+|um+h+|e+r+m*|a+h+|h+m+|mm+|ok(?:ay)?|yeah|thanks?|i'm|i've|i'd)$/i;

/** The words of the ask that name its subject, weighted: names and nouns over verbs. */
export function topicTerms(ask: Analysis): TopicTerm[] {
  const byKey = new Map<string, TopicTerm>();
  for (const t of ask.tokens) {
    if (!t.isWord || !CONTENT_POS.has(t.pos) || t.stop || HESITATION_TOKEN.test(t.value)) continue;
    if (t.lower.length < 3 && !/^[A-Z0-9]{2}$/.test(t.value)) continue;
    if (!/^[\p{L}\p{N}][\p{L}\p{N}'/+#.-]*[\p{L}\p{N}+#]$/u.test(t.value)) continue;
    if (FRAME_WORDS.has(t.lower) || FRAME_WORDS.has(t.key)) continue;
    if (
      /^(?:can|could|would|should|have|has|had|did|does|do|are|is|was|were|been|be)$/.test(t.lower)
    )
      continue;
    const weight = t.pos === "PROPN" || t.pos === "NOUN" || t.pos === "NUM" ? 1 : 0.5;
    const previous = byKey.get(t.key);
    if (!previous || previous.weight < weight)
      byKey.set(t.key, { value: t.value, key: t.key, weight });
  }
  return [...byKey.values()];
}

/** The answer's word keys, indexed for `keysMatch`: exact keys, and keys by their first five letters. */
export interface KeyIndex {
  exact: Set<string>;
  byPrefix: Map<string, string[]>;
}

export function indexKeys(keys: Iterable<string>): KeyIndex {
  const index: KeyIndex = { exact: new Set(), byPrefix: new Map() };
  for (const k of keys) addKey(index, k);
  return index;
}

/**
 * Adds one key in place, so a caller that accumulates keys (everything the candidate has said
 * so far) extends one index instead of rebuilding it per answer, which was quadratic.
 */
export function addKey(index: KeyIndex, key: string): void {
  if (index.exact.has(key)) return;
  index.exact.add(key);
  if (key.length < 5) return;
  const prefix = key.slice(0, 5);
  const list = index.byPrefix.get(prefix);
  if (list) list.push(key);
  else index.byPrefix.set(prefix, [key]);
}

export function hasKey(index: KeyIndex, key: string): boolean {
  if (index.exact.has(key)) return true;
  if (key.length < 5) return false;
  return (index.byPrefix.get(key.slice(0, 5)) ?? []).some((k) => keysMatch(k, key));
}

function answerHas(term: TopicTerm, keys: KeyIndex, lowerText: string): boolean {
  if (hasKey(keys, term.key)) return true;
  return term.value.length >= 4 && lowerText.includes(term.value.toLowerCase());
}

const FIRST_PERSON = /\b(?:i|we|my|our|me|us|i'm|i've|we've|i'd|we'd)\b/gi;
const DESIGN_MOVES =
  /\b(?:would|i'd|we'd|i'll|first(?:ly)?|then|next|finally|start(?:ing)?\s+(?:by|with)|step|once|after\s+that|layer|component|service|pipeline)\b/gi;
const EXPLAINING =
  /\b(?:is|are|means|refers\s+to|because|allows?|lets|so|which|when|if|whereas|while|unlike)\b/gi;

/** How well the answer's form suits the kind of question (a story for "tell me about a time"). */
export function kindFit(kind: QuestionKind, answer: Analysis): number {
  const text = answer.text;
  switch (kind) {
    case "experience": {
      let past = 0;
      for (const t of answer.words)
        if (
          (t.pos === "VERB" || t.pos === "AUX") &&
          (/ed$/.test(t.lower) || IRREGULAR_PAST.has(t.lower))
        )
          past++;
      const firstPerson = allMatches(text, FIRST_PERSON).length > 0 ? 1 : 0.5;
      return Math.min(1, past / 4) * firstPerson;
    }
    case "design":
      return Math.min(1, allMatches(text, DESIGN_MOVES).length / 4);
    case "concept":
      return Math.min(1, allMatches(text, EXPLAINING).length / 5);
    case "self":
      return Math.min(1, allMatches(text, FIRST_PERSON).length / 5);
    default:
      return 1;
  }
}

const KIND_LABEL: Partial<Record<QuestionKind, string>> = {
  experience: "an experience, but the answer tells no story of what they did",
  design: "an approach or design, but the answer lays out no steps or parts",
  concept: "an explanation, but the answer explains little",
  self: "something about themselves, but the answer says little about them",
};

export function relevance(ask: Analysis, kind: QuestionKind, answer: Analysis): RelevanceResult {
  const themes = THEMES.filter((t) => t.cue.test(ask.text));
  // A word that names a theme ("leadership") is judged by the theme's wider vocabulary instead.
  const terms = topicTerms(ask).filter((term) => !themes.some((t) => t.cue.test(term.value)));
  const keys = indexKeys(answer.words.map((t: Token) => t.key));
  const lowerText = answer.text.toLowerCase();
  const matched: string[] = [];
  const missed: string[] = [];
  let matchedWeight = 0;
  let totalWeight = 0;
  for (const term of terms) {
    totalWeight += term.weight;
    if (answerHas(term, keys, lowerText)) {
      matchedWeight += term.weight;
      matched.push(term.value);
    } else missed.push(term.value);
  }

  const components: [number, number][] = [];
  // Half the subject words is full marks: good answers paraphrase rather than echo.
  if (totalWeight > 0) components.push([Math.min(1, matchedWeight / totalWeight / 0.45), 0.6]);
  const themeWords: string[] = [];
  for (const theme of themes)
    for (const hit of allMatches(answer.text, theme.answer)) themeWords.push(hit.text);
  const distinctTheme = new Set(themeWords.map((w) => w.toLowerCase())).size;
  if (themes.length > 0) components.push([Math.min(1, distinctTheme / (2 + themes.length)), 0.5]);
  if (components.length === 0) components.push([0.7, 0.6]);
  const fit = kindFit(kind, answer);
  components.push([fit, 0.25]);

  const totalW = components.reduce((s, [, w]) => s + w, 0);
  const combined = components.reduce((s, [v, w]) => s + v * w, 0) / totalW;
  // Very short replies cannot address much, whatever they echo.
  const brevity = Math.min(1, answer.words.length / 12);
  const score = clamp(100 * (0.1 + 0.9 * combined * (0.4 + 0.6 * brevity)));

  const findings: Finding[] = [];
  if (matched.length > 0 && matchedWeight / Math.max(1, totalWeight) >= 0.3)
    findings.push({
      signal: "relevance",
      polarity: 1,
      weight: 10 + 10 * Math.min(1, matchedWeight / Math.max(1, totalWeight)),
      reason: `Addresses what was asked: ${quoteList(matched, 3)}.`,
    });
  else if (themes.length > 0 && distinctTheme >= 2)
    findings.push({
      signal: "relevance",
      polarity: 1,
      weight: 10,
      reason: `Stays on the ${themes.map((t) => t.name).join("/")} question: ${quoteList(themeWords, 3)}.`,
    });
  if (
    totalWeight >= 2 &&
    matchedWeight / totalWeight < 0.2 &&
    (themes.length === 0 || distinctTheme < 2)
  )
    findings.push({
      signal: "relevance",
      polarity: -1,
      weight: 30,
      reason: `Does not address the question's subject (asked about ${quoteList(missed, 3)}).`,
    });
  const label = KIND_LABEL[kind];
  if (label && fit < 0.35 && answer.words.length >= 5)
    findings.push({
      signal: "relevance",
      polarity: -1,
      weight: 12,
      reason: `Asked for ${label}.`,
    });

  return { score, findings, terms, matched, missed, kindFit: fit };
}
