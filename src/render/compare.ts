import type { CompareCell, Comparison } from "../candidates/compare.js";
import { listLine, oneLine, tierName } from "../format.js";
import { table } from "./text.js";

/** The comparison as a plain-text table for the CLI. Pure: data in, string out. */
export function renderComparisonText(cmp: Comparison, notFound: readonly string[] = []): string {
  const cellText = (c: CompareCell | null) =>
    c ? `${Math.round(c.score)} ${tierName(c.tier)}` : "not asked";
  const rows: string[][] = cmp.rows.map((r, i) => [
    r.sameQuestion ? oneLine(r.question, 60) : `Q${i + 1} (different questions)`,
    ...r.cells.map(cellText),
  ]);
  const summary: string[][] = [
    ["Overall score", ...cmp.columns.map((c) => (c.score === null ? "-" : c.score.toFixed(0)))],
    [
      "Tier",
      ...cmp.columns.map((c) =>
        c.override && c.override.tier !== c.computedTier
          ? `${tierName(c.tier)} (by hand; computed ${tierName(c.computedTier)})`
          : tierName(c.tier),
      ),
    ],
    [
      "Confidence",
      ...cmp.columns.map((c) => (c.confidence === null ? "-" : c.confidence.toFixed(2))),
    ],
    ["Strengths", ...cmp.columns.map((c) => listLine(c.strengths, 40))],
    ["Concerns", ...cmp.columns.map((c) => listLine(c.concerns, 40))],
  ];
  const note =
    cmp.matchedBy === "by_text"
      ? `Same role: questions matched by wording${cmp.unmatched > 0 ? `; ${cmp.unmatched} asked of only one candidate left out` : ""}.`
      : "Different roles: rows lined up by position; the questions differ.";
  return [
    table(
      ["", ...cmp.columns.map((c) => oneLine(c.name, 30))],
      [...rows, ...summary.map((r) => r)],
    ),
    "",
    note,
    ...(notFound.length > 0 ? [`Not found: ${notFound.map((q) => `"${q}"`).join(", ")}.`] : []),
  ].join("\n");
}
