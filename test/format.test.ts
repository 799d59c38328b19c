import { describe, expect, it } from "vitest";
import { cutReason, sentenceKey, shortQuestion } from "../src/format.js";

describe("cutReason", () => {
  const reason =
    'Buzzwords with no mechanism behind them: "and cost optimization is something I\'m very passionate about", "I leverage cloud-native tools to keep the bill down"';

  it("leaves the quote out whole rather than cutting inside it", () => {
    const cut = cutReason(reason, 140);
    expect(cut).toBe(
      'Buzzwords with no mechanism behind them: "and cost optimization is something I\'m very passionate about"…',
    );
    expect(cut.length).toBeLessThanOrEqual(140);
  });

  it("repairs a reason stored cut inside a quote", () => {
    expect(cutReason('Gives numbers: "40% fewer pages", "saved hundreds of thousa…')).toBe(
      'Gives numbers: "40% fewer pages"…',
    );
  });

  it("cuts inside a quote only when it is most of the line, at a word, and closes it", () => {
    const cut = cutReason(`Buzzwords: "${"robust scalable ".repeat(20)}"`, 80);
    expect(cut.length).toBeLessThanOrEqual(80);
    expect(cut).toMatch(/ (robust|scalable)…"$/u);
    expect(cut.match(/"/gu)).toHaveLength(2);
  });

  it("drops the fragment of a word an excerpt starts with", () => {
    expect(cutReason('Gives numbers: "…trategy resulted in a 40% cut"')).toBe(
      'Gives numbers: "…resulted in a 40% cut"',
    );
    expect(cutReason('Gives numbers: "…Software Corp saved 40%"')).toContain("…Software Corp");
  });

  it("keeps short reasons as they are", () => {
    expect(cutReason('Names the trade-off: "latency"')).toBe('Names the trade-off: "latency"');
  });
});

describe("sentenceKey", () => {
  it("sees the same sentence with or without its question prefix, case or final stop", () => {
    expect(sentenceKey('Q3: Addresses what was asked: "policy".')).toBe(
      sentenceKey('addresses what was asked: "policy"'),
    );
    expect(sentenceKey("Names the trade-off")).not.toBe(sentenceKey("Names the risk"));
  });
});

describe("shortQuestion", () => {
  it("keeps the question and drops the pleasantries before it", () => {
    expect(
      shortQuestion(
        "That's a very impressive background, thank you for sharing! Now, how would you shard a 2 TB table?",
      ),
    ).toBe("Now, how would you shard a 2 TB table?");
  });

  it("falls back to the last sentence, without markdown, cut at a word", () => {
    const q = shortQuestion(
      "**Michael**, thank you. Tell me about a *specific* feature you implemented under a tight deadline last year at work.",
      40,
    );
    expect(q.length).toBeLessThanOrEqual(40);
    expect(q).not.toContain("*");
    expect(q.startsWith("Tell me about a specific")).toBe(true);
  });
});
