import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { AppError } from "./errors.js";

/**
 * The only place that reads `process.env`. Everything else receives a `Config`, so tests can
 * build one from a plain object and nothing changes behaviour behind the caller's back.
 */
const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

export const MAX_SCORING_THREADS = 16;

/** Scoring threads (src/ingest/scoring-pool.ts): one per core, at most four (the database needs a core too). */
export function defaultScoringThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Who scores answers: the offline scorer alone (default), a language model, or both blended. */
export const scorerKinds = ["offline", "llm", "blend"] as const;
export type ScorerKind = (typeof scorerKinds)[number];

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
  SCORING_THREADS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .int()
      .min(0, "must be 0 (score on the main thread) or more")
      .max(MAX_SCORING_THREADS, `must be at most ${MAX_SCORING_THREADS}`)
      .default(defaultScoringThreads()),
  ),
  SCORER: z.preprocess(
    emptyToUndefined,
    z.enum(scorerKinds, "must be offline, llm or blend").default("offline"),
  ),
  LLM_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url("must be the URL of an OpenAI-compatible API, such as http://localhost:11434/v1")
      .optional(),
  ),
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().positive("must be a positive number of milliseconds").default(60_000),
  ),
  LLM_FILE_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().positive("must be a positive number of milliseconds").default(180_000),
  ),
  LLM_CONCURRENCY: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1, "must be at least 1").max(64, "must be at most 64").default(2),
  ),
  LLM_REDACT_NAMES: z.preprocess(
    emptyToUndefined,
    z
      .enum(["true", "false", "1", "0", "yes", "no"], "must be true or false")
      .default("true")
      .transform((v) => v === "true" || v === "1" || v === "yes"),
  ),
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
    llmSettings(result.data, result.data.SCORER);
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

/** What the LLM judge needs, checked for one scorer choice (`SCORER` or the CLI's `--scorer`). */
export interface LlmSettings {
  baseUrl: string;
  /** Absent for local servers that take no key. */
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
  fileTimeoutMs: number;
  concurrency: number;
  redactNames: boolean;
}

/**
 * The judge's settings when `scorer` needs one, `undefined` for the offline scorer. A choice
 * that cannot work (a model without a server, or the reverse) stops with one sentence naming
 * the variable, so the app never starts half-configured.
 */
export function llmSettings(config: Config, scorer: ScorerKind): LlmSettings | undefined {
  if (scorer === "offline") return undefined;
  if (!config.LLM_BASE_URL) {
    throw new AppError(
      "CONFIG_INVALID",
      `LLM_BASE_URL must be set when the scorer is ${scorer} (the OpenAI-compatible API to send answers to, e.g. http://localhost:11434/v1).`,
    );
  }
  if (!config.LLM_MODEL) {
    throw new AppError(
      "CONFIG_INVALID",
      `LLM_MODEL must be set when the scorer is ${scorer} (the model name the endpoint serves, e.g. gpt-4o-mini or llama3.1:8b).`,
    );
  }
  return {
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    fileTimeoutMs: config.LLM_FILE_TIMEOUT_MS,
    concurrency: config.LLM_CONCURRENCY,
    redactNames: config.LLM_REDACT_NAMES,
  };
}
