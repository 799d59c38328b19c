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
