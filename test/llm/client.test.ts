import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJudgeClient, JudgeUnavailable, retryAfterMs } from "../../src/llm/client.js";
import { type LlmStandIn, startLlmStandIn } from "../helpers/llm-stand-in.js";

describe("retryAfterMs", () => {
  it("reads Retry-After as seconds or a date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "150" }))).toBe(150);
    const now = Date.parse("2026-12-02T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 02 Dec 2026 00:00:03 GMT" }), now)).toBe(
      3000,
    );
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe("createJudgeClient against the stand-in", () => {
  let llm: LlmStandIn;
  beforeAll(async () => {
    llm = await startLlmStandIn();
  });
  afterAll(async () => {
    await llm?.close();
  });

  it("gives up at once when Retry-After asks for longer than it may wait", async () => {
    llm.script({ status: 429, retryAfter: "120" });
    const client = createJudgeClient(
      {
        baseUrl: llm.url,
        apiKey: undefined,
        model: "m",
        timeoutMs: 1_000,
        fileTimeoutMs: 5_000,
        concurrency: 1,
        redactNames: true,
      },
      { backoffMs: 10 },
    );
    const started = Date.now();
    const error = await client
      .complete(
        {
          system: "s",
          user: "### A1\nQuestion: q\nAnswer: a\n\nAnswer ids: A1",
          schemaName: "x",
          schema: { type: "object" },
          signal: AbortSignal.timeout(5_000),
        },
        (c) => c,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JudgeUnavailable);
    expect((error as JudgeUnavailable).reason).toBe("rate_limited");
    expect(llm.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
