import { describe, expect, it } from "vitest";
import { mergeTurns, pairTurns, type Turn } from "../../src/transcript/turns.js";

const turns = (...pairs: [string, string][]): Turn[] =>
  pairs.map(([speaker, text], i) => ({ speaker, text, line: i + 1 }));

describe("pairTurns: who is the candidate", () => {
  it("picks the speaker who answers the other's questions, whoever speaks first", () => {
    const result = pairTurns(
      turns(
        ["Lee Park", "Thanks for having me, happy to be here today."],
        ["Mia Chen", "Great. What did you build at your last job?"],
        ["Lee Park", "A billing pipeline that handled a million invoices a day."],
        ["Mia Chen", "How did you test it?"],
        ["Lee Park", "Replays of production traffic against a shadow cluster."],
      ),
      { fallbackName: "file", joiner: "\n\n" },
    );
    expect(result.candidates[0]?.name).toBe("Lee Park");
    expect(result.candidates[0]?.answers.map((a) => a.question)).toEqual([
      "Great. What did you build at your last job?",
      "How did you test it?",
    ]);
    expect(result.warnings[0]).toMatch(/because they answer the other speakers' questions/);
  });

  it("prefers the speaker the header names (matching on first name) over the talk heuristic", () => {
    const talk = turns(
      ["Mia", "I design payment systems for banks."],
      [
        "Lee",
        "Tell me more about the latency work you did last year at the bank, in detail, from start to finish.",
      ],
      ["Mia", "We cut p99 from 900 to 120 ms."],
    );
    expect(pairTurns(talk, { fallbackName: "file", joiner: "\n\n" }).candidates[0]?.name).toBe(
      "Lee",
    );
    const result = pairTurns(talk, {
      fallbackName: "file",
      headerName: "Mia Chen",
      headerRole: "Designer",
      joiner: "\n\n",
    });
    expect(result.candidates[0]).toMatchObject({
      name: "Mia Chen",
      role: "Designer",
      nameSource: "header",
    });
    expect(result.candidates[0]?.answers[0]?.answer).toBe("We cut p99 from 900 to 120 ms.");
  });

  it("keeps a generic label out of the name and falls back to the header, then the file", () => {
    const talk = turns(
      ["Speaker 1", "Why Kotlin?"],
      ["Speaker 2", "Null safety and coroutines, mostly."],
    );
    const byHeader = pairTurns(talk, { fallbackName: "file", headerName: "Ada Obi", joiner: " " });
    expect(byHeader.candidates[0]).toMatchObject({ name: "Ada Obi", nameSource: "header" });
    const byFile = pairTurns(talk, { fallbackName: "rec-7", joiner: " " });
    expect(byFile.candidates[0]).toMatchObject({ name: "rec-7", nameSource: "file-name" });
  });

  it("fails with a typed reason when only one person speaks", () => {
    const result = pairTurns(turns(["Ann", "Hello?"], ["Ann", "Anyone there?"]), {
      fallbackName: "f",
      joiner: " ",
    });
    expect(result.candidates).toEqual([]);
    expect(result.failure?.code).toBe("NOT_A_TRANSCRIPT");
  });
});

describe("mergeTurns", () => {
  it("joins consecutive turns of one speaker, case- and space-insensitively, and drops empty ones", () => {
    expect(
      mergeTurns(
        turns(["Ann  Lee", "One."], ["ann lee", "Two."], ["Bo", " "], ["Bo", "Three."]),
        " ",
      ),
    ).toEqual([
      { speaker: "Ann  Lee", text: "One. Two.", line: 1 },
      { speaker: "Bo", text: "Three.", line: 4 },
    ]);
  });
});
