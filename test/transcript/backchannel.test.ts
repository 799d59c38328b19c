import { describe, expect, it } from "vitest";
import { isBackchannel } from "../../src/transcript/backchannel.js";

describe("backchannel turns", () => {
  it.each([
    "Mm-hmm.",
    "Mhmm",
    "mhhmm",
    "Mmm hmm",
    "Uh huh",
    "umm’hua",
    "Right. Right. Right.",
    "Oh  wow.",
    "Well thank you.",
    "That's great.",
    "[laughs]",
    "Okay.",
    "...",
  ])("%s is a backchannel", (text) => {
    expect(isBackchannel(text)).toBe(true);
  });

  it.each([
    "Im pretty good.",
    "Tell me more.",
    "Why?",
    "Yes, twice a week.",
    "Home.",
    "Me neither, honestly.",
  ])("%s is not", (text) => {
    expect(isBackchannel(text)).toBe(false);
  });
});
