import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { forgetCandidate } from "../../src/candidates/forget.js";
import { getCandidateSummary } from "../../src/candidates/summary.js";
import { llmSettings, loadConfig } from "../../src/config.js";
import { answers, interviews, llmVerdicts } from "../../src/db/schema.js";
import { ingestTranscript } from "../../src/ingest/ingest.js";
import { judgeFor, PROMPT_VERSION } from "../../src/llm/index.js";
import { renderCandidateSummary } from "../../src/slack/blocks/candidate-summary.js";
import { describeEachDb } from "../helpers/db.js";
import { type LlmStandIn, startLlmStandIn } from "../helpers/llm-stand-in.js";

const bytes = readFileSync(new URL("../fixtures/llm/go-screen.txt", import.meta.url));

describeEachDb("ingest with the LLM judge", (ctx) => {
  let llm: LlmStandIn;
  beforeAll(async () => {
    llm = await startLlmStandIn();
  });
  afterAll(async () => {
    await llm?.close();
  });
  beforeEach(() => llm.reset());

  function judge(scorer: "llm" | "blend", model: string) {
    const config = loadConfig({ LLM_BASE_URL: llm.url, LLM_MODEL: model, LLM_TIMEOUT_MS: "500" });
    llmSettings(config, scorer);
    return judgeFor(config, scorer, { db: ctx.db, client: { backoffMs: 10 } });
  }

  const ingest = (teamId: string, scorer: "llm" | "blend", model: string) =>
    ingestTranscript(ctx.db, {
      teamId,
      bytes,
      fileName: "go-screen.txt",
      source: { kind: "cli", path: `/tmp/${teamId}/go-screen.txt` },
      maxBytes: 1_000_000,
      judge: judge(scorer, model),
    });

  it("stores the blended score with the offline score, model, prompt version, tokens and verdicts", async () => {
    llm.setVerdict((a) =>
      a.answer.includes("drops messages")
        ? {
            tier: "weak",
            factual_errors: [
              { quote: "drops messages when nobody is reading", correction: "the send blocks" },
            ],
          }
        : { tier: "exceptional" },
    );
    const outcome = await ingest("T_LLM1", "blend", "store-model");
    expect(outcome.status).toBe("added");
    // No LLM_API_KEY (a local server): no Authorization header at all.
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]?.headers.authorization).toBeUndefined();
    expect(outcome.scorerNote).toBeUndefined();
    const [row] = await ctx.db.select().from(interviews).where(eq(interviews.teamId, "T_LLM1"));
    expect(row).toMatchObject({
      scorerKind: "blend",
      llmModel: "store-model",
      llmPromptVersion: PROMPT_VERSION,
      llmRequests: 1,
      llmCachedAnswers: 0,
      llmDroppedQuotes: 0,
      llmFallback: null,
    });
    expect(row?.llmPromptTokens).toBeGreaterThan(0);
    expect(row?.llmCompletionTokens).toBeGreaterThan(0);
    expect(row?.llmLatencyMs).toBeGreaterThanOrEqual(0);
    expect(row?.offlineScore).toEqual(expect.any(Number));
    expect(row?.concerns[0]).toMatch(
      /^Q2: factually wrong: “drops messages when nobody is reading”/,
    );

    const stored = await ctx.db
      .select()
      .from(answers)
      .where(eq(answers.interviewId, row?.id as string))
      .orderBy(answers.position);
    expect(stored.map((a) => a.verdict?.tier ?? null)).toEqual([null, "weak", "exceptional"]);
    // Blend: each answer inside its verdict's quarter of the scale.
    expect(stored[1]?.score).toBeLessThan(25);
    expect(stored[2]?.score).toBeGreaterThanOrEqual(75);
    expect(stored[1]?.offlineScore).toEqual(expect.any(Number));
    expect(stored[1]?.verdictKey).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]?.verdict).toBeNull();
  });

  it("the card says who scored, shows the offline score beside, and the factual error with its quote", async () => {
    const [row] = await ctx.db.select().from(interviews).where(eq(interviews.teamId, "T_LLM1"));
    const summary = await getCandidateSummary(ctx.db, "T_LLM1", row?.candidateId as string);
    const card = JSON.stringify(
      renderCandidateSummary(summary as NonNullable<typeof summary>, { shareable: false }).blocks,
    );
    expect(card).toContain(
      `Scored by store-model blended with the offline scorer (offline scorer alone: ${Math.round(row?.offlineScore as number)}/100).`,
    );
    expect(card).toContain("Q2: factually wrong: “drops messages when nobody is reading”");
    // The per-question line: "*Q2* · 12/100 · _the question_" then the model's verdict first.
    expect(card).toMatch(/\*Q2\* · \d+\/100 · _[^_]*_\\nLanguage model: weak\./);
  });

  it("a re-ingest of the same answers elsewhere is served from the cache: no request", async () => {
    const outcome = await ingest("T_LLM2", "blend", "store-model");
    expect(outcome.status).toBe("added");
    expect(llm.requests).toHaveLength(0);
    const [row] = await ctx.db.select().from(interviews).where(eq(interviews.teamId, "T_LLM2"));
    expect(row).toMatchObject({ scorerKind: "blend", llmRequests: 0, llmCachedAnswers: 2 });
    expect(row?.llmPromptTokens).toBe(0);
  });

  it("without a judge writes what it always did: offline, no model, no verdicts", async () => {
    const outcome = await ingestTranscript(ctx.db, {
      teamId: "T_OFFLINE",
      bytes,
      fileName: "go-screen.txt",
      source: { kind: "cli", path: "/tmp/offline/go-screen.txt" },
      maxBytes: 1_000_000,
    });
    expect(outcome.status).toBe("added");
    expect(llm.requests).toHaveLength(0);
    const [row] = await ctx.db.select().from(interviews).where(eq(interviews.teamId, "T_OFFLINE"));
    expect(row).toMatchObject({
      scorerKind: "offline",
      offlineScore: null,
      llmModel: null,
      llmFallback: null,
    });
    const stored = await ctx.db
      .select()
      .from(answers)
      .where(eq(answers.interviewId, row?.id as string));
    expect(stored.every((a) => a.verdict === null && a.offlineScore === null)).toBe(true);
  });

  it("stores the offline score and says so when the endpoint fails", async () => {
    llm.setDefault("500");
    const outcome = await ingest("T_LLM3", "llm", "failing-model");
    expect(outcome.status).toBe("added");
    expect(outcome.scorerNote).toBe("Scored offline: the language model did not answer.");
    const [row] = await ctx.db.select().from(interviews).where(eq(interviews.teamId, "T_LLM3"));
    expect(row).toMatchObject({
      scorerKind: "offline",
      llmFallback: "server_error",
      llmModel: "failing-model",
      llmRequests: 4,
    });
    expect(row?.score).toBe(row?.offlineScore);
  });

  it("forgetting the candidate erases the cached verdicts on their answers", async () => {
    const before = await ctx.db
      .select()
      .from(llmVerdicts)
      .where(eq(llmVerdicts.model, "store-model"));
    expect(before).toHaveLength(2);
    for (const teamId of ["T_LLM1", "T_LLM2"]) {
      const [row] = await ctx.db.select().from(interviews).where(eq(interviews.teamId, teamId));
      await forgetCandidate(ctx.db, {
        teamId,
        candidateId: row?.candidateId as string,
        actorId: "UADMIN",
      });
    }
    const after = await ctx.db
      .select()
      .from(llmVerdicts)
      .where(eq(llmVerdicts.model, "store-model"));
    expect(after).toHaveLength(0);
  });
});
