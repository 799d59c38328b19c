import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { createTestDb, type TestDb, testDrivers } from "../helpers/db.js";

const seedPath = new URL("../../seeds/interview-examples.txt", import.meta.url).pathname;

for (const driver of testDrivers) {
  describe(`cli candidate, list, override, forget [${driver}]`, () => {
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
      dir = await mkdtemp(join(tmpdir(), "cli-candidate-"));
      if (driver === "postgres") {
        testDb = await createTestDb("postgres");
        env = { DATABASE_URL: testDb.url as string };
      } else {
        env = { DATA_DIR: join(dir, "db") };
      }
      expect((await run(["ingest", seedPath])).code).toBe(0);
    });
    afterAll(async () => {
      await testDb?.cleanup();
      await rm(dir, { recursive: true, force: true });
    });

    it.each([
      ["Jon Doe", "John Doe (Senior Python Developer)"],
      ["amanda foster", "Dr. Amanda Foster (Natural Language Processing Engineer)"],
      ["JAMES ANDERSEN", "James Anderson (Cloud Solutions Architect)"],
    ])("%s prints the summary", async (query, heading) => {
      const result = await run(["candidate", query]);
      expect(result.code).toBe(0);
      const lines = result.out.split("\n");
      expect(lines[0]).toBe(heading);
      expect(lines[1]).toMatch(/^Score \d+\/100, computed tier (weak|average|strong|exceptional)/);
      expect(result.out).toMatch(/^ {2}Q1 +\d+ /m);
      expect(result.out).toContain("interview-examples.txt");
    });

    it("prints JSON with --json", async () => {
      const result = await run(["candidate", "Jennifer Martinez", "--json"]);
      const parsed = JSON.parse(result.out) as {
        kind: string;
        summary: { name: string; answers: unknown[] };
      };
      expect(parsed.kind).toBe("found");
      expect(parsed.summary.name).toBe("Jennifer Martinez");
      expect(parsed.summary.answers).toHaveLength(3);
    });

    it("says did you mean, exit 2, for a distant spelling", async () => {
      const result = await run(["candidate", "Jamie Andrews"]);
      expect(result.code).toBe(2);
      expect(result.out).toMatch(
        /^No candidate matches "Jamie Andrews"\. Did you mean:\n {2}1\. James Anderson/,
      );
    });

    it("lists by score and filters by tier", async () => {
      const all = await run(["list", "--limit", "3"]);
      expect(all.code).toBe(0);
      expect(all.out).toMatch(/1-3 of 8$/);
      const weak = await run(["list", "--tier", "weak", "--json"]);
      const parsed = JSON.parse(weak.out) as { rows: Array<{ name: string; tier: string }> };
      expect(parsed.rows.length).toBeGreaterThan(0);
      expect(parsed.rows.every((r) => r.tier === "weak")).toBe(true);
      expect((await run(["list", "--tier", "great"])).code).toBe(2);
    });

    it("overrides a tier by name and shows it next to the computed score", async () => {
      const result = await run(["override", "John Doe", "strong", "--reason", "Great take-home"]);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^Tier set to strong \(was \w+\)\.$/);
      const summary = await run(["candidate", "John Doe"]);
      expect(summary.out).toMatch(
        /Tier set by hand: strong \(by cli on \d{4}-\d{2}-\d{2}: Great take-home\)/,
      );
      expect((await run(["override", "John Doe", "strong"])).code).toBe(2);
    });

    it("forgets only with --yes", async () => {
      expect((await run(["forget", "Jane Smith"])).code).toBe(2);
      const result = await run(["forget", "Jane Smith", "--yes"]);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^Forgotten: 1 interview\(s\) deleted/);
      expect((await run(["candidate", "Jane Smith"])).code).toBe(2);
    });
  });
}
