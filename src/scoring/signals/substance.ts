import {
  allMatches,
  clamp,
  clauseAround,
  type Finding,
  type Hit,
  type PartResult,
  quoteList,
  saturate,
} from "../evidence.js";
import {
  ANCHOR,
  AT_PLACE,
  BUZZWORD,
  CAUSAL,
  EXAMPLE,
  GENERIC_NOUNS,
  OUTCOME,
  OWN_ACTION,
  QUANTITY,
  TRADE_OFF,
  VAGUE,
} from "../lexicon.js";
import type { Analysis, Token } from "../nlp.js";

export interface SubstanceResult extends PartResult {
  named: string[];
  quantities: string[];
  /** Weighted count of specific content, before saturation. */
  raw: number;
}

const NAMED_SHAPE = /^(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|\w*\d\w*[A-Za-z]\w*|[A-Z][a-z]+-\w+)$/;
const HESITATION_WORD = /^(?:u+h+m*|u+m+|uhm+|um+h+|e+r+m*|a+h+|h+m+|mm+)$/i;
/** Interjections and, for transcripts that drop apostrophes, "Im"/"Ive"/"Id". */
const NOT_NAMED = new Set([
  "i",
  "ok",
  "okay",
  "yeah",
  "yes",
  "no",
  "so",
  "well",
  "oh",
  "im",
  "ive",
  "id",
]);

function isNamedToken(token: Token, index: number, tokens: Token[]): boolean {
  // Cheap exit first: most tokens are lower-case common words.
  if (token.pos !== "PROPN" && !/[A-Z\d]/.test(token.value)) return false;
  if (NOT_NAMED.has(token.lower) || HESITATION_WORD.test(token.value)) return false;
  if (/^(?:i'm|i've|i'd|i'll)$/i.test(token.value.replace("’", "'"))) return false;
  if (/^\d+(?:st|nd|rd|th|s)$/i.test(token.value)) return false;
  if (NAMED_SHAPE.test(token.value)) return true;
  if (token.pos !== "PROPN") return false;
  // A capitalised word opening a sentence is only a name if the tagger is sure: require a
  // capital letter (the tagger calls some lower-case words PROPN in messy speech).
  let back = index - 1;
  while (back >= 0 && tokens[back]?.pos === "SPACE") back--;
  const prev = tokens[back];
  const opensSentence = !prev || back < index - 1 || /^[.?!"“:]$/.test(prev.value);
  return /^[A-Z]/.test(token.value) && !opensSentence;
}

/** Runs of names ("AWS Database Migration Service") count once. */
export function namedThings(analysis: Analysis): string[] {
  const out: string[] = [];
  const { tokens } = analysis;
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) out.push(run.join(" "));
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    if (isNamedToken(token, i, tokens)) run.push(token.value);
    else if (run.length > 0 && (token.value === "-" || token.value === "/") && next?.isWord) {
      // Hyphenated and slashed names stay whole: "Q-learning", "Scale-Up", "CI/CD".
      run.push(token.value, next.value);
      i++;
    } else flush();
  }
  flush();
  for (const code of analysis.text.matchAll(/`([^`\n]{1,40})`/g)) out.push(code[1] as string);
  const seen = new Set<string>();
  return out
    .map((n) => n.replace(/\s*([-/])\s*/g, "$1"))
    .filter((n) => {
      const key = n.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Noun compounds ("gradient checkpointing", "refresh schedules"): the vocabulary of a craft. */
export function compounds(analysis: Analysis): string[] {
  const out = new Set<string>();
  const words = analysis.tokens;
  for (let i = 1; i < words.length; i++) {
    const a = words[i - 1] as Token;
    const b = words[i] as Token;
    if (b.pos !== "NOUN" || !(a.pos === "NOUN" || a.pos === "ADJ" || a.pos === "PROPN")) continue;
    if (a.stop || b.stop || GENERIC_NOUNS.has(a.lower) || GENERIC_NOUNS.has(b.lower)) continue;
    if (HESITATION_WORD.test(a.value) || HESITATION_WORD.test(b.value)) continue;
    if (a.lower.length < 3 || b.lower.length < 3) continue;
    if (a.pos === "ADJ" && !/(?:al|ic|ive|ed|ing|ary|ous)$/.test(a.lower)) continue;
    out.add(`${a.lower} ${b.lower}`);
  }
  return [...out];
}

/** Sentences carrying buzzwords and nothing checkable: no number, name, cause or example. */
function emptyBuzz(analysis: Analysis, named: string[], claims: Hit[]): string[] {
  const empty: string[] = [];
  const buzz = allMatches(analysis.text, BUZZWORD);
  if (buzz.length === 0) return empty;
  const namedLower = named.map((n) => n.toLowerCase());
  const claimAt = claims.map((c) => c.index).sort((a, b) => a - b);
  let cursor = 0;
  for (const sentence of analysis.sentences) {
    const start = analysis.text.indexOf(sentence, cursor);
    if (start < 0) continue;
    const end = start + sentence.length;
    cursor = end;
    const inside = buzz.filter((b) => b.index >= start && b.index < end);
    if (inside.length === 0) continue;
    const lower = sentence.toLowerCase();
    const hasClaim =
      claimAt.some((i) => i >= start && i < end) || namedLower.some((n) => lower.includes(n));
    if (!hasClaim) for (const b of inside) empty.push(b.text);
  }
  return empty;
}

/**
 * Moving-average type/token ratio of content-word stems over 25-word windows: how much new
 * content each stretch of speech brings, independent of length. Circling back to the same
 * few words ("change them… you'd change it… if you're not going to change it") scores low.
 */
export function lexicalVariety(analysis: Analysis): number {
  const keys = analysis.words.filter((w) => !w.stop).map((w) => w.key);
  const window = 25;
  if (keys.length < 8) return 0;
  let ratio: number;
  if (keys.length <= window) ratio = new Set(keys).size / keys.length;
  else {
    // Sliding window with running counts: linear in the number of words.
    const counts = new Map<string, number>();
    let distinct = 0;
    let sum = 0;
    for (let i = 0; i < keys.length; i++) {
      const enter = keys[i] as string;
      const seen = counts.get(enter) ?? 0;
      if (seen === 0) distinct++;
      counts.set(enter, seen + 1);
      if (i >= window) {
        const leave = keys[i - window] as string;
        const left = (counts.get(leave) ?? 1) - 1;
        if (left === 0) distinct--;
        counts.set(leave, left);
      }
      if (i >= window - 1) sum += distinct / window;
    }
    ratio = sum / (keys.length - window + 1);
  }
  // Fluent speech sits around 0.8–0.95; below 0.6 is heavy repetition.
  return clamp((ratio - 0.55) / 0.4, 0, 1);
}

/** Organisation names by their legal or generic suffix ("Acme Inc", "Software Corp"). */
const ORGANISATION =
  /\b(?:Corp|Corporation|Inc|Ltd|LLC|GmbH|PLC|Company|Co|Group|Holdings|Labs?|Technologies|Solutions|Consulting|Bank|University|College|Agency)\.?$/;

export function substance(analysis: Analysis): SubstanceResult {
  const { text } = analysis;
  const words = Math.max(1, analysis.words.length);
  const named = namedThings(analysis);
  const nounCompounds = compounds(analysis);
  const quantityHits = allMatches(text, QUANTITY);
  const quantities = [...new Set(quantityHits.map((h) => h.text.trim()))];
  const causal = allMatches(text, CAUSAL);
  const tradeOffs = allMatches(text, TRADE_OFF);
  const outcomes = allMatches(text, OUTCOME);
  const examples = [...allMatches(text, EXAMPLE), ...allMatches(text, AT_PLACE)];
  const vague = allMatches(text, VAGUE);
  const actions = [...new Set(allMatches(text, OWN_ACTION).map((h) => h.text.toLowerCase()))];
  const anchors = allMatches(text, ANCHOR);
  const buzz = emptyBuzz(analysis, named, [...quantityHits, ...causal, ...examples]);

  // Each kind of evidence saturates on its own, so the score rewards breadth (names AND numbers
  // AND reasons) rather than volume: a tenth tool name adds little, a first number adds a lot.
  const reasoning = causal.length + tradeOffs.length;
  const breadth =
    0.17 * saturate(named.length, 4) +
    0.08 * saturate(nounCompounds.length, 5) +
    0.15 * saturate(quantities.length, 1.5) +
    0.15 * saturate(reasoning, 3) +
    0.12 * saturate(outcomes.length, 1.5) +
    0.06 * saturate(examples.length, 1.5) +
    0.1 * saturate(actions.length, 3) +
    0.05 * saturate(anchors.length, 1) +
    0.12 * lexicalVariety(analysis);
  const negative = 1.2 * buzz.length + 0.8 * vague.length;
  const raw =
    Math.min(named.length, 8) +
    0.5 * Math.min(nounCompounds.length, 8) +
    1.2 * Math.min(quantities.length, 5) +
    0.9 * Math.min(reasoning, 8) +
    1.2 * Math.min(outcomes.length, 4) +
    0.8 * Math.min(examples.length, 3) +
    0.5 * Math.min(actions.length, 6) +
    0.5 * Math.min(anchors.length, 2);
  // Padding does not pay: an answer with few specifics for its length loses some credit.
  const density = raw / (words / 100);
  const padding = Math.min(1, Math.sqrt(density / 3));
  // Buzzwords and vague filler cost in proportion to how much of the answer they make up.
  const emptyShare = negative / (negative + raw + 1);
  const score = clamp(100 * breadth * padding - 45 * emptyShare);

  const findings: Finding[] = [];
  // "Software Corp" is an employer, not a tool: names with a company suffix are not quoted.
  const tools = named.filter((n) => !ORGANISATION.test(n));
  if (tools.length > 0)
    findings.push({
      signal: "substance",
      polarity: 1,
      weight: 4 * Math.min(tools.length, 6),
      reason: `Names specifics: ${quoteList(tools, 3)}.`,
    });
  if (quantities.length > 0 || outcomes.length > 0) {
    // Measured outcomes make the best quotes, so numbers lead.
    const phrases = [
      ...quantityHits.slice(0, 3).map((h) => clauseAround(text, h, 70)),
      ...outcomes.slice(0, 3).map((h) => clauseAround(text, h, 70)),
    ];
    findings.push({
      signal: "substance",
      polarity: 1,
      weight: 5 * Math.min(quantities.length + outcomes.length, 6),
      reason:
        quantities.length > 0
          ? `Gives numbers and outcomes: ${quoteList(phrases, 2)}.`
          : `States an outcome: ${quoteList(phrases, 2)}.`,
    });
  }
  if (causal.length + tradeOffs.length >= 2)
    findings.push({
      signal: "substance",
      polarity: 1,
      weight: 4 * Math.min(causal.length + tradeOffs.length, 6),
      reason: `Explains why and weighs options: ${quoteList(
        [...tradeOffs.slice(0, 3), ...causal.slice(0, 3)].map((h) => clauseAround(text, h, 70)),
        2,
      )}.`,
    });
  if (nounCompounds.length >= 3 && named.length === 0)
    findings.push({
      signal: "substance",
      polarity: 1,
      weight: 2 * Math.min(nounCompounds.length, 8),
      reason: `Uses precise terms: ${quoteList(nounCompounds, 3)}.`,
    });
  if (buzz.length > 0)
    findings.push({
      signal: "substance",
      polarity: -1,
      weight: 8 * buzz.length,
      reason: `Buzzwords without a claim behind them: ${quoteList(buzz, 3)}.`,
    });
  if (vague.length > 0)
    findings.push({
      signal: "substance",
      polarity: -1,
      weight: 6 * vague.length,
      reason: `Vague where a detail should be: ${quoteList(
        vague.slice(0, 3).map((h) => clauseAround(text, h, 60)),
        2,
      )}.`,
    });
  if (raw < 2 && words >= 8 && negative === 0)
    findings.push({
      signal: "substance",
      polarity: -1,
      weight: 20,
      reason: `Little specific content: no names, numbers, causes or examples in ${quoteList(
        [analysis.sentences[0] ?? text],
        1,
      )}.`,
    });

  return { score, findings, named, quantities, raw };
}
