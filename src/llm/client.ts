import { setTimeout as sleep } from "node:timers/promises";
import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from "openai";
import pRetry, { AbortError } from "p-retry";
import type { LlmSettings } from "../config.js";

/**
 * The one way the app talks to a language model: the official `openai` client pointed at any
 * OpenAI-compatible Chat Completions server (`baseURL`). Retries are ours, not the SDK's, so
 * that `Retry-After` is honoured within the file's time budget and every attempt is counted:
 * 429 and 5xx, connection failures, request timeouts and replies that are not the JSON asked
 * for are retried with exponential backoff; anything else (400, 401, 404) fails at once.
 * Nothing here logs: the request carries candidate text and the key.
 */

export interface Completion {
  /** The message content of the successful attempt (JSON text, not yet checked). */
  content: string;
  promptTokens: number;
  completionTokens: number;
  /** Requests sent, retries included. */
  requests: number;
  latencyMs: number;
}

export interface JudgeClient {
  readonly model: string;
  /**
   * One structured-output request, retried as above. `parse` turns the content into the
   * caller's value and throws `MalformedReply` when it is not what was asked for.
   */
  complete<T>(
    request: CompletionRequest,
    parse: (content: string) => T,
  ): Promise<Completion & { value: T }>;
}

export interface CompletionRequest {
  system: string;
  user: string;
  schemaName: string;
  schema: Record<string, unknown>;
  /** The file's deadline: aborts waiting, retrying and the request in flight. */
  signal: AbortSignal;
}

/** The reply was not the JSON the schema asks for (retried like a server error). */
export class MalformedReply extends Error {
  override readonly name = "MalformedReply";
}

/** Why the judge gave up, in words for the log and the stored row (no content, no key). */
export class JudgeUnavailable extends Error {
  override readonly name = "JudgeUnavailable";
  constructor(
    readonly reason:
      | "timeout"
      | "rate_limited"
      | "server_error"
      | "unreachable"
      | "malformed"
      | "refused",
    message: string,
    readonly requests: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface JudgeClientOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  backoffMs?: number;
  /** Longest wait for one `Retry-After` (default 30 s; longer means give up now). */
  maxRetryAfterMs?: number;
}

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, in milliseconds. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function classify(error: unknown): JudgeUnavailable["reason"] {
  if (error instanceof MalformedReply) return "malformed";
  if (error instanceof APIUserAbortError) return "timeout";
  if (error instanceof APIConnectionError) {
    return error.name === "APIConnectionTimeoutError" ? "timeout" : "unreachable";
  }
  if (error instanceof APIError) {
    if (error.status === 429) return "rate_limited";
    if ((error.status ?? 0) >= 500) return "server_error";
    return "refused";
  }
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError"))
    return "timeout";
  return "unreachable";
}

const reasonWords: Record<JudgeUnavailable["reason"], string> = {
  timeout: "did not answer in time",
  rate_limited: "kept refusing with 429 (rate limited)",
  server_error: "kept failing with a server error",
  unreachable: "could not be reached",
  malformed: "did not return the JSON asked for",
  refused: "refused the request",
};

export function createJudgeClient(
  settings: LlmSettings,
  options: JudgeClientOptions = {},
): JudgeClient {
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const openai = new OpenAI({
    baseURL: settings.baseUrl,
    // Passed explicitly so the SDK never falls back to OPENAI_* variables behind config.ts.
    // The SDK insists on some key; for a local server without one, a placeholder that the
    // header override below keeps from being sent: no Authorization header at all.
    apiKey: settings.apiKey ?? "no-key",
    adminAPIKey: null,
    organization: null,
    project: null,
    ...(settings.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    timeout: settings.timeoutMs,
    maxRetries: 0,
    logLevel: "off",
  });

  return {
    model: settings.model,
    async complete(request, parse) {
      const started = performance.now();
      let requests = 0;
      let promptTokens = 0;
      let completionTokens = 0;
      const attempt = async () => {
        if (request.signal.aborted) throw new AbortError("file deadline passed");
        requests++;
        const response = await openai.chat.completions.create(
          {
            model: settings.model,
            temperature: 0,
            messages: [
              { role: "system", content: request.system },
              { role: "user", content: request.user },
            ],
            response_format: {
              type: "json_schema",
              json_schema: { name: request.schemaName, schema: request.schema, strict: true },
            },
          },
          { signal: request.signal, timeout: settings.timeoutMs, maxRetries: 0 },
        );
        promptTokens += response.usage?.prompt_tokens ?? 0;
        completionTokens += response.usage?.completion_tokens ?? 0;
        const content = response.choices[0]?.message?.content;
        if (typeof content !== "string" || content.trim() === "")
          throw new MalformedReply("the reply had no message content");
        return { content, value: parse(content) };
      };
      try {
        const { content, value } = await pRetry(attempt, {
          retries,
          minTimeout: 0,
          maxTimeout: 0,
          signal: request.signal,
          shouldRetry: ({ error }) => {
            if (request.signal.aborted) return false;
            const reason = classify(error);
            return reason !== "refused";
          },
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft === 0 || request.signal.aborted) return;
            if (classify(error) === "refused") return;
            const backoff = backoffMs * 2 ** (attemptNumber - 1);
            const asked = error instanceof APIError ? retryAfterMs(error.headers) : undefined;
            if (asked !== undefined && asked > maxRetryAfterMs) throw error;
            await sleep(Math.max(asked ?? 0, backoff), undefined, { signal: request.signal });
          },
        });
        return {
          content,
          value,
          promptTokens,
          completionTokens,
          requests,
          latencyMs: Math.round(performance.now() - started),
        };
      } catch (error) {
        const reason = request.signal.aborted ? "timeout" : classify(error);
        throw new JudgeUnavailable(reason, `the language model ${reasonWords[reason]}`, requests, {
          cause: error,
        });
      }
    },
  };
}
