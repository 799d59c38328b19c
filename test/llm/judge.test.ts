import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LlmSettings, llmSettings, loadConfig } from "../../src/config.js";
import {
  createJudge,
  createJudgeClient,
  FALLBACK_NOTE,
  scoreOffline,
} from "../../src/llm/index.js";
import { scoreTranscript } from "../../src/scoring/index.js";
import { parseTranscript } from "../../src/transcript/index.js";
import { describeEachDb } from "../helpers/db.js";
import { type LlmStandIn, startLlmStandIn } from "../helpers/llm-stand-in.js";

const text = readFileSync(new URL("../fixtures/llm/go-screen.txt", import.meta.url), "utf8");
const parsed = parseTranscript(new TextEncoder().encode(text), { fileName: "go-screen.txt" });
const API_KEY = "sk-test-5ecret-key-0123456789";
/** Words only the candidate said, and the people's names. */
const ANSWER_WORDS = "heap profiles with pprof a few minutes apart";

describe("scoreOffline", () => {
  it("gives exactly the offline scores, plus which answers count", () => {
    const { result, counted } = scoreOffline(parsed);
    expect(result).toEqual(scoreTranscript(parsed));
    // The greeting is small talk; the two technical questions count.
    expect(counted[0]).toEqual([false, true, true]);
  });
});

describeEachDb("LLM judge against the stand-in", (ctx) => {
  let llm: LlmStandIn;
  let logLines: string[];
  let modelCounter = 0;

  beforeAll(async () => {
    llm = await startLlmStandIn();
  });
  afterAll(async () => {
    await llm?.close();
  });
  beforeEach(() => {
    llm.reset();
    logLines = [];
  });

  /** A judge on a fresh model name, so no test is served another's cached verdicts. */
  function judgeWith(overrides: Partial<LlmSettings> = {}, scorer: "llm" | "blend" = "llm") {
    modelCounter += 1;
    const config = loadConfig({
      SCORER: scorer,
      LLM_BASE_URL: llm.url,
      LLM_API_KEY: API_KEY,
      LLM_MODEL: `test-model-${modelCounter}`,
    });
    const settings = { ...(llmSettings(config, scorer) as LlmSettings), ...overrides };
    const sink = new Writable({
      write(chunk, _e, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    return createJudge({
      db: ctx.db,
      client: createJudgeClient(settings, { backoffMs: 20 }),
      settings,
      scorer,
      logger: pino({ level: "trace" }, sink),
    });
  }

  const input = () => ({ ...scoreOffline(parsed), rawText: text });

  it("sends the model name, the key as a Bearer token, a JSON schema, and no names", async () => {
    const judge = judgeWith();
    const judged = await judge.judge(input());
    expect(llm.requests).toHaveLength(1);
    const [request] = llm.requests;
    expect(request?.url).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body.model).toBe(judge.model);
    expect(request?.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "answer_verdicts", strict: true },
    });
    // The answers are sent (that is the point), the names are not.
    expect(request?.raw).toContain("pprof");
    for (const name of ["Priya", "Raman", "Marcus", "Webb"])
      expect(request?.raw).not.toContain(name);
    expect(request?.raw).toContain("[INTERVIEWER]'s team");
    // Small talk is not sent: only the two counted answers.
    expect(request?.raw).not.toContain("loud and clear");

    const [j] = judged.judgements;
    expect(j).toMatchObject({ scorerKind: "llm", requests: 1, cachedAnswers: 0, fallback: null });
    expect(j?.promptTokens).toBeGreaterThan(0);
    expect(j?.completionTokens).toBeGreaterThan(0);
    const candidate = judged.result.candidates[0];
    // Every counted answer came back "strong": the middle of the strong quarter.
    expect(candidate?.answers.map((a) => a.score).slice(1)).toEqual([62.5, 62.5]);
    expect(candidate?.score).toBe(63);
    expect(candidate?.tier).toBe("strong");
    expect(judged.note).toBeNull();
  });

  it("serves a second run from the cache: zero requests", async () => {
    const judge = judgeWith();
    const first = await judge.judge(input());
    expect(llm.requests).toHaveLength(1);
    llm.reset();
    const second = await judge.judge(input());
    expect(llm.requests).toHaveLength(0);
    expect(second.judgements[0]).toMatchObject({ cachedAnswers: 2, requests: 0, promptTokens: 0 });
    expect(second.result).toEqual(first.result);
  });

  it("drops and counts quotes that are not in the answer; a factual error keeps its quote", async () => {
    const judge = judgeWith();
    llm.setDefault("fabricated-quote");
    llm.setVerdict((a) =>
      a.answer.includes("drops messages")
        ? {
            tier: "weak",
            correct: [],
            wrong_or_missing: ["unbuffered sends block until a receiver is ready"],
            factual_errors: [
              {
                quote: "An unbuffered channel drops messages when nobody is reading",
                correction: "a send on an unbuffered channel blocks until a receiver takes it",
              },
              { quote: "channels are lossy by design", correction: "made up" },
            ],
          }
        : {},
    );
    const judged = await judge.judge(input());
    const j = judged.judgements[0];
    // One fabricated quote per answer, and one fabricated factual-error quote.
    expect(j?.droppedQuotes).toBe(3);
    const wrong = j?.answers[1]?.verdict;
    expect(wrong?.tier).toBe("weak");
    expect(wrong?.quotes.every((q) => text.includes(q))).toBe(true);
    expect(wrong?.quotes).not.toContain("a sentence the candidate never said");
    expect(wrong?.factualErrors).toHaveLength(1);
    const candidate = judged.result.candidates[0];
    expect(candidate?.concerns[0]).toMatch(
      /^Q2: factually wrong: “An unbuffered channel drops messages when nobody is reading”; a send on an unbuffered channel blocks/,
    );
    expect(candidate?.answers[1]?.reasons[0]).toMatch(
      /^Language model: weak\. Wrong: “An unbuffered/,
    );
    expect(candidate?.answers[1]?.score).toBe(12.5);
    // The offline scorer praised that answer; the card no longer does.
    const offline = scoreOffline(parsed).result.candidates[0];
    expect(offline?.strengths.some((l) => l.startsWith("Q2:"))).toBe(true);
    expect(candidate?.strengths.some((l) => l.startsWith("Q2:"))).toBe(false);
  });

  it("honours Retry-After on a 429, then uses the verdicts", async () => {
    const judge = judgeWith();
    llm.script({ status: 429, retryAfter: "1" });
    const judged = await judge.judge(input());
    expect(llm.requests).toHaveLength(2);
    const [first, second] = llm.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(judged.judgements[0]).toMatchObject({ scorerKind: "llm", requests: 2 });
  });

  it("retries a 500 with backoff and a malformed reply, then uses the verdicts", async () => {
    const judge = judgeWith();
    llm.script("500", "malformed");
    const judged = await judge.judge(input());
    expect(llm.requests).toHaveLength(3);
    expect(judged.judgements[0]).toMatchObject({ scorerKind: "llm", requests: 3, fallback: null });
  });

  it.each([
    ["500", "server_error"],
    ["malformed", "malformed"],
  ] as const)(
    "keeps the offline scores when every reply is %s, and says so",
    async (behaviour, reason) => {
      const judge = judgeWith({}, "blend");
      llm.setDefault(behaviour);
      const offline = scoreOffline(parsed).result;
      const judged = await judge.judge(input());
      // The first attempt and three retries.
      expect(llm.requests).toHaveLength(4);
      expect(judged.result).toEqual(offline);
      expect(judged.judgements[0]).toMatchObject({
        scorerKind: "offline",
        fallback: reason,
        requests: 4,
      });
      expect(judged.note).toBe(FALLBACK_NOTE);
    },
  );

  it("gives up on a hung endpoint within the file's time budget", async () => {
    const judge = judgeWith({ timeoutMs: 150, fileTimeoutMs: 700 });
    llm.setDefault("hang");
    const started = Date.now();
    const judged = await judge.judge(input());
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2_000);
    expect(llm.requests.length).toBeGreaterThanOrEqual(2);
    expect(judged.judgements[0]).toMatchObject({ scorerKind: "offline", fallback: "timeout" });
    expect(judged.note).toBe(FALLBACK_NOTE);
  });

  it("never logs the key or the candidate's words", async () => {
    const judge = judgeWith();
    llm.setDefault("500");
    await judge.judge(input());
    const logs = logLines.join("\n");
    expect(logs).toMatch(/language model unavailable/);
    expect(logs).not.toContain(API_KEY);
    expect(logs).not.toContain(ANSWER_WORDS);
    expect(logs).not.toContain("Priya");
  });
});
