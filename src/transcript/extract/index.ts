import { AppError, isAppError } from "../../errors.js";
import { extractDocxText } from "./docx.js";
import { checkTextSize, DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_TEXT_BYTES } from "./limits.js";
import { extractPdfText } from "./pdf.js";
import { sniffContainer } from "./sniff.js";

export { DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_TEXT_BYTES } from "./limits.js";
export { NO_TEXT_LAYER } from "./pdf.js";

export type SourceKind = "text" | "docx" | "pdf";

export interface ExtractOptions {
  /** The file's size limit (checked before anything is read). */
  maxBytes: number;
  /** Limit on the text extracted from a document (default 20 MB). */
  maxTextBytes?: number;
  /** Limit on a .docx's decompressed parts (default 100 MB). */
  maxExpandedBytes?: number;
}

export type Extracted =
  | { kind: "text"; input: Uint8Array }
  | { kind: "docx" | "pdf"; input: string; maxTextBytes: number };

/**
 * Bytes in, what the parser reads out: text files pass through untouched (the parser decodes
 * them); a Word document or a PDF, recognised by content and never by file name, becomes its
 * text. Throws only `AppError`.
 */
export async function extractTranscriptText(
  bytes: Uint8Array,
  options: ExtractOptions,
): Promise<Extracted> {
  if (bytes.byteLength > options.maxBytes) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `This file is ${formatMb(bytes.byteLength)}, over the ${formatMb(options.maxBytes)} limit for a transcript.`,
      { details: { size: bytes.byteLength, maxBytes: options.maxBytes } },
    );
  }
  const maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const maxExpandedBytes = options.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES;
  try {
    const container = sniffContainer(bytes, maxExpandedBytes);
    switch (container.kind) {
      case "text":
        return { kind: "text", input: bytes };
      case "docx": {
        const text = await extractDocxText(bytes, maxExpandedBytes);
        return {
          kind: "docx",
          input: nonEmpty(checkTextSize(text, maxTextBytes), "Word document"),
          maxTextBytes,
        };
      }
      case "pdf": {
        const text = await extractPdfText(bytes);
        return {
          kind: "pdf",
          input: nonEmpty(checkTextSize(text, maxTextBytes), "PDF"),
          maxTextBytes,
        };
      }
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError("INTERNAL", "The document could not be read because of a bug on our side.", {
      cause: error,
    });
  }
}

function nonEmpty(text: string, what: string): string {
  if (text.trim().length === 0) {
    throw new AppError("EMPTY_FILE", `This ${what} has no text in it.`);
  }
  return text;
}

function formatMb(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}
