import { type Logger, pino } from "pino";
import type { Config } from "./config.js";

/**
 * Structured logs. Secrets and candidate data never go here: log ids, codes and counts, not
 * names, answers or tokens. The redact list is a safety net, not the policy.
 */
export function createLogger(config: Pick<Config, "LOG_LEVEL">): Logger {
  return pino({
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
  });
}

export type { Logger };
