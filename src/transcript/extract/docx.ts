import { Unzip, UnzipInflate, zipSync } from "fflate";
import mammoth from "mammoth";
import { AppError } from "../../errors.js";
import { DEFAULT_MAX_EXPANDED_BYTES } from "./limits.js";
import { zipBomb } from "./sniff.js";

/** The parts mammoth reads for text; images and embedded media are never inflated. */
function isTextPart(name: string): boolean {
  if (name === "[Content_Types].xml") return true;
  if (name.endsWith(".rels")) return true;
  return name.startsWith("word/") && name.endsWith(".xml");
}

const CHUNK = 16 * 1024;

/**
 * Inflates the document's XML parts while counting what comes out, so a zip whose central
 * directory lies about its sizes still stops at the limit (pushed in 16 KB pieces, one piece
 * inflates to at most ~16 MB). Returns the parts stored uncompressed, for mammoth.
 */
export function inflateTextParts(
  bytes: Uint8Array,
  maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES,
): Uint8Array {
  const parts: Record<string, Uint8Array[]> = {};
  let total = 0;
  let over = false;
  let failure: unknown;
  const unzip = new Unzip((file) => {
    if (!isTextPart(file.name) || file.name in parts) return;
    const chunks: Uint8Array[] = [];
    parts[file.name] = chunks;
    file.ondata = (error, data) => {
      if (error) {
        failure = error;
        return;
      }
      total += data.byteLength;
      if (total > maxExpandedBytes) {
        over = true;
        file.terminate();
        return;
      }
      chunks.push(data);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.byteLength && !over; offset += CHUNK) {
      const end = Math.min(offset + CHUNK, bytes.byteLength);
      unzip.push(bytes.subarray(offset, end), end === bytes.byteLength);
    }
  } catch (error) {
    failure ??= error;
  }
  if (over) throw zipBomb(maxExpandedBytes);
  if (failure !== undefined) throw damaged(failure);
  const stored: Record<string, Uint8Array> = {};
  for (const [name, chunks] of Object.entries(parts)) {
    stored[name] = name === "word/document.xml" ? keepBreaks(concat(chunks)) : concat(chunks);
  }
  return zipSync(stored, { level: 0 });
}

/**
 * mammoth's raw text drops line breaks inside a paragraph (`<w:br/>`, `<w:cr/>`), and Teams
 * puts a speaker's heading and words in one paragraph split by a break: each break becomes a
 * newline character in the text it reads.
 */
function keepBreaks(xml: Uint8Array): Uint8Array {
  const text = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString("utf8");
  if (!text.includes("<w:br") && !text.includes("<w:cr")) return xml;
  return Buffer.from(
    text.replace(/<w:(?:br|cr)\b[^>]*\/>/g, '<w:t xml:space="preserve">&#10;</w:t>'),
    "utf8",
  );
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  return Buffer.concat(chunks);
}

function damaged(cause: unknown): AppError {
  return new AppError(
    "BINARY_FILE",
    "This Word document is damaged and its text could not be read; export the transcript again.",
    { cause },
  );
}

/**
 * The document's text with mammoth's raw-text extraction: one paragraph per line (mammoth ends
 * each paragraph with a blank line; an empty paragraph stays a blank line), line breaks inside a
 * paragraph kept.
 */
export async function extractDocxText(
  bytes: Uint8Array,
  maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES,
): Promise<string> {
  const zip = inflateTextParts(bytes, maxExpandedBytes);
  let raw: string;
  try {
    const result = await mammoth.extractRawText({
      buffer: Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength),
    });
    raw = result.value;
  } catch (error) {
    throw damaged(error);
  }
  return paragraphsToLines(raw);
}

/** mammoth writes `paragraph\n\n` for each paragraph; a transcript wants one line each. */
export function paragraphsToLines(raw: string): string {
  const text = raw.replace(/\r\n?/g, "\n");
  const paragraphs = text.endsWith("\n\n") ? text.slice(0, -2).split("\n\n") : text.split("\n\n");
  return paragraphs.join("\n").replace(/\u00a0/g, " ");
}
