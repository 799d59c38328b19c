import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { createTestDb, type TestDb, testDrivers } from "../helpers/db.js";

const seedPath = new URL("../../seeds/interview-examples.txt", import.meta.url).pathname;
const secondPath = new URL("../fixtures/slack/transcripts/second-batch.txt", import.meta.url)
  .pathname;
const privatePath = new URL("../fixtures/slack/transcripts/private-batch.txt", import.meta.url)
  .pathname;

for (const driver of testDrivers) {
  describe(`cli compare and list --csv [${driver}]`, () => {
    let dir: string;
    let testDb: TestDb | undefined;
    let env: Record<string, string>;
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
      return { code, out: out.join("\n"), err: err.join("\n") };
    };
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "cli-compare-"));
      if (driver === "postgres") {
        testDb = await createTestDb("postgres");
        env = { DATABASE_URL: testDb.url as string };
      } else {
        env = { DATA_DIR: join(dir, "db") };
      }
      expect((await run(["ingest", seedPath, secondPath, privatePath])).code).toBe(0);
    });
    afterAll(async () => {
      await testDb?.cleanup();
      await rm(dir, { recursive: true, force: true });
    });

    it("compares two candidates of one role as a table, and as JSON", async () => {
      const text = await run(["compare", "Priya Raman", "Zara Quinlan"]);
      expect(text.code).toBe(0);
      expect(text.out.split("\n")[0]).toMatch(/^\s+Priya Raman\s+Zara Quinlan$/);
      expect(text.out).toMatch(/^How would you design rate limiting for a public API\?\s+\d+ \w+/m);
      expect(text.out).toContain("Same role: questions matched by wording");
      const json = JSON.parse(
        (await run(["compare", "Priya Raman", "Zara Quinlan", "--json"])).out,
      );
      expect(json.matchedBy).toBe("by_text");
      expect(json.columns.map((c: { name: string }) => c.name)).toEqual([
        "Priya Raman",
        "Zara Quinlan",
      ]);
    });

    it("stops on an ambiguous name with the ids, and takes an id instead", async () => {
      const ambiguous = await run(["compare", "John Doe", "Jane Smith"]);
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.err).toMatch(/"John Doe" matches .* id [0-9a-f-]{36}/);
      const id = ambiguous.err.match(/Data Engineer\) id ([0-9a-f-]{36})/)?.[1] ?? "";
      const byId = await run(["compare", id, "Jane Smith"]);
      expect(byId.code).toBe(0);
      expect(byId.out).toContain("different questions");
    });

    it("needs two to four names", async () => {
      expect((await run(["compare", "Priya Raman"])).code).toBe(2);
    });

    it("writes every matching candidate as a neutralised CSV", async () => {
      const all = await run(["list", "--csv"]);
      expect(all.code).toBe(0);
      const lines = all.out.replace(/^\uFEFF/u, "").split("\r\n");
      expect(lines[0]).toMatch(/^Name,Role,Tier,Score,Confidence,Interviewed at,Channel,/);
      expect(lines).toHaveLength(1 + 8 + 3 + 2);
      expect(all.out).toContain(`"'=HYPERLINK(""http://evil.example/x"") Smith",'+Ops Engineer,`);
      const strong = await run(["list", "--csv", "--tier", "strong"]);
      for (const line of strong.out.split("\r\n").slice(1))
        expect(line.split(",")[2]).toBe("strong");
      expect((await run(["list", "--csv", "--json"])).code).toBe(2);
    });
  });
}
