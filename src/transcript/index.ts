import { AppError, isAppError } from "../errors.js";
import { countAiInterviewerMarkers, parseAiInterviewer } from "./ai-interviewer.js";
import { DEFAULT_MAX_BYTES, decodeInput, splitLines } from "./decode.js";
import { type Extracted, type ExtractOptions, extractTranscriptText } from "./extract/index.js";
import type { FormatParse } from "./format-parse.js";
import type { ParseResult, TranscriptFormat } from "./model.js";
import { countSpeakerTurns, parseSpeakerTurns } from "./speaker-turns.js";
import { isTimingLine, parseSubtitles } from "./subtitles.js";

export { DEFAULT_MAX_BYTES } from "./decode.js";
export type { Extracted } from "./extract/index.js";
export * from "./model.js";

export interface ParseOptions {
  /** Skip auto-detection. */
  format?: TranscriptFormat;
  /** The file's name: a fallback for the candidate's name in speaker-turn formats. */
  fileName?: string;
  /** Reject inputs larger than this many bytes (default 10 MB). */
  maxBytes?: number;
}

/**
 * Bytes or text in, typed interview model out. Pure: no I/O. Throws only `AppError`: any
 * other failure inside a format parser is a bug, reported as `INTERNAL` rather than leaking
 * a stack trace to the user.
 */
export function parseTranscript(
  input: Uint8Array | string,
  options: ParseOptions = {},
): ParseResult {
  try {
    return parseUnsafe(input, options);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError(
      "INTERNAL",
      "The transcript could not be parsed because of a bug on our side.",
      {
        cause: error,
      },
    );
  }
}

/**
 * A file as people share it: text, a Word document or a PDF (recognised by content), its text
 * extracted and then parsed as `parseTranscript` does. `extracted` is what the parser read.
 */
export async function parseTranscriptFile(
  bytes: Uint8Array,
  options: ParseOptions & Partial<ExtractOptions> = {},
): Promise<{ parsed: ParseResult; extracted: Extracted }> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const extracted = await extractTranscriptText(bytes, {
    maxBytes,
    ...(options.maxTextBytes !== undefined ? { maxTextBytes: options.maxTextBytes } : {}),
    ...(options.maxExpandedBytes !== undefined
      ? { maxExpandedBytes: options.maxExpandedBytes }
      : {}),
  });
  const parseOptions: ParseOptions = {
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.fileName !== undefined ? { fileName: options.fileName } : {}),
    // Extracted text has its own limit, checked by the extractor; the file limit was checked above.
    maxBytes: extracted.kind === "text" ? maxBytes : extracted.maxTextBytes,
  };
  return { parsed: parseTranscript(extracted.input, parseOptions), extracted };
}

function parseUnsafe(input: Uint8Array | string, options: ParseOptions): ParseResult {
  const decoded = decodeInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const lines = splitLines(decoded.text);
  const format = options.format ?? detectFormat(lines);
  const fallbackName = nameFromFileName(options.fileName);
  let parsed: FormatParse;
  switch (format) {
    case "ai-interviewer":
      parsed = parseAiInterviewer(lines, { fallbackName });
      break;
    case "speaker-turns":
      parsed = parseSpeakerTurns(lines, { fallbackName });
      break;
    case "webvtt":
    case "srt":
      parsed = parseSubtitles(lines, { fallbackName });
      break;
  }
  if (parsed.candidates.length === 0) {
    throw parsed.failure ?? noCandidates(format, parsed.brokenLines[0]);
  }
  return {
    format,
    candidates: parsed.candidates,
    warnings: [...decoded.warnings, ...parsed.warnings],
  };
}

/** Reads only the first lines that matter: formats announce themselves early. */
export function detectFormat(lines: readonly string[]): TranscriptFormat {
  const captions = detectCaptions(lines);
  if (captions) return captions;
  const markers = countAiInterviewerMarkers(lines, 2000);
  if (markers.questions > 0 && (markers.answers > 0 || markers.candidates > 0))
    return "ai-interviewer";
  const turns = countSpeakerTurns(lines, 2000);
  if (turns.turns >= 2 && turns.speakers >= 1) return "speaker-turns";
  throw new AppError(
    "NOT_A_TRANSCRIPT",
    "This file does not look like an interview transcript: it has no candidate and no questions and answers.",
  );
}

/** WEBVTT announces itself; SRT and header-less VTT excerpts show a timing line early on. */
function detectCaptions(lines: readonly string[]): "webvtt" | "srt" | null {
  let seen = 0;
  for (let i = 0; i < lines.length && seen < 40; i++) {
    const line = lines[i] as string;
    if (line.trim() === "") continue;
    if (seen === 0 && line.trimStart().startsWith("WEBVTT")) return "webvtt";
    seen++;
    if (isTimingLine(line))
      return line.slice(0, line.indexOf("-->")).includes(",") ? "srt" : "webvtt";
  }
  return null;
}

function noCandidates(format: TranscriptFormat, line: number | undefined): AppError {
  return new AppError(
    "NO_ANSWERS",
    line === undefined
      ? `The ${format} transcript has no answers to keep.`
      : `The candidate block at line ${line} has no answers, and there is no other candidate in the file.`,
    { ...(line === undefined ? {} : { line }), details: { format } },
  );
}

/** `jane_doe-interview.vtt` becomes `jane doe-interview`: a readable stand-in, never empty. */
export function nameFromFileName(fileName: string | undefined): string {
  const base = (fileName ?? "").replace(/^.*[\\/]/, "");
  const dot = base.lastIndexOf(".");
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[_]+/g, " ").trim();
  return stem.length > 0 ? stem : "Unnamed candidate";
}
