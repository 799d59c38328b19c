import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { helpText, runCli } from "../src/cli.js";

const exec = promisify(execFile);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    options: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} },
  };
}

describe("cli", () => {
  it("lists every command in --help", async () => {
    const io = capture();
    expect(await runCli(["--help"], io.options)).toBe(0);
    for (const name of ["parse", "score", "ingest", "candidate", "digest"]) {
      expect(io.out.join("\n")).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    }
    expect(io.out.join("\n")).toBe(helpText());
  });

  it("exits 2 with one error line for an unknown command", async () => {
    const io = capture();
    expect(await runCli(["frobnicate"], io.options)).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^error: unknown command "frobnicate"/);
  });

  it("exits 2 for an unknown flag, naming it", async () => {
    const io = capture();
    expect(await runCli(["parse", "x.txt", "--bogus"], io.options)).toBe(2);
    expect(io.err[0]).toMatch(/^error: .*--bogus/);
  });

  it("exits 2 for a missing file without a stack trace", async () => {
    const io = capture();
    expect(await runCli(["parse", "/nonexistent/file.txt"], io.options)).toBe(2);
    expect(io.err.join("\n")).toMatch(/^error: Cannot read \/nonexistent\/file.txt/);
    expect(io.err.join("\n")).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("exits 2 with a clear sentence for a bad environment value", async () => {
    const io = capture();
    const code = await runCli(["parse", "x.txt"], { ...io.options, env: { PORT: "not-a-port" } });
    expect(code).toBe(2);
    expect(io.err[0]).toMatch(/^error: Configuration is invalid: PORT/);
  });

  it("runs as a process: usage error on stderr, exit code 2", async () => {
    const result = await exec(process.execPath, ["--import", "tsx", "src/cli.ts", "parse"], {
      env: { ...process.env },
    }).catch((e: { code: number; stderr: string; stdout: string }) => e);
    expect((result as { code?: number }).code).toBe(2);
    expect((result as { stderr: string }).stderr.trim()).toMatch(/^error: expected one file/);
  });
});
