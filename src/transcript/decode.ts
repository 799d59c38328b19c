import { isUtf8 } from "node:buffer";
import { AppError } from "../errors.js";

/** Default upper bound on a transcript; real exports are tens of kilobytes. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export interface DecodedText {
  text: string;
  /** Notes about the decoding a user may want to know (e.g. a legacy encoding was assumed). */
  warnings: string[];
}

const utf16le = new TextDecoder("utf-16le", { fatal: false, ignoreBOM: true });
const utf16be = new TextDecoder("utf-16be", { fatal: false, ignoreBOM: true });
const windows1252 = new TextDecoder("windows-1252", { fatal: false });

/** Well-known binary containers people drop by mistake (a PDF or Word résumé, a zip). */
const magicNumbers: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: "a PDF document" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a zip archive (for example a .docx file)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Office document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/**
 * Control characters other than tab, line feed, form feed and carriage return never occur in
 * a transcript, so a file where they are more than a trace is not text whatever it decodes to.
 */
function isControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) ||
    code === 0x7f
  );
}

function controlRatio(text: string): number {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  if (sample.length === 0) return 0;
  let count = 0;
  for (let i = 0; i < sample.length; i++) if (isControl(sample.charCodeAt(i))) count++;
  return count / sample.length;
}

function binaryError(what = "binary data, not text"): AppError {
  return new AppError(
    "BINARY_FILE",
    `This file looks like ${what}; export the transcript as plain text, WebVTT or SRT and upload that.`,
  );
}

/**
 * Turns uploaded bytes into text. UTF-8 (with or without BOM) and UTF-16 with a BOM are
 * decoded exactly; UTF-16 without a BOM is recognised by its zero bytes; other bytes that are
 * not UTF-8 but look like text are read as Windows-1252, the usual legacy export encoding.
 */
export function decodeInput(input: Uint8Array | string, maxBytes = DEFAULT_MAX_BYTES): DecodedText {
  const warnings: string[] = [];
  let text: string;
  if (typeof input === "string") {
    // UTF-16 code units are at most 3 UTF-8 bytes each, so a cheap bound avoids encoding.
    if (
      input.length > maxBytes ||
      (input.length * 3 > maxBytes && Buffer.byteLength(input, "utf8") > maxBytes)
    ) {
      throw tooLarge(Buffer.byteLength(input, "utf8"), maxBytes);
    }
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    if (input.byteLength > maxBytes) throw tooLarge(input.byteLength, maxBytes);
    text = decodeBytes(input, warnings);
  }
  if (text.trim().length === 0) {
    throw new AppError("EMPTY_FILE", "This file is empty: there is no transcript text in it.");
  }
  if (text.indexOf("\u0000") !== -1 || controlRatio(text) > 0.01) throw binaryError();
  return { text, warnings };
}

function decodeBytes(bytes: Uint8Array, warnings: string[]): string {
  if (bytes.byteLength === 0) {
    throw new AppError("EMPTY_FILE", "This file is empty: there is no transcript text in it.");
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeUtf8(bytes.subarray(3), warnings);
  if (startsWith(bytes, [0xff, 0xfe])) return utf16le.decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return utf16be.decode(bytes.subarray(2));
  for (const magic of magicNumbers)
    if (startsWith(bytes, magic.bytes)) throw binaryError(magic.what);
  const bomless16 = guessBomlessUtf16(bytes);
  if (bomless16) {
    warnings.push(
      "The file has no byte-order mark; it was read as UTF-16 because of its zero bytes.",
    );
    return (bomless16 === "le" ? utf16le : utf16be).decode(bytes);
  }
  return decodeUtf8(bytes, warnings);
}

/**
 * Node 20's TextDecoder decodes "windows-1252" as ISO-8859-1, leaving 0x80–0x9F as C1 control
 * codes; Windows-1252 puts curly quotes, dashes and the euro sign there, which transcripts use.
 */
const cp1252High =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function fixC1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => cp1252High[c.charCodeAt(0) - 0x80] as string);
}

/**
 * `isUtf8` validates with SIMD (under a millisecond for 10 MB), so invalid input is found
 * without the exception a fatal `TextDecoder` uses to report it.
 */
function decodeUtf8(bytes: Uint8Array, warnings: string[]): string {
  if (isUtf8(bytes)) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  }
  const text = fixC1(windows1252.decode(bytes));
  if (text.indexOf("\u0000") !== -1 || controlRatio(text) > 0.01) throw binaryError();
  warnings.push("The file is not valid UTF-8; it was read as Windows-1252 (Western European).");
  return text;
}

/**
 * ASCII-heavy UTF-16 has a zero in every other byte; counting them over the first few
 * kilobytes tells UTF-16LE from UTF-16BE from binary data with scattered zeros.
 */
function guessBomlessUtf16(bytes: Uint8Array): "le" | "be" | null {
  const n = Math.min(bytes.byteLength, 4096) & ~1;
  if (n < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return "le";
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return "be";
  return null;
}

function tooLarge(size: number, maxBytes: number): AppError {
  return new AppError(
    "FILE_TOO_LARGE",
    `This file is ${formatSize(size)}, over the ${formatSize(maxBytes)} limit for a transcript.`,
    { details: { size, maxBytes } },
  );
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${n} bytes`;
}

/** Lone CR still comes out of old Mac tools and some Windows clipboard paths. */
export function splitLines(text: string): string[] {
  if (text.indexOf("\r") === -1) return text.split("\n");
  return text.split(/\r\n?|\n/);
}
