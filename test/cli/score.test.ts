import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { scoreResultSchema } from "../../src/scoring/index.js";

const seed = fileURLToPath(new URL("../fixtures/scoring/interview-examples.txt", import.meta.url));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("cli score", () => {
  it("prints the parse output with scores, tiers, reasons and flags as JSON", async () => {
    const { code, out } = await run(["score", seed, "--json"]);
    expect(code).toBe(0);
    const result = scoreResultSchema.parse(JSON.parse(out));
    expect(result.candidates).toHaveLength(8);
    for (const c of result.candidates) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(["weak", "average", "strong", "exceptional"]).toContain(c.tier);
      for (const a of c.answers) expect(a.reasons.length).toBeGreaterThan(0);
    }
    expect(result.candidates.some((c) => c.flags.length > 0)).toBe(true);
  });

  it("prints a ranked table without --json", async () => {
    const { code, out } = await run(["score", seed]);
    expect(code).toBe(0);
    const rows = out.split("\n").filter((l) => /^\d+\s/.test(l));
    expect(rows).toHaveLength(8);
    const scores = rows.map((r) =>
      Number(r.match(/\b(weak|average|strong|exceptional)\s+(\d+)/)?.[2]),
    );
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
