import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { takeTeamOption } from "../../src/cli/team.js";
import { runCli } from "../../src/cli.js";
import { AppError } from "../../src/errors.js";

const seedPath = new URL("../../seeds/interview-examples.txt", import.meta.url).pathname;

describe("--team", () => {
  it("is taken out of any command's arguments", () => {
    expect(takeTeamOption(["list", "--team", "T1", "--json"])).toEqual({
      team: "T1",
      rest: ["list", "--json"],
    });
    expect(takeTeamOption(["--team=T2", "x"])).toEqual({ team: "T2", rest: ["x"] });
    expect(takeTeamOption(["x"])).toEqual({ team: undefined, rest: ["x"] });
    expect(() => takeTeamOption(["--team"])).toThrow(AppError);
    expect(() => takeTeamOption(["--team", "--json"])).toThrow(/workspace id/);
  });

  describe("on a database", () => {
    let dir: string;
    let env: Record<string, string>;
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
      return { code, out: out.join("\n"), err: err.join("\n") };
    };
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "cli-team-"));
      env = { DATA_DIR: join(dir, "db") };
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("defaults to the only workspace, and lists them when there are several", async () => {
      expect((await run(["ingest", seedPath, "--team", "TSLACK1"])).code).toBe(0);
      // One workspace in the database: commands act in it without --team.
      const only = await run(["candidate", "John Doe", "--json"]);
      expect(only.code).toBe(0);
      expect(JSON.parse(only.out).kind).toBe("found");

      expect((await run(["ingest", seedPath, "--team=TSLACK2"])).code).toBe(0);
      const several = await run(["list"]);
      expect(several.code).toBe(2);
      expect(several.err).toMatch(/^error: .*several workspaces \(TSLACK1, TSLACK2\).*--team/);

      const forgotten = await run(["forget", "John Doe", "--yes", "--team", "TSLACK2", "--json"]);
      expect(forgotten.code).toBe(0);
      expect((await run(["candidate", "John Doe", "--team", "TSLACK2"])).code).toBe(2);
      expect((await run(["candidate", "John Doe", "--team", "TSLACK1"])).code).toBe(0);
    }, 180_000);
  });
});
