import { existsSync } from "node:fs";
import { z } from "zod";
import { AppError } from "./errors.js";

/**
 * The only place that reads `process.env`. Everything else receives a `Config`, so tests can
 * build one from a plain object and nothing changes behaviour behind the caller's back.
 */
const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const configSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection URL")
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
  SLACK_BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional(),
  ),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  SLACK_API_URL: z.preprocess(
    emptyToUndefined,
    z.url("must be a URL such as https://slack.com/api/").optional(),
  ),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(logLevels).default("info")),
  TZ: z.preprocess(emptyToUndefined, z.string().default("UTC")),
  MAX_FILE_BYTES: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
  ),
  HIRING_ADMINS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default("")
      .transform((s) =>
        s
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      ),
  ),
  RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  DIGEST_TICK_CRON: z.preprocess(emptyToUndefined, z.string().default("* * * * *")),
});

export type Config = z.infer<typeof configSchema>;

/** Parses an environment-like object; every bad value is explained in one sentence. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) {
    const tz = result.data.TZ;
    if (!isValidTimeZone(tz)) {
      throw new AppError("CONFIG_INVALID", `TZ "${tz}" is not a known IANA time zone.`);
    }
    return result.data;
  }
  const sentences = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "environment");
    return `${key} ${issue.message.replace(/^Invalid input: /, "")}`.trim();
  });
  throw new AppError("CONFIG_INVALID", `Configuration is invalid: ${sentences.join("; ")}.`);
}

let cached: Config | undefined;

/**
 * The process configuration, parsed once on first use. A `.env` file in the working directory
 * is read first when present; variables already set in the environment win.
 */
export function getConfig(): Config {
  if (!cached) {
    if (existsSync(".env")) process.loadEnvFile(".env");
    cached = loadConfig(process.env);
  }
  return cached;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
