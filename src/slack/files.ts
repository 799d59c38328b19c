import pRetry from "p-retry";
import { z } from "zod";
import { AppError } from "../errors.js";

/**
 * Slack file metadata as events and `files.info` carry it. Only the fields the app uses are
 * required; Slack Connect events carry a stub (`file_access: "check_file_info"`) without name or
 * URLs, which `needsFileInfo` detects.
 */
export const slackFileSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  title: z.string().optional(),
  mimetype: z.string().optional(),
  filetype: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  url_private_download: z.string().optional(),
  url_private: z.string().optional(),
  permalink: z.string().optional(),
  user: z.string().optional(),
  mode: z.string().optional(),
  file_access: z.string().optional(),
  shares: z
    .looseObject({
      public: z.record(z.string(), z.array(z.looseObject({ ts: z.string() }))).optional(),
      private: z.record(z.string(), z.array(z.looseObject({ ts: z.string() }))).optional(),
    })
    .optional(),
});
export type SlackFile = z.infer<typeof slackFileSchema>;

export function needsFileInfo(file: SlackFile): boolean {
  return (
    file.file_access === "check_file_info" ||
    file.mode === "file_access" ||
    !file.url_private_download ||
    file.size === undefined
  );
}

/** The ts of the message that shared the file in `channelId`, from `files.info` shares. */
export function shareTs(file: SlackFile, channelId: string): string | undefined {
  const shares = file.shares?.public?.[channelId] ?? file.shares?.private?.[channelId];
  return shares?.[0]?.ts;
}

/**
 * What to do with a shared file, decided from metadata alone (before any download):
 * - `process`: text the parser may understand, or a .docx or .pdf it extracts text from;
 * - `reject`: a document someone may reasonably have meant as a transcript (PDF, Word, …): we
 *   answer once, saying what we expected;
 * - `ignore`: images, media, archives and the like, which are everyday traffic in a busy channel
 *   and get no reply at all.
 */
export type FileDecision =
  | { kind: "process" }
  | { kind: "ignore" }
  | { kind: "reject"; code: "FILE_TOO_LARGE" | "UNSUPPORTED_FORMAT"; message: string };

const textExtensions = new Set(["txt", "text", "md", "markdown", "vtt", "srt", "log"]);
/** Documents whose text the parser extracts (recognised again by content after download). */
const documentExtensions = new Set(["docx", "pdf"]);
const documentMimetypes = new Set([
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
]);
const textFiletypes = new Set(["text", "markdown", "post", "vtt", "srt", "plain"]);
const documentTypes: Record<string, string> = {
  pdf: "a PDF",
  doc: "a Word document",
  docx: "a Word document",
  odt: "an OpenDocument text",
  rtf: "an RTF document",
  pages: "a Pages document",
  gdoc: "a Google Doc",
  gsheet: "a spreadsheet",
  xls: "a spreadsheet",
  xlsx: "a spreadsheet",
  csv: "a spreadsheet",
  ppt: "a presentation",
  pptx: "a presentation",
  key: "a presentation",
  html: "a web page",
  json: "a JSON file",
};
const quietPrefixes = ["image/", "video/", "audio/", "font/"];
const quietFiletypes = new Set([
  "png",
  "jpg",
  "jpeg",
  "gif",
  "bmp",
  "svg",
  "webp",
  "heic",
  "tiff",
  "mp4",
  "mov",
  "webm",
  "mp3",
  "m4a",
  "wav",
  "zip",
  "gzip",
  "gz",
  "tar",
  "7z",
  "rar",
  "dmg",
  "exe",
  "apk",
]);

function extensionOf(name: string | undefined): string {
  const match = name?.toLowerCase().match(/\.([a-z0-9]+)$/);
  return match?.[1] ?? "";
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

export function decideFile(file: SlackFile, maxBytes: number): FileDecision {
  const mimetype = (file.mimetype ?? "").toLowerCase();
  const filetype = (file.filetype ?? "").toLowerCase();
  const ext = extensionOf(file.name);
  if (
    quietPrefixes.some((p) => mimetype.startsWith(p)) ||
    quietFiletypes.has(filetype) ||
    quietFiletypes.has(ext)
  ) {
    return { kind: "ignore" };
  }
  const isText =
    (mimetype.startsWith("text/") && mimetype !== "text/html") ||
    textFiletypes.has(filetype) ||
    textExtensions.has(ext) ||
    mimetype === "application/x-subrip" ||
    documentMimetypes.has(mimetype) ||
    documentExtensions.has(filetype) ||
    documentExtensions.has(ext);
  if (!isText) {
    const what = documentTypes[filetype] ?? documentTypes[ext] ?? "not a text file";
    return {
      kind: "reject",
      code: "UNSUPPORTED_FORMAT",
      message: `This file is ${what}; I read interview transcripts as text (.txt, .md, .vtt or .srt), .docx or .pdf, so export the transcript as one of those and share that.`,
    };
  }
  if (file.size !== undefined && file.size > maxBytes) {
    return {
      kind: "reject",
      code: "FILE_TOO_LARGE",
      message: `This file is ${formatMb(file.size)}, over the ${formatMb(maxBytes)} limit for a transcript; split it or share the text of one interview session.`,
    };
  }
  return { kind: "process" };
}

export interface DownloadOptions {
  token: string;
  maxBytes: number;
  /**
   * The Web API base URL (SLACK_API_URL). The bot token is only ever sent to Slack's own hosts
   * or to this URL's host, so a crafted `url_private_download` cannot exfiltrate it.
   */
  apiUrl?: string | undefined;
  timeoutMs?: number;
  retries?: number;
  /** Backoff base (ms) between download attempts. */
  minRetryDelayMs?: number;
  signal?: AbortSignal;
}

export function isAllowedFileUrl(url: string, apiUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (apiUrl) {
    const api = new URL(apiUrl);
    if (parsed.host === api.host && parsed.protocol === api.protocol) return true;
  }
  return (
    parsed.protocol === "https:" &&
    (parsed.hostname === "slack.com" || parsed.hostname.endsWith(".slack.com"))
  );
}

const acceptedContentTypes = [
  "text/",
  "application/octet-stream",
  "application/x-subrip",
  "binary/octet-stream",
  ...documentMimetypes,
];

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}

/**
 * Downloads `url_private_download` with the bot token. Retries network errors, timeouts and
 * 5xx with backoff; fails with one clear sentence for anything that is not the file's text:
 * an HTML sign-in page (what Slack serves when the token is not accepted), a non-text body, or
 * a body larger than `maxBytes` (checked while streaming, whatever the metadata claimed).
 */
export async function downloadSlackFile(
  url: string,
  options: DownloadOptions,
): Promise<Uint8Array> {
  if (!isAllowedFileUrl(url, options.apiUrl)) {
    throw new AppError(
      "DOWNLOAD_FAILED",
      "The file's download link does not point at Slack, so I did not fetch it.",
      { details: { host: safeHost(url) } },
    );
  }
  return pRetry(() => downloadOnce(url, options), {
    retries: options.retries ?? 3,
    minTimeout: options.minRetryDelayMs ?? 500,
    factor: 2,
    randomize: true,
    ...(options.signal ? { signal: options.signal } : {}),
    shouldRetry: ({ error }) => !(error instanceof AppError),
  }).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "DOWNLOAD_FAILED",
      "I could not download the file from Slack after several tries; please share it again.",
      { cause: error },
    );
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid";
  }
}

async function downloadOnce(url: string, options: DownloadOptions): Promise<Uint8Array> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${options.token}` },
    redirect: "follow",
    signal,
  });
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    throw new Error(`download answered HTTP ${response.status}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError(
      "DOWNLOAD_FAILED",
      `Slack refused the download (HTTP ${response.status}); make sure the app can see the file and share it again.`,
    );
  }
  const contentType = (response.headers.get("content-type") ?? "").toLowerCase();
  if (contentType.startsWith("text/html")) {
    await response.body?.cancel();
    throw new AppError(
      "DOWNLOAD_FAILED",
      "Slack sent a sign-in page instead of the file, so the app could not read it; reinstall the app with the files:read scope and share the file again.",
    );
  }
  if (contentType && !acceptedContentTypes.some((t) => contentType.startsWith(t))) {
    await response.body?.cancel();
    throw new AppError(
      "BINARY_FILE",
      "The file Slack sent is not text, so it cannot be an interview transcript.",
    );
  }
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel();
    throw tooLarge(declared, options.maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > options.maxBytes) throw tooLarge(total, options.maxBytes);
      chunks.push(chunk);
    }
  }
  const bytes = Buffer.concat(chunks);
  if (looksLikeHtml(bytes)) {
    throw new AppError(
      "DOWNLOAD_FAILED",
      "Slack sent a web page instead of the file, so the app could not read it; share the file again or check the app's files:read scope.",
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function tooLarge(bytes: number, maxBytes: number): AppError {
  return new AppError(
    "FILE_TOO_LARGE",
    `This file is over the ${formatMb(maxBytes)} limit for a transcript (at least ${formatMb(bytes)}); split it or share the text of one interview session.`,
  );
}
