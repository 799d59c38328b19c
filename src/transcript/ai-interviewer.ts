import type { FormatParse } from "./format-parse.js";
import type { Answer, Candidate, NameSource, Tier } from "./model.js";
import { joinParagraphs, stripWrappingQuotes } from "./text.js";

/**
 * The AI-interviewer export: `Candidate: <name> - <role>` blocks of `Q<n>:` / `A<n>:` pairs,
 * each optionally followed by `Relevance Score: <0..1> [STRUGGLED]`, grouped under optional
 * tier headings. Scanned line by line with small anchored patterns, so a 2 MB line or a
 * malformed file costs linear time and every oddity can be reported with its line number.
 */

export interface AiInterviewerOptions {
  /** Used as the candidate's name when Q/A pairs appear before any `Candidate:` line. */
  fallbackName: string;
}

const tierHeading = /^(weak|average|strong|exceptional)\s+candidates?\s*:?$/i;
const candidateLine = /^\**candidate(?:\s+name)?\**\s*:\**\s*(.*)$/i;
const questionLine = /^\**(?:q|question\s?)(\d{1,6})\**\s*[:.)]\**\s*(.*)$/i;
const answerLine = /^\**(?:a|answer\s?)(\d{1,6})\**\s*[:.)]\**\s*(.*)$/i;
const scoreLine = /^\**relevance\s+score\**\s*:\**\s*(.*)$/i;
const roleLine = /^(?:role|position)\s*:\s*(.+)$/i;
const nameRoleSeparators = [" - ", " \u2013 ", " \u2014 ", " | "];

/** Cheap pre-checks so most lines never reach a regex. */
function maybeMarker(trimmed: string): boolean {
  const c = trimmed.charCodeAt(0);
  // * A Q R a q r C c W w S s E e
  return (
    c === 42 ||
    c === 65 ||
    c === 97 ||
    c === 81 ||
    c === 113 ||
    c === 82 ||
    c === 114 ||
    c === 67 ||
    c === 99 ||
    c === 87 ||
    c === 119 ||
    c === 83 ||
    c === 115 ||
    c === 69 ||
    c === 101 ||
    c === 80 ||
    c === 112
  );
}

function isRule(trimmed: string, ch: string): boolean {
  if (trimmed.length < 3) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== ch) return false;
  return true;
}

/** Counts Q/A marker lines; the format detector uses it. */
export function countAiInterviewerMarkers(lines: readonly string[], limit = lines.length) {
  let questions = 0;
  let answers = 0;
  let candidates = 0;
  for (let i = 0; i < Math.min(limit, lines.length); i++) {
    const raw = (lines[i] as string).trim();
    const t = raw.charCodeAt(0) === 35 ? raw.replace(/^#{1,6}\s*/, "") : raw;
    if (t.length === 0 || !maybeMarker(t)) continue;
    if (questionLine.test(t)) questions++;
    else if (answerLine.test(t)) answers++;
    else if (candidateLine.test(t)) candidates++;
  }
  return { questions, answers, candidates };
}

interface PairDraft {
  n: number;
  line: number;
  question: string[];
  answer: string[] | null;
  answerLine: number;
  sourceRelevance: number | null;
  struggled: boolean;
}

interface CandidateDraft {
  name: string;
  role: string | null;
  sourceTier: Tier | null;
  nameSource: NameSource;
  line: number;
  pairs: PairDraft[];
}

type Mode = "none" | "header" | "question" | "answer" | "after-score";

export function parseAiInterviewer(
  lines: readonly string[],
  options: AiInterviewerOptions,
): FormatParse {
  const warnings: string[] = [];
  const candidates: Candidate[] = [];
  const broken: number[] = [];
  let tier: Tier | null = null;
  let current: CandidateDraft | null = null;
  let pair: PairDraft | null = null;
  let mode: Mode = "none";
  let strayStart = -1;

  const flushStray = (endLine: number) => {
    if (strayStart === -1) return;
    const range = endLine > strayStart ? `lines ${strayStart}-${endLine}` : `line ${strayStart}`;
    warnings.push(`${capitalise(range)}: text outside any question or answer was not used.`);
    strayStart = -1;
  };

  const finishPair = (atEof: boolean) => {
    if (!pair || !current) return;
    current.pairs.push(pair);
    if (atEof && pair.answer !== null && mode === "answer") {
      const raw = joinParagraphs(pair.answer);
      if (stripWrappingQuotes(raw).unterminated) {
        warnings.push(
          `Line ${pair.answerLine}: the answer to Q${pair.n} seems cut off at the end of the file (its closing quote is missing); the text that is there was kept.`,
        );
      }
    }
    pair = null;
  };

  const finishCandidate = (atEof: boolean) => {
    finishPair(atEof);
    if (!current) return;
    const built = buildCandidate(current, warnings);
    if (built.answers.some((a) => a.answer.length > 0)) candidates.push(built);
    else {
      broken.push(current.line);
      warnings.push(
        `Line ${current.line}: this candidate block has no answers, so it was left out; the other candidates were kept.`,
      );
    }
    current = null;
  };

  const ensureCandidate = (lineNo: number): CandidateDraft => {
    if (current) return current;
    current = {
      name: options.fallbackName,
      role: null,
      sourceTier: tier,
      nameSource: "file-name",
      line: lineNo,
      pairs: [],
    };
    warnings.push(
      `Line ${lineNo}: questions appear before any "Candidate:" line, so the candidate was named after the file.`,
    );
    return current;
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] as string;
    const t = raw.trim();
    if (t.length === 0) {
      if (mode === "question") pair?.question.push("");
      else if (mode === "answer") pair?.answer?.push("");
      continue;
    }
    const first = t[0];
    if (first === "=" && isRule(t, "=")) {
      flushStray(lineNo - 1);
      finishPair(false);
      mode = "none";
      continue;
    }
    if (first === "~" && isRule(t, "~")) {
      flushStray(lineNo - 1);
      finishPair(false);
      mode = "none";
      continue;
    }
    if (first === "-" && mode === "header" && isRule(t, "-")) continue;

    // Markdown exports put the same markers behind `#` headings: `## STRONG CANDIDATES`.
    const m = first === "#" ? t.replace(/^#{1,6}\s*/, "") : t;
    if (m.length > 0 && maybeMarker(m)) {
      const heading = m.length < 40 ? tierHeading.exec(m) : null;
      if (heading) {
        flushStray(lineNo - 1);
        finishCandidate(false);
        tier = (heading[1] as string).toLowerCase() as Tier;
        mode = "none";
        continue;
      }
      const cand = candidateLine.exec(m);
      if (cand) {
        flushStray(lineNo - 1);
        finishCandidate(false);
        const { name, role } = splitNameRole(cand[1] as string);
        if (!name) {
          warnings.push(
            `Line ${lineNo}: the "Candidate:" line has no name; the block was named after its line.`,
          );
        }
        current = {
          name: name || `Unnamed candidate (line ${lineNo})`,
          role,
          sourceTier: tier,
          nameSource: "header",
          line: lineNo,
          pairs: [],
        };
        mode = "header";
        continue;
      }
      const q = questionLine.exec(m);
      if (q) {
        flushStray(lineNo - 1);
        ensureCandidate(lineNo);
        finishPair(false);
        pair = {
          n: Number(q[1]),
          line: lineNo,
          question: [q[2] as string],
          answer: null,
          answerLine: lineNo,
          sourceRelevance: null,
          struggled: false,
        };
        mode = "question";
        continue;
      }
      const a = answerLine.exec(m);
      if (a) {
        flushStray(lineNo - 1);
        const n = Number(a[1]);
        ensureCandidate(lineNo);
        if (!pair || pair.answer !== null) {
          finishPair(false);
          warnings.push(
            `Line ${lineNo}: A${n} has no question before it; it was kept with an empty question.`,
          );
          pair = {
            n,
            line: lineNo,
            question: [],
            answer: null,
            answerLine: lineNo,
            sourceRelevance: null,
            struggled: false,
          };
        } else if (pair.n !== n) {
          warnings.push(
            `Line ${lineNo}: A${n} follows Q${pair.n}; it was taken as the answer to Q${pair.n}.`,
          );
        }
        pair.answer = [a[2] as string];
        pair.answerLine = lineNo;
        mode = "answer";
        continue;
      }
      const score = scoreLine.exec(m);
      if (score) {
        flushStray(lineNo - 1);
        if (!pair) {
          warnings.push(`Line ${lineNo}: a relevance score outside any question was not used.`);
        } else {
          readScore(score[1] as string, pair, lineNo, warnings);
          if (pair.answer === null) {
            warnings.push(`Line ${lineNo}: Q${pair.n} has a relevance score but no answer.`);
          }
        }
        mode = "after-score";
        continue;
      }
      if (mode === "header" && current && current.role === null) {
        const role = roleLine.exec(m);
        if (role) {
          current.role = (role[1] as string).trim();
          continue;
        }
      }
    }

    if (mode === "question") pair?.question.push(raw);
    else if (mode === "answer") pair?.answer?.push(raw);
    else if (current !== null || candidates.length > 0 || broken.length > 0) {
      if (strayStart === -1) strayStart = lineNo;
      continue;
    }
    // Text before the first candidate is the file's title block: not part of any interview.
    flushStray(lineNo - 1);
  }
  flushStray(lines.length);
  finishCandidate(true);
  return { candidates, warnings, brokenLines: broken };
}

function readScore(value: string, pair: PairDraft, lineNo: number, warnings: string[]): void {
  let rest = value.trim();
  const flagAt = rest.toUpperCase().indexOf("[STRUGGLED]");
  if (flagAt !== -1) {
    pair.struggled = true;
    rest = (rest.slice(0, flagAt) + rest.slice(flagAt + "[STRUGGLED]".length)).trim();
  }
  if (rest.length === 0) return;
  const numeric = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)/.exec(rest);
  const number = numeric ? Number(numeric[0]) : Number.NaN;
  const percent = numeric ? rest.slice(numeric[0].length).trim().startsWith("%") : false;
  const scaled = percent ? number / 100 : number;
  if (Number.isFinite(scaled) && scaled >= 0 && scaled <= 1) pair.sourceRelevance = scaled;
  else {
    warnings.push(
      `Line ${lineNo}: the relevance score "${rest.slice(0, 20)}" is not a number from 0 to 1, so it was not kept.`,
    );
  }
}

/** `Dr. Amanda Foster - NLP Engineer`: names keep their hyphens because the separator is spaced. */
export function splitNameRole(value: string): { name: string; role: string | null } {
  const text = value.replace(/\*\*/g, "").trim();
  let best = -1;
  let sepLength = 0;
  for (const sep of nameRoleSeparators) {
    const at = text.indexOf(sep);
    if (at !== -1 && (best === -1 || at < best)) {
      best = at;
      sepLength = sep.length;
    }
  }
  if (best !== -1) {
    const role = text.slice(best + sepLength).trim();
    return { name: text.slice(0, best).trim(), role: role.length > 0 ? role : null };
  }
  const paren = text.endsWith(")") ? text.lastIndexOf(" (") : -1;
  if (paren > 0) {
    return { name: text.slice(0, paren).trim(), role: text.slice(paren + 2, -1).trim() || null };
  }
  return { name: text.replace(/\s+-$/, "").trim(), role: null };
}

function buildCandidate(draft: CandidateDraft, warnings: string[]): Candidate {
  const answers: Answer[] = [];
  let previous = 0;
  for (const pair of draft.pairs) {
    let n = pair.n;
    if (n <= previous) {
      warnings.push(
        `Line ${pair.line}: question number ${n} is out of order; it was numbered ${previous + 1}.`,
      );
      n = previous + 1;
    }
    previous = n;
    if (pair.answer === null) {
      warnings.push(
        `Line ${pair.line}: Q${pair.n} has no answer; it was kept with an empty answer.`,
      );
    }
    const question = stripWrappingQuotes(joinParagraphs(pair.question)).text;
    const answer =
      pair.answer === null ? "" : stripWrappingQuotes(joinParagraphs(pair.answer)).text;
    if (pair.answer !== null && answer.length === 0) {
      warnings.push(`Line ${pair.answerLine}: the answer to Q${pair.n} is empty.`);
    }
    answers.push({
      n,
      question,
      answer,
      sourceRelevance: pair.sourceRelevance,
      struggled: pair.struggled,
    });
  }
  return {
    name: draft.name,
    role: draft.role,
    sourceTier: draft.sourceTier,
    answers,
    nameSource: draft.nameSource,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
