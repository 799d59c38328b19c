import { describe, expect, it } from "vitest";
import { parseCandidateCommand } from "../../src/slack/command-text.js";

describe("parseCandidateCommand", () => {
  it("treats empty text and help as a request for usage", () => {
    for (const text of ["", "   ", "help", "HELP", "--help", "?"]) {
      expect(parseCandidateCommand(text)).toEqual({ kind: "help" });
    }
  });

  it("looks up anything that is not a subcommand, whitespace folded", () => {
    expect(parseCandidateCommand("  Jane   Smith ")).toEqual({
      kind: "lookup",
      name: "Jane Smith",
    });
    expect(parseCandidateCommand("Dr. Amanda Foster")).toEqual({
      kind: "lookup",
      name: "Dr. Amanda Foster",
    });
  });

  it("undoes Slack's escaping of &, < and >", () => {
    expect(parseCandidateCommand("O&#39;Brien &amp; Co")).toEqual({
      kind: "lookup",
      name: "O&#39;Brien & Co",
    });
    expect(parseCandidateCommand("a &lt;b&gt;")).toEqual({ kind: "lookup", name: "a <b>" });
  });

  it("looks up a quoted name even when it starts with a subcommand word", () => {
    expect(parseCandidateCommand('"List Jones"')).toEqual({ kind: "lookup", name: "List Jones" });
    expect(parseCandidateCommand("“Forget Me”")).toEqual({ kind: "lookup", name: "Forget Me" });
  });

  it("parses list with an optional role and a trailing tier", () => {
    expect(parseCandidateCommand("list")).toEqual({ kind: "list" });
    expect(parseCandidateCommand("list strong")).toEqual({ kind: "list", tier: "strong" });
    expect(parseCandidateCommand("LIST Senior Python Developer Exceptional")).toEqual({
      kind: "list",
      role: "Senior Python Developer",
      tier: "exceptional",
    });
    expect(parseCandidateCommand("list data scientist")).toEqual({
      kind: "list",
      role: "data scientist",
    });
  });

  it("parses channel settings as their own subcommand", () => {
    expect(parseCandidateCommand("channel public-replies on")).toEqual({
      kind: "channel",
      args: "public-replies on",
    });
  });

  it("parses override as name, tier, reason, and explains what is missing", () => {
    expect(parseCandidateCommand("override Jane Smith strong great pairing session")).toEqual({
      kind: "override",
      name: "Jane Smith",
      tier: "strong",
      reason: "great pairing session",
    });
    // A name alone opens the override form.
    expect(parseCandidateCommand("override Jane Smith")).toEqual({
      kind: "override-form",
      name: "Jane Smith",
    });
    expect(parseCandidateCommand("override")).toMatchObject({ kind: "invalid" });
    expect(parseCandidateCommand(`override Jane Smith strong ${"x".repeat(501)}`)).toEqual({
      kind: "invalid",
      message: "Please keep the reason to 500 characters (this one has 501).",
    });
    expect(parseCandidateCommand(`override Jane Smith strong ${"x".repeat(500)}`)).toMatchObject({
      kind: "override",
    });
    expect(parseCandidateCommand("override strong because")).toMatchObject({ kind: "invalid" });
    expect(parseCandidateCommand("override Jane Smith weak")).toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/reason/),
    });
  });

  it("parses forget (and delete) with a name", () => {
    expect(parseCandidateCommand("forget Tomás Ortega")).toEqual({
      kind: "forget",
      name: "Tomás Ortega",
    });
    expect(parseCandidateCommand("delete Tomás Ortega")).toEqual({
      kind: "forget",
      name: "Tomás Ortega",
    });
    expect(parseCandidateCommand("forget")).toMatchObject({ kind: "invalid" });
  });

  it("hands digest arguments over untouched", () => {
    expect(parseCandidateCommand("digest subscribe friday 16:30 Europe/Berlin")).toEqual({
      kind: "digest",
      args: "subscribe friday 16:30 Europe/Berlin",
    });
  });
});
