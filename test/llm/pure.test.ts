import { describe, expect, it } from "vitest";
import { llmSettings, loadConfig } from "../../src/config.js";
import { AppError } from "../../src/errors.js";
import { retryAfterMs } from "../../src/llm/client.js";
import { finalAnswerScore } from "../../src/llm/index.js";
import { quoteOccurs, verifyQuotes } from "../../src/llm/quotes.js";
import { createRedactor, speakerNames } from "../../src/llm/redact.js";

describe("quotes", () => {
  const answer =
    "We keep  Terraform state in an S3 bucket with a DynamoDB lock table —\nnot in Git.";

  it("finds a quote despite curly quotes, dashes, case and wrapped whitespace", () => {
    expect(quoteOccurs("terraform state in an S3 bucket", answer)).toBe(true);
    expect(quoteOccurs("“DynamoDB lock table - not in Git.”", answer)).toBe(true);
    expect(quoteOccurs("...with a DynamoDB lock table...", answer)).toBe(true);
  });

  it("drops what is not there, or too short to mean anything, and counts it", () => {
    expect(verifyQuotes(["state kept in Git", "S3 bucket", "in"], answer)).toEqual({
      kept: ["S3 bucket"],
      dropped: 2,
    });
  });
});

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

describe("LLM configuration", () => {
  it("is off by default and redacts names by default", () => {
    const config = loadConfig({});
    expect(config.SCORER).toBe("offline");
    expect(config.LLM_REDACT_NAMES).toBe(true);
    expect(llmSettings(config, "offline")).toBeUndefined();
  });

  it("stops with one sentence naming the missing variable", () => {
    const missingUrl = () => loadConfig({ SCORER: "llm", LLM_MODEL: "m" });
    expect(missingUrl).toThrow(AppError);
    expect(missingUrl).toThrow(/^LLM_BASE_URL must be set when the scorer is llm/);
    expect(() =>
      loadConfig({ SCORER: "blend", LLM_BASE_URL: "http://localhost:11434/v1" }),
    ).toThrow(/^LLM_MODEL must be set when the scorer is blend/);
    expect(() => loadConfig({ SCORER: "gpt" })).toThrow(/SCORER must be offline, llm or blend/);
    expect(() => loadConfig({ LLM_REDACT_NAMES: "maybe" })).toThrow(
      /LLM_REDACT_NAMES must be true or false/,
    );
  });

  it("reads Retry-After as seconds or a date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "150" }))).toBe(150);
    const now = Date.parse("2026-12-02T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 02 Dec 2026 00:00:03 GMT" }), now)).toBe(
      3000,
    );
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});
