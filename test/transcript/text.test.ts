import { describe, expect, it } from "vitest";
import { joinParagraphs, stripWrappingQuotes } from "../../src/transcript/text.js";

describe("joinParagraphs", () => {
  it("keeps lines, drops trailing spaces and collapses blank runs to one blank line", () => {
    expect(
      joinParagraphs(["", "  First line  ", "  - indented item", "", "", " \t", "Second."]),
    ).toBe("First line\n  - indented item\n\nSecond.");
    expect(joinParagraphs(["", " "])).toBe("");
  });
});

describe("stripWrappingQuotes", () => {
  it.each([
    ['"Plain."', "Plain.", false],
    ["\u201cCurly.\u201d", "Curly.", false],
    ["\u201eGerman.\u201c", "German.", false],
    ["\u00abFrench.\u00bb", "French.", false],
    ['"He said "no" twice."', 'He said "no" twice.', false],
    ["\u201cNested \u201cinner\u201d text.\u201d", "Nested \u201cinner\u201d text.", false],
    [
      "\u201cYes,\u201d I said, \u201cit works.\u201d",
      "\u201cYes,\u201d I said, \u201cit works.\u201d",
      false,
    ],
    ['"Cut off here', "Cut off here", true],
    ["\u201cCut off here", "Cut off here", true],
    ['"Quoted" then more', '"Quoted" then more', false],
    ["No quotes.", "No quotes.", false],
    ['"', "", true],
    ["", "", false],
  ])("%j → %j", (input, text, unterminated) => {
    expect(stripWrappingQuotes(input)).toEqual({ text, unterminated });
  });
});
