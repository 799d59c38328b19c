import model from "wink-eng-lite-web-model";
import winkNLP, { type PartOfSpeech } from "wink-nlp";

/**
 * One tokenised piece of text. The scorer needs part of speech (to tell content words from
 * glue words and to find named things) and a matching key (so "normalizing" meets
 * "normalization"), and nothing heavier: no entities, no sentiment, which keeps it fast.
 */
export interface Token {
  value: string;
  lower: string;
  pos: PartOfSpeech;
  /** Porter stem for ordinary words; the bare acronym for "AWS", "MDPs" (stems mangle those). */
  key: string;
  stop: boolean;
  /** A word or a number, as opposed to punctuation and symbols. */
  isWord: boolean;
}

export interface Analysis {
  text: string;
  tokens: Token[];
  words: Token[];
  sentences: string[];
}

type Engine = ReturnType<typeof winkNLP>;
let engine: Engine | undefined;

/** Built on first use rather than at import, so importing the scoring types costs nothing. */
function nlp(): Engine {
  engine ??= winkNLP(model, ["sbd", "pos"]);
  return engine;
}

const porter = (model as unknown as { addons: { stem: (word: string) => string } }).addons.stem;
const stemCache = new Map<string, string>();
const MAX_STEMMED = 40;

/**
 * The model's own Porter stemmer, memoised: stemming every token through wink's `its.stem`
 * took half the scoring time, and interview vocabulary repeats heavily.
 */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  let out = stemCache.get(lower);
  if (out === undefined) {
    // The stemmer's suffix patterns take time quadratic in the word's length: a 40,000-letter
    // "word" (a pasted blob) took seconds. No English word needs stemming past 40 letters.
    out = lower.length > MAX_STEMMED ? lower : porter(lower);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(lower, out);
  }
  return out;
}

/** Letters or digits: words, numbers and contractions, but not punctuation, symbols or emoji. */
const WORDISH = /[\p{L}\p{N}]/u;

const ACRONYM = /^[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*$/;

export function tokenKey(value: string, stem: string): string {
  if (ACRONYM.test(value) && /[A-Z].*[A-Z]/.test(value))
    return value.toLowerCase().replace(/s$/, "");
  return stem;
}

/**
 * Curly apostrophes become straight ones before anything else: the tagger reads "I’m" as one
 * proper noun, and every phrase list is written with "'". Same length, so offsets still line up.
 */
export function normaliseApostrophes(text: string): string {
  return text.replace(/[’‘]/g, "'");
}

/** What a token's string alone decides: the same for every occurrence of that string. */
interface WordInfo {
  lower: string;
  key: string;
  isWord: boolean;
}

const wordInfoCache = new Map<string, WordInfo>();

/**
 * Memoised per token string: lowercasing, the acronym test, the stem lookup and the
 * letters-or-digits test used to run for every token of every answer (a third of `analyse`
 * outside wink itself), yet interview vocabulary is a few thousand strings. Bounded like the
 * stem cache, so a long-running process cannot grow it without limit.
 */
function wordInfo(value: string): WordInfo {
  let info = wordInfoCache.get(value);
  if (info === undefined) {
    info = {
      lower: value.toLowerCase(),
      key: tokenKey(value, stem(value)),
      isWord: WORDISH.test(value),
    };
    if (wordInfoCache.size > 50_000) wordInfoCache.clear();
    wordInfoCache.set(value, info);
  }
  return info;
}

/** JavaScript's `\s`: the characters `split(/\s+/)` splits on. */
function isSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The number of whitespace-separated pieces, as `text.split(/\s+/).filter(Boolean).length`
 * counts them, without building the array: every answer is counted, and those arrays were a
 * good part of the scorer's garbage.
 */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** A run of characters no word, number or URL an answer needs is this long. */
const RUN_ON = /\S{121,}/gu;

/**
 * wink's tokeniser tests each token against patterns whose time grows with the square of its
 * length (and so did the stemmer): a 40,000-character blob took seconds. Such runs are cut
 * into 120-character pieces first; no real answer has one.
 */
function breakRunOns(text: string): string {
  return mayHaveRunOn(text)
    ? text.replace(RUN_ON, (run) => run.replace(/(\S{120})(?=\S)/gu, "$1 "))
    : text;
}

/**
 * A plain loop that rules run-ons out for almost every answer at a third of the pattern's
 * cost.
 */
function mayHaveRunOn(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) run = 0;
    else if (++run > 120) return true;
  }
  return false;
}

export function analyse(raw: string): Analysis {
  const text = breakRunOns(normaliseApostrophes(raw));
  const { its } = nlp();
  const doc = nlp().readDoc(text);
  // One token collection for the three columns: each `doc.tokens()` builds a new one.
  const collection = doc.tokens();
  const values = collection.out(its.value);
  const pos = collection.out(its.pos) as PartOfSpeech[];
  const stops = collection.out(its.stopWordFlag) as unknown as boolean[];
  const tokens: Token[] = new Array(values.length);
  const words: Token[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const info = wordInfo(value);
    const token: Token = {
      value,
      lower: info.lower,
      pos: pos[i] ?? "X",
      key: info.key,
      stop: stops[i] ?? false,
      isWord: info.isWord,
    };
    tokens[i] = token;
    if (token.isWord) words.push(token);
  }
  return { text, tokens, words, sentences: doc.sentences().out() };
}

/**
 * Whether two matching keys name the same thing. A shared prefix of five or more letters
 * catches what the stemmer leaves apart ("lead" / "leadership" does not, "organiz" /
 * "organis" does), without the false friends of shorter prefixes.
 */
export function keysMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.startsWith(short);
}
