import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { createTestDb, type TestDb, testDrivers } from "../helpers/db.js";

const seedPath = new URL("../../seeds/interview-examples.txt", import.meta.url).pathname;

/** The CLI opens its own database from the environment: a PGlite directory or a Postgres URL. */
for (const driver of testDrivers) {
  describe(`cli ingest [${driver}]`, () => {
    let dir: string;
    let testDb: TestDb | undefined;
    let env: Record<string, string>;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "cli-ingest-"));
      if (driver === "postgres") {
        testDb = await createTestDb("postgres");
        env = { DATABASE_URL: testDb.url as string };
      } else {
        env = { DATA_DIR: join(dir, "db") };
      }
    });
    afterAll(async () => {
      await testDb?.cleanup();
      await rm(dir, { recursive: true, force: true });
    });

    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
      return { code, out: out.join("\n"), err: err.join("\n") };
    };

    it("adds the seed file, then reports it as already imported", async () => {
      const first = await run(["ingest", seedPath]);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/interview-examples\.txt: added 8 candidates \(ai-interviewer\)/);
      expect(first.out).toContain("Dr. Amanda Foster");
      const again = await run(["ingest", seedPath, "--json"]);
      expect(again.code).toBe(0);
      const parsed = JSON.parse(again.out) as Array<{ status: string; candidates: unknown[] }>;
      expect(parsed).toHaveLength(1);
      expect(parsed[0]?.status).toBe("already_imported");
      expect(parsed[0]?.candidates).toHaveLength(8);
    });

    it("reports each file and exits 2 when any is rejected", async () => {
      const notes = join(dir, "notes.txt");
      await writeFile(notes, "Shopping list\nmilk\neggs\n");
      const result = await run(["ingest", seedPath, notes, join(dir, "missing.txt")]);
      expect(result.code).toBe(2);
      const lines = result.out.split("\n");
      expect(lines[0]).toMatch(/interview-examples\.txt: already imported/);
      expect(result.out).toMatch(/notes\.txt: rejected: .+ \(NOT_A_TRANSCRIPT\)/);
      expect(result.out).toMatch(/missing\.txt: rejected: Cannot read/);
    });

    it("needs at least one file", async () => {
      const result = await run(["ingest"]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^error: expected at least one file/);
    });
  });
}
