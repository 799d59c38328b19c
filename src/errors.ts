/**
 * One error family for the whole product. Every failure a user can cause or see is an
 * `AppError` with a stable `code`: the Slack app and the CLI show `userMessage` (one clear
 * sentence, safe to show: no candidate data beyond what the user sent, no secrets), while
 * `cause` keeps the underlying error for the log.
 */
export const errorCodes = [
  // configuration and usage
  "CONFIG_INVALID",
  "USAGE",
  // transcript input
  "EMPTY_FILE",
  "BINARY_FILE",
  "FILE_TOO_LARGE",
  "NOT_A_TRANSCRIPT",
  "NO_ANSWERS",
  "UNSUPPORTED_FORMAT",
  // storage and lookups
  "NOT_FOUND",
  "AMBIGUOUS",
  "FORBIDDEN",
  "CONFLICT",
  "DB_ERROR",
  // Slack and files
  "DOWNLOAD_FAILED",
  "SLACK_API",
  // anything we did not foresee
  "INTERNAL",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * How a code changes behaviour, decided here once:
 * - `input`: the person's input is wrong (a flag, a file, a name). The CLI exits 2; an
 *   upload or a batch records the rejection and goes on with the next item.
 * - `system`: our side failed (the database, a bug). Not the file's fault: a batch stops, an
 *   upload job throws so its lease lapses and a later attempt retries; the CLI exits 1.
 * - `other`: refused or failed for a reason that is not the input's shape (permissions, a
 *   conflict, Slack or a download). Recorded as the item's outcome; the CLI exits 1.
 */
export type ErrorKind = "input" | "system" | "other";

const errorKinds: Record<ErrorCode, ErrorKind> = {
  CONFIG_INVALID: "input",
  USAGE: "input",
  EMPTY_FILE: "input",
  BINARY_FILE: "input",
  FILE_TOO_LARGE: "input",
  NOT_A_TRANSCRIPT: "input",
  NO_ANSWERS: "input",
  UNSUPPORTED_FORMAT: "input",
  NOT_FOUND: "input",
  AMBIGUOUS: "input",
  FORBIDDEN: "other",
  CONFLICT: "other",
  DB_ERROR: "system",
  DOWNLOAD_FAILED: "other",
  SLACK_API: "other",
  INTERNAL: "system",
};

export function errorKind(code: ErrorCode): ErrorKind {
  return errorKinds[code];
}

/** True for failures on our side: the item is not at fault, so stop or retry rather than reject it. */
export function isSystemFailure(code: ErrorCode): boolean {
  return errorKinds[code] === "system";
}

/** The CLI's exit code for an error: 2 for a usage or input error, 1 for anything else. */
export function exitCodeFor(code: ErrorCode): 1 | 2 {
  return errorKinds[code] === "input" ? 2 : 1;
}

/** A code read back from storage or another process; anything unknown is `INTERNAL`. */
export function toErrorCode(code: string | null | undefined): ErrorCode {
  return code && (errorCodes as readonly string[]).includes(code)
    ? (code as ErrorCode)
    : "INTERNAL";
}

export interface AppErrorOptions {
  cause?: unknown;
  /** 1-based line in the input the error refers to, when it has one. */
  line?: number;
  /** Structured, non-sensitive details for callers (never logged with candidate data). */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly line: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  /** @param userMessage one sentence a person can act on; it is also the `message`. */
  constructor(code: ErrorCode, userMessage: string, options: AppErrorOptions = {}) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.line = options.line;
    this.details = options.details;
  }

  get userMessage(): string {
    return this.message;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * Wraps anything thrown into an `AppError`, so callers at the edge (CLI, Slack handlers) have
 * one shape to render. Unknown errors become `INTERNAL` with a generic sentence; the original
 * is kept as `cause` for the log only.
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError("INTERNAL", "Something went wrong on our side; the error has been logged.", {
    cause: error,
  });
}
