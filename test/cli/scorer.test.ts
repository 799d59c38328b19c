import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { type LlmStandIn, startLlmStandIn } from "../helpers/llm-stand-in.js";

const file = new URL("../fixtures/llm/go-screen.txt", import.meta.url).pathname;

describe("cli --scorer", () => {
  let dir: string;
  let llm: LlmStandIn;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cli-scorer-"));
    llm = await startLlmStandIn();
  });
  afterAll(async () => {
    await llm?.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => llm.reset());

  const run = async (args: string[], extra: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATA_DIR: join(dir, "db"), ...extra };
    const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  const endpoint = { LLM_BASE_URL: "", LLM_MODEL: "cli-model", LLM_TIMEOUT_MS: "300" };

  it("score --scorer llm asks the endpoint and says which model scored", async () => {
    llm.setVerdict(() => ({ tier: "exceptional" }));
    const result = await run(["score", file, "--scorer", "llm"], {
      ...endpoint,
      LLM_BASE_URL: llm.url,
    });
    expect(result.code).toBe(0);
    expect(llm.requests).toHaveLength(1);
    expect(result.out).toMatch(/Priya Raman\s+Backend Engineer\s+exceptional\s+88/);
    expect(result.out).toContain("scorer: llm, model cli-model");
    // Served from the verdict cache the second time.
    llm.reset();
    const again = await run(["score", file, "--scorer", "llm", "--json"], {
      ...endpoint,
      LLM_BASE_URL: llm.url,
    });
    expect(llm.requests).toHaveLength(0);
    const json = JSON.parse(again.out) as { judgements: Array<{ cachedAnswers: number }> };
    expect(json.judgements[0]?.cachedAnswers).toBe(2);
    // Two CLI runs, each opening and migrating a PGlite directory: slow on a loaded machine.
  }, 120_000);

  it("ingest --scorer blend stores offline scores when the endpoint fails, with a note", async () => {
    llm.setDefault("500");
    // Another model: the verdicts cached for cli-model above would be used without a request.
    const result = await run(["ingest", file, "--scorer", "blend"], {
      ...endpoint,
      LLM_MODEL: "other-model",
      LLM_BASE_URL: llm.url,
    });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/go-screen\.txt: added 1 candidate/);
    expect(result.err).toMatch(
      /note: .*go-screen\.txt: Scored offline: the language model did not answer\./,
    );
  }, 120_000);

  it("refuses a scorer that cannot work, naming the variable, before doing anything", async () => {
    const missing = await run(["score", file, "--scorer", "llm"], { LLM_MODEL: "m" });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: LLM_BASE_URL must be set when the scorer is llm/);
    const unknown = await run(["ingest", file, "--scorer", "gpt"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: unknown --scorer "gpt"; use offline, llm or blend/);
  });
});
