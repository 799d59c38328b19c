import { describe, expect, it } from "vitest";
import { finalAnswerScore } from "../../src/llm/blend.js";

describe("blend rule", () => {
  it("llm: the middle of the verdict's tier, whatever the offline score", () => {
    expect(finalAnswerScore("llm", "weak", 90)).toBe(12.5);
    expect(finalAnswerScore("llm", "exceptional", 5)).toBe(87.5);
  });

  it("blend: halfway towards the offline score, never out of the verdict's tier", () => {
    expect(finalAnswerScore("blend", "strong", 70)).toBe(66.3);
    expect(finalAnswerScore("blend", "strong", 55)).toBe(58.8);
    // A confident, wrong answer the offline scorer liked stays weak.
    expect(finalAnswerScore("blend", "weak", 80)).toBe(24);
    expect(finalAnswerScore("blend", "exceptional", 0)).toBe(75);
  });
});
