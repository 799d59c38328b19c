/**
 * What of an error may go to the log. Database and Slack errors carry fields that can hold
 * candidate data (a Postgres `detail` such as `Key (normalized_name)=(jane doe)`, a request
 * body in a Slack error's `data`); pino's default serializer would print them all. This keeps
 * the type, code, message and stack of the error and of its causes, nothing else.
 */
import { slackErrorCode } from "../slack-outbound.js";

export interface SafeError {
  name: string;
  code?: string;
  message: string;
  stack?: string;
  cause?: SafeError;
}

/**
 * Only the `at …` lines of a stack: a stack starts with the whole message, and a multi-line
 * message carries data (drizzle's "Failed query: …" is followed by `params: <team>,<name>,…`).
 */
function stackFrames(stack: string): string {
  return stack
    .split("\n")
    .filter((line) => /^\s+at /u.test(line))
    .slice(0, 7)
    .join("\n");
}

export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) return { name: typeof error, message: "non-error thrown" };
  const code = (error as { code?: unknown }).code;
  const slackCode = slackErrorCode(error);
  const out: SafeError = {
    name: error.name,
    message: error.message.split("\n")[0] ?? "",
    ...(typeof code === "string" ? { code } : {}),
    ...(slackCode ? { code: `slack:${slackCode}` } : {}),
    ...(error.stack ? { stack: stackFrames(error.stack) } : {}),
  };
  if (error.cause !== undefined && depth < 3) out.cause = safeError(error.cause, depth + 1);
  return out;
}
