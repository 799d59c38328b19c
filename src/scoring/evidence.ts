/**
 * Findings are how a signal explains itself: each one carries the phrase that triggered it, so
 * a recruiter can find it in the transcript and disagree.
 */
export type Signal = "relevance" | "substance" | "clarity" | "structure";

export interface Finding {
  signal: Signal;
  /** +1 helps the answer, -1 hurts it. */
  polarity: 1 | -1;
  /** How much this finding moved its part, for choosing the strongest reasons. */
  weight: number;
  reason: string;
}

export interface PartResult {
  /** 0–100. */
  score: number;
  findings: Finding[];
}

export function clamp(value: number, min = 0, max = 100): number {
  return Math.min(max, Math.max(min, value));
}

/** 1 - e^(-x/scale): many signals add up but no single kind of signal can run away. */
export function saturate(x: number, scale: number): number {
  return x <= 0 ? 0 : 1 - Math.exp(-x / scale);
}

export interface Hit {
  text: string;
  index: number;
}

/**
 * Every match of a global pattern, read-only. The scorer asks the same question of the same
 * text several times (the answer model, the four parts and the reasons all count numbers,
 * causes or buzzwords in one answer), so the matches of the texts scored most recently are
 * kept and each pattern runs once per text. Keyed by the pattern object: the patterns are
 * module constants.
 */
export function allMatches(text: string, pattern: RegExp): readonly Hit[] {
  if (!pattern.global) throw new TypeError("allMatches needs a global pattern");
  let byPattern = recent.get(text);
  if (byPattern === undefined) {
    // A handful of texts is enough: an answer, its question and the candidate being summed up.
    if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value as string);
    byPattern = new Map();
    recent.set(text, byPattern);
  }
  let hits = byPattern.get(pattern);
  if (hits === undefined) {
    hits = Object.freeze(scan(text, pattern));
    byPattern.set(pattern, hits);
  }
  return hits;
}

const RECENT_TEXTS = 8;
const recent = new Map<string, Map<RegExp, readonly Hit[]>>();

/**
 * A plain `exec` loop rather than `matchAll`: `matchAll` clones the RegExp on every call. The
 * loop ends with `exec` returning null, which resets `lastIndex` to 0, so the shared pattern
 * is left as it was found. Empty matches step forward one code point, as `matchAll` does.
 */
function scan(text: string, pattern: RegExp): Hit[] {
  const hits: Hit[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    hits.push({ text: m[0], index: m.index });
    if (m[0].length === 0) pattern.lastIndex = advance(text, pattern.lastIndex, pattern.unicode);
  }
  return hits;
}

function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const c = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? index + 2 : index + 1;
}

/** Straightens whitespace and trims to `max` characters on a word boundary. */
export function shorten(text: string, max = 80): string {
  const flat = text.replace(/\*\*/g, "").replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,;:.\s]+$/, "")}…`;
}

/**
 * How many distinct clauses a reason looks through for its quotes, at most. Quotes are made
 * one by one (`clausesAround`) until a reason has as many distinct ones as it shows (at most
 * four); each costs a pass over its clause, so this bounds the work on a long answer that
 * says one thing over and over (13,000 "$1" took 17 s when every match was quoted).
 */
export const QUOTED_HITS = 50;

/** The last value of a sorted list that is at most `x`, or -1. */
export function lastAtMost(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? -1 : (sorted[lo - 1] as number);
}

/** The first value of a sorted list that is at least `x`, or -1. */
export function firstAtLeast(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo === sorted.length ? -1 : (sorted[lo] as number);
}

/**
 * `clauseAround` for the matches in turn, made only as they are read. Two matches of the same
 * words in the same clause quote the same window (the window centres on the words' first
 * place in the clause), so the second is skipped without being made; the clause bounds are
 * found by binary search over the text's separators, as `clauseAround` draws them.
 */
export function* clausesAround(text: string, hits: readonly Hit[], max = 80): Generator<string> {
  // Where a clause may start: just after ". ", "? ", "! ", ", ", "; " or a line break. Kept
  // as the index just past the separator, which grows with the separator's own index.
  const opens: number[] = [];
  // Where a clause ends: the first of . ? ! ; , or a line break after the match.
  const closes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      opens.push(i + 1);
      closes.push(i);
    } else if (c === "." || c === "?" || c === "!" || c === "," || c === ";") {
      closes.push(i);
      if (text[i + 1] === " ") opens.push(i + 2);
    }
  }
  const made = new Set<string>();
  for (const hit of hits) {
    const key = `${lastAtMost(opens, hit.index)}:${firstAtLeast(closes, hit.index + hit.text.length)}:${hit.text}`;
    if (made.has(key)) continue;
    if (made.size >= QUOTED_HITS) return;
    made.add(key);
    yield clauseAround(text, hit, max);
  }
}

/**
 * The clause around a match, so the quote reads as the speaker's words ("cut p95 latency from
 * 800 ms to 120 ms") rather than the bare keyword.
 */
export function clauseAround(text: string, hit: Hit, max = 80): string {
  const before = text.slice(0, hit.index);
  const after = text.slice(hit.index + hit.text.length);
  const start = Math.max(
    before.lastIndexOf(". "),
    before.lastIndexOf("? "),
    before.lastIndexOf("! "),
    before.lastIndexOf(", "),
    before.lastIndexOf("; "),
    before.lastIndexOf("\n"),
  );
  const endMatch = after.search(/[.?!;,\n]/);
  const end = endMatch === -1 ? after.length : endMatch;
  let clause = `${before.slice(start + 1)}${hit.text}${after.slice(0, end)}`.trim();
  clause = clause.replace(/^["“”']+|["“”']+$/g, "");
  if (clause.length > max) {
    // Keep the match in view: centre the window on it.
    const rel = clause.indexOf(hit.text.trim());
    const from = Math.max(0, rel - Math.floor((max - hit.text.length) / 2));
    const slice = clause.slice(from);
    return `${from > 0 ? "…" : ""}${shorten(slice, max)}`;
  }
  return shorten(clause, max);
}

export function quote(phrase: string): string {
  return `"${shorten(phrase, 90)}"`;
}

/** Up to `n` distinct quoted phrases, in order of appearance; reads no more of `phrases` than it needs. */
export function quoteList(phrases: Iterable<string>, n = 3): string {
  const seen = new Set<string>();
  const out: string[] = [];
  const kept: string[] = [];
  for (const p of phrases) {
    const key = p.toLowerCase().replace(/\s+/g, " ").trim();
    if (!key || seen.has(key)) continue;
    // Two windows onto the same clause ("…resulted in a 40% reduction…") are one quote.
    const core = key.replace(/^…|…$/g, "");
    const middle = core.slice(Math.max(0, core.length / 2 - 10), core.length / 2 + 10);
    if (middle.length >= 12 && kept.some((k) => k.includes(middle))) continue;
    seen.add(key);
    kept.push(core);
    out.push(quote(p));
    if (out.length >= n) break;
  }
  return out.join(", ");
}
