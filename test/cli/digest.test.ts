import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSince } from "../../src/cli/commands/digest.js";
import { runCli } from "../../src/cli.js";
import { openDb } from "../../src/db/client.js";
import { LOCAL_TEAM_ID } from "../../src/db/schema.js";
import { seedInterviews } from "../digest/seed.js";

function capture(dataDir: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    options: {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      env: { DATA_DIR: dataDir, TZ: "UTC" },
    },
  };
}

describe("cli digest", () => {
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "digest-cli-"));
    const handle = await openDb({ dataDir });
    const day = 86_400_000;
    const now = Date.now();
    await seedInterviews(handle.db, [
      {
        teamId: LOCAL_TEAM_ID,
        channelId: null,
        name: "Ada Local",
        tier: "exceptional",
        score: 93,
        interviewedAt: new Date(now - 2 * day),
      },
      {
        teamId: LOCAL_TEAM_ID,
        channelId: "C_CLI",
        name: "Bo Channel",
        tier: "strong",
        score: 77,
        interviewedAt: new Date(now - 3 * day),
      },
      {
        teamId: LOCAL_TEAM_ID,
        channelId: null,
        name: "Cy Older",
        tier: "weak",
        score: 20,
        interviewedAt: new Date(now - 10 * day),
      },
      { teamId: "T_OTHER", channelId: null, name: "Not Local", interviewedAt: new Date(now - day) },
    ]);
    await handle.close();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints the local workspace's last 7 days as text", async () => {
    const io = capture(dataDir);
    expect(await runCli(["digest"], io.options)).toBe(0);
    const text = io.out.join("\n");
    expect(text).toMatch(/^Hiring digest: /);
    expect(text).toContain("2 interviews with 2 candidates (previous period: 1 with 1).");
    expect(text).toMatch(/1\. Ada Local — Backend Engineer · 93 · exceptional/);
    expect(text).not.toContain("Not Local");
    expect(text).not.toContain("Cy Older");
  });

  it("filters to one channel's uploads and prints JSON", async () => {
    const io = capture(dataDir);
    expect(await runCli(["digest", "--channel", "C_CLI", "--json"], io.options)).toBe(0);
    const digest = JSON.parse(io.out.join("\n"));
    expect(digest.scope).toEqual({ kind: "channel", channelId: "C_CLI" });
    expect(digest.interviews).toBe(1);
    expect(digest.top.map((c: { name: string }) => c.name)).toEqual(["Bo Channel"]);
  });

  it("widens the window with --since", async () => {
    const io = capture(dataDir);
    expect(await runCli(["digest", "--since", "2w", "--json"], io.options)).toBe(0);
    expect(JSON.parse(io.out.join("\n")).interviews).toBe(3);
  });

  it("says an empty window in one line", async () => {
    const io = capture(dataDir);
    expect(await runCli(["digest", "--channel", "C_EMPTY"], io.options)).toBe(0);
    expect(io.out).toHaveLength(1);
    expect(io.out[0]).toMatch(/^No interviews in #C_EMPTY for /);
  });

  it("exits 2 with one sentence for a bad --since or --channel", async () => {
    const io = capture(dataDir);
    expect(await runCli(["digest", "--since", "soon"], io.options)).toBe(2);
    expect(io.err).toEqual([
      'error: --since "soon" is not a duration; use a number of hours, days or weeks such as 48h, 7d or 2w.',
    ]);
    const io2 = capture(dataDir);
    expect(await runCli(["digest", "--channel", "#hiring"], io2.options)).toBe(2);
    expect(io2.err[0]).toMatch(/^error: --channel must be a channel id/);
  });

  it("parses durations", () => {
    expect(parseSince("7d")).toBe(7);
    expect(parseSince("48h")).toBe(2);
    expect(parseSince("2w")).toBe(14);
    expect(() => parseSince("0d")).toThrow(/not a duration/);
    expect(() => parseSince("400d")).toThrow(/at most a year/);
  });
});
