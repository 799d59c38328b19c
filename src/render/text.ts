import { oneLine } from "../format.js";
import type { ScoreResult } from "../scoring/model.js";
import type { Candidate, ParseResult } from "../transcript/model.js";

/** Plain-text tables for the CLI. Pure: results in, string out. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const nameSourceLabels: Record<NonNullable<Candidate["nameSource"]>, string> = {
  header: "header line",
  label: "speaker label",
  addressed: "interviewer",
  introduced: "self-introduction",
  "file-name": "file name",
};

/** One row per candidate; the source's own scores are summarised so a glance shows what was read. */
export function renderParseTable(result: ParseResult): string {
  const rows = result.candidates.map((c) => {
    const scored = c.answers.filter((a) => a.sourceRelevance !== null);
    const struggled = c.answers.filter((a) => a.struggled).length;
    return [
      c.name,
      c.role ?? "-",
      c.sourceTier ?? "-",
      String(c.answers.length),
      scored.length > 0
        ? (scored.reduce((sum, a) => sum + (a.sourceRelevance ?? 0), 0) / scored.length).toFixed(2)
        : "-",
      struggled > 0 ? String(struggled) : "-",
      c.nameSource ? nameSourceLabels[c.nameSource] : "-",
    ];
  });
  const answers = result.candidates.reduce((n, c) => n + c.answers.length, 0);
  const head = `format: ${result.format}, ${result.candidates.length} candidate(s), ${answers} answer(s)`;
  return `${head}\n\n${table(
    ["candidate", "role", "source tier", "answers", "source relevance", "struggled", "name from"],
    rows,
  )}`;
}

export function renderScoreTable(result: ScoreResult): string {
  const ranked = [...result.candidates].sort((a, b) => b.score - a.score);
  const rows = ranked.map((c, i) => [
    String(i + 1),
    c.name,
    c.role ?? "-",
    c.tier,
    c.score.toFixed(0),
    c.confidence.toFixed(2),
    c.flags.length === 0
      ? "-"
      : [...new Set(c.flags.map((f) => f.kind.replace(/_/g, " ")))].join(", "),
    oneLine((c.tier === "weak" ? c.concerns[0] : c.strengths[0]) ?? c.concerns[0] ?? "", 60),
  ]);
  const head = `format: ${result.format}, scorer ${result.scorerVersion}, ${ranked.length} candidate(s)`;
  return `${head}\n\n${table(["#", "candidate", "role", "tier", "score", "conf", "interview flags", "note"], rows)}`;
}
