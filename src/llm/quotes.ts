/**
 * A quote from the model counts only if it occurs in the answer it is about. Models restyle
 * what they copy, so both sides are compared after folding what does not change meaning:
 * whitespace runs, curly and straight quotes and apostrophes, dashes, letter case, and a
 * leading or trailing ellipsis or quote mark the model wrapped the excerpt in.
 */
export function normaliseForQuote(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/\s+/g, " ")
    .toLowerCase()
    .trim();
}

function trimWrapping(quote: string): string {
  return quote
    .trim()
    .replace(/^(?:\.{3}|["'\s])+/, "")
    .replace(/(?:\.{3}|["'\s])+$/, "")
    .trim();
}

/** Shorter than this is not evidence of anything ("yes", "it"). */
const MIN_QUOTE_CHARS = 3;

/** Whether `quote` occurs in `answer`, both folded as above. */
export function quoteOccurs(quote: string, answer: string): boolean {
  const q = trimWrapping(normaliseForQuote(quote));
  if (q.length < MIN_QUOTE_CHARS) return false;
  return normaliseForQuote(answer).includes(q);
}

/** Keeps the quotes found in `answer` (as the model wrote them, trimmed); counts the rest. */
export function verifyQuotes(
  quotes: readonly string[],
  answer: string,
): { kept: string[]; dropped: number } {
  const kept: string[] = [];
  let dropped = 0;
  for (const quote of quotes) {
    if (quoteOccurs(quote, answer)) {
      const clean = quote.trim();
      if (!kept.includes(clean)) kept.push(clean);
    } else dropped++;
  }
  return { kept, dropped };
}
