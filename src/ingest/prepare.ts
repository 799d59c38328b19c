import { createHash } from "node:crypto";
import { AppError, toAppError } from "../errors.js";
import type { CandidateJudgement } from "../llm/judge.js";
import { scoreOffline } from "../llm/judge.js";
import { type ScoreResult, scoreTranscript } from "../scoring/index.js";
import { normalizeName, normalizeRole } from "../shared/normalize.js";
import { interviewReason } from "../shared/reason.js";
import { decodeInput } from "../transcript/decode.js";
import { parseTranscript, parseTranscriptFile } from "../transcript/index.js";
import type { ParseResult } from "../transcript/model.js";

/**
 * The pure half of ingest: bytes in, everything the database needs out. Parsing and scoring
 * run here, outside any transaction, so a slow file never holds locks; the storing half
 * (`storePrepared`) only writes.
 */
export type Prepared =
  | {
      ok: true;
      contentHash: string;
      sizeBytes: number;
      rawText: string;
      result: ScoreResult;
      people: PreparedPerson[];
      /** Which answers count towards each candidate; kept only when a judge will read them. */
      counted?: boolean[][];
      /** What the language-model judge did, when one scored this file (src/llm/). */
      judged?: { judgements: CandidateJudgement[]; note: string | null };
    }
  | { ok: false; contentHash: string; sizeBytes: number; error: AppError };

export interface PreparedPerson {
  position: number;
  displayName: string;
  normalizedName: string;
  roleKey: string;
  role: string | null;
  reason: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Postgres text cannot hold NUL; a stray one must not turn a good transcript into a DB error. */
export function stripNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}

export function prepareTranscript(
  bytes: Uint8Array,
  options: { fileName: string; maxBytes: number },
): Prepared {
  const contentHash = sha256Hex(bytes);
  const sizeBytes = bytes.byteLength;
  try {
    if (sizeBytes > options.maxBytes) {
      throw new AppError(
        "FILE_TOO_LARGE",
        `The file is ${sizeBytes} bytes, over the ${options.maxBytes}-byte limit for a transcript.`,
      );
    }
    const parsed = parseTranscript(bytes, {
      fileName: options.fileName,
      maxBytes: options.maxBytes,
    });
    // parseTranscript throws NOT_A_TRANSCRIPT or NO_ANSWERS itself when it finds no candidate.
    const rawText = decodeInput(bytes, options.maxBytes).text;
    return prepareScored(bytes, rawText, scoreTranscript(parsed), contentHash);
  } catch (error) {
    return { ok: false, contentHash, sizeBytes, error: toAppError(error) };
  }
}

/**
 * `prepareTranscript` for a file as shared: a Word document or PDF (recognised by content) is
 * read for its text first; the stored raw text is that text. The content hash stays the hash of
 * the file's bytes, so re-sharing the same file is found as a duplicate.
 */
export async function prepareTranscriptFile(
  bytes: Uint8Array,
  options: { fileName: string; maxBytes: number; keepCounted?: boolean },
): Promise<Prepared> {
  const contentHash = sha256Hex(bytes);
  try {
    const { parsed, rawText } = await readTranscriptFile(bytes, options);
    if (options.keepCounted) {
      // The same scores as scoreTranscript, with which answers count kept for the judge.
      const { result, counted } = scoreOffline(parsed);
      return { ...prepareScored(bytes, rawText, result, contentHash), counted };
    }
    return prepareScored(bytes, rawText, scoreTranscript(parsed), contentHash);
  } catch (error) {
    return { ok: false, contentHash, sizeBytes: bytes.byteLength, error: toAppError(error) };
  }
}

/**
 * The reading half of `prepareTranscriptFile`: the file's text (extracted from a Word document
 * or PDF) and its parse. Throws an `AppError` for a file that is not a usable transcript
 * (like parseTranscript, when it finds no candidate).
 */
export async function readTranscriptFile(
  bytes: Uint8Array,
  options: { fileName: string; maxBytes: number },
): Promise<{ parsed: ParseResult; rawText: string }> {
  const { parsed, extracted } = await parseTranscriptFile(bytes, options);
  const rawText =
    extracted.kind === "text" ? decodeInput(bytes, options.maxBytes).text : extracted.input;
  return { parsed, rawText };
}

/**
 * Builds the storable form of an already scored transcript: matching keys and one-line reasons
 * for each candidate. Split out so the benchmark can store generated results without paying
 * for parsing and scoring it does not measure.
 */
export function prepareScored(
  bytes: Uint8Array,
  rawText: string,
  result: ScoreResult,
  /** The bytes' hash when the caller has it already. */
  contentHash: string = sha256Hex(bytes),
): Extract<Prepared, { ok: true }> {
  const people = result.candidates.map((c, position) => {
    const name = stripNul(c.name).trim() || c.name;
    return {
      position,
      displayName: name,
      normalizedName: normalizeName(name) || "(unnamed)",
      roleKey: normalizeRole(c.role),
      role: c.role === null ? null : stripNul(c.role),
      reason: interviewReason(c),
    };
  });
  return {
    ok: true,
    contentHash,
    sizeBytes: bytes.byteLength,
    rawText: stripNul(rawText),
    result,
    people,
  };
}
