import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import {
  detectFormat,
  nameFromFileName,
  parseResultSchema,
  parseTranscript,
} from "../../src/transcript/index.js";

const fixtures = new URL("../fixtures/transcripts/", import.meta.url);
const read = (path: string) => new Uint8Array(readFileSync(new URL(path, fixtures)));
const parseFixture = (path: string) =>
  parseTranscript(read(path), { fileName: path.split("/").pop() });

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError");
}

describe("format detection", () => {
  it.each([
    ["WEBVTT\n\n00:00.000 --> 00:01.000\nA: hi", "webvtt"],
    ["1\n00:00:01,000 --> 00:00:02,000\nA: hi", "srt"],
    ["x/1-0\n00:00:01.000 --> 00:00:02.000\n<v A>hi</v>", "webvtt"],
    ["Candidate: A\nQ1: why?\nA1: because", "ai-interviewer"],
    ["Interviewer: why?\nInterviewee: because", "speaker-turns"],
    ["Emma  0:00\nHello\n\nKelly  0:34\nHi", "speaker-turns"],
  ] as const)("%j is %s", (text, format) => {
    expect(detectFormat(text.split("\n"))).toBe(format);
  });

  it("lets --format override detection", () => {
    const text = "Interviewer: Why Go?\nInterviewee: Fast builds and a small runtime.";
    expect(parseTranscript(text, { format: "speaker-turns" }).format).toBe("speaker-turns");
    expect(errorOf(() => parseTranscript(text, { format: "srt" })).code).toBe("NOT_A_TRANSCRIPT");
  });
});

describe("Otter and Google Meet exports (speaker-turn variants)", () => {
  it("reads Otter's `Name  m:ss` headings with the text below", () => {
    const result = parseFixture("otter/ladybug_podcast_web_security.otter.head.txt");
    expect(result.format).toBe("speaker-turns");
    expect(result.candidates).toHaveLength(1);
    expect(result.warnings).toContain(
      "5 people speak in this transcript; everyone but the candidate was treated as an interviewer.",
    );
    const all =
      result.candidates[0]?.answers.map((a) => `${a.question}\n${a.answer}`).join("\n") ?? "";
    expect(all).not.toMatch(/\d:\d\d\s*$/m);
    expect(all).toContain("Welcome to the ladybug podcast.");
  });

  it("rejects Otter's one-speaker tail and drops its footer", () => {
    const error = errorOf(() => parseFixture("otter/ladybug_podcast_web_security.otter.tail.txt"));
    expect(error.code).toBe("NOT_A_TRANSCRIPT");
    expect(error.message).toBe(
      "This file has turns from only one speaker, so it has no questions and answers to pair.",
    );
  });

  it("reads the Meet plain-text tail without its notices, blank-ish lines or timer", () => {
    const result = parseFixture("google-meet/meet_plaintext_export.tail.txt");
    const [c] = result.candidates;
    expect(c?.name).toBe("Garrett McGrath");
    expect(c?.answers).toHaveLength(1);
    expect(c?.answers[0]?.answer).toBe(
      "Yeah. Yeah. And and maybe even if we risk training it against one thing, maybe maybe instead of five or 10, it's two.",
    );
  });

  it("reads the Gemini Markdown export, skipping title, attendees and notice", () => {
    const result = parseFixture("google-meet/polygon_ppgc27_2024-11-21.gemini-transcript.head.md");
    const text = JSON.stringify(result.candidates);
    expect(text).not.toContain("Attendees");
    expect(text).not.toContain("editable transcript");
    // "All right, awesome." on its own is a backchannel, not part of the first question.
    expect(result.candidates[0]?.answers[0]?.question.startsWith("Welcome to PPGC 27.")).toBe(true);
  });
});

describe("bad input", () => {
  it("rejects an empty file", () => {
    expect(errorOf(() => parseTranscript(new Uint8Array())).code).toBe("EMPTY_FILE");
  });

  it("rejects binary bytes", () => {
    expect(
      errorOf(() => parseTranscript(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)))
        .code,
    ).toBe("BINARY_FILE");
  });

  it("rejects a résumé as not a transcript", () => {
    const error = errorOf(() => parseFixture("hand-made/resume.txt"));
    expect(error.code).toBe("NOT_A_TRANSCRIPT");
    expect(error.message).toBe(
      "This file does not look like an interview transcript: it has no candidate and no questions and answers.",
    );
  });

  it("rejects a file over the configured limit", () => {
    const error = errorOf(() => parseTranscript(read("mit/p1.txt"), { maxBytes: 1000 }));
    expect(error.code).toBe("FILE_TOO_LARGE");
    expect(error.message).toMatch(/over the 1000 bytes limit/);
  });

  it("keeps the good candidates around a broken block and reports it with its line", () => {
    const result = parseFixture("hand-made/broken-block.txt");
    expect(
      result.candidates.map((c) => [
        c.name,
        c.sourceTier,
        c.answers[0]?.sourceRelevance,
        c.answers[0]?.struggled,
      ]),
    ).toEqual([
      ["Ana Lima", "strong", 0.9, false],
      ["Omar Haddad", "strong", 0.7, true],
    ]);
    expect(result.warnings).toContain(
      "Line 15: this candidate block has no answers, so it was left out; the other candidates were kept.",
    );
  });

  it("keeps an answer cut off at the end of the file and warns", () => {
    const result = parseFixture("hand-made/cut-off.txt");
    expect(result.candidates[0]?.answers[0]?.answer).toBe(
      "A target for a service level indicator, like 99.9% of requests under 300 ms.\n\nWe set ours from",
    );
    expect(result.warnings).toEqual([
      "Line 5: the answer to Q1 seems cut off at the end of the file (its closing quote is missing); the text that is there was kept.",
    ]);
  });

  it("reads a UTF-16 file with a BOM and CRLF line ends", () => {
    const [c] = parseFixture("hand-made/ai-interviewer.utf16le.txt").candidates;
    expect(c).toMatchObject({ name: "Zoë Ng", role: "SRE" });
    expect(c?.answers[0]).toEqual({
      n: 1,
      question: "What is an SLO?",
      answer: "A target for an SLI.",
      sourceRelevance: 0.5,
      struggled: false,
    });
  });

  it("handles a 2 MB single line in every format without hanging", () => {
    const mb2 = 2 * 1024 * 1024;
    const inputs = [
      "a".repeat(mb2),
      "<".repeat(mb2),
      `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${"<v ".repeat(mb2 / 3)}`,
      `Interviewer: ${"Hi ".repeat(mb2 / 3)}\nInterviewee: fine, and the team shipped it`,
      `Candidate: A\nQ1: why?\nA1: "${'"'.repeat(mb2)}`,
      `Q1: ${"x".repeat(mb2)}\nA1: yes`,
    ];
    for (const input of inputs) {
      try {
        parseResultSchema.parse(parseTranscript(input));
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).not.toBe("INTERNAL");
      }
    }
    const long = parseTranscript(`Q1: ${"x".repeat(mb2)}\nA1: yes`);
    expect(long.candidates[0]?.answers[0]?.question).toHaveLength(mb2);
  });
});

describe("nameFromFileName", () => {
  it("strips folders and the extension and keeps something readable", () => {
    expect(nameFromFileName("/tmp/jane_doe-interview.vtt")).toBe("jane doe-interview");
    expect(nameFromFileName("C:\\x\\p1.txt")).toBe("p1");
    expect(nameFromFileName(".vtt")).toBe(".vtt");
    expect(nameFromFileName(undefined)).toBe("Unnamed candidate");
  });
});

describe("JSON contract", () => {
  it("every fixture result validates against the published schema", () => {
    for (const path of [
      "mit/p1.txt",
      "hand-made/teams-interview.vtt",
      "hand-made/interview.srt",
      "hand-made/broken-block.txt",
    ]) {
      expect(() => parseResultSchema.parse(parseFixture(path))).not.toThrow();
    }
  });
});
