import type { RawTextElement } from "@slack/types";
import type { CompareCell, CompareColumn, Comparison } from "../../candidates/compare.js";
import type { CandidateMatch } from "../../candidates/types.js";
import {
  type Block,
  button,
  context,
  escapeMrkdwn,
  formatScore,
  listLine,
  oneLine,
  type SlackMessage,
  section,
  tierName,
} from "../../format.js";
import { actionIds } from "../action-ids.js";
import { matchLine } from "./candidate-summary.js";

/**
 * The comparison as one ephemeral message: a line on how questions were matched, then Slack's
 * `table` block (one per message, at most 100 rows of 20 cells, every cell non-empty): a header
 * row of names, one row per question, then overall score, tier, confidence, strengths and
 * concerns, one line each.
 */

/** Slack's table block limit; six rows go to the header and the summary. */
const TABLE_ROWS = 100;
const SUMMARY_ROWS = 6;

const cell = (text: string): RawTextElement => ({
  type: "raw_text",
  // raw_text needs at least one character; a cell is one line.
  text: oneLine(text, 200) || "–",
});

function answerCell(c: CompareCell | null): string {
  return c ? `${Math.round(c.score)} · ${tierName(c.tier)}` : "not asked";
}

function tierCell(c: CompareColumn): string {
  if (!c.override || c.override.tier === c.computedTier) return tierName(c.tier);
  return `${tierName(c.tier)} (set by hand; computed ${tierName(c.computedTier)})`;
}

function listCell(items: readonly string[]): string {
  return listLine(items, 160);
}

export function renderComparison(cmp: Comparison, notFound: readonly string[] = []): SlackMessage {
  const names = cmp.columns.map((c) => c.name);
  const questionRows = cmp.rows.slice(0, TABLE_ROWS - SUMMARY_ROWS);
  const rows: RawTextElement[][] = [
    [cell("Question"), ...names.map((n) => cell(oneLine(n, 60)))],
    ...questionRows.map((r, i) => [
      cell(r.sameQuestion ? `${oneLine(r.question, 70)}` : `Q${i + 1} (different questions)`),
      ...r.cells.map((c) => cell(answerCell(c))),
    ]),
    [cell("Overall score"), ...cmp.columns.map((c) => cell(formatScore(c.score)))],
    [cell("Tier"), ...cmp.columns.map((c) => cell(tierCell(c)))],
    [
      cell("Confidence"),
      ...cmp.columns.map((c) => cell(c.confidence === null ? "–" : c.confidence.toFixed(2))),
    ],
    [cell("Strengths"), ...cmp.columns.map((c) => cell(listCell(c.strengths)))],
    [cell("Concerns"), ...cmp.columns.map((c) => cell(listCell(c.concerns)))],
  ];

  const notes: string[] = [];
  if (cmp.matchedBy === "by_text") {
    notes.push("Same role: questions matched by their wording; cells show answer score · tier.");
    if (cmp.unmatched > 0) {
      notes.push(
        `${cmp.unmatched} question${cmp.unmatched === 1 ? "" : "s"} asked of only one candidate ${cmp.unmatched === 1 ? "is" : "are"} left out.`,
      );
    }
  } else {
    notes.push(
      "Different roles (or no shared questions): rows are lined up by position and the questions differ, so compare answers with care.",
    );
  }
  if (cmp.rows.length > questionRows.length) {
    notes.push(`Only the first ${questionRows.length} questions fit in the table.`);
  }
  if (notFound.length > 0) notes.push(notFoundSentence(notFound));

  const blocks: Block[] = [
    section(`*Comparing ${names.map((n) => escapeMrkdwn(oneLine(n, 60))).join(" · ")}*`),
    context(notes.map(escapeMrkdwn).join(" ")),
    {
      type: "table",
      // Wrapped, so a strengths or concerns line is read whole rather than cut at the edge.
      column_settings: [{ is_wrapped: true }, ...cmp.columns.map(() => ({ is_wrapped: true }))],
      rows,
    },
  ];
  const text = `Comparison: ${cmp.columns
    .map((c) => `${c.name} ${tierName(c.tier)} ${formatScore(c.score)}`)
    .join("; ")}`;
  return { text, blocks };
}

export function notFoundSentence(queries: readonly string[]): string {
  const quoted = queries.map((q) => `“${oneLine(q, 60)}”`).join(", ");
  return `No candidate you can see matches ${quoted}.`;
}

/**
 * Some names match several people: a Choose button per person, each carrying the whole
 * request with that slot pinned, so the pick re-runs the comparison (with the access check).
 */
export function renderCompareChoices(
  slots: readonly { query: string; id: string | null; matches: CandidateMatch[] | null }[],
  notFound: readonly string[],
): SlackMessage {
  const blocks: Block[] = [];
  let k = 0;
  const queries = slots.map((s) => s.query);
  const ids = slots.map((s) => s.id);
  slots.forEach((slot, i) => {
    if (!slot.matches) return;
    blocks.push(
      section(`Several candidates match “${escapeMrkdwn(oneLine(slot.query, 80))}”. Which one?`),
    );
    for (const m of slot.matches.slice(0, 8)) {
      const picked = ids.map((id, j) => (j === i ? m.candidateId : id));
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text: matchLine(m) },
        accessory: button(
          "Choose",
          `${actionIds.comparePick}:${k++}`,
          JSON.stringify({ q: queries, ids: picked }),
        ),
      });
    }
  });
  if (notFound.length > 0) blocks.push(context(escapeMrkdwn(notFoundSentence(notFound))));
  return { text: "Some names match several candidates: choose one to compare.", blocks };
}
