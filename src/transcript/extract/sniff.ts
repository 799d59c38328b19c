import { unzipSync } from "fflate";
import { AppError } from "../../errors.js";
import { DEFAULT_MAX_EXPANDED_BYTES, MAX_ZIP_ENTRIES } from "./limits.js";

/** What the bytes are, by content (never by file name). */
export type Container = { kind: "text" } | { kind: "pdf" } | { kind: "docx"; entries: ZipEntry[] };

export interface ZipEntry {
  name: string;
  /** Compressed size. */
  size: number;
  /** Uncompressed size as the central directory declares it. */
  originalSize: number;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04

/**
 * Looks at the first bytes: `%PDF-` is a PDF; `PK\x03\x04` is a zip, and a zip is a Word
 * document when its central directory names `word/document.xml`. Other zips (a spreadsheet,
 * a presentation, an archive) and zips whose entries declare more than the expansion limit are
 * refused here, before anything is inflated.
 */
export function sniffContainer(
  bytes: Uint8Array,
  maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES,
): Container {
  if (startsWith(bytes, PDF)) return { kind: "pdf" };
  if (!startsWith(bytes, ZIP)) return { kind: "text" };
  const entries = listZip(bytes);
  let declared = 0;
  for (const entry of entries) declared += entry.originalSize;
  const names = new Set(entries.map((e) => e.name));
  if (!names.has("word/document.xml")) throw notADocx(names);
  if (declared > maxExpandedBytes) throw zipBomb(maxExpandedBytes);
  return { kind: "docx", entries };
}

/** Reads the zip's central directory only (fflate's filter sees each entry before inflating). */
function listZip(bytes: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  try {
    unzipSync(bytes, {
      filter(file) {
        entries.push({ name: file.name, size: file.size, originalSize: file.originalSize });
        if (entries.length > MAX_ZIP_ENTRIES) throw new TooManyEntries();
        return false;
      },
    });
  } catch (error) {
    if (error instanceof TooManyEntries) {
      throw new AppError(
        "UNSUPPORTED_FORMAT",
        "This zip file has too many entries to be a Word document; export the transcript as text or .docx.",
      );
    }
    throw new AppError(
      "BINARY_FILE",
      "This file starts like a zip archive (for example a .docx) but it is damaged; export the transcript again.",
      { cause: error },
    );
  }
  return entries;
}

class TooManyEntries extends Error {}

function notADocx(names: Set<string>): AppError {
  const what = names.has("xl/workbook.xml")
    ? "a spreadsheet (.xlsx)"
    : [...names].some((n) => n.startsWith("ppt/"))
      ? "a presentation (.pptx)"
      : names.has("content.xml") && names.has("mimetype")
        ? "an OpenDocument file"
        : "a zip archive";
  return new AppError(
    "UNSUPPORTED_FORMAT",
    `This file is ${what}, not a transcript; export the transcript as text, .docx or .pdf and share that.`,
    { details: { container: what } },
  );
}

export function zipBomb(maxExpandedBytes: number): AppError {
  return new AppError(
    "FILE_TOO_LARGE",
    `This Word document expands to more than ${Math.round(maxExpandedBytes / (1024 * 1024))} MB, far more than any transcript; export the transcript as text and share that.`,
    { details: { maxExpandedBytes } },
  );
}
