import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { askDomains, roleDomains, saidAcronyms } from "../../src/scoring/flags.js";
import { scoreCandidate } from "../../src/scoring/index.js";
import type { Answer } from "../../src/transcript/model.js";

const qa = (n: number, question: string, answer: string): Answer => ({
  n,
  question,
  answer,
  sourceRelevance: null,
  struggled: false,
});

describe("interview-quality flags", () => {
  it("flags a question outside the role and quotes the term", () => {
    expect(roleDomains("iOS Mobile Developer")).toEqual(new Set(["mobile"]));
    expect(
      askDomains("What are common image preprocessing steps for a neural network?")[0]?.domain,
    ).toBe("ml");
    const c = scoreCandidate({
      name: "Sam Lee",
      role: "iOS Mobile Developer",
      sourceTier: null,
      answers: [
        qa(
          1,
          "How do you manage memory in Swift?",
          "ARC counts references; I use weak self in closures to break cycles.",
        ),
        qa(
          2,
          "What are common image preprocessing steps before a neural network?",
          "Resize and normalise the pixels.",
        ),
      ],
    });
    expect(c.flags).toEqual([
      expect.objectContaining({
        kind: "off_role_question",
        n: 2,
        message: expect.stringContaining('"neural network"'),
      }),
    ]);
  });

  it("does not flag roles it cannot place", () => {
    expect(roleDomains("Chief Happiness Officer")).toBeNull();
    expect(roleDomains(null)).toBeNull();
  });

  it("flags the interviewer praising something never said, but not a fair summary", () => {
    const c = scoreCandidate({
      name: "Emily Stone",
      role: "Data Scientist",
      sourceTier: null,
      answers: [
        qa(
          1,
          "Tell me about a dashboard you built.",
          "I built a Tableau dashboard on our CRM data using SQL queries.",
        ),
        qa(
          2,
          "That's a great explanation of MDPs, Emily. Explain Q-learning.",
          "Q-learning updates values toward the best next action.",
        ),
        qa(
          3,
          "You mentioned Tableau and SQL. How do you check data quality?",
          "I run SQL checks before the Tableau refresh.",
        ),
      ],
    });
    const phantom = c.flags.filter((f) => f.kind === "phantom_reference");
    expect(phantom).toHaveLength(1);
    expect(phantom[0]?.n).toBe(2);
    expect(phantom[0]?.message).toContain('"MDPs"');
  });
});

describe("saidAcronyms", () => {
  it("finds acronyms, plurals and the initials of capitalised names", () => {
    const said = saidAcronyms("We run EKS and two VPCs across Availability Zones; iOS too.");
    expect([...said]).toEqual(expect.arrayContaining(["EKS", "VPC", "AZ"]));
    expect(said.has("IOS")).toBe(false);
  });

  it("matches what one pattern over the whole text found, word for word", () => {
    // The pattern it replaced (slow on long words, correct otherwise), plus names' initials.
    const reference = (text: string) => {
      const out = new Set(
        [...text.matchAll(/\b[A-Z][A-Za-z]*[A-Z]+s?\b/g)].map((m) =>
          m[0].replace(/s$/, "").toUpperCase(),
        ),
      );
      for (const m of text.matchAll(/(?:\b[A-Z][a-z]+(?:\s+|-)){1,5}[A-Z][a-z]+\b/g)) {
        const initials = m[0].split(/[\s-]+/).map((w) => w[0] as string);
        for (let i = 0; i < initials.length; i++)
          for (let j = i + 2; j <= Math.min(initials.length, i + 5); j++)
            out.add(initials.slice(i, j).join(""));
      }
      return out;
    };
    const char = fc.constantFrom(..."AZBsaz1_ é-.'".split(""));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect([...saidAcronyms(text)].sort()).toEqual([...reference(text)].sort());
      }),
      { numRuns: 2_000 },
    );
  });

  // Not a speed target: the old pattern took time growing with the square of a word's length
  // (40,000 capitals took 3 s); the limit only stops such a regression hanging.
  it("reads a 100,000-capital word", { timeout: 5_000 }, () => {
    expect(saidAcronyms(`${"A".repeat(100_000)}b`).size).toBe(0);
  });
});
