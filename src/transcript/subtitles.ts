import { decodeHTML } from "entities";
import { type NodeCue, parseSync } from "subtitle";
import { AppError } from "../errors.js";
import type { FormatParse } from "./format-parse.js";
import { personName, splitLabel } from "./speaker-turns.js";
import { isRoleLabel, pairTurns, type Turn } from "./turns.js";

/**
 * WebVTT and SRT captions (Zoom, Teams, Meet recordings). The `subtitle` library reads the
 * container (timestamps, numeric ids, NOTE blocks, SRT's comma milliseconds, Teams' unpadded
 * `0:0:0.0` times); we only drop what it does not accept (WebVTT's free-text cue identifiers
 * such as Teams' `GUID/17-0`, and STYLE/REGION blocks) before handing it the text. Speakers
 * come from `<v Name>` voice tags or a `Name:` prefix; consecutive cues of one speaker are one turn.
 */

export interface SubtitleOptions {
  fallbackName: string;
}

export interface CaptionCue {
  start: number;
  /** Speaker from a voice tag or a `Name:` prefix; null when the cue names nobody. */
  speaker: string | null;
  text: string;
  /** 1-based line of the cue's timing line. */
  line: number;
}

const timingLine = /^\s*(?:\d+:)?\d{1,2}:\d{1,2}[,.]\d{1,3}\s+-->\s/;

export function isTimingLine(line: string): boolean {
  return line.includes("-->") && timingLine.test(line);
}

interface Prepared {
  text: string;
  /** Original 1-based line of each prepared line. */
  lineOf: number[];
  /** Original 1-based line of each timing line, in order: the n-th cue's line. */
  cueLines: number[];
}

/** Removes the parts of valid WebVTT that the container library rejects. */
function prepare(lines: readonly string[]): Prepared {
  const out: string[] = [];
  const lineOf: number[] = [];
  const cueLines: number[] = [];
  let skippingBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    const blockStart = i === 0 || (lines[i - 1] as string).trim() === "";
    if (skippingBlock) {
      if (trimmed === "") skippingBlock = false;
      continue;
    }
    if (
      blockStart &&
      (trimmed === "STYLE" || trimmed.startsWith("STYLE ") || trimmed === "REGION")
    ) {
      skippingBlock = true;
      continue;
    }
    if (isTimingLine(line)) {
      cueLines.push(i + 1);
      out.push(trimmed);
      lineOf.push(i + 1);
      continue;
    }
    const next = lines[i + 1];
    // A cue identifier: the line right before a timing line, at the start of a block.
    if (
      blockStart &&
      trimmed !== "" &&
      next !== undefined &&
      isTimingLine(next) &&
      !/^\d+$/.test(trimmed)
    ) {
      continue;
    }
    out.push(line);
    lineOf.push(i + 1);
  }
  return { text: out.join("\n"), lineOf, cueLines };
}

/** `[^<>]` rather than `[^>]`: a run of unclosed `<` must not make each match scan to the end. */
const voiceTag = /<v(?:\.[^\s<>]*)?[ \t]+([^<>]*)>/g;

function plain(text: string): string {
  // HTML-ish tags (`<i>`, `<c.x>`, `<00:17.500>`) and the ASS override codes some SRT files carry (`{\an8}`).
  return (
    decodeHTML(text.replace(/<[^<>]*>/g, "").replace(/\{\\[^{}]*\}/g, ""))
      .replace(/\u00a0/g, " ")
      // A whitespace run holding a line break becomes one space. Not `/\s*\n\s*/`: tried at every
      // space of a long run with no break, that pattern rescans the run, and 38,000 spaces took 0.8 s.
      .replace(/\s+/g, (run) => (run.includes("\n") ? " " : run))
      .replace(/[ \t]{2,}/g, " ")
      .trim()
  );
}

/** Splits one cue into (speaker, text) segments: Teams puts one voice span per cue, others several. */
function cueSegments(raw: string): { speaker: string | null; text: string }[] {
  voiceTag.lastIndex = 0;
  const segments: { speaker: string | null; text: string }[] = [];
  let match = voiceTag.exec(raw);
  if (!match) return [{ speaker: null, text: raw }];
  const before = raw.slice(0, match.index);
  if (plain(before)) segments.push({ speaker: null, text: before });
  while (match) {
    const start = match.index + match[0].length;
    const speaker = plain(match[1] as string) || null;
    const next = voiceTag.exec(raw);
    segments.push({ speaker, text: raw.slice(start, next ? next.index : raw.length) });
    match = next;
  }
  return segments;
}

/** Reads captions into cues with speakers; exported so tests can count cues per speaker. */
export function readCaptionCues(lines: readonly string[]): CaptionCue[] {
  const prepared = prepare(lines);
  let nodes: ReturnType<typeof parseSync>;
  try {
    nodes = parseSync(prepared.text);
  } catch (error) {
    const row = /at row (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const leading = prepared.text.length - prepared.text.trimStart().length;
    const skipped = prepared.text.slice(0, leading).split("\n").length - 1;
    const line = row === undefined ? undefined : prepared.lineOf[skipped + Number(row) - 1];
    throw new AppError(
      "NOT_A_TRANSCRIPT",
      `${line === undefined ? "The" : `Line ${line}: the`} caption file is malformed: a cue is missing its "start --> end" timing line.`,
      { cause: error, ...(line === undefined ? {} : { line }) },
    );
  }
  const cues: CaptionCue[] = [];
  let k = 0;
  for (const node of nodes) {
    if (node.type !== "cue") continue;
    const data = (node as NodeCue).data;
    const line = prepared.cueLines[k++] ?? 0;
    for (const segment of cueSegments(data.text)) {
      let speaker = segment.speaker;
      let text = plain(segment.text);
      if (speaker === null) {
        const labelled = splitLabel(text.replace(/^(?:>>|-)\s*/, ""));
        if (labelled) {
          speaker = labelled.label;
          text = labelled.text;
        }
      }
      if (text) cues.push({ start: data.start, speaker, text, line });
    }
  }
  // Stable: cues that overlap keep their file order.
  return cues
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.start - b.c.start || a.i - b.i)
    .map(({ c }) => c);
}

export function parseSubtitles(lines: readonly string[], options: SubtitleOptions): FormatParse {
  const warnings: string[] = [];
  const cues = readCaptionCues(lines);
  if (cues.length === 0) {
    throw new AppError("NOT_A_TRANSCRIPT", "This caption file has no captions in it.");
  }
  // A `Word:` prefix is a speaker only if it recurs, names a role or looks like a person's name.
  const counts = new Map<string, number>();
  for (const c of cues) if (c.speaker) counts.set(c.speaker, (counts.get(c.speaker) ?? 0) + 1);
  const isSpeaker = (s: string) =>
    (counts.get(s) ?? 0) >= 2 || isRoleLabel(s) || personName.test(s);
  const turns: Turn[] = [];
  let unlabelled = 0;
  for (const cue of cues) {
    let speaker = cue.speaker;
    let text = cue.text;
    if (speaker !== null && !isSpeaker(speaker)) {
      text = `${speaker}: ${text}`;
      speaker = null;
    }
    if (speaker === null) {
      const last = turns[turns.length - 1];
      if (last) {
        unlabelled++;
        turns.push({ speaker: last.speaker, text, line: cue.line });
      }
      continue;
    }
    turns.push({ speaker, text, line: cue.line });
  }
  if (turns.length === 0) {
    throw new AppError(
      "NOT_A_TRANSCRIPT",
      "These captions name no speakers, so the interviewer's questions cannot be told from the candidate's answers.",
    );
  }
  if (unlabelled > 0) {
    warnings.push(
      `${unlabelled} caption cue(s) name no speaker; each was joined to the turn of the speaker before it.`,
    );
  }
  const result = pairTurns(turns, { fallbackName: options.fallbackName, joiner: " " });
  return { ...result, warnings: [...warnings, ...result.warnings] };
}
