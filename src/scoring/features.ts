import { allMatches, clausesAround, type Finding, quoteList } from "./evidence.js";
import { zipf } from "./frequency.js";
import {
  BUZZWORD,
  CAUSAL,
  CRUTCH,
  HEDGE,
  HESITATION,
  HONEST_RECOVERY,
  KIND_OF,
  LIKE_FILLER,
  NON_ANSWER,
  OUTCOME,
  OWN_ACTION,
  QUANTITY,
  REPEAT,
  THEMES,
  TRADE_OFF,
  VAGUE,
} from "./lexicon.js";
import { type Analysis, analyse, countWords, stem, type Token } from "./nlp.js";
import { hasKey, indexKeys } from "./signals/relevance.js";

/**
 * The numbers the answer model reads. Every feature is a rate per word or a bounded share, so
 * that saying more of the same never raises an answer; the model's weights live in
 * `weights.json` (fitted by `npm run train`, see docs/scoring.md).
 */
export const featureNames = [
  "logWords",
  "rareShare",
  "novelRareShare",
  "meanRarity",
  "codeRate",
  "quantityRate",
  "causalRate",
  "conditionRate",
  "tradeOffRate",
  "outcomeRate",
  "ownActionRate",
  "vagueRate",
  "buzzRate",
  "hedgeRate",
  "notKnowing",
  "checkPlan",
  "dependsBare",
  "askCoverage",
  "echoShare",
  "variety",
  "fillerRate",
  "genericYouRate",
  "shortAnswer",
  "softRate",
  "definitionRate",
  "specificSentenceShare",
  "firstPersonShare",
  "enoughWords",
  "novelQuantityRate",
  "novelCodeRate",
  "turnEchoShare",
  "namedRate",
  "sentenceWords",
  "novelDistinctShare",
] as const;
export type FeatureName = (typeof featureNames)[number];
export type Features = Record<FeatureName, number>;

/**
 * Fillers, crutches and restarts come out before anything is measured: speech is not substance,
 * and a strong candidate who says "um" must read the same as the written export of their words.
 */
export function stripSpeech(text: string): { clean: string; fillers: number } {
  let fillers = 0;
  const count = (pattern: RegExp) => (m: string) => {
    fillers++;
    return pattern === REPEAT ? m.replace(/\s+\S+$/, "") : " ";
  };
  let clean = text
    .replace(HESITATION, count(HESITATION))
    .replace(CRUTCH, count(CRUTCH))
    .replace(KIND_OF, count(KIND_OF))
    .replace(LIKE_FILLER, count(CRUTCH))
    // Broken-off words ("I- I'd", "the- the").
    .replace(/\b\w+-(?=\s)/g, count(CRUTCH));
  clean = clean.replace(REPEAT, count(REPEAT));
  // A restart across a comma: "the, the index".
  clean = clean.replace(/\b(\w+),\s+\1\b/gi, (m) => {
    fillers++;
    return m.replace(/,\s+\S+$/, "");
  });
  clean = clean
    // Runs of spaces first: `\s+(…)` tried at every space of a long run is quadratic.
    .replace(/\s{2,}/g, " ")
    .replace(/\s+([,.;?!])/g, "$1")
    .replace(/([,;])(?:\s*[,;])+/g, "$1")
    .replace(/\s{2,}/g, " ")
    .trim();
  return { clean, fillers };
}

/** Code and config spellings: `unique_key`, `is_incremental()`, `useEffect`, `p99`, `HTTP/2`. */
const CODE =
  /\b(?=\w)(?:\w+_\w+\b|\w+\(\)|[a-z]+[A-Z]\w*\b|[A-Za-z]+\d+\w*\b|\d+[A-Za-z]+\b|\w+\.\w+\b)/g;
/** The same shapes as CODE, for a yes/no test (a global pattern keeps state between tests). */
const CODE_TEST = new RegExp(CODE.source);
/** Conditions: the "if … then" and "until/unless/once" that show a mechanism is understood. */
const CONDITION = /\b(?:if|unless|until|once|whenever|otherwise|only\s+when)\b/gi;
/**
 * Ways of checking a claim: naming a measurement, a test or a source as the next step. Together
 * with "I'm not sure" this is an honest gap, not a non-answer.
 */
const CHECK =
  /\b(?:i'?d|i\s+would|i'?ll|i\s+will|i\s+want\s+to|i'?d\s+want\s+to|first)\s+(?:\w+\s+){0,3}(?:check|verify|measure|test|benchmark|profile|confirm|look\s+(?:it\s+)?up|read|prototype|reproduce|try)\b/gi;
/** "It depends" said as the answer rather than followed by what it depends on. */
const DEPENDS =
  /\bit\s+(?:really\s+|all\s+|always\s+)?depends\b(?!\s+on\s+(?:whether|how|what|the\s+\w+\s+\w+))/gi;
/** Advice to an imaginary "you": textbook voice, common in generic answers. */
const GENERIC_YOU = /\byou\s+(?:should|need\s+to|have\s+to|want\s+to|can|could|must)\b/gi;

/**
 * Talk about people, process and culture: right for a behavioural question, a sign of drift
 * when it fills the answer to a technical one (the model weighs it against the question).
 */
const SOFT =
  /\b(?:cultur(?:e|al|ally)|stakeholders?|alignment|align(?:ed|ing)?|ownership|mindset|collaborat\w*|communicat\w*|empower\w*|vision|journey|philosoph\w*|organi[sz]ation(?:al)?|leadership|buy-in|synergy|values|process(?:es)?|governance|principles?|strateg(?:y|ic|ies)|conversations?|people|teams?|business)\b/gi;
/** Definitions in the textbook voice: "X is a …", "refers to", "is used to", "allows you to". */
const DEFINITION =
  /\b(?:is|are)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}(?:way|type|kind|technique|pattern|method|mechanism|process|concept|feature|tool|approach)\b|\brefers?\s+to\b|\b(?:is|are)\s+used\s+(?:to|for)\b|\ballows?\s+(?:you|us|developers|users)\s+to\b|\bin\s+general\b|\bgenerally\b|\btypically\b|\bit'?s\s+important\s+to\b|\bthere\s+are\s+(?:several|many|a\s+few|different)\b|\bbest\s+practices?\b/gi;

/** The speaker's own work: "I", "we", "my", "our" (textbook answers have none). */
const FIRST_PERSON = /\b(?:I|I'[a-z]+|[Ww]e|[Ww]e'[a-z]+|[Mm]y|[Oo]ur|[Uu]s)\b/;

/** Below this Zipf value a word is one everyday speech rarely uses (see frequency.ts). */
const RARE_ZIPF = 2.8;

/** A content word: letters (and inner hyphens) only, so "'s", "in." and "20s" never count. */
function isContent(t: Token): boolean {
  return !t.stop && t.value.length > 1 && /^\p{L}[\p{L}-]*$/u.test(t.value);
}

/** Rarity of the word or its singular: SUBTLEX lists "router" but not always "routers". */
function wordZipf(lower: string): number {
  const z = zipf(lower);
  if (z > 0 || !lower.endsWith("s")) return z;
  return Math.max(zipf(lower.slice(0, -1)), lower.endsWith("es") ? zipf(lower.slice(0, -2)) : 0);
}

export interface FeatureInput {
  /** The answer as transcribed. */
  answer: string;
  /** The interviewer's actual ask (preamble removed). */
  ask: string;
  /** The interviewer's whole turn (scenario and preamble included), for what the answer merely repeats. */
  question?: string;
}

export interface FeatureResult {
  features: Features;
  /** The filler-stripped answer, analysed once and shared with the signals. */
  analysis: Analysis;
  /** The rare words found, for reasons ("quotes the candidate"). */
  rareWords: string[];
  codeTerms: string[];
  words: number;
  /** How often each lower-cased word occurs in the filler-stripped answer (the model's word rates). */
  counts: Map<string, number>;
}

/** A rate per word; short answers count as 40 words so three words cannot make a dense answer. */
export const per = (count: number, words: number) => count / Math.max(words, 40);

export function answerFeatures(input: FeatureInput, askAnalysis: Analysis): FeatureResult {
  const rawWords = countWords(input.answer);
  const { clean, fillers } = stripSpeech(input.answer);
  const analysis = analyse(clean);
  const words = analysis.words;
  const n = words.length;
  const content = words.filter(isContent);
  const askIndex = indexKeys(askAnalysis.words.filter(isContent).map((t) => t.key));
  const askKeySet = askIndex.exact;
  const inAsk = (key: string) => hasKey(askIndex, key);

  let rare = 0;
  let novelRare = 0;
  let raritySum = 0;
  let echo = 0;
  const rareWords: string[] = [];
  const distinct = new Set<string>();
  for (const t of content) {
    distinct.add(t.key);
    const z = wordZipf(t.lower);
    raritySum += Math.max(0, 6 - z);
    const asked = inAsk(t.key);
    if (asked) echo++;
    if (z < RARE_ZIPF) {
      rare++;
      if (!asked) {
        novelRare++;
        // Quoted as "precise terms": things named, not rare verbs ("tasked", "ensuring").
        const named = t.pos === "NOUN" || t.pos === "PROPN";
        if (named && rareWords.length < 12 && !rareWords.includes(t.value)) rareWords.push(t.value);
      }
    }
  }
  let covered = 0;
  const answerIndex = indexKeys(content.map((t) => t.key));
  const uniqueAsk = [...askKeySet];
  for (const k of uniqueAsk) if (hasKey(answerIndex, k)) covered++;

  const text = analysis.text;
  const codeTerms = allMatches(text, CODE).map((h) => h.text);
  const nonAnswers = allMatches(text, NON_ANSWER).length;
  const checks = allMatches(text, CHECK).length + (HONEST_RECOVERY.test(text) ? 1 : 0);
  const features: Features = {
    ...novelty(input.question ?? input.ask, analysis, content, codeTerms, text),
    logWords: Math.log1p(n),
    rareShare: rare / Math.max(n, 40),
    novelRareShare: novelRare / Math.max(n, 40),
    meanRarity: content.length === 0 ? 0 : raritySum / content.length,
    codeRate: per(codeTerms.length, n),
    quantityRate: per(allMatches(text, QUANTITY).length, n),
    causalRate: per(allMatches(text, CAUSAL).length, n),
    conditionRate: per(allMatches(text, CONDITION).length, n),
    tradeOffRate: per(allMatches(text, TRADE_OFF).length, n),
    outcomeRate: per(allMatches(text, OUTCOME).length, n),
    ownActionRate: per(allMatches(text, OWN_ACTION).length, n),
    vagueRate: per(allMatches(text, VAGUE).length, n),
    buzzRate: per(allMatches(text, BUZZWORD).length, n),
    hedgeRate: per(allMatches(text, HEDGE).length, n),
    notKnowing: Math.min(nonAnswers, 3),
    checkPlan: nonAnswers > 0 ? Math.min(checks, 2) : 0,
    dependsBare: n < 120 ? Math.min(allMatches(text, DEPENDS).length, 2) : 0,
    askCoverage: uniqueAsk.length === 0 ? 0.5 : covered / uniqueAsk.length,
    echoShare: content.length === 0 ? 0 : echo / content.length,
    variety: content.length === 0 ? 0 : distinct.size / Math.sqrt(content.length * 2),
    fillerRate: fillers / Math.max(rawWords, 20),
    genericYouRate: per(allMatches(text, GENERIC_YOU).length, n),
    shortAnswer: n < 25 ? 1 : 0,
    // People-and-process words the question itself used ("a process and a thread") are its subject.
    softRate: per(allMatches(text, SOFT).filter((h) => !inAsk(stem(h.text))).length, n),
    definitionRate: per(allMatches(text, DEFINITION).length, n),
    specificSentenceShare: specificSentences(analysis.sentences),
    firstPersonShare:
      analysis.sentences.filter((x) => FIRST_PERSON.test(x)).length /
      Math.max(analysis.sentences.length, 3),
    // Saturates at 80 words: below that an answer has little room for depth, above it more
    // words earn nothing (a concise expert is not behind a rambler).
    enoughWords: Math.min(n, 80) / 80,
  };
  const counts = new Map<string, number>();
  for (const t of words) counts.set(t.lower, (counts.get(t.lower) ?? 0) + 1);
  // Quoted rarest first: "LLM" and "Kubernetes" say more than "framework".
  rareWords.sort((a, b) => wordZipf(a.toLowerCase()) - wordZipf(b.toLowerCase()));
  return { features, analysis, rareWords, codeTerms, words: n, counts };
}

/** Lower-cased word keys of a text, for "did the interviewer already say this". */
function turnKeys(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter(Boolean),
  );
}

/** `turnKeys` of an interviewer's turn, kept for the last few turns: a turn has several answers. */
const turnKeyCache = new Map<string, ReadonlySet<string>>();

function turnKeysOf(turn: string): ReadonlySet<string> {
  let keys = turnKeyCache.get(turn);
  if (keys === undefined) {
    keys = turnKeys(turn);
    if (turnKeyCache.size >= 64) turnKeyCache.clear();
    turnKeyCache.set(turn, keys);
  }
  return keys;
}

/**
 * What the answer adds beyond the interviewer's whole turn: numbers, code spellings and names
 * the interviewer did not already say ("VLAN 30" echoed from the scenario is not a specific),
 * how much of the answer merely repeats the turn's words, and how varied the new words are.
 */
function novelty(
  question: string,
  analysis: Analysis,
  content: Token[],
  codeTerms: string[],
  text: string,
): Pick<
  Features,
  | "novelQuantityRate"
  | "novelCodeRate"
  | "turnEchoShare"
  | "namedRate"
  | "sentenceWords"
  | "novelDistinctShare"
> {
  const said = turnKeysOf(question);
  const n = analysis.words.length;
  const isNew = (s: string) =>
    [...turnKeys(s)].some((k) => !said.has(k) && !/^(?:of|the|a)$/.test(k));
  const quantities = allMatches(text, QUANTITY).filter((h) => isNew(h.text.replace(/\D+/g, " ")));
  const codes = codeTerms.filter((c) => isNew(c));
  let echo = 0;
  const novel = new Set<string>();
  for (const t of content) {
    if (said.has(t.lower)) echo++;
    else novel.add(t.key);
  }
  let named = 0;
  for (let i = 1; i < analysis.tokens.length; i++) {
    const t = analysis.tokens[i] as Token;
    const prev = analysis.tokens[i - 1] as Token;
    if (
      t.isWord &&
      /^\p{Lu}/u.test(t.value) &&
      t.value !== "I" &&
      !/^[.?!"“:]$/.test(prev.value) &&
      !said.has(t.lower)
    )
      named++;
  }
  return {
    novelQuantityRate: per(quantities.length, n),
    novelCodeRate: per(codes.length, n),
    turnEchoShare: content.length === 0 ? 0 : echo / content.length,
    namedRate: per(named, n),
    sentenceWords: Math.min(40, n / Math.max(1, analysis.sentences.length)),
    novelDistinctShare: novel.size / Math.max(content.length, 30),
  };
}

/**
 * Share of sentences that carry something checkable: a number, a code-like term or two words
 * everyday speech rarely uses. Per sentence, so padding with generic sentences lowers it.
 */
function specificSentences(sentences: string[]): number {
  if (sentences.length === 0) return 0;
  let specific = 0;
  for (const sentence of sentences) {
    if (/\d/.test(sentence) || CODE_TEST.test(sentence)) {
      specific++;
      continue;
    }
    let rare = 0;
    for (const w of sentence.split(/[^\p{L}-]+/u)) if (isRareLowerWord(w)) rare++;
    if (rare >= 2) specific++;
  }
  return specific / Math.max(sentences.length, 3);
}

const rareLowerWords = new Map<string, boolean>();

/** A lower-case word of four letters or more that everyday speech rarely uses; memoised per word. */
function isRareLowerWord(w: string): boolean {
  if (w.length <= 3) return false;
  let rare = rareLowerWords.get(w);
  if (rare === undefined) {
    rare = /^\p{Ll}/u.test(w) && wordZipf(w.toLowerCase()) < RARE_ZIPF;
    if (rareLowerWords.size > 50_000) rareLowerWords.clear();
    rareLowerWords.set(w, rare);
  }
  return rare;
}

/**
 * What the model read, as findings that quote the candidate: the specific terms and numbers
 * that lift an answer, and the vague, textbook, drifting or echoing talk that holds it down.
 * `pulls` is each feature's signed effect on this answer's estimate (answer-model.ts), so a
 * finding is only offered when its feature actually moved the score that way.
 */
export function featureFindings(result: FeatureResult, pulls: Map<string, number>): Finding[] {
  const out: Finding[] = [];
  const text = result.analysis.text;
  const pull = (...names: FeatureName[]) => names.reduce((s, n) => s + (pulls.get(n) ?? 0), 0);
  const weight = (p: number) => Math.round(Math.abs(p) * 400);
  // Positive findings: [pull, quotes, reason, signal]; offered when the pull lifted the answer.
  // Quotes are built only for findings that are offered.
  const clauses = (pattern: RegExp, max: number) => () => {
    const hits = allMatches(text, pattern);
    return hits.length === 0 ? [] : clausesAround(text, hits, max);
  };
  const positives: [number, () => Iterable<string>, string, Finding["signal"], number][] = [
    [
      pull("novelRareShare", "rareShare", "meanRarity", "specificSentenceShare"),
      () => (result.rareWords.length >= 3 ? result.rareWords : []),
      "Precise terms of their own",
      "substance",
      4,
    ],
    [pull("codeRate"), () => result.codeTerms, "Names exact settings or code", "substance", 3],
    [pull("quantityRate"), clauses(QUANTITY, 60), "Gives measured numbers", "substance", 2],
    [pull("conditionRate"), clauses(CONDITION, 70), "States when it applies", "structure", 1],
  ];
  for (const [p, quoted, label, signal, n] of positives) {
    if (p <= 0) continue;
    const quotes = quoted();
    if (!Array.isArray(quotes) || quotes.length > 0)
      out.push({
        signal,
        polarity: 1,
        weight: weight(p),
        reason: `${label}: ${quoteList(quotes, n)}.`,
      });
  }
  const negatives: [FeatureName, RegExp, string][] = [
    ["vagueRate", VAGUE, "Vague where a detail should be"],
    ["definitionRate", DEFINITION, "Textbook phrasing rather than their own case"],
    ["buzzRate", BUZZWORD, "Buzzwords with no mechanism behind them"],
    ["softRate", SOFT, "Talks about people and process more than the question's subject"],
    [
      "genericYouRate",
      GENERIC_YOU,
      'Generic advice to "you" rather than what they did or would do',
    ],
    ["dependsBare", DEPENDS, "Says it depends without saying on what"],
  ];
  for (const [name, pattern, label] of negatives) {
    const p = pull(name);
    const hits = allMatches(text, pattern);
    if (p < -0.01 && hits.length > 0)
      out.push({
        signal: name === "softRate" ? "relevance" : "substance",
        polarity: -1,
        weight: weight(p),
        reason: `${label}: ${quoteList(clausesAround(text, hits, 60), 2)}.`,
      });
  }
  const echo = pull("echoShare", "askCoverage");
  if (echo < -0.02 && result.features.echoShare >= 0.3 && result.rareWords.length < 3)
    out.push({
      signal: "relevance",
      polarity: -1,
      weight: weight(echo),
      reason: "Mostly repeats the question's own terms and adds little that can be checked.",
    });
  return out;
}

/** Themes of a behavioural question (lexicon.ts THEMES), as opposed to the technical ones there. */
const BEHAVIOURAL_THEMES = new Set([
  "leadership",
  "weakness",
  "challenge",
  "teamwork",
  "why-hire",
  "self",
  "failure",
  "motivation",
]);

/**
 * A behavioural question ("Tell me about a time you led…", "Why should we hire you?") asks
 * about the person, not a subject: it names a behavioural theme and no technical term (no word
 * everyday speech rarely uses, no code spelling). Such answers are read by the behavioural
 * model, fitted on rated behavioural interviews, because what makes them good (a concrete
 * story, its outcome) is not what makes a technical answer good.
 */
export function isBehaviouralAsk(ask: Analysis, kind: string): boolean {
  const technical =
    ask.words.some((t) => isContent(t) && t.value.length > 2 && wordZipf(t.lower) < 3) ||
    allMatches(ask.text, CODE).length > 0;
  // A technical theme ("a performance problem you fixed") makes it a technical question.
  if (technical || THEMES.some((t) => !BEHAVIOURAL_THEMES.has(t.name) && t.cue.test(ask.text)))
    return false;
  if (kind === "self") return true;
  return THEMES.some((t) => BEHAVIOURAL_THEMES.has(t.name) && t.cue.test(ask.text));
}
