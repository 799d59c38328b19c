/**
 * Text helpers shared by the format parsers. Question and answer text is part of the JSON
 * contract ("exact text"), so these rules are the single place that defines what "exact" means:
 * line ends normalised to LF, trailing spaces dropped, paragraphs separated by one blank line,
 * a quote pair wrapping the whole text removed, everything inside kept.
 */

/** Joins the lines of one question or answer: runs of blank lines become one blank line. */
export function joinParagraphs(lines: readonly string[]): string {
  // Most speaker turns are one line: for those the rule below reduces to a trim, without the
  // array and the join that otherwise cost an allocation per turn.
  if (lines.length === 1) return (lines[0] as string).trim();
  const out: string[] = [];
  let pendingBlank = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.length === 0 || line.trimStart().length === 0) {
      if (out.length > 0) pendingBlank = true;
      continue;
    }
    if (pendingBlank) out.push("");
    pendingBlank = false;
    out.push(out.length === 0 ? line.trimStart() : line);
  }
  return out.join("\n");
}

const openers = new Set(['"', "\u201c", "\u201e", "\u00ab"]);
const closers = new Set(['"', "\u201d", "\u201c", "\u00bb"]);

export interface Unquoted {
  text: string;
  /** An opening quote with no closing quote: the text was probably cut off. */
  unterminated: boolean;
}

/**
 * Removes the quotes that wrap a whole answer. Curly quotes are matched by nesting depth, so
 * `“Yes,” I said, “it works.”` is left alone; straight quotes cannot nest, so a text that
 * starts and ends with one is taken as wrapped (that is how interviewer tools write answers).
 */
export function stripWrappingQuotes(input: string): Unquoted {
  const text = input.trim();
  if (text.length === 0) return { text, unterminated: false };
  const first = text[0] as string;
  if (!openers.has(first)) return { text, unterminated: false };
  const last = text[text.length - 1] as string;
  if (text.length >= 2 && closers.has(last) && pairsWith(first, last)) {
    if (first === '"' || wrapsWhole(text, first, last)) {
      return { text: text.slice(1, -1).trim(), unterminated: false };
    }
    return { text, unterminated: false };
  }
  if (first === '"' ? countChar(text, '"') % 2 === 1 : !hasCloser(text, first)) {
    return { text: text.slice(1).trim(), unterminated: true };
  }
  return { text, unterminated: false };
}

function pairsWith(open: string, close: string): boolean {
  if (open === '"') return close === '"';
  if (open === "\u00ab") return close === "\u00bb";
  return close === "\u201d" || close === "\u201c";
}

function closerOf(open: string): string {
  return open === "\u00ab" ? "\u00bb" : "\u201d";
}

/** True when the opening quote at 0 is closed only by the last character. */
function wrapsWhole(text: string, open: string, close: string): boolean {
  let depth = 0;
  const closeChar = close === "\u201c" ? "\u201c" : closerOf(open);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === open && !(open === closeChar && depth > 0)) depth++;
    else if (ch === closeChar) {
      depth--;
      if (depth === 0 && i < text.length - 1) return false;
    }
  }
  return depth === 0;
}

function hasCloser(text: string, open: string): boolean {
  return text.indexOf(closerOf(open), 1) !== -1;
}

function countChar(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}
