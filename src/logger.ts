import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import type { Config } from "./config.js";

/**
 * Structured logs. Secrets and candidate data never go here: log ids, codes and counts, not
 * names, answers or tokens. The redact list is a safety net, not the policy.
 */
export function createLogger(
  config: Pick<Config, "LOG_LEVEL">,
  /** Where lines go (default stdout); tests capture them to check what would be logged. */
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        "token",
        "*.token",
        "authorization",
        "*.authorization",
        "headers.authorization",
        "name",
        "*.name",
        "text",
        "*.text",
        "answer",
        "question",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
