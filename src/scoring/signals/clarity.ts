import {
  allMatches,
  clamp,
  clauseAround,
  clausesAround,
  type Finding,
  firstAtLeast,
  type Hit,
  lastAtMost,
  type PartResult,
  quoteList,
} from "../evidence.js";
import {
  CRUTCH,
  HEDGE,
  HESITATION,
  HONEST_RECOVERY,
  KIND_OF,
  LIKE_NOT_FILLER,
  NON_ANSWER,
  REPEAT,
  RESTART,
} from "../lexicon.js";
import type { Analysis } from "../nlp.js";

export interface ClarityResult extends PartResult {
  /** Fillers per word, the rate human raters punish most (see docs/scoring.md). */
  fillerRate: number;
  /** "I'm not sure"-style statements not followed by a way forward. */
  nonAnswers: number;
  /** "I'm not sure about X, but I would…": honest and useful. */
  honestRecoveries: number;
}

/** "like" used as a filler: not after a subject, a verb of seeming, or a noun ("tools like X"). */
export function fillerLikes(analysis: Analysis): Hit[] {
  const hits: Hit[] = [];
  const { tokens, text } = analysis;
  let cursor = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const at = text.indexOf(token.value, cursor);
    if (at >= 0) cursor = at + token.value.length;
    if (token.lower !== "like") continue;
    const prev = tokens[i - 1];
    if (prev && (prev.pos === "NOUN" || prev.pos === "PROPN" || LIKE_NOT_FILLER.has(prev.lower)))
      continue;
    if (prev?.lower === "'d") continue;
    hits.push({ text: token.value, index: Math.max(0, at) });
  }
  return hits;
}

/**
 * Where the sentence around a position starts and ends, with the next sentence included ("I'm
 * not sure. But I would check…" is still a recovery), so a recovery must follow the admission
 * in the same breath. The text's sentence marks are found once: searching from every match
 * took time growing with the square of a long unpunctuated answer.
 */
function sentenceSpans(text: string): (index: number) => [number, number] {
  const marks: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "." && c !== "?" && c !== "!") continue;
    marks.push(i);
    if (i + 1 === text.length || /\s/.test(text[i + 1] as string)) ends.push(i);
  }
  return (index) => {
    // As `lastIndexOf(mark, index - 1)`, which looks at position 0 when index is 0.
    const start = lastAtMost(marks, Math.max(0, index - 1)) + 1;
    const first = firstAtLeast(ends, index);
    let end = first === -1 ? text.length : first + 1;
    const next = firstAtLeast(ends, end);
    if (next !== -1) end = next + 1;
    return [start, end];
  };
}

function questionWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9']+/)
      .filter((w) => w.length > 3),
  );
}

export function clarity(analysis: Analysis, ask: string): ClarityResult {
  const { text } = analysis;
  const findings: Finding[] = [];
  const wordCount = Math.max(1, analysis.words.length);

  const hesitations = allMatches(text, HESITATION);
  const crutches = allMatches(text, CRUTCH);
  const kindOf = allMatches(text, KIND_OF);
  const restarts = allMatches(text, RESTART);
  const repeats = allMatches(text, REPEAT).filter((h) => !/^(?:that|had|is)\s/i.test(h.text));
  const likes = fillerLikes(analysis);
  const fillers = [...hesitations, ...crutches, ...kindOf, ...likes, ...restarts, ...repeats].sort(
    (a, b) => a.index - b.index,
  );
  const fillerRate = fillers.length / wordCount;

  let score = 100;
  // Linear in the rate: a filler every 20 words costs 20 points, every 8 words 50.
  const fillerPenalty = Math.min(70, fillerRate * 400);
  score -= fillerPenalty;
  if (fillerPenalty >= 8) {
    const per100 = Math.round(fillerRate * 100);
    findings.push({
      signal: "clarity",
      polarity: -1,
      weight: fillerPenalty,
      reason: `Many fillers (${per100} per 100 words): ${quoteList(
        fillers.map((f) => f.text),
        4,
      )}.`,
    });
  }

  let nonAnswers = 0;
  let honestRecoveries = 0;
  const nonAnswerHits: Hit[] = [];
  const recoveryHits: Hit[] = [];
  const sentenceAt = sentenceSpans(text);
  // Matches in one sentence with the same words get the same answer: asked once; and each
  // sentence is lower-cased once.
  const recovers = new Map<string, boolean>();
  const lowered = new Map<number, string>();
  for (const hit of allMatches(text, NON_ANSWER)) {
    const [start, end] = sentenceAt(hit.index);
    const said = hit.text.toLowerCase();
    const key = `${start}:${end}:${said}`;
    let recovery = recovers.get(key);
    if (recovery === undefined) {
      const sentence = text.slice(start, end);
      let lower = lowered.get(start);
      if (lower === undefined) {
        lower = sentence.toLowerCase();
        lowered.set(start, lower);
      }
      recovery = HONEST_RECOVERY.test(sentence.slice(lower.indexOf(said)));
      recovers.set(key, recovery);
    }
    if (recovery) {
      honestRecoveries++;
      recoveryHits.push(hit);
    } else {
      nonAnswers++;
      nonAnswerHits.push(hit);
    }
  }
  if (nonAnswers > 0) {
    const penalty = Math.min(55, 30 + 12 * (nonAnswers - 1));
    score -= penalty;
    findings.push({
      signal: "clarity",
      polarity: -1,
      weight: penalty + 10,
      reason: `Says they cannot answer: ${quoteList(clausesAround(text, nonAnswerHits), 2)}.`,
    });
  }
  if (honestRecoveries > 0) {
    findings.push({
      signal: "clarity",
      polarity: 1,
      weight: 12,
      reason: `Admits a gap but says how they would work it out: ${quoteList(clausesAround(text, recoveryHits, 90), 1)}.`,
    });
  }

  const hedges = allMatches(text, HEDGE);
  const hedgeRate = hedges.length / wordCount;
  const hedgePenalty = Math.min(30, hedges.length * 4 + hedgeRate * 150);
  if (hedges.length > 0) {
    score -= hedgePenalty;
    if (hedgePenalty >= 8)
      findings.push({
        signal: "clarity",
        polarity: -1,
        weight: hedgePenalty,
        reason: `Hedges: ${quoteList(
          hedges.slice(0, 3).map((h) => clauseAround(text, h, 50)),
          2,
        )}.`,
      });
  }

  // Echoing the question back ("Technical challenges? Hmm.") buys time without answering.
  const firstSentence = analysis.sentences[0] ?? "";
  if (/\?\s*["”]?$/.test(firstSentence.trim()) && firstSentence.split(/\s+/).length <= 10) {
    const asked = questionWords(ask);
    const echoed = [...questionWords(firstSentence)].filter((w) => asked.has(w));
    if (echoed.length > 0) {
      score -= 10;
      findings.push({
        signal: "clarity",
        polarity: -1,
        weight: 10,
        reason: `Repeats the question back: ${quoteList([firstSentence], 1)}.`,
      });
    }
  }
  // Turning the question around on the interviewer.
  const asksBack = analysis.sentences
    .slice(1)
    .find((s) => /\?\s*["”]?$/.test(s.trim()) && /\byou\b/i.test(s));
  // Only a deflection when little else was said; "Would you like me to tell you about one of
  // those?" after a full answer is engagement.
  if (asksBack && (analysis.words.length < 40 || nonAnswers > 0)) {
    score -= 10;
    findings.push({
      signal: "clarity",
      polarity: -1,
      weight: 10,
      reason: `Asks the interviewer instead of answering: ${quoteList([asksBack], 1)}.`,
    });
  }

  if (findings.every((f) => f.polarity > 0) && analysis.words.length >= 40 && fillerRate < 0.01) {
    findings.push({
      signal: "clarity",
      polarity: 1,
      weight: 6,
      reason: `Fluent and direct, opening with ${quoteList([firstSentence], 1)}.`,
    });
  }

  return { score: clamp(score), findings, fillerRate, nonAnswers, honestRecoveries };
}
