import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import { extractTranscriptText, NO_TEXT_LAYER } from "../../src/transcript/extract/index.js";
import { assemblePdfText, type PdfTextRun, pageLines } from "../../src/transcript/extract/pdf.js";
import {
  type ParseResult,
  parseTranscript,
  parseTranscriptFile,
} from "../../src/transcript/index.js";
import {
  paragraphsToDocx,
  scannedPdf,
  teamsDocx,
  textToDocx,
  textToPdf,
} from "../helpers/documents.js";

const root = new URL("../../", import.meta.url);
const readText = (path: string) => readFileSync(new URL(path, root), "utf8");

/** Text fixtures that every container must parse back to the same model. */
const sources = [
  "seeds/interview-examples.txt",
  "test/fixtures/transcripts/mit/p1.txt",
  "test/fixtures/transcripts/mit/p7.txt",
  "test/fixtures/transcripts/otter/ladybug_podcast_web_security.otter.head.txt",
  "test/fixtures/transcripts/google-meet/meet_plaintext_export.tail.txt",
  "test/fixtures/transcripts/hand-made/broken-block.txt",
];

const ws = (s: string) => s.replace(/\s+/g, " ").trim();

function expectSameModel(actual: ParseResult, expected: ParseResult): void {
  expect(actual.format).toBe(expected.format);
  expect(actual.candidates.map((c) => c.name)).toEqual(expected.candidates.map((c) => c.name));
  expect(actual.candidates.map((c) => c.role)).toEqual(expected.candidates.map((c) => c.role));
  actual.candidates.forEach((c, i) => {
    const e = expected.candidates[i];
    expect(c.answers.map((a) => ws(a.answer))).toEqual(e?.answers.map((a) => ws(a.answer)));
    expect(c.answers.map((a) => ws(a.question))).toEqual(e?.answers.map((a) => ws(a.question)));
  });
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError");
}

const fileName = "interview.txt";

describe(".docx", () => {
  it.each(sources)("%s as a .docx parses like its text", async (path) => {
    const text = readText(path);
    const { parsed, extracted } = await parseTranscriptFile(textToDocx(text), { fileName });
    expect(extracted.kind).toBe("docx");
    expectSameModel(parsed, parseTranscript(text, { fileName }));
  });

  it("is recognised by content: a .txt that is really a .docx works", async () => {
    const text = readText(sources[1] as string);
    const { parsed } = await parseTranscriptFile(textToDocx(text), { fileName: "notes.txt" });
    expect(parsed.candidates).toHaveLength(1);
  });

  it("reads Teams' layout: name and time on one line, the words on the next", async () => {
    const docx = teamsDocx([
      {
        speaker: "Dana Whitfield",
        at: "0:03",
        text: "Thanks for joining. Tell me about a system you designed?",
      },
      {
        speaker: "Tomasz Nowak",
        at: "0:12",
        text: "I built the billing pipeline at my last job, with Kafka and Postgres.",
      },
      { speaker: "Dana Whitfield", at: "1:02", text: "How did you handle failures?" },
      {
        speaker: "Tomasz Nowak",
        at: "1:10",
        text: "Retries with idempotency keys and a dead-letter queue.",
      },
      { speaker: "Dana Whitfield", at: "2:30", text: "Thanks, that's all from me." },
    ]);
    const { parsed, extracted } = await parseTranscriptFile(docx, { fileName: "Interview.docx" });
    expect(extracted.input).toContain("Dana Whitfield   0:03\nThanks for joining.");
    expect(parsed.format).toBe("speaker-turns");
    expect(parsed.candidates.map((c) => c.name)).toEqual(["Tomasz Nowak"]);
    expect(parsed.candidates[0]?.answers.map((a) => a.answer)).toEqual([
      "I built the billing pipeline at my last job, with Kafka and Postgres.",
      "Retries with idempotency keys and a dead-letter queue.",
    ]);
  });

  it("keeps paragraph breaks and line breaks, and an empty paragraph is a blank line", async () => {
    const docx = paragraphsToDocx([
      { text: "Interviewer: Why Go?", bold: true },
      { text: "Interviewee: Fast builds.", lines: ["And a small runtime."] },
      { text: "" },
      { text: "Interviewer: Thanks & <bye>" },
    ]);
    const extracted = await extractTranscriptText(docx, { maxBytes: 1e6 });
    expect(extracted.input).toBe(
      "Interviewer: Why Go?\nInterviewee: Fast builds.\nAnd a small runtime.\n\nInterviewer: Thanks & <bye>",
    );
  });

  it("refuses a damaged .docx in one sentence", async () => {
    const docx = textToDocx("Interviewer: hi\nInterviewee: hello");
    const error = await errorOf(extractTranscriptText(docx.subarray(0, 200), { maxBytes: 1e6 }));
    expect(error.code).toBe("BINARY_FILE");
  });
});

/**
 * Not the Meet export: its closing notice is recognised as a whole line, and a PDF wraps it,
 * so its last words would join the last answer.
 */
const pdfSources = sources.filter((s) => !s.includes("google-meet"));

describe(".pdf", () => {
  it.each(pdfSources)("%s as a .pdf parses like its text", async (path) => {
    const text = readText(path);
    const pdf = await textToPdf(text);
    const { parsed, extracted } = await parseTranscriptFile(pdf, { fileName });
    expect(extracted.kind).toBe("pdf");
    expectSameModel(parsed, parseTranscript(text, { fileName }));
  });

  it("drops running headers and page numbers of a multi-page PDF", async () => {
    const text = readText("seeds/interview-examples.txt");
    const pdf = await textToPdf(text, {
      header: "ACME Corp - Confidential interview notes",
      pageNumbers: true,
      pageHeight: 400,
    });
    const { parsed, extracted } = await parseTranscriptFile(pdf, { fileName });
    const out = extracted.input as string;
    expect(out).not.toContain("Confidential");
    expect(out).not.toMatch(/Page \d+ of \d+/);
    expect(out.length).toBeGreaterThan(10_000);
    expectSameModel(parsed, parseTranscript(text, { fileName }));
  });

  it("answers a scanned PDF (images only) with one sentence", async () => {
    const error = await errorOf(parseTranscriptFile(await scannedPdf(), { fileName: "scan.pdf" }));
    expect(error.code).toBe("NOT_A_TRANSCRIPT");
    expect(error.userMessage).toBe(NO_TEXT_LAYER);
    expect(NO_TEXT_LAYER).toBe(
      "This PDF has no text layer (a scan?); export the transcript as text or .docx.",
    );
  });

  it("refuses a damaged PDF in one sentence", async () => {
    const error = await errorOf(
      extractTranscriptText(strToU8("%PDF-1.7\n garbage"), { maxBytes: 1e6 }),
    );
    expect(error.code).toBe("BINARY_FILE");
  });
});

describe("PDF line assembly", () => {
  const run = (str: string, x: number, y: number): PdfTextRun => ({
    str,
    x,
    y,
    width: str.length * 5,
    height: 10,
  });
  const page = (...lines: string[]) =>
    lines.map((text, i) => ({ text, y: 700 - i * 12, height: 10 }));

  it("orders runs by line, then left to right, and spaces separate runs", () => {
    const lines = pageLines([
      run("world", 38, 700),
      run("Second", 10, 688),
      run("Hello", 10, 700.5),
    ]);
    expect(lines.map((l) => l.text)).toEqual(["Hello world", "Second"]);
  });

  it("joins a word hyphenated at a line end, and keeps a wrapped compound's hyphen", () => {
    const text = assemblePdfText([
      page(
        "We tuned the engi-",
        "neering process, then engineering grew.",
        "A self-",
        "service portal.",
      ),
    ]);
    expect(text).toBe(
      "We tuned the engineering process, then engineering grew.\nA self-service portal.",
    );
  });

  it("makes a larger gap a paragraph break", () => {
    const lines = [
      { text: "One", y: 700, height: 10 },
      { text: "two", y: 688, height: 10 },
      { text: "three", y: 676, height: 10 },
      { text: "Four", y: 640, height: 10 },
    ];
    expect(assemblePdfText([lines])).toBe("One\ntwo\nthree\n\nFour");
  });

  /** A page with a header in the top margin and a footer in the bottom one. */
  const framed = (header: string, body: string[], footer: string) => [
    { text: header, y: 760, height: 10 },
    ...body.map((text, i) => ({ text, y: 700 - i * 12, height: 10 })),
    { text: footer, y: 40, height: 10 },
  ];

  it("drops lines repeated at the top or bottom of every page, digits aside", () => {
    const text = assemblePdfText([
      framed("Acme interview 2026", ["Interviewer: Hi", "a", "b", "c"], "1"),
      framed("Acme interview 2026", ["Interviewee: Hello", "d", "e", "f"], "2"),
      framed("Acme interview 2026", ["Interviewer: Bye", "g", "h", "i"], "Page 3"),
    ]);
    expect(text).toBe(
      "Interviewer: Hi\na\nb\nc\nInterviewee: Hello\nd\ne\nf\nInterviewer: Bye\ng\nh\ni",
    );
  });

  it("keeps a body line that happens to open every page", () => {
    const text = assemblePdfText([
      page("Interviewer: Mm-hmm.", "one", "two"),
      page("Interviewer: Mm-hmm.", "three", "four"),
    ]);
    expect(text).toBe("Interviewer: Mm-hmm.\none\ntwo\nInterviewer: Mm-hmm.\nthree\nfour");
  });

  it("keeps first lines that differ from page to page", () => {
    const text = assemblePdfText([page("Interviewer: Hi", "x"), page("Interviewee: Hello", "y")]);
    expect(text).toBe("Interviewer: Hi\nx\nInterviewee: Hello\ny");
  });
});

describe("detection and limits", () => {
  it("passes text through untouched for the parser to decode", async () => {
    const bytes = strToU8("Interviewer: hi\nInterviewee: hello");
    const extracted = await extractTranscriptText(bytes, { maxBytes: 1e6 });
    expect(extracted).toEqual({ kind: "text", input: bytes });
  });

  it("refuses an .xlsx in one sentence", async () => {
    const xlsx = zipSync({
      "[Content_Types].xml": strToU8("<Types/>"),
      "xl/workbook.xml": strToU8("<workbook/>"),
      "xl/worksheets/sheet1.xml": strToU8("<worksheet/>"),
    });
    const error = await errorOf(extractTranscriptText(xlsx, { maxBytes: 1e6 }));
    expect(error.code).toBe("UNSUPPORTED_FORMAT");
    expect(error.userMessage).toMatch(/^This file is a spreadsheet \(\.xlsx\), not a transcript;/);
  });

  it("refuses a plain zip archive in one sentence", async () => {
    const zip = zipSync({ "notes.txt": strToU8("Interviewer: hi") });
    const error = await errorOf(extractTranscriptText(zip, { maxBytes: 1e6 }));
    expect(error.code).toBe("UNSUPPORTED_FORMAT");
    expect(error.userMessage).toContain("a zip archive");
  });

  it("applies the size limit to the file", async () => {
    const docx = textToDocx(readText(sources[0] as string));
    const error = await errorOf(extractTranscriptText(docx, { maxBytes: docx.byteLength - 1 }));
    expect(error.code).toBe("FILE_TOO_LARGE");
  });

  it("applies a separate limit to the extracted text", async () => {
    const text = readText(sources[0] as string);
    const docx = textToDocx(text);
    const error = await errorOf(
      extractTranscriptText(docx, { maxBytes: 1e6, maxTextBytes: text.length / 2 }),
    );
    expect(error.code).toBe("FILE_TOO_LARGE");
    expect(error.userMessage).toContain("The text in this document is over");
    // The file limit alone would not stop it: the extracted text is larger than the file.
    const ok = await extractTranscriptText(docx, { maxBytes: docx.byteLength });
    expect((ok.input as string).length).toBeGreaterThan(docx.byteLength);
  });

  const bomb = () => {
    const zeros = new Uint8Array(101 * 1024 * 1024).fill(0x20);
    return paragraphsToDocx([{ text: "Interviewer: hi" }], { "word/media/pad.xml": zeros });
  };

  it("refuses a .docx whose parts declare more than 100 MB, before inflating", async () => {
    const docx = bomb();
    expect(docx.byteLength).toBeLessThan(1024 * 1024);
    const error = await errorOf(extractTranscriptText(docx, { maxBytes: 10e6 }));
    expect(error.code).toBe("FILE_TOO_LARGE");
    expect(error.userMessage).toMatch(/^This Word document expands to more than 100 MB/);
  });

  it("stops inflating at the limit when the zip lies about its sizes", async () => {
    const docx = paragraphsToDocx([{ text: "Interviewer: hi" }], {
      "word/styles.xml": new Uint8Array(3 * 1024 * 1024).fill(0x20),
    });
    // Declare 1 byte for every entry, in the local headers and in the central directory.
    const view = new DataView(docx.buffer, docx.byteOffset, docx.byteLength);
    for (let i = 0; i + 4 <= docx.byteLength; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 1, true);
      if (sig === 0x02014b50) view.setUint32(i + 24, 1, true);
    }
    const error = await errorOf(
      extractTranscriptText(docx, { maxBytes: 10e6, maxExpandedBytes: 2 * 1024 * 1024 }),
    );
    expect(error.code).toBe("FILE_TOO_LARGE");
  });
});
