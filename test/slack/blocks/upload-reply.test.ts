import { describe, expect, it } from "vitest";
import type { Transcript } from "../../../src/db/schema.js";
import { renderUploadReply, uploadReaction } from "../../../src/slack/blocks/upload-reply.js";
import { expectWithinSlackLimits } from "./limits.js";

const transcript = { id: "t1", fileName: "round <1>.txt" } as Transcript;
const line = (i: number) => ({
  candidateId: `6f1c1f0e-0000-4000-8000-${String(i).padStart(12, "0")}`,
  name: `Candidate ${i}`,
  role: "Backend Engineer",
  tier: "average" as const,
  score: 100 - i,
  reason: "reason ".repeat(100),
  flagCount: i % 3,
  flagKinds: i % 3 === 0 ? [] : ["off_role_question"],
});

describe("renderUploadReply", () => {
  it("lists every candidate with a Details button, in the order given", () => {
    const { blocks, text } = renderUploadReply({
      kind: "imported",
      transcript,
      duplicate: false,
      candidates: [line(1), line(2)],
    });
    expect(text.split("\n").slice(1)).toEqual([
      "1. Candidate 1 (Backend Engineer): Average, 99/100",
      "2. Candidate 2 (Backend Engineer): Average, 98/100",
    ]);
    expect(JSON.stringify(blocks)).toContain("round &lt;1&gt;.txt");
    expect(JSON.stringify(blocks).match(/candidate_details:\d/g)).toEqual([
      "candidate_details:0",
      "candidate_details:1",
    ]);
  });

  it("summarises a 300-candidate file within Slack's limits, pointing at /candidate list", () => {
    const many = Array.from({ length: 300 }, (_, i) => line(i));
    const { blocks } = renderUploadReply({
      kind: "imported",
      transcript,
      duplicate: false,
      candidates: many,
    });
    expectWithinSlackLimits(blocks);
    expect(JSON.stringify(blocks)).toContain("256 more");
  });

  it("keeps interview-quality flags off the candidates' rows, in an About the interview block", () => {
    const { blocks } = renderUploadReply({
      kind: "imported",
      transcript,
      duplicate: false,
      candidates: [line(1), line(2), line(3)],
    });
    const rows = blocks.filter((b) => b.type === "section").slice(1);
    expect(JSON.stringify(rows)).not.toContain("triangular_flag");
    const about = JSON.stringify(
      blocks.find((b) => JSON.stringify(b).includes("About the interview")),
    );
    expect(about).toContain("2 off-role questions");
    expect(about).toContain("in 2 of 3 interviews");
  });

  it("answers a rejected file in one sentence, and reacts by outcome", () => {
    const rejected = {
      kind: "rejected" as const,
      transcript,
      code: "NOT_A_TRANSCRIPT" as const,
      message: "No interview found.",
    };
    expect(renderUploadReply(rejected).text).toBe(
      "I could not use round <1>.txt: No interview found.",
    );
    expect(uploadReaction(rejected)).toBe("warning");
    expect(uploadReaction({ kind: "imported", transcript, duplicate: true, candidates: [] })).toBe(
      "recycle",
    );
    expect(uploadReaction({ kind: "imported", transcript, duplicate: false, candidates: [] })).toBe(
      "white_check_mark",
    );
  });
});
