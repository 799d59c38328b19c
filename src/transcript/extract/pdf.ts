import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { AppError } from "../../errors.js";

/** One positioned run of text on a page (pdf.js text item). */
export interface PdfTextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (glyph height). */
  height: number;
}

export const NO_TEXT_LAYER =
  "This PDF has no text layer (a scan?); export the transcript as text or .docx.";

const require = createRequire(import.meta.url);
/** pdf.js reads the 14 standard fonts' data from its own package: a local path, never a download. */
const standardFontDataUrl = `${join(dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts")}/`;

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | undefined;
/** Loaded on first use: a text upload never pays for pdf.js. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

/** The PDF's text by page, in reading order by line, with repeated headers/footers dropped. */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await loadPdfJs();
  let pages: PdfTextRun[][];
  try {
    const task = getDocument({
      // pdf.js takes ownership of (and may detach) the buffer it is given.
      data: new Uint8Array(bytes),
      standardFontDataUrl,
      useSystemFonts: false,
      disableFontFace: true,
      isEvalSupported: false,
      verbosity: 0,
    });
    const doc = await task.promise;
    try {
      pages = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        const runs: PdfTextRun[] = [];
        for (const item of content.items) {
          if (!("str" in item) || item.str.length === 0) continue;
          runs.push({
            str: item.str,
            x: item.transform[4] as number,
            y: item.transform[5] as number,
            width: item.width,
            height: item.height || Math.abs(item.transform[3] as number) || 10,
          });
        }
        pages.push(runs);
        page.cleanup();
      }
    } finally {
      await doc.destroy();
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const name = (error as { name?: string }).name;
    throw new AppError(
      "BINARY_FILE",
      name === "PasswordException"
        ? "This PDF is password-protected; export the transcript without a password, or as text."
        : "This PDF is damaged and its text could not be read; export the transcript again or as text.",
      { cause: error },
    );
  }
  if (!pages.some((runs) => runs.some((r) => r.str.trim().length > 0))) {
    throw new AppError("NOT_A_TRANSCRIPT", NO_TEXT_LAYER);
  }
  return assemblePdfText(pages.map(pageLines));
}

interface Line {
  text: string;
  y: number;
  height: number;
}

/** Groups a page's runs into lines (same baseline within a third of the font size), top to bottom, left to right. */
export function pageLines(runs: readonly PdfTextRun[]): Line[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; height: number; runs: PdfTextRun[] }[] = [];
  for (const run of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - run.y) <= Math.max(last.height, run.height) / 3) {
      last.runs.push(run);
      last.height = Math.max(last.height, run.height);
    } else {
      lines.push({ y: run.y, height: run.height, runs: [run] });
    }
  }
  return lines
    .map((line) => {
      line.runs.sort((a, b) => a.x - b.x);
      let text = "";
      let end = Number.NEGATIVE_INFINITY;
      for (const run of line.runs) {
        const gap = run.x - end;
        if (
          text.length > 0 &&
          gap > run.height * 0.15 &&
          !/\s$/.test(text) &&
          !/^\s/.test(run.str)
        ) {
          text += gap > run.height * 1.5 ? "  " : " ";
        }
        text += run.str;
        end = run.x + run.width;
      }
      return { text: text.replace(/\s+$/, ""), y: line.y, height: line.height };
    })
    .filter((line) => line.text.trim().length > 0);
}

/** Digits folded, so `Page 3 of 9` and `Page 4 of 9` compare equal. */
function furniture(text: string): string {
  return text.replace(/\d+/g, "#").replace(/\s+/g, " ").trim().toLowerCase();
}

const pageNumber = /^(?:page\s*)?[-–—]?\s*#\s*[-–—]?(?:\s*(?:of|\/)\s*#)?$/;

/**
 * Joins the pages: lines that repeat at the top or bottom of every page (running headers,
 * footers, page numbers; digits ignored) are dropped, a larger gap than usual between lines is
 * a paragraph break, and a word hyphenated at a line end is joined (`engi-` + `neering`).
 */
export function assemblePdfText(pages: Line[][]): string {
  const kept = pages.map((lines) => [...lines]);
  if (kept.length >= 2) {
    for (const end of ["top", "bottom"] as const) {
      for (let round = 0; round < 3; round++) {
        const edge = kept.map((lines) => (end === "top" ? lines[0] : lines[lines.length - 1]));
        if (edge.some((line) => line === undefined)) break;
        const keys = edge.map((line) => furniture((line as Line).text));
        const first = keys[0] as string;
        // A repeated text line is furniture only when set apart from the body on every page
        // (a running header sits in the margin); a transcript whose pages happen to open with
        // the same line ("Interviewer: Mm-hmm.") keeps it. A bare page number needs no gap.
        const same = keys.every((k) => k === first) && kept.every((lines) => setApart(lines, end));
        const numbers = keys.every((k) => pageNumber.test(k));
        if (!same && !numbers) break;
        for (const lines of kept) end === "top" ? lines.shift() : lines.pop();
      }
    }
  } else if (kept.length === 1) {
    const lines = kept[0] as Line[];
    const last = lines[lines.length - 1];
    if (last && pageNumber.test(furniture(last.text))) lines.pop();
  }
  const out: string[] = [];
  /** Lines where a line-end hyphen was joined, for the second look below. */
  const hyphenated: number[] = [];
  for (const lines of kept) {
    const spacing = medianSpacing(lines);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as Line;
      if (i > 0 && spacing > 0) {
        const gap = (lines[i - 1] as Line).y - line.y;
        if (gap > spacing * 1.6) out.push("");
      }
      const previous = out[out.length - 1];
      if (
        previous !== undefined &&
        /\p{L}[-\u00ad]$/u.test(previous) &&
        /^\p{Ll}/u.test(line.text)
      ) {
        out[out.length - 1] = previous + line.text;
        hyphenated.push(out.length - 1);
      } else {
        out.push(line.text);
      }
    }
  }
  if (hyphenated.length > 0) dehyphenate(out, hyphenated);
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * A hyphen at a line end is either a word split by hyphenation (`engi-` + `neering`) or a
 * compound that happened to wrap (`self-` + `service`). The hyphen goes when it is a soft
 * hyphen, or when the word without it occurs elsewhere in the text and the hyphenated form does
 * not; otherwise it stays (most transcript exports do not hyphenate, they wrap compounds).
 */
function dehyphenate(lines: string[], indexes: readonly number[]): void {
  const words = new Map<string, number>();
  for (const line of lines) {
    for (const word of line.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? []) {
      words.set(word, (words.get(word) ?? 0) + 1);
    }
  }
  for (const i of indexes) {
    lines[i] = (lines[i] as string).replace(
      /(\p{L}+)([-\u00ad])(\p{Ll}+)/gu,
      (whole, head: string, mark: string, tail: string) => {
        if (mark === "\u00ad") return head + tail;
        const seenJoined = (words.get(`${head}${tail}`.toLowerCase()) ?? 0) > 0;
        const seenHyphen = (words.get(`${head}-${tail}`.toLowerCase()) ?? 0) > 1;
        return seenJoined && !seenHyphen ? head + tail : whole;
      },
    );
  }
}

/** Whether the page's first (or last) line is further from its neighbour than lines usually are. */
function setApart(lines: readonly Line[], end: "top" | "bottom"): boolean {
  if (lines.length < 3) return true;
  const spacing = medianSpacing(lines);
  const [a, b] =
    end === "top" ? [lines[0], lines[1]] : [lines[lines.length - 2], lines[lines.length - 1]];
  return (a as Line).y - (b as Line).y > spacing * 1.3;
}

function medianSpacing(lines: readonly Line[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = (lines[i - 1] as Line).y - (lines[i] as Line).y;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] as number;
}
