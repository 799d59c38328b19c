import { AppError } from "../../errors.js";

/** Text extracted from a document may be larger than the file; this bounds it separately. */
export const DEFAULT_MAX_TEXT_BYTES = 20 * 1024 * 1024;
/** A .docx whose parts expand past this is refused (a zip bomb, or not a transcript). */
export const DEFAULT_MAX_EXPANDED_BYTES = 100 * 1024 * 1024;
/** More zip entries than any Word document has. */
export const MAX_ZIP_ENTRIES = 5_000;

export function textTooLarge(chars: number, maxTextBytes: number): AppError {
  return new AppError(
    "FILE_TOO_LARGE",
    `The text in this document is over the ${Math.round(maxTextBytes / (1024 * 1024))} MB limit for a transcript; share the text of one interview session.`,
    { details: { chars, maxTextBytes } },
  );
}

/** Checks the extracted text against the text limit (UTF-16 length is a lower bound on UTF-8 bytes). */
export function checkTextSize(text: string, maxTextBytes: number): string {
  if (
    text.length > maxTextBytes ||
    (text.length * 3 > maxTextBytes && Buffer.byteLength(text, "utf8") > maxTextBytes)
  ) {
    throw textTooLarge(text.length, maxTextBytes);
  }
  return text;
}
