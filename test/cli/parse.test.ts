import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import { parseResultSchema } from "../../src/transcript/index.js";
import { textToDocx, textToPdf } from "../helpers/documents.js";

const seed = fileURLToPath(new URL("../../seeds/interview-examples.txt", import.meta.url));
const fixture = (path: string) =>
  fileURLToPath(new URL(`../fixtures/transcripts/${path}`, import.meta.url));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("cli parse", () => {
  it("prints the JSON contract for the seed file", async () => {
    const { code, out, err } = await cli("parse", seed, "--json");
    expect(code).toBe(0);
    expect(err).toBe("");
    const result = parseResultSchema.parse(JSON.parse(out));
    expect(result.format).toBe("ai-interviewer");
    expect(result.candidates).toHaveLength(8);
    expect(Object.keys(JSON.parse(out).candidates[0])).toEqual(
      expect.arrayContaining(["name", "role", "sourceTier", "answers"]),
    );
    expect(Object.keys(JSON.parse(out).candidates[0].answers[0])).toEqual([
      "n",
      "question",
      "answer",
      "sourceRelevance",
      "struggled",
    ]);
  });

  it("prints a short table without --json, with warnings on stderr", async () => {
    const { code, out, err } = await cli("parse", fixture("mit/p1.txt"));
    expect(code).toBe(0);
    expect(out).toMatch(/^format: speaker-turns, 1 candidate\(s\), 6 answer\(s\)/);
    expect(out).toMatch(/^p1 +- +- +6 +- +- +file name$/m);
    expect(err).toMatch(
      /^warning: The candidate was taken to be the speaker labelled "Interviewee"/,
    );
  });

  it("reads a .docx and a .pdf like the text they hold", async () => {
    const text = readFileSync(seed, "utf8");
    const docx = join(tmpdir(), `seed-${process.pid}.docx`);
    const pdf = join(tmpdir(), `seed-${process.pid}.pdf`);
    writeFileSync(docx, textToDocx(text));
    writeFileSync(pdf, await textToPdf(text, { header: "Confidential", pageNumbers: true }));
    for (const path of [docx, pdf]) {
      const { code, out } = await cli("parse", path, "--json");
      expect(code).toBe(0);
      const result = parseResultSchema.parse(JSON.parse(out));
      expect(result.format).toBe("ai-interviewer");
      expect(result.candidates).toHaveLength(8);
    }
  });

  it("honours --format", async () => {
    const { code, err } = await cli("parse", fixture("mit/p1.txt"), "--format", "webvtt");
    expect(code).toBe(2);
    expect(err).toMatch(/^error: Line 1: the caption file is malformed/);
    const bad = await cli("parse", seed, "--format", "docx");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown --format "docx"/);
  });

  it("exits 2 with one clear sentence for each kind of bad file", async () => {
    const dir = tmpdir();
    const empty = join(dir, `empty-${process.pid}.txt`);
    const binary = join(dir, `binary-${process.pid}.txt`);
    const damagedPdf = join(dir, `damaged-${process.pid}.txt`);
    writeFileSync(empty, "");
    writeFileSync(
      binary,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x01]),
    );
    writeFileSync(
      damagedPdf,
      Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01]),
    );
    const cases: [string, RegExp][] = [
      [empty, /^error: This file is empty: there is no transcript text in it\.$/],
      [
        binary,
        /^error: This file looks like a PNG image; export the transcript as plain text, WebVTT or SRT and upload that\.$/,
      ],
      [
        damagedPdf,
        /^error: This PDF is damaged and its text could not be read; export the transcript again or as text\.$/,
      ],
      [
        fixture("hand-made/resume.txt"),
        /^error: This file does not look like an interview transcript/,
      ],
      [
        fixture("otter/ladybug_podcast_web_security.otter.tail.txt"),
        /^error: This file has turns from only one speaker/,
      ],
    ];
    for (const [path, message] of cases) {
      const { code, out, err } = await cli("parse", path);
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(message);
      expect(err.split("\n")).toHaveLength(1);
    }
  });

  it("rejects a file over MAX_FILE_BYTES before reading it", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["parse", seed], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { MAX_FILE_BYTES: "1000" },
    });
    expect(code).toBe(2);
    expect(err[0]).toMatch(/over the 1000 bytes limit for a transcript\.$/);
  });

  it("reports the line of a candidate block with no answers, once", async () => {
    const file = join(tmpdir(), `no-answers-${process.pid}.txt`);
    writeFileSync(file, "Title\n\nCandidate: Bob - Dev\nQ1: Why?\n");
    const { code, err } = await cli("parse", file);
    expect(code).toBe(2);
    expect(err).toBe(
      "error: The candidate block at line 3 has no answers, and there is no other candidate in the file.",
    );
  });
});
