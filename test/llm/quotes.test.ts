import { describe, expect, it } from "vitest";
import { quoteOccurs, verifyQuotes } from "../../src/llm/quotes.js";

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
