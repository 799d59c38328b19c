import { readFileSync } from "node:fs";
import { loadConfig } from "../src/config.js";
import { openDb } from "../src/db/client.js";
import { ingestTranscript } from "../src/ingest/ingest.js";
import { type CandidateJudgement, judgeFor } from "../src/llm/index.js";
import { SYSTEM_PROMPT } from "../src/llm/rubric.js";
import { type LlmStandIn, startLlmStandIn } from "../test/helpers/llm-stand-in.js";
import { type BenchContext, type BenchSection, mdTable, nowMs } from "./harness.js";

/**
 * What the language-model judge costs per transcript, measured against the local stand-in
 * (test/helpers/llm-stand-in.ts, which answers at once and counts about 4 characters a token):
 * requests, tokens and wall time of a full ingest (parse, score, judge, store on in-memory
 * PGlite), uncached and served from the verdict cache, next to the offline ingest of the same
 * file in the same run, alternating. A real model adds its own latency per request (seconds);
 * this measures our side: redaction, prompt building, validation, quote checks and the cache.
 */
export default async function llmBench(ctx: BenchContext): Promise<BenchSection> {
  const files = [
    {
      name: "seeds/interview-examples.txt",
      bytes: readFileSync(new URL("../seeds/interview-examples.txt", import.meta.url)),
    },
    {
      name: "test/fixtures/llm/go-screen.txt",
      bytes: readFileSync(new URL("../test/fixtures/llm/go-screen.txt", import.meta.url)),
    },
  ];
  const rounds = ctx.quick ? 3 : 9;
  const llm: LlmStandIn = await startLlmStandIn();
  const handle = await openDb({ dataDir: "memory://" });
  const lines: string[] = [];
  try {
    let n = 0;
    const ingest = async (bytes: Buffer, name: string, model: string | undefined) => {
      n += 1;
      const config = loadConfig({
        LLM_BASE_URL: llm.url,
        LLM_MODEL: model ?? "unused",
        LLM_CONCURRENCY: "4",
      });
      const judge = model ? judgeFor(config, "blend", { db: handle.db }) : undefined;
      llm.reset();
      const start = nowMs();
      const outcome = await ingestTranscript(handle.db, {
        teamId: `T_BENCH_${n}`,
        bytes,
        fileName: name,
        source: { kind: "cli", path: `/bench/${n}/${name}` },
        maxBytes: 10_000_000,
        ...(judge ? { judge } : {}),
      });
      const ms = nowMs() - start;
      if (outcome.status !== "added") throw new Error(`${name}: ${outcome.status}`);
      return { ms, requests: llm.requests.length };
    };
    const rows: (string | number)[][] = [];
    for (const file of files) {
      const offline: number[] = [];
      const uncached: number[] = [];
      const cached: number[] = [];
      let requests = 0;
      let cachedRequests = 0;
      // Warm-up: the NLP pipeline and the database's first statements.
      await ingest(file.bytes, file.name, undefined);
      for (let i = 0; i < rounds; i++) {
        offline.push((await ingest(file.bytes, file.name, undefined)).ms);
        const model = `bench-model-${i}-${file.name}`;
        const first = await ingest(file.bytes, file.name, model);
        uncached.push(first.ms);
        requests = first.requests;
        const again = await ingest(file.bytes, file.name, model);
        cached.push(again.ms);
        cachedRequests = again.requests;
      }
      // Tokens of one uncached judgement, as the stored rows record them.
      const config = loadConfig({ LLM_BASE_URL: llm.url, LLM_MODEL: `bench-tokens-${file.name}` });
      const judge = judgeFor(config, "blend", { db: handle.db });
      const { scoreOffline } = await import("../src/llm/index.js");
      const { parseTranscript } = await import("../src/transcript/index.js");
      const parsed = parseTranscript(file.bytes, { fileName: file.name });
      const judged = await judge?.judge({
        ...scoreOffline(parsed),
        rawText: file.bytes.toString("utf8"),
      });
      const j = judged?.judgements ?? [];
      const sum = (f: (x: CandidateJudgement) => number) => j.reduce((s, x) => s + f(x), 0);
      const answersSent = j.reduce(
        (s, x) => s + x.answers.filter((a) => a.verdict !== null).length,
        0,
      );
      const median = (s: number[]) =>
        [...s].sort((a, b) => a - b)[Math.floor(s.length / 2)] as number;
      const systemTokens = Math.ceil(SYSTEM_PROMPT.length / 4);
      rows.push([
        file.name,
        j.length,
        answersSent,
        requests,
        cachedRequests,
        sum((x) => x.promptTokens),
        sum((x) => x.completionTokens),
        `+${systemTokens * (answersSent - j.length)}`,
        `${median(offline).toFixed(1)} ms`,
        `${median(uncached).toFixed(1)} ms (${(median(uncached) / median(offline)).toFixed(2)}x)`,
        `${median(cached).toFixed(1)} ms (${(median(cached) / median(offline)).toFixed(2)}x)`,
      ]);
      ctx.log(
        `${file.name}: ${requests} requests, offline ${median(offline).toFixed(1)} ms, judged ${median(uncached).toFixed(1)} ms, cached ${median(cached).toFixed(1)} ms`,
      );
    }
    lines.push(
      `LLM judge cost per transcript against the stand-in (no model latency; tokens estimated at 4 characters each), blend scorer, one request per candidate, PGlite in memory, median of ${rounds} alternating rounds:`,
      "",
      ...mdTable(
        [
          "transcript",
          "candidates",
          "answers judged",
          "requests",
          "requests, 2nd ingest",
          "prompt tokens",
          "completion tokens",
          "one request per answer would add",
          "ingest offline",
          "ingest + judge",
          "ingest, verdicts cached",
        ],
        rows,
      ),
      "",
      "The offline path is the same code as before (no judge configured: nothing from src/llm/ runs); its time here is the baseline of the same run. A real endpoint adds its own time per request, bounded by LLM_TIMEOUT_MS and by LLM_FILE_TIMEOUT_MS for the whole file.",
    );
  } finally {
    await handle.close();
    await llm.close();
  }
  return { title: "LLM judge (stand-in)", lines };
}
