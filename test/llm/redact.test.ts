import { describe, expect, it } from "vitest";
import { createRedactor, speakerNames } from "../../src/llm/redact.js";

describe("name redaction", () => {
  const raw = [
    "[00:00:02] Marcus Webb: Hi Priya.",
    "<v Farid Azizi>Welcome.</v>",
    "Relevance Score: 0.5",
    "Q1: what?",
  ].join("\n");

  it("reads speaker labels and voice tags, not field names", () => {
    expect(speakerNames(raw).sort()).toEqual(["Farid Azizi", "Marcus Webb", "Relevance Score"]);
  });

  it("replaces the candidate's and the interviewers' names, whole words only", () => {
    const redact = createRedactor("Dr. Priya Raman", raw);
    expect(redact("Priya Raman told Marcus and Farid Azizi; Ramanujan was not named. PRIYA!")).toBe(
      "[CANDIDATE] told [INTERVIEWER] and [INTERVIEWER]; Ramanujan was not named. [CANDIDATE]!",
    );
    expect(redact("relevance score is fine")).toBe("relevance score is fine");
  });
});
