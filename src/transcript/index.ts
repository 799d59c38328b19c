import { AppError } from "../errors.js";
import type { ParseResult, TranscriptFormat } from "./model.js";

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
 * Bytes or text in, typed interview model out. Pure: no I/O. Throws only `AppError`.
 * (Filled in by the transcript parsing issue.)
 */
export function parseTranscript(
  _input: Uint8Array | string,
  _options: ParseOptions = {},
): ParseResult {
  throw new AppError("UNSUPPORTED_FORMAT", "Transcript parsing is being built.");
}
