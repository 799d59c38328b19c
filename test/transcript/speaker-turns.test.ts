import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isBackchannel } from "../../src/transcript/backchannel.js";
import { type ParseResult, parseTranscript } from "../../src/transcript/index.js";

const fixtures = new URL("../fixtures/transcripts/", import.meta.url);
const mitDir = new URL("../../../shared/benchmarks/mit-interviews/transcripts/", import.meta.url);
const mitAvailable = existsSync(mitDir);

function parseFixture(path: string): ParseResult {
  return parseTranscript(new Uint8Array(readFileSync(new URL(path, fixtures))), {
    fileName: path.split("/").pop(),
  });
}

function expectCleanPairs(result: ParseResult): void {
  for (const c of result.candidates) {
    for (const a of c.answers) {
      expect(isBackchannel(a.question), `question ${a.n} is a backchannel: ${a.question}`).toBe(
        false,
      );
      expect(isBackchannel(a.answer), `answer ${a.n} is a backchannel: ${a.answer}`).toBe(false);
    }
  }
}

describe("MIT interview fixtures (copied into test/fixtures)", () => {
  it("parses p1 into one candidate named after the file, with the interviewer's prompts as questions", () => {
    const result = parseFixture("mit/p1.txt");
    expect(result.format).toBe("speaker-turns");
    expect(result.candidates).toHaveLength(1);
    const [c] = result.candidates;
    expect(c).toMatchObject({ name: "p1", nameSource: "file-name", role: null, sourceTier: null });
    expect(c?.answers.map((a) => a.question)).toEqual([
      "So how are you doing?",
      "Ok well  so please tell me about yourself.",
      "So please tell me about a time that you demonstrated leadership.",
      "Tell me about a time when your working on a team and faced with a challenge  how did you solve that problem?",
      "Oh yes.  Alright tell me about one of your weaknesses and how you plan to overcome it.",
      "Now why do you think we should hire you?",
    ]);
    // The interviewer's "mhhmm" between two interviewee turns joins them into one answer.
    expect(c?.answers[1]?.answer).toMatch(/for inner city kids in Boston\n\nSo ah {2}my interest/);
    expect(result.warnings[0]).toMatch(
      /labelled "Interviewee", because it is labelled as the candidate/,
    );
    expectCleanPairs(result);
  });

  it("takes the candidate's name from their own introduction", () => {
    expect(parseFixture("mit/p17.txt").candidates[0]).toMatchObject({
      name: "Stephie",
      nameSource: "introduced",
    });
    expect(parseFixture("mit/p7.txt").candidates[0]).toMatchObject({
      name: "Jacob",
      nameSource: "introduced",
    });
  });

  it("parses every copied MIT transcript into at least three clean pairs", () => {
    for (const file of readdirSync(new URL("mit/", fixtures))) {
      const result = parseFixture(`mit/${file}`);
      expect(result.candidates).toHaveLength(1);
      expect(result.candidates[0]?.answers.length).toBeGreaterThanOrEqual(3);
      expectCleanPairs(result);
    }
  });
});

describe.skipIf(!mitAvailable)("all 138 MIT interviews (../shared/benchmarks)", () => {
  it("parse each into one candidate with at least three pairs and no backchannel question or answer", () => {
    const files = readdirSync(mitDir).filter((f) => f.endsWith(".txt"));
    expect(files).toHaveLength(138);
    for (const file of files) {
      const result = parseTranscript(new Uint8Array(readFileSync(new URL(file, mitDir))), {
        fileName: file,
      });
      expect(result.format, file).toBe("speaker-turns");
      expect(result.candidates, file).toHaveLength(1);
      expect(result.candidates[0]?.answers.length, file).toBeGreaterThanOrEqual(3);
      for (const a of result.candidates[0]?.answers ?? []) {
        expect(a.question.length, file).toBeGreaterThan(0);
        expect(a.answer.length, file).toBeGreaterThan(0);
      }
      expectCleanPairs(result);
    }
  });
});
if (!mitAvailable) {
  console.warn(
    "SKIPPED: the 138 MIT interviews are not present (../shared/benchmarks/mit-interviews).",
  );
}

describe("hand-made speaker-turn transcripts", () => {
  it("uses named speakers, picks the one who answers, and keeps the preamble in the question", () => {
    const text = [
      "Interview with Priya Natarajan - Backend Engineer",
      "",
      "Mark Lee: Hi Priya, thanks for joining. Can you tell me about a system you scaled?",
      "Priya Natarajan: Sure. We sharded the orders database by customer id.",
      "Mark Lee: Mm-hmm.",
      "Priya Natarajan: That cut p99 latency from 900 ms to 120 ms.",
      "Mark Lee: That's a great example, Priya. How did you migrate the data?",
      "Priya Natarajan: Okay.",
      "Priya Natarajan: With dual writes and a backfill job.",
      "Mark Lee: Great.",
      "Mark Lee: Thanks, that's all from me.",
      "Priya Natarajan: Thank you!",
    ].join("\n");
    const result = parseTranscript(text);
    expect(result.format).toBe("speaker-turns");
    const [c] = result.candidates;
    expect(c).toMatchObject({
      name: "Priya Natarajan",
      nameSource: "header",
      role: "Backend Engineer",
    });
    expect(c?.answers).toEqual([
      {
        n: 1,
        question: "Hi Priya, thanks for joining. Can you tell me about a system you scaled?",
        answer:
          "Sure. We sharded the orders database by customer id.\n\nThat cut p99 latency from 900 ms to 120 ms.",
        sourceRelevance: null,
        struggled: false,
      },
      {
        n: 2,
        question: "That's a great example, Priya. How did you migrate the data?",
        answer: "With dual writes and a backfill job.",
        sourceRelevance: null,
        struggled: false,
      },
    ]);
  });

  it("reads a Candidate: header above role-labelled turns, and the Q:/A: style", () => {
    const text =
      "Candidate: Lena Fischer\nRole: Data Analyst\n\nQ: Why SQL?\nA: Because joins are cheap.\nQ: And pandas?\nA: For the last mile.\n";
    const [c] = parseTranscript(text).candidates;
    expect(c).toMatchObject({ name: "Lena Fischer", nameSource: "header", role: "Data Analyst" });
    expect(c?.answers.map((a) => [a.question, a.answer])).toEqual([
      ["Why SQL?", "Because joins are cheap."],
      ["And pandas?", "For the last mile."],
    ]);
  });

  it("takes the name the interviewer addresses the candidate by", () => {
    const text =
      "Interviewer: Welcome, Tomasz. What do you build?\nCandidate: Compilers, mostly for DSP chips.\nInterviewer: Why?\nCandidate: Because the vendor tools were slow.";
    expect(parseTranscript(text).candidates[0]).toMatchObject({
      name: "Tomasz",
      nameSource: "addressed",
    });
  });

  it("keeps a colon inside an answer and the interviewer's short aside as part of the answer", () => {
    const text = [
      "Interviewer: What was the hardest bug?",
      "Interviewee: A race in the cache.",
      "Note: it only happened under load.",
      "Interviewer: In production.",
      "Interviewee: Yes, twice a week.",
      "Interviewer: How did you find it?",
      "Interviewee: Tracing every lock.",
    ].join("\r\n");
    const [c] = parseTranscript(text).candidates;
    expect(c?.answers.map((a) => a.answer)).toEqual([
      "A race in the cache.\nNote: it only happened under load.\n\nYes, twice a week.",
      "Tracing every lock.",
    ]);
  });

  it("keeps an unanswered last question with an empty answer and warns", () => {
    const text =
      "Interviewer: Tell me about yourself.\nInterviewee: I build robots.\nInterviewer: What would you improve?\nInterviewee: Mm-hmm.";
    const result = parseTranscript(text);
    expect(result.candidates[0]?.answers.at(-1)).toMatchObject({
      question: "What would you improve?",
      answer: "",
    });
    expect(result.warnings).toContain(
      "Line 3: the last question has no answer; it was kept with an empty answer.",
    );
  });

  it("rejects a conversation where the candidate never answers", () => {
    const text =
      "Interviewer: Hello?\nInterviewee: Mm-hmm.\nInterviewer: Okay.\nInterviewee: Yeah.";
    expect(() => parseTranscript(text)).toThrow(expect.objectContaining({ code: "NO_ANSWERS" }));
  });
});

describe("labels with timestamps", () => {
  it.each([
    [
      "[00:01:02] Sam Lee: Why Rust?\n[00:01:09] Ana Ruiz: Memory safety without a collector.",
      "Ana Ruiz",
    ],
    [
      "Sam Lee (00:01:02): Why Rust?\nAna Ruiz (00:01:09): Memory safety without a collector.",
      "Ana Ruiz",
    ],
    [
      "00:01:02 Sam Lee: Why Rust?\n00:01:09 Ana Ruiz: Memory safety without a collector.",
      "Ana Ruiz",
    ],
    ["**Sam Lee:** Why Rust?\n**Ana Ruiz:** Memory safety without a collector.", "Ana Ruiz"],
  ])("%j", (text, name) => {
    const [c] = parseTranscript(text).candidates;
    expect(c?.name).toBe(name);
    expect(c?.answers.map((a) => [a.question, a.answer])).toEqual([
      ["Why Rust?", "Memory safety without a collector."],
    ]);
  });
});

describe("dialogue bullets", () => {
  it("reads `- Name: text` and `> Name: text` turns", () => {
    for (const bullet of ["- ", "> ", "• "]) {
      const text = `${bullet}Interviewer: Why Postgres?\n${bullet}Candidate: Transactions and a planner I can read.`;
      expect(parseTranscript(text).candidates[0]?.answers[0]).toMatchObject({
        question: "Why Postgres?",
        answer: "Transactions and a planner I can read.",
      });
    }
  });
});

describe("header names", () => {
  it.each([
    ["Candidate: Jane Doe - Backend Engineer", "Jane Doe", "Backend Engineer"],
    ["Candidate: Jane Doe, Staff Engineer", "Jane Doe", "Staff Engineer"],
    ["Candidate: Doe, Jane", "Doe, Jane", null],
    ["Candidate Name: Jane Doe", "Jane Doe", null],
  ])("%s", (header, name, role) => {
    const text = `${header}\n\nQ: Why queues?\nA: They absorb bursts.\nQ: And retries?\nA: With jitter.`;
    expect(parseTranscript(text).candidates[0]).toMatchObject({ name, role, nameSource: "header" });
  });
});
