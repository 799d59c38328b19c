import type {
  CandidateList,
  CandidateMatch,
  CandidateSummary,
  LookupResult,
} from "../candidates/types.js";
import { oneLine } from "../format.js";
import type { IngestOutcome } from "../ingest/ingest.js";
import { table } from "./text.js";

/** Plain-text renderers for the storage commands of the CLI. Pure: data in, string out. */

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "-");
const score = (n: number | null | undefined) =>
  n === null || n === undefined ? "-" : n.toFixed(0);

export function renderIngestOutcome(file: string, outcome: IngestOutcome): string {
  const n = outcome.candidates.length;
  const people = `${n} candidate${n === 1 ? "" : "s"}`;
  if (outcome.status === "rejected") {
    return `${file}: rejected: ${outcome.error?.message ?? "not a transcript"} (${outcome.error?.code ?? "INTERNAL"})`;
  }
  if (outcome.status === "already_imported") {
    return `${file}: already imported (${people}); nothing new stored`;
  }
  const ranked = [...outcome.candidates].sort((a, b) => b.score - a.score);
  const rows = ranked.map((c, i) => [
    String(i + 1),
    c.name,
    c.role ?? "-",
    c.tier,
    score(c.score),
    oneLine(c.reason, 70),
  ]);
  return [
    `${file}: added ${people} (${outcome.format ?? "unknown format"})`,
    indent(table(["#", "candidate", "role", "tier", "score", "why"], rows)),
  ].join("\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

export function renderSummary(s: CandidateSummary): string {
  const lines: string[] = [];
  lines.push(`${s.name}${s.roles.length ? ` (${s.roles.join(", ")})` : ""}`);
  const confidence = s.confidence === null ? "" : `, confidence ${s.confidence.toFixed(2)}`;
  lines.push(
    `Score ${score(s.score)}/100, computed tier ${s.computedTier ?? "-"}${confidence}` +
      (s.scorerVersion ? `, scorer ${s.scorerVersion}` : ""),
  );
  if (s.override) {
    lines.push(
      `Tier set by hand: ${s.override.tier} (by ${s.override.setBy} on ${day(s.override.setAt)}: ${oneLine(s.override.reason, 100)})`,
    );
  }
  if (s.reason) lines.push(`Why: ${s.reason}`);
  if (s.answers.length > 0) {
    lines.push("", "Questions (latest interview)");
    lines.push(
      indent(
        table(
          ["#", "score", "reason", "question"],
          s.answers.map((a) => [
            `Q${a.n}`,
            score(a.score),
            oneLine(a.reason || "-", 60),
            oneLine(a.question, 50),
          ]),
        ),
      ),
    );
  }
  const list = (title: string, items: string[]) => {
    if (items.length > 0) lines.push("", title, ...items.map((i) => `  - ${oneLine(i, 120)}`));
  };
  list("Strengths", s.strengths);
  list("Concerns", s.concerns);
  list(
    "Interview quality flags",
    s.flags.map((f) => (f.n === null ? f.message : `Q${f.n}: ${f.message}`)),
  );
  lines.push("", "Interviews");
  lines.push(
    indent(
      table(
        ["date", "role", "score", "tier", "file", "channel"],
        s.interviews.map((i) => [
          day(i.interviewedAt),
          i.role ?? "-",
          score(i.score),
          i.tier,
          i.fileName ?? "-",
          i.channelId ?? "-",
        ]),
      ),
    ),
  );
  return lines.join("\n");
}

function matchLine(m: CandidateMatch, i: number): string {
  const role = m.roles.length ? ` - ${m.roles.join(", ")}` : "";
  return `  ${i + 1}. ${m.name}${role} (${m.tier ?? "-"}, ${score(m.score)}) id ${m.candidateId}`;
}

export function renderLookup(query: string, result: LookupResult): string {
  if (result.kind === "found") return renderSummary(result.summary);
  if (result.kind === "choices") {
    return [
      `Several candidates match "${query}":`,
      ...result.matches.map(matchLine),
      "Show one with: candidate --id <id>",
    ].join("\n");
  }
  if (result.suggestions.length === 0) return `No candidate matches "${query}".`;
  return [
    `No candidate matches "${query}". Did you mean:`,
    ...result.suggestions.map(matchLine),
  ].join("\n");
}

export function renderList(list: CandidateList): string {
  if (list.total === 0) return "No candidates match.";
  const rows = list.rows.map((r, i) => [
    String(list.offset + i + 1),
    r.name,
    r.role ?? "-",
    r.overridden ? `${r.tier}*` : r.tier,
    score(r.score),
    day(r.lastInterviewedAt),
    oneLine(r.reason, 60),
  ]);
  const last = list.offset + list.rows.length;
  const footer = [
    `${list.offset + 1}-${last} of ${list.total}`,
    ...(list.rows.some((r) => r.overridden) ? ["* tier set by hand"] : []),
  ].join("; ");
  return `${table(["#", "candidate", "role", "tier", "score", "interviewed", "why"], rows)}\n${footer}`;
}
