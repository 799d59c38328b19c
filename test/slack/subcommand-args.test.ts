import { describe, expect, it } from "vitest";
import { parseCandidateCommand } from "../../src/slack/command-text.js";

describe("/candidate compare and export grammar", () => {
  it("splits compare names on commas, semicolons and vs", () => {
    expect(parseCandidateCommand("compare Amanda Foster, Alex Thompson")).toEqual({
      kind: "compare",
      names: ["Amanda Foster", "Alex Thompson"],
    });
    expect(parseCandidateCommand('compare "Ann"; Bo vs. Cy').kind).toBe("compare");
    expect(parseCandidateCommand("compare Ann").kind).toBe("invalid");
    expect(parseCandidateCommand("compare a, b, c, d, e").kind).toBe("invalid");
  });

  it("reads export options, a role with spaces included", () => {
    expect(parseCandidateCommand("export role=Backend Engineer tier=Strong since=8w")).toEqual({
      kind: "export",
      role: "Backend Engineer",
      tier: "strong",
      sinceDays: 56,
    });
    expect(parseCandidateCommand("export")).toEqual({ kind: "export" });
    expect(parseCandidateCommand("export since=0d").kind).toBe("invalid");
    expect(parseCandidateCommand("export colour=blue").kind).toBe("invalid");
    expect(parseCandidateCommand("export backend").kind).toBe("invalid");
  });
});
