import { describe, expect, it } from "vitest";
import { oneLine } from "../../src/format.js";
import { answerReason, interviewReason } from "../../src/shared/reason.js";

describe("oneLine", () => {
  it("collapses whitespace and cuts long text at a word with an ellipsis", () => {
    expect(oneLine("a\n  b\tc")).toBe("a b c");
    const long = oneLine("word ".repeat(100), 40);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith("…")).toBe(true);
    expect(long).not.toMatch(/\s…$/);
  });
});

describe("interviewReason", () => {
  const base = { strengths: ["Explains trade-offs"], concerns: ["Vague on testing"], flags: [] };

  it("leads with a strength for the upper tiers and a concern for the lower ones", () => {
    expect(interviewReason({ ...base, tier: "exceptional" })).toBe("Explains trade-offs");
    expect(interviewReason({ ...base, tier: "weak" })).toBe("Vague on testing");
  });

  it("falls back to the other side, then to a flag, then to nothing", () => {
    expect(interviewReason({ tier: "strong", strengths: [], concerns: ["c"], flags: [] })).toBe(
      "c",
    );
    expect(
      interviewReason({
        tier: "average",
        strengths: [],
        concerns: [],
        flags: [{ kind: "unanswered_question", n: 2, message: "Q2 was never answered" }],
      }),
    ).toBe("Q2 was never answered");
    expect(interviewReason({ tier: "average", strengths: [], concerns: [], flags: [] })).toBe("");
  });
});

describe("answerReason", () => {
  it("takes the first (strongest) reason on one line", () => {
    expect(answerReason(["names a concrete metric\n(40%)", "other"])).toBe(
      "names a concrete metric (40%)",
    );
    expect(answerReason([])).toBe("");
  });
});
