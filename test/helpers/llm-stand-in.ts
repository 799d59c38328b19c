import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible Chat Completions server (node:http) for tests and the bench. It
 * reads the judge's prompt back (`### A1 / Question: / Answer:` blocks), answers with verdicts
 * built from those answers (quotes copied from them), and can instead be told to misbehave:
 * malformed JSON, a fabricated quote, 429 with Retry-After, 500, or a hang past any timeout.
 * Every request is recorded (headers and parsed body) with the time it arrived.
 */

export type Behaviour =
  | "verdicts"
  | "malformed"
  | "fabricated-quote"
  | "500"
  | "hang"
  | { status: 429; retryAfter: string };

export interface PromptedAnswer {
  id: string;
  question: string;
  answer: string;
}

export interface StandInVerdict {
  id: string;
  tier: "weak" | "average" | "strong" | "exceptional";
  correct: string[];
  wrong_or_missing: string[];
  factual_errors: Array<{ quote: string; correction: string }>;
  quotes: string[];
}

export interface RecordedLlmRequest {
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    response_format?: unknown;
  };
  /** The raw request body, for "this text was (not) sent" checks. */
  raw: string;
}

export interface LlmStandIn {
  /** Base URL to configure as LLM_BASE_URL (ends in /v1). */
  url: string;
  requests: RecordedLlmRequest[];
  /** The next requests get these behaviours in order; then `verdicts`. */
  script(...behaviours: Behaviour[]): void;
  /** What every unscripted request gets (default `verdicts`). */
  setDefault(behaviour: Behaviour): void;
  /** How a well-formed verdict is made from an answer (default: strong, one real quote). */
  setVerdict(fn: (a: PromptedAnswer) => Partial<StandInVerdict>): void;
  reset(): void;
  close(): Promise<void>;
}

/** The answers in the judge's user message. */
export function promptedAnswers(user: string): PromptedAnswer[] {
  const out: PromptedAnswer[] = [];
  const blocks = user.split(/^### /m).slice(1);
  for (const block of blocks) {
    const id = block.split("\n", 1)[0]?.trim() ?? "";
    const q = /\nQuestion: ([\s\S]*?)\nAnswer: /.exec(block);
    const a = /\nAnswer: ([\s\S]*?)\n\n(?:Answer ids:|$)/.exec(`${block}\n`);
    const answerText = a?.[1] ?? block.slice(block.indexOf("\nAnswer: ") + 9);
    out.push({ id, question: q?.[1] ?? "", answer: answerText.trim() });
  }
  return out;
}

/** A few words copied from the answer, as a model would quote it. */
export function firstWords(text: string, n = 6): string {
  return text.split(/\s+/).filter(Boolean).slice(0, n).join(" ");
}

function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export async function startLlmStandIn(): Promise<LlmStandIn> {
  const requests: RecordedLlmRequest[] = [];
  let queue: Behaviour[] = [];
  let fallback: Behaviour = "verdicts";
  let verdictFor: (a: PromptedAnswer) => Partial<StandInVerdict> = () => ({});
  const hanging = new Set<ServerResponse>();

  function completion(res: ServerResponse, model: string, content: string, promptChars: number) {
    const body = JSON.stringify({
      id: `chatcmpl-${requests.length}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: tokens(" ".repeat(promptChars)),
        completion_tokens: tokens(content),
        total_tokens: tokens(" ".repeat(promptChars)) + tokens(content),
      },
    });
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: RecordedLlmRequest["body"] = {};
      try {
        body = JSON.parse(raw) as RecordedLlmRequest["body"];
      } catch {}
      requests.push({
        at: Date.now(),
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        raw,
      });
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
        return;
      }
      const behaviour = queue.shift() ?? fallback;
      const model = body.model ?? "unknown";
      const user = body.messages?.find((m) => m.role === "user")?.content ?? "";
      const promptChars = (body.messages ?? []).reduce((n, m) => n + m.content.length, 0);
      if (behaviour === "hang") {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      if (behaviour === "500") {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "internal error", type: "server_error" } }));
        return;
      }
      if (typeof behaviour === "object") {
        res.writeHead(429, {
          "content-type": "application/json",
          "retry-after": behaviour.retryAfter,
        });
        res.end(JSON.stringify({ error: { message: "rate limited", type: "rate_limit_error" } }));
        return;
      }
      if (behaviour === "malformed") {
        completion(res, model, '{"answers": [{"id": "A1", "tier": "stro', promptChars);
        return;
      }
      const answers = promptedAnswers(user).map((a): StandInVerdict => {
        const base: StandInVerdict = {
          id: a.id,
          tier: "strong",
          correct: ["names the mechanism"],
          wrong_or_missing: [],
          factual_errors: [],
          quotes: [firstWords(a.answer)],
          ...verdictFor(a),
        };
        if (behaviour === "fabricated-quote")
          base.quotes = [...base.quotes, "a sentence the candidate never said"];
        return base;
      });
      completion(res, model, JSON.stringify({ answers }), promptChars);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...behaviours) => {
      queue.push(...behaviours);
    },
    setDefault: (b) => {
      fallback = b;
    },
    setVerdict: (fn) => {
      verdictFor = fn;
    },
    reset: () => {
      requests.length = 0;
      queue = [];
      fallback = "verdicts";
      verdictFor = () => ({});
      for (const res of hanging) res.destroy();
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
