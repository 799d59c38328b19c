import { describe, expect, it } from "vitest";
import { REDACTED, redactPerson } from "../../src/candidates/redact.js";

const transcript = `Candidate: John Doe - Senior Python Developer
----
Q1: Thanks, John. Your resume mentions an internship at Small Company. What did you do there?

A1: "Uh, yeah, I helped with some Python scripts.
They were... for the company."

Relevance Score: 0.000 [STRUGGLED]

Candidate: Jane Smith - Frontend React Developer
----
Q1: Thanks, Jane. Tell me about your blog.

A1: "Keeping it updated? And making sure it looked okay."
`;

describe("redactPerson", () => {
  const redacted = redactPerson(transcript, {
    names: ["John Doe"],
    passages: [
      "Thanks, John. Your resume mentions an internship at Small Company. What did you do there?",
      // As a parser may hand it back: unquoted, lines joined by a space.
      "Uh, yeah, I helped with some Python scripts. They were... for the company.",
    ],
  });

  it("removes the person's name, questions and answers", () => {
    expect(redacted).not.toMatch(/john|doe/i);
    expect(redacted).not.toContain("Small Company");
    expect(redacted).not.toContain("Python scripts");
    expect(redacted).toContain(REDACTED);
  });

  it("leaves the other candidates untouched", () => {
    expect(redacted).toContain("Candidate: Jane Smith - Frontend React Developer");
    expect(redacted).toContain("Thanks, Jane. Tell me about your blog.");
    expect(redacted).toContain("Keeping it updated? And making sure it looked okay.");
  });

  it("matches names as whole words only and skips titles", () => {
    const out = redactPerson("Dr. Al Alvarez met Alice; Al left. Dr. Who stayed.", {
      names: ["Dr. Al"],
      passages: [],
    });
    expect(out).toBe(`${REDACTED} Alvarez met Alice; ${REDACTED} left. Dr. Who stayed.`);
  });

  it("treats regular-expression characters in names literally", () => {
    const out = redactPerson("Name: O'Brien (100%) [x] *star* \\o/ 🚀 end", {
      names: ["O'Brien (100%) [x] *star* \\o/ 🚀"],
      passages: [],
    });
    expect(out).toBe(`Name: ${REDACTED} end`);
  });
});
