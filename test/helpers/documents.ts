import { deflateSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import PDFDocument from "pdfkit";

/**
 * Test documents made from text fixtures: a minimal Office Open XML package (the three parts
 * Word itself needs) and PDFs drawn with pdfkit. Generated on the fly so nothing binary is
 * committed and the fixtures can never drift from their text source.
 */

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Characters XML 1.0 cannot hold (a BOM is dropped too). */
function xmlSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly those
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufeff\ufffe\uffff]/g, "");
}

function run(text: string): string {
  return `<w:r><w:t xml:space="preserve">${xmlEscape(xmlSafe(text))}</w:t></w:r>`;
}

export interface DocxParagraph {
  text: string;
  /** Line breaks inside the paragraph (`<w:br/>`), as Teams writes a speaker's lines. */
  lines?: string[];
  bold?: boolean;
}

/** One paragraph per line of `text` (an empty line is an empty paragraph). */
export function textToDocx(text: string): Uint8Array {
  const lines = text.replace(/^\ufeff/, "").split(/\r\n?|\n/);
  return paragraphsToDocx(lines.map((line) => ({ text: line })));
}

export function paragraphsToDocx(
  paragraphs: readonly DocxParagraph[],
  extraParts: Record<string, Uint8Array> = {},
): Uint8Array {
  const body = paragraphs
    .map((p) => {
      const runs = [p.text, ...(p.lines ?? [])]
        .map((line, i) => (i === 0 ? run(line) : `<w:r><w:br/></w:r>${run(line)}`))
        .join("");
      const props = p.bold ? "<w:pPr><w:rPr><w:b/></w:rPr></w:pPr>" : "";
      return `<w:p>${props}${runs}</w:p>`;
    })
    .join("");
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return zipSync({
    "[Content_Types].xml": strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`),
    "_rels/.rels": strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
    "word/document.xml": strToU8(document),
    ...extraParts,
  });
}

/**
 * Teams' own .docx layout: each turn is a paragraph whose first line is `Name   0:03` (name and
 * timestamp) and whose next line is what was said.
 */
export function teamsDocx(turns: readonly { speaker: string; at: string; text: string }[]) {
  return paragraphsToDocx([
    { text: "Interview transcript" },
    { text: "December 1, 2026, 3:00PM" },
    { text: "" },
    ...turns.map((t) => ({ text: `${t.speaker}   ${t.at}`, lines: [t.text] })),
  ]);
}

export interface PdfOptions {
  /** A running header on every page. */
  header?: string;
  /** `Page n of m` at the foot of every page. */
  pageNumbers?: boolean;
  /** Page height in points (smaller means more pages). */
  pageHeight?: number;
  fontSize?: number;
}

/** Helvetica only covers Windows-1252; other characters are replaced, as a PDF printer would. */
function winAnsi(text: string): string {
  return text.replace(
    /[^\t\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g,
    "?",
  );
}

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    doc.end();
  });
}

/** The text drawn line by line (long lines wrap), with optional header and page numbers. */
export function textToPdf(text: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const fontSize = options.fontSize ?? 10;
  const doc = new PDFDocument({
    size: [612, options.pageHeight ?? 792],
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    bufferPages: true,
    compress: true,
    info: { CreationDate: new Date(0) },
  });
  doc.font("Helvetica").fontSize(fontSize);
  // Wrapped here, at spaces only, so a line end in the PDF is always where a space was
  // (pdfkit would also break after `-` and `/`, which no reader can undo exactly).
  const lineHeight = doc.currentLineHeight(true);
  let y = doc.page.margins.top;
  const bottom = doc.page.height - doc.page.margins.bottom;
  for (const line of text.replace(/^\ufeff/, "").split(/\r\n?|\n/)) {
    for (const piece of wrap(winAnsi(line), (s) => doc.widthOfString(s), 468)) {
      if (y + lineHeight > bottom) {
        doc.addPage();
        y = doc.page.margins.top;
      }
      if (piece.length > 0) doc.text(piece, 72, y, { lineBreak: false });
      y += lineHeight;
    }
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (options.header) doc.text(options.header, 72, 36, { width: 468, lineBreak: false });
    if (options.pageNumbers) {
      doc.text(`Page ${i + 1} of ${range.count}`, 72, doc.page.height - 48, {
        width: 468,
        align: "center",
        lineBreak: false,
      });
    }
    doc.page.margins.bottom = bottom;
  }
  return collect(doc);
}

/** Greedy wrap at spaces; a word longer than the width stays whole. */
function wrap(line: string, width: (s: string) => number, max: number): string[] {
  if (width(line) <= max) return [line];
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    const next = current.length > 0 ? `${current} ${word}` : word;
    if (current.length > 0 && width(next) > max) {
      out.push(current);
      current = word;
    } else {
      current = next;
    }
  }
  out.push(current);
  return out;
}

/** A gray PNG, built by hand (zlib + CRC), for the scanned-like PDF. */
export function grayPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = (x * 7 + y * 13) % 256;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Two pages that are only an image each, like a scanner's output. */
export function scannedPdf(): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: "A4", autoFirstPage: false });
  const png = grayPng(120, 160);
  for (let i = 0; i < 2; i++) {
    doc.addPage();
    doc.image(png, 50, 50, { width: 480 });
  }
  return collect(doc);
}
