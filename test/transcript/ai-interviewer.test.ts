import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitNameRole } from "../../src/transcript/ai-interviewer.js";
import { parseTranscript } from "../../src/transcript/index.js";

const seedPath = new URL("../../seeds/interview-examples.txt", import.meta.url);
const seedBytes = new Uint8Array(readFileSync(seedPath));
const seedText = readFileSync(seedPath, "utf8");

/**
 * An independent reading of the seed's answers: everything between `A<n>: "` and the `"`
 * right before the next `Relevance Score`, with the file's own line ends. The parser must
 * reproduce exactly this text.
 */
function expectedAnswersFromSeed(): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const start = seedText.indexOf("\nA", from);
    if (start === -1) break;
    const colon = seedText.indexOf(': "', start);
    if (colon === -1 || colon - start > 6) {
      from = start + 1;
      continue;
    }
    const end = seedText.indexOf("\nRelevance Score", colon);
    const body = seedText.slice(colon + 3, end).trimEnd();
    out.push(body.slice(0, -1).replace(/\n{3,}/g, "\n\n"));
    from = end;
  }
  return out;
}

describe("AI-interviewer seed file", () => {
  const result = parseTranscript(seedBytes, { fileName: "interview-examples.txt" });

  it("detects the format and finds all eight candidates with their roles and tiers", () => {
    expect(result.format).toBe("ai-interviewer");
    expect(result.warnings).toEqual([]);
    expect(result.candidates.map((c) => [c.name, c.role, c.sourceTier])).toEqual([
      ["John Doe", "Senior Python Developer", "weak"],
      ["Jane Smith", "Frontend React Developer", "weak"],
      ["Emily Johnson", "Data Scientist", "average"],
      ["Michael Chen", "iOS Mobile Developer", "average"],
      ["James Anderson", "Cloud Solutions Architect", "strong"],
      ["Jennifer Martinez", "QA Automation Engineer", "strong"],
      ["Dr. Amanda Foster", "Natural Language Processing Engineer", "exceptional"],
      ["Alex Thompson", "Site Reliability Engineer", "exceptional"],
    ]);
    for (const c of result.candidates) expect(c.nameSource).toBe("header");
  });

  it("reads three numbered answers per candidate with every relevance score and struggle flag", () => {
    const facts = result.candidates.map((c) =>
      c.answers.map((a) => `${a.n}:${a.sourceRelevance}${a.struggled ? "!" : ""}`).join(" "),
    );
    expect(facts).toEqual([
      "1:0! 2:0! 3:0.6!",
      "1:0 2:0! 3:1",
      "1:0 2:0 3:0.4",
      "1:0 2:0.2 3:0.8",
      "1:0 2:1 3:1",
      "1:0 2:0 3:0",
      "1:0 2:0 3:0",
      "1:0 2:0 3:1",
    ]);
  });

  it("keeps answer text exactly, without the surrounding quotes", () => {
    const answers = result.candidates.flatMap((c) => c.answers.map((a) => a.answer));
    const expected = expectedAnswersFromSeed();
    expect(expected).toHaveLength(24);
    expect(answers).toEqual(expected);
    expect(answers[0]).toBe(
      "Uh, yeah, I helped with some Python scripts. They were... for the company. The most challenging part? Hmm, I'm not really sure.",
    );
    // Double spaces inside an answer are the candidate's text, not formatting.
    expect(answers[1]).toContain("a list and a tuple?  Yeah");
  });

  it("keeps multi-paragraph questions with markdown and the interviewer's preamble", () => {
    const emily = result.candidates[2];
    expect(
      emily?.answers[2]?.question.startsWith(
        "That's a great explanation of MDPs and their components.\n\n",
      ),
    ).toBe(true);
    const michael = result.candidates[3];
    expect(
      michael?.answers[0]?.question.startsWith("**Michael**, thank you for the introduction."),
    ).toBe(true);
    const emilyAnswer = emily?.answers[0]?.answer ?? "";
    expect(emilyAnswer).toContain("through SQL queries.\n\nWe pulled in information");
    for (const c of result.candidates) {
      for (const a of c.answers) {
        expect(a.question).not.toMatch(/^\s|\s$|\n\n\n/);
        expect(a.answer).not.toMatch(/^["\u201c]|["\u201d]$|\n\n\n/);
      }
    }
  });

  it("parses the same model from CRLF, CR, BOM and UTF-16 copies of the file", () => {
    const variants: Uint8Array[] = [
      Buffer.from(seedText.replace(/\n/g, "\r\n"), "utf8"),
      Buffer.from(seedText.replace(/\n/g, "\r"), "utf8"),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seedText, "utf8")]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seedText, "utf16le")]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(seedText, "utf16le").swap16()]),
    ];
    for (const bytes of variants) {
      expect(parseTranscript(bytes).candidates).toEqual(result.candidates);
    }
    expect(parseTranscript(seedText).candidates).toEqual(result.candidates);
  });
});

describe("AI-interviewer surface variants", () => {
  const block = (answer: string, extra = "") =>
    `Candidate: Zoë O'Brien-Šimek - Backend Engineer\n----\n\nQ1: Why **queues**?\n\nA1: ${answer}\n${extra}`;

  it("accepts straight, curly and missing quotes and keeps quotes inside the answer", () => {
    for (const wrapped of [
      '"Because they "decouple" producers."',
      '\u201cBecause they "decouple" producers.\u201d',
      'Because they "decouple" producers.',
    ]) {
      const [c] = parseTranscript(block(wrapped)).candidates;
      expect(c?.answers[0]?.answer).toBe('Because they "decouple" producers.');
      expect(c?.name).toBe("Zoë O'Brien-Šimek");
      expect(c?.sourceTier).toBeNull();
      expect(c?.answers[0]?.sourceRelevance).toBeNull();
      expect(c?.answers[0]?.struggled).toBe(false);
    }
  });

  it("does not strip curly quotes that close before the end", () => {
    const [c] = parseTranscript(block("\u201cYes,\u201d I said, \u201cit works.\u201d")).candidates;
    expect(c?.answers[0]?.answer).toBe("\u201cYes,\u201d I said, \u201cit works.\u201d");
  });

  it("reads a candidate line without a role and any number of questions", () => {
    const text = `Candidate: Dr. Ana-Lucía D'Souza\n\n${[1, 2, 3, 4, 5]
      .map(
        (n) => `Q${n}: Question ${n}?\nA${n}: "Answer ${n}."\nRelevance Score: 0.${n}00\n~~~~~~~~`,
      )
      .join("\n")}`;
    const [c] = parseTranscript(text).candidates;
    expect(c?.name).toBe("Dr. Ana-Lucía D'Souza");
    expect(c?.role).toBeNull();
    expect(c?.answers.map((a) => [a.n, a.answer, a.sourceRelevance])).toEqual([
      [1, "Answer 1.", 0.1],
      [2, "Answer 2.", 0.2],
      [3, "Answer 3.", 0.3],
      [4, "Answer 4.", 0.4],
      [5, "Answer 5.", 0.5],
    ]);
  });

  it("splits names from roles only at a spaced dash", () => {
    expect(splitNameRole("Jean-Luc Picard - Captain")).toEqual({
      name: "Jean-Luc Picard",
      role: "Captain",
    });
    expect(splitNameRole("Ana Silva \u2013 Data Engineer - Platform")).toEqual({
      name: "Ana Silva",
      role: "Data Engineer - Platform",
    });
    expect(splitNameRole("Ana Silva (SRE)")).toEqual({ name: "Ana Silva", role: "SRE" });
    expect(splitNameRole("Ana Silva -")).toEqual({ name: "Ana Silva", role: null });
  });
});

describe("AI-interviewer damaged files", () => {
  it("keeps an answer cut off at the end of the file and warns with its line", () => {
    const result = parseTranscript(
      'Candidate: A B - Dev\n\nQ1: Why?\n\nA1: "Because it was\nfaster and',
    );
    expect(result.candidates[0]?.answers[0]?.answer).toBe("Because it was\nfaster and");
    expect(result.warnings.join(" ")).toMatch(/Line 5: the answer to Q1 seems cut off/);
  });

  it("keeps the good candidates around a broken block and reports the broken one", () => {
    const good = (name: string) =>
      `Candidate: ${name} - Dev\n\nQ1: Why?\nA1: "Yes."\nRelevance Score: 0.5\n~~~~\n`;
    const text = `${good("Ann Lee")}\nCandidate: Bob Broken - Dev\n\nQ1: Why?\n\n${good("Cy Young")}`;
    const result = parseTranscript(text);
    expect(result.candidates.map((c) => c.name)).toEqual(["Ann Lee", "Cy Young"]);
    expect(
      result.warnings.some((w) => w.startsWith("Line 8: this candidate block has no answers")),
    ).toBe(true);
  });

  it("rejects a file whose only candidate has no answers, with the block's line", () => {
    expect(() => parseTranscript("Title\n\nCandidate: Bob - Dev\nQ1: Why?\nA1:\n")).toThrow(
      expect.objectContaining({ code: "NO_ANSWERS", line: 3 }),
    );
  });

  it("keeps a question without an answer with an empty answer and warns", () => {
    const result = parseTranscript('Candidate: Ann - Dev\nQ1: One?\nA1: "Yes."\nQ2: Two?\n~~~~\n');
    expect(result.candidates[0]?.answers.map((a) => a.answer)).toEqual(["Yes.", ""]);
    expect(result.warnings).toContain(
      "Line 4: Q2 has no answer; it was kept with an empty answer.",
    );
  });

  it("warns about an out-of-range relevance score and does not keep it", () => {
    const result = parseTranscript(
      'Candidate: Ann - Dev\nQ1: One?\nA1: "Yes."\nRelevance Score: 7 [STRUGGLED]\n',
    );
    expect(result.candidates[0]?.answers[0]).toMatchObject({
      sourceRelevance: null,
      struggled: true,
    });
    expect(result.warnings[0]).toMatch(/^Line 4: the relevance score "7"/);
  });

  it("names a candidate after the file when questions come before any Candidate line", () => {
    const result = parseTranscript('Q1: One?\nA1: "Yes."\n', { fileName: "/x/jane_doe.txt" });
    expect(result.candidates[0]).toMatchObject({ name: "jane doe", nameSource: "file-name" });
  });
});

describe("AI-interviewer Markdown variant", () => {
  it("reads tier and candidate headings behind # and a Candidate Name: line", () => {
    const text = [
      "# Interview export",
      "## STRONG CANDIDATES",
      "### Candidate Name: Ines Duarte - Data Engineer",
      "",
      "**Q1:** How do you test a pipeline?",
      "",
      '**A1:** "With contract tests on every stage."',
      "",
      "Relevance Score: 0.750",
    ].join("\n");
    const result = parseTranscript(text);
    expect(result.candidates).toEqual([
      {
        name: "Ines Duarte",
        role: "Data Engineer",
        sourceTier: "strong",
        nameSource: "header",
        answers: [
          {
            n: 1,
            question: "How do you test a pipeline?",
            answer: "With contract tests on every stage.",
            sourceRelevance: 0.75,
            struggled: false,
          },
        ],
      },
    ]);
  });
});
