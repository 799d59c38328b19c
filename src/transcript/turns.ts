import { AppError } from "../errors.js";
import { isBackchannel } from "./backchannel.js";
import type { FormatParse } from "./format-parse.js";
import type { Answer, NameSource } from "./model.js";

/**
 * Speaker-turn pairing shared by plain-text transcripts and WebVTT/SRT captions: decide who the
 * candidate is, then pair each stretch of interviewer talk with the candidate's reply.
 */

export interface Turn {
  speaker: string;
  text: string;
  /** 1-based line where the turn starts. */
  line: number;
}

export interface TurnContext {
  /** From the file name; the last resort for the candidate's name. */
  fallbackName: string;
  /** A candidate named outside the turns (a `Candidate: Jane Doe` header or `Interview with …` title). */
  headerName?: string | undefined;
  /** A role named outside the turns. */
  headerRole?: string | undefined;
  /** How consecutive turns of one speaker are joined: paragraphs for text, a space for caption cues. */
  joiner: "\n\n" | " ";
}

const candidateRole =
  /^(?:the\s+)?(?:interviewee|candidate|applicant|respondent|job\s+seeker|a|answer)(?:\s*#?\d+)?$/i;
const interviewerRole =
  /^(?:the\s+)?(?:interviewer|recruiter|hiring\s+manager|host|moderator|panel(?:ist)?|assessor|q|question|ai\s+interviewer|bot)(?:\s*#?\d+)?$/i;
/** Labels that name a slot, not a person: never used as the candidate's name. */
const genericLabel =
  /^(?:(?:unknown\s+)?speaker(?:\s*#?\d+)?|unknown|participant(?:\s*#?\d+)?|guest(?:\s*#?\d+)?|user(?:\s*#?\d+)?|person(?:\s*#?\d+)?|[a-z])$/i;

export function isRoleLabel(label: string): boolean {
  return candidateRole.test(label) || interviewerRole.test(label);
}

const keyCache = new Map<string, string>();

/** Memoised: called for every turn, but a transcript has only a handful of labels. */
function speakerKey(label: string): string {
  let key = keyCache.get(label);
  if (key === undefined) {
    key = label.replace(/\s+/g, " ").trim().toLowerCase();
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(label, key);
  }
  return key;
}

function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** Merges consecutive turns of one speaker so a reply split over lines or cues is one turn. */
export function mergeTurns(turns: readonly Turn[], joiner: string): Turn[] {
  const out: Turn[] = [];
  for (const turn of turns) {
    const text = turn.text.trim();
    if (text.length === 0) continue;
    const last = out[out.length - 1];
    if (last && speakerKey(last.speaker) === speakerKey(turn.speaker))
      last.text = `${last.text}${joiner}${text}`;
    else out.push({ speaker: turn.speaker, text, line: turn.line });
  }
  return out;
}

interface Choice {
  key: string;
  how: string;
  byHeader?: boolean;
}

/**
 * The candidate is, in order: the speaker labelled as one (`Interviewee:`, `Candidate:`); the
 * speaker whose label matches a name given in the header; else the speaker who answers the
 * others' questions (most words said right after another speaker's question), falling back
 * to the speaker who talks most and asks least.
 */
function chooseCandidate(
  everyone: readonly Turn[],
  turns: readonly Turn[],
  headerName: string | undefined,
): Choice | null {
  const speakers = new Map<
    string,
    { label: string; words: number; asked: number; answered: number }
  >();
  for (const t of everyone) {
    const key = speakerKey(t.speaker);
    if (!speakers.has(key))
      speakers.set(key, { label: t.speaker, words: 0, asked: 0, answered: 0 });
  }
  if (speakers.size < 2) return null;
  const byRole = [...speakers.entries()].filter(([, s]) => candidateRole.test(s.label));
  if (byRole.length === 1)
    return { key: byRole[0]?.[0] as string, how: "it is labelled as the candidate" };
  if (headerName) {
    const wanted = speakerKey(headerName);
    const first = wanted.split(" ")[0] ?? wanted;
    const match =
      [...speakers.keys()].find((k) => k === wanted) ??
      [...speakers.keys()].find((k) => k.split(" ")[0] === first);
    if (match) return { key: match, how: "the header names them", byHeader: true };
  }
  let lastQuestioner: string | null = null;
  for (const t of turns) {
    const key = speakerKey(t.speaker);
    const s = speakers.get(key);
    if (!s) continue;
    if (isBackchannel(t.text)) continue;
    const words = wordCount(t.text);
    s.words += words;
    if (lastQuestioner !== null && lastQuestioner !== key) s.answered += words;
    if (t.text.includes("?")) {
      s.asked++;
      lastQuestioner = key;
    } else lastQuestioner = null;
  }
  const ranked = [...speakers.entries()]
    .filter(([, s]) => !interviewerRole.test(s.label))
    .sort((a, b) => b[1].answered - a[1].answered || b[1].words - a[1].words);
  const best = ranked[0];
  if (!best) return null;
  if (best[1].answered > 0 && best[1].answered >= 1.5 * (ranked[1]?.[1].answered ?? 0)) {
    return { key: best[0], how: "they answer the other speakers' questions" };
  }
  const talkers = [...ranked].sort(
    (a, b) => b[1].words / (1 + b[1].asked) - a[1].words / (1 + a[1].asked),
  );
  const top = talkers[0] as [string, { label: string }];
  return { key: top[0], how: "they talk the most and ask the fewest questions" };
}

const selfIntro = /\bmy name(?:'s|’s| is) ([\p{Lu}][\p{L}'’-]+(?: [\p{Lu}][\p{L}'’-]+){0,2})/u;
const greetingIntro =
  /\b(?:[Hh]i|[Hh]ello|[Hh]ey)[,!.]?\s+I(?:'|’)?m ([\p{Lu}][\p{L}'’-]+)(?=[\s.,!]|$)/u;
const addressed =
  /(?:^|[\s,.!?])(?:[Hh]i|[Hh]ello|[Hh]ey|[Ww]elcome|[Tt]hanks|[Tt]hank you|[Nn]ice to meet you|[Gg]reat to meet you|[Gg]ood to meet you|[Gg]ood morning|[Gg]ood afternoon)[,!]?\s+([\p{Lu}][\p{L}'’-]+)(?=[\s.,!?]|$)/u;
const notNames = new Set([
  "I",
  "So",
  "And",
  "For",
  "Again",
  "Very",
  "So",
  "The",
  "Everyone",
  "Everybody",
  "All",
  "Guys",
  "There",
  "Then",
  "You",
  "Okay",
  "Ok",
  "Yes",
  "Well",
  "To",
  "My",
  "Our",
  "We",
  "It",
  "That",
  "This",
  "Sir",
  "Madam",
  "Mr",
  "Ms",
  "Mrs",
  "Doctor",
  "Back",
]);

function findName(pattern: RegExp, texts: readonly string[]): string | undefined {
  for (const text of texts) {
    const m = pattern.exec(text.length > 4000 ? text.slice(0, 4000) : text);
    const name = m?.[1]?.trim();
    if (
      name &&
      !notNames.has(name.split(" ")[0] ?? name) &&
      !/['’](?:m|s|re|ve|ll|d)\b/.test(name)
    ) {
      return name;
    }
  }
  return undefined;
}

export function pairTurns(rawTurns: readonly Turn[], ctx: TurnContext): FormatParse {
  const warnings: string[] = [];
  // Backchannels go before merging, so "Mm-hmm." does not glue itself onto the next real turn.
  // The first turn of each speaker, backchannels included: who is in the conversation.
  const everyone: Turn[] = [];
  const seen = new Set<string>();
  for (const t of rawTurns) {
    const key = speakerKey(t.speaker);
    if (!seen.has(key) && t.text.trim().length > 0) {
      seen.add(key);
      everyone.push(t);
    }
  }
  const turns = mergeTurns(
    rawTurns.filter((t) => !isBackchannel(t.text)),
    ctx.joiner,
  );
  const choice = chooseCandidate(everyone, turns, ctx.headerName);
  if (!choice) {
    const failure = new AppError(
      "NOT_A_TRANSCRIPT",
      everyone.length === 0
        ? "No speaker turns were found in this file, so it has no questions and answers."
        : "This file has turns from only one speaker, so it has no questions and answers to pair.",
    );
    return { candidates: [], warnings, brokenLines: [], failure };
  }
  const isCandidate = (t: Turn) => speakerKey(t.speaker) === choice.key;
  const firstCandidateTurn = everyone.find(isCandidate) as Turn;
  const label = firstCandidateTurn.speaker;
  // One pass instead of two filters and a map over every turn: only the first five replies
  // and the set of other speakers are needed.
  const firstReplies: string[] = [];
  const otherSpeakers = new Set<string>();
  for (const t of turns) {
    const key = speakerKey(t.speaker);
    if (key !== choice.key) otherSpeakers.add(key);
    else if (firstReplies.length < 5) firstReplies.push(t.text);
  }

  let name: string;
  let nameSource: NameSource;
  const selfNamed =
    findName(selfIntro, firstReplies) ?? findName(greetingIntro, firstReplies.slice(0, 2));
  const addressedAs = findName(
    addressed,
    turns
      .slice(0, 12)
      .filter((t) => !isCandidate(t))
      .map((t) => t.text),
  );
  if (ctx.headerName && choice.byHeader) {
    // The header's "Mia Chen" is fuller than the label "Mia" it was matched to.
    name = ctx.headerName;
    nameSource = "header";
  } else if (!isRoleLabel(label) && !genericLabel.test(label)) {
    name = label;
    nameSource = "label";
  } else if (ctx.headerName) {
    name = ctx.headerName;
    nameSource = "header";
  } else if (selfNamed) {
    name = selfNamed;
    nameSource = "introduced";
  } else if (addressedAs) {
    name = addressedAs;
    nameSource = "addressed";
  } else {
    name = ctx.fallbackName;
    nameSource = "file-name";
  }
  // Role labels are safe to repeat; a personal label is candidate data, kept out of warnings.
  const who =
    nameSource === "label"
      ? "the speaker whose label is their name"
      : `the speaker labelled "${label}"`;
  warnings.push(
    `The candidate was taken to be ${who}, because ${choice.how}; their name comes from ${nameSourceText[nameSource]}.`,
  );
  if (otherSpeakers.size > 2) {
    warnings.push(
      `${otherSpeakers.size + 1} people speak in this transcript; everyone but the candidate was treated as an interviewer.`,
    );
  }

  const answers: Answer[] = [];
  let question: string[] = [];
  let answer: string[] = [];
  let questionLine = 0;
  const close = () => {
    if (answer.length > 0) {
      answers.push({
        n: answers.length + 1,
        question: question.join("\n\n"),
        answer: answer.join("\n\n"),
        sourceRelevance: null,
        struggled: false,
      });
      question = [];
      answer = [];
    }
  };
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i] as Turn;
    if (isBackchannel(t.text)) continue;
    if (isCandidate(t)) {
      // Talk before the first question (greetings) is not an answer to anything.
      if (question.length === 0 && answer.length === 0) continue;
      answer.push(t.text);
      continue;
    }
    if (answer.length > 0 && isInterjection(t, turns[i + 1], isCandidate)) continue;
    close();
    if (question.length === 0) questionLine = t.line;
    question.push(t.text);
  }
  close();
  if (question.length > 0 && question.some((q) => q.includes("?"))) {
    answers.push({
      n: answers.length + 1,
      question: question.join("\n\n"),
      answer: "",
      sourceRelevance: null,
      struggled: false,
    });
    warnings.push(
      `Line ${questionLine}: the last question has no answer; it was kept with an empty answer.`,
    );
  }
  if (answers.every((a) => a.answer.length === 0)) {
    const failure = new AppError(
      "NO_ANSWERS",
      'The candidate never answers a question in this transcript: every reply is an acknowledgement like "okay" or "mm-hmm".',
      { line: firstCandidateTurn.line },
    );
    return { candidates: [], warnings, brokenLines: [], failure };
  }
  if (answers.length === 1) {
    warnings.push("Only one question and answer was found; check that this file is an interview.");
  }
  return {
    candidates: [
      {
        name,
        role: ctx.headerRole ?? null,
        sourceTier: null,
        answers,
        nameSource,
      },
    ],
    warnings,
    brokenLines: [],
  };
}

const nameSourceText: Record<NameSource, string> = {
  header: "the transcript's header",
  label: "their speaker label",
  addressed: "how the interviewer addresses them",
  introduced: "how they introduce themselves",
  "file-name": "the file name, because the transcript does not name them",
};

/**
 * A few words from the interviewer between two stretches of the candidate's talk ("You're
 * busy.", "In Boston.") are an aside, not a new question, unless they ask something.
 */
function isInterjection(
  t: Turn,
  next: Turn | undefined,
  isCandidate: (t: Turn) => boolean,
): boolean {
  return next !== undefined && isCandidate(next) && !t.text.includes("?") && wordCount(t.text) <= 3;
}
