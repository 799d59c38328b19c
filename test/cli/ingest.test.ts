import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { createTestDb, type TestDb, testDrivers } from "../helpers/db.js";

const seedPath = new URL("../../seeds/interview-examples.txt", import.meta.url).pathname;
const fixture = (name: string) =>
  new URL(`../fixtures/transcripts/${name}`, import.meta.url).pathname;

/** A terminal stand-in that keeps what cli-progress draws on it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns: 100, rows: 30 });
  return { stream, text: () => chunks.join("") };
}

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

    const run = async (args: string[], progress?: NodeJS.WriteStream) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        env,
        ...(progress ? { progress } : {}),
      });
      return { code, out: out.join("\n"), err: err.join("\n") };
    };

    /** A folder of four distinct transcripts, a note that is not one, and a hidden file. */
    const folderWithOneBadFile = async (name: string) => {
      const folder = join(dir, name);
      await mkdir(join(folder, "older"), { recursive: true });
      await copyFile(fixture("mit/p1.txt"), join(folder, "a-p1.txt"));
      await copyFile(fixture("mit/p7.txt"), join(folder, "b-p7.txt"));
      await writeFile(join(folder, "c-notes.txt"), "Shopping list\nmilk\neggs\n");
      await copyFile(fixture("hand-made/interview.srt"), join(folder, "d-interview.srt"));
      await copyFile(fixture("mit/p17.txt"), join(folder, "older", "e-p17.txt"));
      await writeFile(join(folder, ".DS_Store"), "junk");
      return folder;
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
      // The first test pays for a cold scorer and a new PGlite: slow on a loaded host.
    }, 120_000);

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

    it("ingests a folder with several files in flight, reports the refused one and stores the rest, in order, without progress output when piped", async () => {
      const folder = await folderWithOneBadFile("piped");
      const result = await run(["ingest", folder]);
      expect(result.code).toBe(2);
      const heads = result.out.split("\n").filter((l) => /^\S/.test(l));
      expect(heads).toHaveLength(5);
      expect(heads[0]).toMatch(/a-p1\.txt: added 1 candidate \(speaker-turns\)/);
      expect(heads[1]).toMatch(/b-p7\.txt: added 1 candidate/);
      expect(heads[2]).toMatch(/c-notes\.txt: rejected: .+ \(NOT_A_TRANSCRIPT\)/);
      expect(heads[3]).toMatch(/d-interview\.srt: added/);
      expect(heads[4]).toMatch(/older\/e-p17\.txt: added 1 candidate/);
      expect(result.out).not.toContain(".DS_Store");
      // No bar, no carriage returns, no cursor codes on either stream.
      const printed = `${result.out}${result.err}`;
      expect(printed).not.toContain("\r");
      expect(printed).not.toContain(`${String.fromCharCode(27)}[`);
      expect(printed).not.toContain("files |");
      const again = await run(["ingest", folder, "--json"]);
      expect(again.code).toBe(2);
      const parsed = JSON.parse(again.out) as Array<{ file: string; status: string }>;
      expect(parsed.map((r) => r.status)).toEqual([
        "already_imported",
        "already_imported",
        "rejected",
        "already_imported",
        "already_imported",
      ]);
      expect(again.err).toBe("");
    }, 120_000);

    it("on a terminal draws a progress bar, a line per refused file and a summary", async () => {
      const folder = await folderWithOneBadFile("terminal");
      await writeFile(join(folder, "f-empty.txt"), "");
      const terminal = fakeTerminal();
      const result = await run(["ingest", folder], terminal.stream);
      expect(result.code).toBe(2);
      const drawn = terminal.text();
      expect(drawn).toMatch(/6\/6 files \| \d+ candidates?, \d+\/s \| .+ left/);
      expect(drawn).toMatch(/c-notes\.txt: rejected: .+ \(NOT_A_TRANSCRIPT\)/);
      expect(drawn).toMatch(/f-empty\.txt: rejected/);
      expect(drawn).not.toMatch(/a-p1\.txt: added/);
      expect(result.out).toMatch(
        /^6 files: \d+ added \(\d+ candidates?\), \d+ already imported, 2 rejected\.$/,
      );
    }, 120_000);

    it("stops at a folder with nothing in it", async () => {
      const empty = join(dir, "empty");
      await mkdir(empty, { recursive: true });
      const result = await run(["ingest", empty]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/empty is a folder with no files in it/);
    });

    it("needs at least one file", async () => {
      const result = await run(["ingest"]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^error: expected at least one file/);
    });
  });
}
