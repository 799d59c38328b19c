import { isTitleWord } from "../shared/normalize.js";

/**
 * Removes one person from a transcript's raw text that other candidates share, when that
 * person is forgotten. Pure. It errs on the side of removing too much: every question and
 * answer of theirs, their full name and each part of it, wherever they appear.
 */
export const REDACTED = "[redacted]";

/** Below this, a line of an answer is too generic ("Yes.") to remove without hitting others. */
const MIN_LINE_CHARS = 12;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");

/** A pattern that matches the text with any run of whitespace where it has whitespace. */
function flexible(text: string): RegExp {
  const parts = text.trim().split(/\s+/u).map(escapeRegExp);
  return new RegExp(parts.join("\\s+"), "gu");
}

export interface RedactionTargets {
  /** Names as written ("Dr. Amanda Foster"); each word of two letters or more is removed too. */
  names: readonly string[];
  /** Questions and answers of the person, as parsed. */
  passages: readonly string[];
}

export function redactPerson(text: string, targets: RedactionTargets): string {
  let out = text;
  const passages = [...new Set(targets.passages.map((p) => p.trim()).filter(Boolean))].sort(
    (a, b) => b.length - a.length,
  );
  for (const passage of passages) {
    out = out.replace(flexible(passage), REDACTED);
    // Parsers may re-flow or unquote an answer; removing it line by line still catches it.
    for (const line of passage.split(/\n+/u)) {
      const trimmed = line.trim().replace(/^"|"$/gu, "");
      if (trimmed.length >= MIN_LINE_CHARS) out = out.replace(flexible(trimmed), REDACTED);
    }
  }
  const names = [...new Set(targets.names.map((n) => n.trim()).filter(Boolean))];
  const words = new Set<string>();
  for (const name of names) {
    for (const word of name.split(/[^\p{L}\p{N}'’-]+/u)) {
      if ([...word].length >= 2 && !isTitleWord(word)) words.add(word);
    }
  }
  const terms = [...names, ...words].sort((a, b) => b.length - a.length);
  for (const term of terms) {
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${flexible(term).source}(?![\\p{L}\\p{N}])`,
      "giu",
    );
    out = out.replace(pattern, REDACTED);
  }
  return out;
}
