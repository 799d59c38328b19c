import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import {
  type Answer,
  type Candidate,
  parseResultSchema,
  parseTranscript,
  type Tier,
  tiers,
} from "../../src/transcript/index.js";

/**
 * Round-trip properties: an interview model rendered in any surface variant of a format parses
 * back to the same model; and no input, however broken, makes the parser throw anything but
 * a typed, non-internal AppError.
 */

const words = [
  "data",
  "queue",
  "latency",
  "café",
  "naïve",
  "über",
  "日本",
  "cache",
  "shard",
  "retry",
  "p99",
  "team",
];
const word = fc.constantFrom(...words);
const sentence = (end: string) =>
  fc
    .array(word, { minLength: 7, maxLength: 14 })
    .map((ws) => ws.join(" "))
    .map((s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${end}`);
/** Inner quotes are part of the text and must survive: `… "cache" …`. */
const quotedSentence = fc.tuple(sentence("."), word).map(([s, w]) => s.replace(" ", ` "${w}" `));
const paragraph = (end: string) =>
  fc
    .array(fc.oneof(sentence(end), quotedSentence), { minLength: 1, maxLength: 3 })
    .map((s) => s.join(" "));
const paragraphs = (end: string) => fc.array(paragraph(end), { minLength: 1, maxLength: 3 });

const nameArb = fc
  .tuple(
    fc.constantFrom("", "Dr. "),
    fc.constantFrom("Zoë", "Jean-Luc", "Ana", "Siobhán", "Mei", "Olu"),
    fc.constantFrom("O'Brien", "Núñez", "Smith-Jones", "Ng", "D’Souza", "Kowalski"),
  )
  .map(([t, f, l]) => `${t}${f} ${l}`);
const roleArb = fc.option(
  fc.constantFrom("Backend Engineer", "Data Scientist", "SRE", "iOS Developer (Swift)"),
  {
    nil: null,
  },
);

interface Pair {
  question: string[];
  answer: string[];
  relevance: number | null;
  struggled: boolean;
}

const pairArb: fc.Arbitrary<Pair> = fc
  .record({
    question: fc.tuple(paragraphs("."), sentence("?")).map(([ps, q]) => [...ps.slice(0, 1), q]),
    answer: paragraphs("."),
    relevance: fc.option(
      fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
      { nil: null },
    ),
    struggled: fc.boolean(),
  })
  .map((p) => ({ ...p, struggled: p.relevance === null ? false : p.struggled }));

interface GenCandidate {
  name: string;
  role: string | null;
  tier: Tier | null;
  pairs: Pair[];
}

const aiFileArb = fc
  .record({
    withTiers: fc.boolean(),
    candidates: fc.array(
      fc.record({
        name: nameArb,
        role: roleArb,
        tier: fc.constantFrom(...tiers),
        pairs: fc.array(pairArb, { minLength: 1, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ withTiers, candidates }) =>
    candidates.map((c): GenCandidate => ({ ...c, tier: withTiers ? c.tier : null })),
  );

const surfaceArb = fc.record({
  quotes: fc.constantFrom("straight", "curly", "none"),
  eol: fc.constantFrom("\n", "\r\n", "\r"),
  encoding: fc.constantFrom("utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "string"),
  title: fc.boolean(),
  separators: fc.boolean(),
  scores: fc.boolean(),
  gap: fc.constantFrom("\n", "\n\n"),
});
type Surface = typeof surfaceArb extends fc.Arbitrary<infer S> ? S : never;

function renderAi(cands: GenCandidate[], s: Surface): string {
  const out: string[] = [];
  if (s.title) out.push("=".repeat(40), "TECHNICAL QUESTIONS AND ANSWERS", "=".repeat(40), "", "");
  let tier: Tier | null = null;
  for (const c of cands) {
    if (c.tier !== null && c.tier !== tier) {
      out.push("=".repeat(30), `${c.tier.toUpperCase()} CANDIDATES`, "=".repeat(30), "", "");
      tier = c.tier;
    }
    out.push(`Candidate: ${c.name}${c.role ? ` - ${c.role}` : ""}`, "-".repeat(40), "");
    c.pairs.forEach((p, i) => {
      const [open, close] =
        s.quotes === "straight" ? ['"', '"'] : s.quotes === "curly" ? ["“", "”"] : ["", ""];
      out.push(`Q${i + 1}: ${p.question.join("\n\n")}`, "");
      out.push(`A${i + 1}: ${open}${p.answer.join("\n\n")}${close}`, "");
      if (s.scores && p.relevance !== null) {
        out.push(`Relevance Score: ${p.relevance.toFixed(3)}${p.struggled ? " [STRUGGLED]" : ""}`);
      }
      if (s.separators) out.push("~".repeat(30), "");
    });
  }
  return out
    .join("\n")
    .replace(/\n\n/g, `\n${s.gap}`.slice(0, s.gap.length + 1))
    .replace(/\n/g, s.eol);
}

function encode(text: string, encoding: Surface["encoding"]): Uint8Array | string {
  switch (encoding) {
    case "string":
      return text;
    case "utf8":
      return Buffer.from(text, "utf8");
    case "utf8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case "utf16be-bom":
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
  }
}

function expectedAi(cands: GenCandidate[], s: Surface): Candidate[] {
  return cands.map((c) => ({
    name: c.name,
    role: c.role,
    sourceTier: c.tier,
    nameSource: "header",
    answers: c.pairs.map(
      (p, i): Answer => ({
        n: i + 1,
        question: p.question.join("\n\n"),
        answer: p.answer.join("\n\n"),
        sourceRelevance: s.scores ? p.relevance : null,
        struggled: s.scores ? p.struggled : false,
      }),
    ),
  }));
}

describe("round trips", () => {
  it("an AI-interviewer file in any surface variant parses back to its model", () => {
    fc.assert(
      fc.property(aiFileArb, surfaceArb, (cands, surface) => {
        const result = parseTranscript(encode(renderAi(cands, surface), surface.encoding));
        expect(result.format).toBe("ai-interviewer");
        expect(result.candidates).toEqual(expectedAi(cands, surface));
        expect(result.warnings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  const turnArb = fc.record({
    name: nameArb,
    interviewer: fc.constantFrom("Sam Lee", "Priya Raman"),
    pairs: fc.array(pairArb, { minLength: 1, maxLength: 5 }),
    labels: fc.constantFrom("roles", "names"),
    container: fc.constantFrom("text", "teams-vtt", "zoom-vtt", "srt"),
    eol: fc.constantFrom("\n", "\r\n"),
  });

  it("a speaker-turn or caption interview parses back to its pairs, whatever the container", () => {
    fc.assert(
      fc.property(turnArb, (g) => {
        const candidateLabel = g.labels === "roles" ? "Candidate" : g.name;
        const interviewerLabel = g.labels === "roles" ? "Interviewer" : g.interviewer;
        // Text transcripts keep paragraphs; captions carry one paragraph per cue, joined by spaces.
        const joiner = g.container === "text" ? "\n\n" : " ";
        const turns = g.pairs.flatMap((p) => [
          { speaker: interviewerLabel, paragraphs: p.question },
          { speaker: candidateLabel, paragraphs: p.answer },
        ]);
        let text: string;
        if (g.container === "text") {
          text = turns.map((t) => `${t.speaker}: ${t.paragraphs.join("\n\n")}`).join("\n");
        } else {
          const cues = turns.flatMap((t) =>
            t.paragraphs.map((para) => ({ speaker: t.speaker, para })),
          );
          const stamp = (ms: number, sep: string) =>
            `00:${String(Math.floor(ms / 60000)).padStart(2, "0")}:${String(Math.floor(ms / 1000) % 60).padStart(2, "0")}${sep}${String(ms % 1000).padStart(3, "0")}`;
          const sep = g.container === "srt" ? "," : ".";
          const blocks = cues.map((c, i) => {
            const id =
              g.container === "teams-vtt"
                ? `6f1c2d3e-aaaa-4bbb-8ccc-1234567890ab/${i}-0`
                : String(i + 1);
            const speaker = c.speaker.replace(/[’'ëé]/g, (ch) => `&#${ch.charCodeAt(0)};`);
            const body =
              g.container === "teams-vtt"
                ? `<v ${speaker}>${c.para}</v>`
                : `${c.speaker}: ${c.para}`;
            return `${id}\n${stamp(i * 2000, sep)} --> ${stamp(i * 2000 + 1900, sep)}\n${body}`;
          });
          text = `${g.container === "srt" ? "" : "WEBVTT\n\n"}${blocks.join("\n\n")}\n`;
        }
        const result = parseTranscript(text.replace(/\n/g, g.eol), {
          fileName: "interview-42.txt",
        });
        expect(result.format).toBe(
          g.container === "text" ? "speaker-turns" : g.container === "srt" ? "srt" : "webvtt",
        );
        expect(result.candidates).toHaveLength(1);
        const [c] = result.candidates;
        expect(c?.name).toBe(g.labels === "roles" ? "interview-42" : g.name);
        expect(c?.answers.map((a) => [a.question, a.answer])).toEqual(
          g.pairs.map((p) => [p.question.join(joiner), p.answer.join(joiner)]),
        );
      }),
      { numRuns: 150 },
    );
  });
});

function expectTypedOutcome(input: Uint8Array | string): void {
  try {
    parseResultSchema.parse(parseTranscript(input, { fileName: "fuzz.txt" }));
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).not.toBe("INTERNAL");
    expect((error as AppError).message).toMatch(/^[A-Z].*[.]$/);
  }
}

describe("robustness", () => {
  it("random bytes never crash", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), expectTypedOutcome), {
      numRuns: 300,
    });
  });

  it("random text never crashes", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 2000 }), expectTypedOutcome), {
      numRuns: 300,
    });
  });

  it("random arrangements of format markers never crash", () => {
    const fragment = fc.constantFrom(
      "Q1: Why?",
      'A1: "Because',
      "A2: “yes”",
      "Q2:",
      "Candidate:",
      "Candidate: Ann - Dev",
      "Relevance Score: 2 [STRUGGLED]",
      "Relevance Score: 0.5",
      "STRONG CANDIDATES",
      "~~~~~",
      "=====",
      "-----",
      "",
      " ",
      "WEBVTT",
      "00:00:01.000 --> 00:00:02.000",
      "00:00:01,000 --> 00:00:02,000",
      "1",
      "NOTE x",
      "<v Ann>hi</v>",
      "<v ",
      "Interviewer: Tell me more?",
      "Interviewee: Mm-hmm.",
      "Interviewee: I built a queue for payments.",
      "Ann Lee  1:23",
      "Transcribed by https://otter.ai",
      '"',
      "“",
      "Date: today",
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 40 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        (lines, eol) => expectTypedOutcome(lines.join(eol)),
      ),
      { numRuns: 500 },
    );
  });
});
