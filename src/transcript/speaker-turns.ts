import type { FormatParse } from "./format-parse.js";
import { joinParagraphs } from "./text.js";
import { isRoleLabel, pairTurns, type Turn } from "./turns.js";

/**
 * Plain-text speaker turns: `Interviewer: …` / `Jane Doe: …` lines (MIT interviews, Google Meet,
 * most copy-pastes) and Otter's `Jane Doe  1:23` heading lines with the text below. A label
 * counts as a speaker only when it recurs or names a role, so `Note: …` inside an answer stays
 * part of the answer.
 */

export interface SpeakerTurnOptions {
  fallbackName: string;
}

export interface Labelled {
  label: string;
  text: string;
}

const maxLabelLength = 60;
/** Two to four capitalised words: how a one-off label must look to count as a person. */
export const personName = /^[\p{Lu}][\p{L}'’.-]*(?: [\p{Lu}][\p{L}'’.-]*){1,3}$/u;
const nameKeys = new Set([
  "candidate",
  "candidate name",
  "full name",
  "interviewee",
  "interviewee name",
  "applicant",
  "name",
]);
const headerKeys = new Set([
  ...nameKeys,
  "role",
  "position",
  "job",
  "job title",
  "title",
  "date",
  "time",
  "duration",
  "interviewer",
  "interviewer name",
  "interviewers",
  "company",
  "location",
  "attendees",
  "participants",
  "subject",
  "meeting",
  "recorded",
  "transcript",
]);
const roleKeys = new Set(["role", "position", "job", "job title"]);

/** Tool notices that are not anyone's speech. */
const boilerplate =
  /^(?:transcribed by\b|transcription ended after\b|this editable transcript was computer generated|meeting ended after\b|recording (?:started|stopped)\b)/i;

/** First-character filter so the common line never reaches the two regexes below. */
function maybeBoilerplate(trimmed: string): boolean {
  const c = trimmed.charCodeAt(0) | 0x20; // ASCII lower case
  return (
    (c >= 0x30 && c <= 0x39) || c === 0x7b || c === 0x28 || c === 0x74 || c === 0x6d || c === 0x72
  );
}

function isTimestamp(token: string): boolean {
  // h:mm:ss, m:ss, with optional brackets/parentheses and fractional seconds
  return /^[[(]?\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?[\])]?$/.test(token);
}

/**
 * Labels repeat on every line of a transcript, so their cleaning is memoised per parse-free
 * module cache; bounded so a file of distinct junk labels cannot grow it without limit.
 */
const labelCache = new Map<string, string | null>();

function cleanLabel(raw: string): string | null {
  const cached = labelCache.get(raw);
  if (cached !== undefined) return cached;
  const label = computeLabel(raw);
  if (labelCache.size > 10_000) labelCache.clear();
  labelCache.set(raw, label);
  return label;
}

function computeLabel(raw: string): string | null {
  let label = raw.replace(/\*\*|__/g, "").trim();
  // "[00:01:02] Jane", "00:01:02 Jane", "Jane (00:01:02)", "Jane 00:01"
  const parts = label.split(/\s+/);
  while (parts.length > 1 && isTimestamp(parts[0] as string)) parts.shift();
  while (parts.length > 1 && isTimestamp(parts[parts.length - 1] as string)) parts.pop();
  label = parts.join(" ");
  if (label.startsWith("[") && label.endsWith("]")) label = label.slice(1, -1).trim();
  if (label.length === 0 || label.length > maxLabelLength || parts.length > 6) return null;
  if (!/^[\p{L}][\p{L}\p{M}\d .'’()-]*$/u.test(label)) return null;
  if (/\d/.test(label) && !/^[\p{L} ]+#?\d{1,3}$/u.test(label)) return null;
  return label;
}

/** `Jane Doe: text` → label and text; anything else → null. Linear: one indexOf, short slices. */
export function splitLabel(line: string): Labelled | null {
  let trimmed = line.trimStart();
  // Dialogue bullets: "- Jane: …", "> Jane: …", "• Jane: …".
  const c = trimmed.charCodeAt(0);
  if ((c === 45 || c === 62 || c === 0x2022) && trimmed.charCodeAt(1) === 32)
    trimmed = trimmed.slice(2);
  // The label ends at the first colon followed by a space, a tab, `*` or the end of the line,
  // so the colons inside `[00:01:02] Jane:` or `Jane (00:01:02):` are skipped.
  const limit = Math.min(trimmed.length, maxLabelLength + 24);
  let colon = -1;
  for (let i = trimmed.indexOf(":"); i !== -1 && i < limit; i = trimmed.indexOf(":", i + 1)) {
    const after = trimmed.charCodeAt(i + 1);
    if (Number.isNaN(after) || after === 32 || after === 9 || after === 42) {
      colon = i;
      break;
    }
  }
  if (colon < 1) return null;
  const label = cleanLabel(trimmed.slice(0, colon));
  if (!label) return null;
  let textStart = colon + 1;
  while (trimmed.charCodeAt(textStart) === 42) textStart++; // "**Jane:** text"
  return { label, text: trimmed.slice(textStart).trim() };
}

/** Otter: `Jane Doe  1:23` (the text follows on the next lines). */
function otterHeading(line: string): string | null {
  const trimmed = line.trim();
  if (trimmed.length > maxLabelLength + 12) return null;
  const space = trimmed.lastIndexOf(" ");
  if (space < 1 || !isTimestamp(trimmed.slice(space + 1))) return null;
  const label = cleanLabel(trimmed.slice(0, space));
  return label && label.split(" ").length <= 4 ? label : null;
}

const keyCache = new Map<string, string>();

/** Memoised: it runs for every line, over a handful of distinct labels. */
function labelKey(label: string): string {
  let key = keyCache.get(label);
  if (key === undefined) {
    key = label.replace(/\s+/g, " ").toLowerCase();
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(label, key);
  }
  return key;
}

interface LabelTally {
  /** Lines per label key; an Otter heading counts twice (a name and a time alone on a line is telling). */
  counts: Map<string, number>;
  /** Keys of labels seen once that look like a person's full name (`Anna Hewitt:`). */
  people: Set<string>;
  parsed: (Labelled | { otter: string } | null)[];
  nonEmpty: number;
  /** Label key of the first non-empty line, if it has one. */
  firstKey: string | undefined;
}

function tallyLabels(lines: readonly string[], limit: number): LabelTally {
  const counts = new Map<string, number>();
  const firstLabel = new Map<string, string>();
  const n = Math.min(limit, lines.length);
  const parsed: LabelTally["parsed"] = new Array(n);
  let nonEmpty = 0;
  let firstKey: string | undefined;
  for (let i = 0; i < n; i++) {
    const line = lines[i] as string;
    parsed[i] = null;
    if (line.trim().length === 0) continue;
    nonEmpty++;
    const labelled = splitLabel(line);
    const label = labelled?.label ?? otterHeading(line);
    if (nonEmpty === 1 && label) firstKey = labelKey(label);
    if (!label) continue;
    parsed[i] = labelled ?? { otter: label };
    const key = labelKey(label);
    counts.set(key, (counts.get(key) ?? 0) + (labelled ? 1 : 2));
    if (!firstLabel.has(key)) firstLabel.set(key, label);
  }
  const people = new Set<string>();
  for (const [key, count] of counts) {
    if (count === 1 && !headerKeys.has(key) && personName.test(firstLabel.get(key) ?? ""))
      people.add(key);
  }
  return { counts, people, parsed, nonEmpty, firstKey };
}

/**
 * Speakers are labels that recur or name a role; labels seen once count only when they look
 * like people's full names and carry most of the file (a two-line exchange between two named
 * people), so a résumé's `Work Experience:` headings do not make it a conversation.
 */
function speakersOf(tally: LabelTally): { recurring: [string, number][]; people: Set<string> } {
  const recurring = [...tally.counts.entries()].filter(([k, n]) => n >= 2 || isRoleLabel(k));
  const anyRole = recurring.some(([k]) => isRoleLabel(k));
  const opensWithPerson = tally.firstKey !== undefined && tally.people.has(tally.firstKey);
  const peopleCarry =
    tally.people.size >= 2 && (opensWithPerson || tally.people.size * 2 >= tally.nonEmpty);
  const people =
    !anyRole && (recurring.length >= 1 || peopleCarry) ? tally.people : new Set<string>();
  return { recurring, people };
}

/** Counts how many lines look like speaker turns; the format detector uses it. */
export function countSpeakerTurns(
  lines: readonly string[],
  limit: number,
): { turns: number; speakers: number } {
  const { recurring, people } = speakersOf(tallyLabels(lines, limit));
  return {
    turns: recurring.reduce((sum, [, n]) => sum + n, 0) + people.size,
    speakers: recurring.length + people.size,
  };
}

export function parseSpeakerTurns(
  lines: readonly string[],
  options: SpeakerTurnOptions,
): FormatParse {
  const warnings: string[] = [];
  // Pass 1: which labels are speakers.
  const tally = tallyLabels(lines, lines.length);
  const { counts, parsed } = tally;
  const { recurring, people } = speakersOf(tally);
  const speakerVerdicts = new Map<string, boolean>();
  const isSpeaker = (label: string): boolean => {
    const key = labelKey(label);
    let verdict = speakerVerdicts.get(key);
    if (verdict === undefined) {
      verdict = (counts.get(key) ?? 0) >= 2 || isRoleLabel(key) || people.has(key);
      speakerVerdicts.set(key, verdict);
    }
    return verdict;
  };

  // Pass 2: turns, with the header (lines before the first turn) kept for the candidate's name.
  const turns: Turn[] = [];
  let current: { speaker: string; lines: string[]; line: number } | null = null;
  let headerName: string | undefined;
  let headerRole: string | undefined;
  const flush = () => {
    if (current)
      turns.push({
        speaker: current.speaker,
        text: joinParagraphs(current.lines),
        line: current.line,
      });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const trimmed = raw.trim();
    const p = parsed[i];
    if (trimmed.length === 0) {
      current?.lines.push("");
      continue;
    }
    if (maybeBoilerplate(trimmed) && (boilerplate.test(trimmed) || isTimestamp(trimmed))) continue;
    if (p && "otter" in p && isSpeaker(p.otter)) {
      flush();
      current = { speaker: p.otter, lines: [], line: i + 1 };
      continue;
    }
    if (p && "label" in p) {
      const key = labelKey(p.label);
      if (turns.length === 0 && current === null && looksLikeHeader(key, p.text)) {
        if (nameKeys.has(key) && p.text) headerName ??= p.text;
        if (roleKeys.has(key) && p.text) headerRole ??= p.text;
        continue;
      }
      if (isSpeaker(p.label)) {
        flush();
        current = { speaker: p.label, lines: [p.text], line: i + 1 };
        continue;
      }
    }
    if (current) current.lines.push(raw);
    else if (trimmed.startsWith("#") || turns.length === 0) {
      headerName ??= titleName(trimmed);
    }
  }
  flush();

  /**
   * `Date: …` once at the top is a header. `Candidate: Jane Doe` is one too when other speakers
   * carry the conversation; `Interviewer: Tell me…` opening a two-line transcript is not.
   */
  function looksLikeHeader(key: string, text: string): boolean {
    if (!headerKeys.has(key) || (counts.get(key) ?? 0) >= 2) return false;
    if (!isRoleLabel(key)) return true;
    const othersCarry = recurring.some(([k, n]) => k !== key && !(n === 1 && headerKeys.has(k)));
    return othersCarry && text.length <= 80 && !text.includes("?");
  }

  if (headerName) {
    const split = splitHeaderName(headerName);
    headerName = split.name;
    headerRole ??= split.role;
  }
  const result = pairTurns(turns, {
    fallbackName: options.fallbackName,
    headerName,
    headerRole,
    joiner: "\n\n",
  });
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

/** "Interview with Jane Doe - Backend Engineer" in a title line: the name and what follows. */
function titleName(line: string): string | undefined {
  const m = /\b[Ii]nterview(?:ing)?\s+(?:with|of)\s+([\p{Lu}].*)$/u.exec(
    line.length > 300 ? line.slice(0, 300) : line,
  );
  if (!m) return undefined;
  const { name, role } = splitHeaderName(m[1] as string);
  if (!/^[\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,3}$/u.test(name)) return undefined;
  return role ? `${name} - ${role}` : name;
}

/**
 * `Jane Doe - Backend Engineer`, `Jane Doe | SRE`, `Jane Doe, Staff Engineer`. A comma splits
 * only when a role of two or more words follows, so `Doe, Jane` stays a name.
 */
function splitHeaderName(value: string): { name: string; role: string | undefined } {
  for (const sep of [" - ", " \u2013 ", " \u2014 ", " | ", ", "]) {
    const at = value.indexOf(sep);
    if (at <= 0) continue;
    const role = value.slice(at + sep.length).trim();
    if (sep === ", " && role.split(/\s+/).length < 2) continue;
    return { name: value.slice(0, at).trim(), role: role || undefined };
  }
  return { name: value.trim(), role: undefined };
}
