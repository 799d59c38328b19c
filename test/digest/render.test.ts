import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDigest, type DigestInput, type DigestRow } from "../../src/digest/build.js";
import {
  fitLines,
  MAX_BLOCKS,
  MAX_HEADER_CHARS,
  MAX_SECTION_CHARS,
  renderDigest,
  renderDigestText,
} from "../../src/digest/render.js";
import { type Block as DigestBlock, escapeMrkdwn, oneLine } from "../../src/format.js";
import { tiers } from "../../src/transcript/model.js";

const start = new Date("2026-11-16T09:00:00Z");
const end = new Date("2026-11-23T09:00:00Z");

function rows(count: number, make: (i: number) => Partial<DigestRow> = () => ({})): DigestRow[] {
  return Array.from({ length: count }, (_, i) => ({
    interviewId: `i${i}`,
    candidateId: `c${i}`,
    displayName: `Candidate ${i}`,
    role: "Backend Engineer",
    score: (i * 37) % 100,
    tier: tiers[i % 4] ?? "average",
    confidence: 0.9,
    reason: "Gave concrete numbers for the migration and named the trade-offs.",
    strengths: [],
    concerns: [],
    flags: [],
    interviewedAt: new Date(start.getTime() + (i % 6) * 86_400_000 + i * 1000),
    override: null,
    ...make(i),
  }));
}

function input(list: DigestRow[], extra: Partial<DigestInput> = {}): DigestInput {
  return {
    scope: { kind: "channel", channelId: "C0HIRING" },
    start,
    end,
    previousStart: new Date("2026-11-09T09:00:00Z"),
    timezone: "Europe/London",
    filters: { role: null, minTier: null },
    late: false,
    dueAt: end,
    rows: list,
    ...extra,
  };
}

/** Every limit Slack enforces on what we send. */
function expectWithinSlackLimits(blocks: DigestBlock[], text: string): void {
  expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  expect(text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
  for (const block of blocks) {
    if (block.type === "header")
      expect(block.text.text.length).toBeLessThanOrEqual(MAX_HEADER_CHARS);
    if (block.type === "section") {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    if (block.type === "context") {
      expect(block.elements.length).toBeLessThanOrEqual(10);
      for (const e of block.elements) {
        expect("text" in e ? e.text.length : 0).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      }
    }
  }
}

describe("renderDigest", () => {
  it("says an empty week in one line, not an empty shell", () => {
    const r = renderDigest(buildDigest(input([])));
    expect(r.blocks).toHaveLength(1);
    expect(r.text).toBe("No interviews in <#C0HIRING> for Nov 16 – Nov 23, 2026.");
    expect(r.text.split("\n")).toHaveLength(1);
  });

  it("keeps a 300-candidate week within Slack's limits and summarises the rest", () => {
    const list = rows(300, (i) => ({
      displayName: `${"Very Long Name ".repeat(8)}${i}`,
      reason: "x ".repeat(600),
      flags:
        i % 3 === 0
          ? [{ kind: "off_role_question" as const, n: 1, message: "Asked about ".repeat(100) }]
          : [],
      confidence: i % 5 === 0 ? 0.2 : 0.9,
    }));
    const digest = buildDigest(input(list));
    const r = renderDigest(digest);
    expectWithinSlackLimits(r.blocks, r.text);
    const top = r.blocks.find(
      (b): b is Extract<DigestBlock, { type: "section" }> =>
        b.type === "section" && (b.text?.text.startsWith("*Top candidates*") ?? false),
    );
    expect(top).toBeDefined();
    const lines = top?.text?.text.split("\n") ?? [];
    const listed = lines.filter((l) => /^\d+\. /.test(l));
    // Whole lines only, numbered 1..k, then one summary line naming how many more and their tiers.
    expect(listed.map((l) => Number(l.split(".")[0]))).toEqual(listed.map((_, i) => i + 1));
    const summary = lines.at(-1) ?? "";
    expect(summary).toMatch(
      new RegExp(
        `^…and ${300 - listed.length} more \\(\\d+ exceptional, \\d+ strong, \\d+ average, \\d+ weak\\)`,
      ),
    );
    expect(r.text).toMatch(/300 interviews, 300 candidates/);
  });

  it("shows counts, tiers against the previous period, top candidates and a /candidate pointer", () => {
    const r = renderDigest(buildDigest(input(rows(4))));
    const all = JSON.stringify(r.blocks);
    expect(r.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Hiring digest: Nov 16 – Nov 23, 2026" },
    });
    expect(all).toContain("*4 interviews* with *4 candidates*");
    expect(all).toContain("*Exceptional*\\n1 (▲1)");
    expect(all).toContain(
      "1. *Candidate 3* — Backend Engineer · 11 · exceptional — Gave concrete numbers",
    );
    expect(all).toContain("`/candidate <name>`");
  });

  it("labels a late digest with its due time", () => {
    const r = renderDigest(buildDigest(input(rows(2), { late: true })));
    expect(JSON.stringify(r.blocks)).toContain(
      "Posted late: this digest was due Mon Nov 23, 09:00.",
    );
    expect(r.text).toContain("(posted late)");
    const empty = renderDigest(buildDigest(input([], { late: true })));
    expect(empty.text).toMatch(/\(posted late\)\.$/);
  });

  it("never lets a candidate's name ping the channel or break the markup", () => {
    const r = renderDigest(
      buildDigest(input(rows(1, () => ({ displayName: "<!channel> & <@U123>", role: "<b>" })))),
    );
    const all = JSON.stringify(r.blocks) + r.text;
    expect(all).not.toContain("<!channel>");
    expect(all).not.toContain("<@U123>");
    expect(all).toContain("&lt;!channel&gt; &amp; &lt;@U123&gt;");
  });

  it("renders plain text for the CLI without markup", () => {
    const text = renderDigestText(buildDigest(input(rows(3, () => ({ displayName: "Ana & Bo" })))));
    expect(text).toContain("Hiring digest: Nov 16 – Nov 23, 2026");
    expect(text).toContain("#C0HIRING");
    expect(text).toContain("Ana & Bo");
    expect(text).not.toMatch(/&amp;|\*Top/);
  });
});

describe("fitLines", () => {
  it("never exceeds the budget, never cuts a line, and accounts for every item (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 0, maxLength: 400 }), { maxLength: 200 }),
        fc.integer({ min: 200, max: 3000 }),
        fc.integer({ min: 1, max: 50 }),
        (items, maxChars, maxLines) => {
          const summarise = (rest: string[]) => `…and ${rest.length} more.`;
          const { text, shown } = fitLines(
            "*Heading*",
            items,
            (s) => oneLine(s, 300) || "-",
            summarise,
            {
              maxChars,
              maxLines,
            },
          );
          expect(text.length).toBeLessThanOrEqual(maxChars);
          const lines = text.split("\n");
          expect(lines.slice(1, 1 + shown)).toEqual(
            items.slice(0, shown).map((s) => oneLine(s, 300) || "-"),
          );
          if (shown < items.length) expect(lines.at(-1)).toBe(`…and ${items.length - shown} more.`);
          else expect(lines).toHaveLength(1 + shown);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("escapeMrkdwn and oneLine", () => {
  it("escapes only Slack's control characters", () => {
    expect(escapeMrkdwn("a<b>&c_*")).toBe("a&lt;b&gt;&amp;c_*");
  });
  it("cuts at a word boundary with an ellipsis", () => {
    expect(oneLine("one two three four", 12)).toBe("one two…");
    expect(oneLine("  spaced\n\nout  ", 50)).toBe("spaced out");
  });
});
