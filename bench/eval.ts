/**
 * `npm run eval`: how well the scorer tracks human judgement, next to two baselines, in one
 * run. Writes bench/EVAL.md. The MIT part runs only when ../shared/benchmarks is present.
 *
 * The scorer's weights are set by hand (no fitting), so every figure below is the scorer as
 * shipped. The MIT set was looked at while choosing signals, so its figures are also shown
 * split by student (odd and even student numbers, a student's two interviews on the same
 * side) to show they do not hinge on a few people.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SCORER_VERSION, type ScoredCandidate, scoreTranscript } from "../src/scoring/index.js";
import { type Candidate, parseTranscript, type Tier, tiers } from "../src/transcript/index.js";
import { mdTable } from "./harness.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const seedFile = path.join(root, "seeds", "interview-examples.txt");
const mitDir = path.resolve(root, "..", "shared", "benchmarks", "mit-interviews");

export function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length).fill(0);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    for (let k = i; k <= j; k++) out[order[k]?.[1] as number] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  if (a.some(Number.isNaN) || b.some(Number.isNaN)) return Number.NaN;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}

export function spearman(a: number[], b: number[]): number {
  if (a.some(Number.isNaN) || b.some(Number.isNaN)) return Number.NaN;
  return pearson(ranks(a), ranks(b));
}

/** Kendall's tau-b, which handles the many ties of a four-level tier scale. */
export function kendall(a: number[], b: number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign((a[i] as number) - (a[j] as number));
      const db = Math.sign((b[i] as number) - (b[j] as number));
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA++;
      else if (db === 0) tiesB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  const denom = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
  return denom === 0 ? Number.NaN : (concordant - discordant) / denom;
}

const fmt = (x: number) => (Number.isNaN(x) ? "n/a" : x.toFixed(2));

/** Baseline 1: the interviewer tool's own mean "Relevance Score" (null when the format has none). */
function meanSourceRelevance(c: Candidate): number {
  const values = c.answers.map((a) => a.sourceRelevance).filter((v): v is number => v !== null);
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Baseline 2: words per answer. */
function wordsPerAnswer(c: Candidate): number {
  const words = c.answers.reduce((s, a) => s + a.answer.split(/\s+/).filter(Boolean).length, 0);
  return c.answers.length === 0 ? 0 : words / c.answers.length;
}

const tierIndex = (t: Tier) => tiers.indexOf(t);

function seedSection(lines: string[]): void {
  const parsed = parseTranscript(readFileSync(seedFile), { fileName: path.basename(seedFile) });
  const scored = scoreTranscript(parsed).candidates;
  const truth = scored.map((c) => tierIndex(c.sourceTier ?? "average"));
  const rows: [string, number[], string][] = [
    ["our scorer", scored.map((c) => c.score), ""],
    ["source mean relevance", scored.map(meanSourceRelevance), "—"],
    ["words per answer", scored.map(wordsPerAnswer), "—"],
  ];
  const exact = scored.filter((c) => c.tier === c.sourceTier).length;
  (rows[0] as [string, number[], string])[2] = `${exact}/${scored.length}`;
  lines.push(
    "## seeds/interview-examples.txt (8 candidates, tiers given by the file)",
    "",
    ...mdTable(
      ["method", "Spearman vs tier", "Kendall τ-b vs tier", "exact tier"],
      rows.map(([name, values, tierCell]) => [
        name,
        fmt(spearman(values, truth)),
        fmt(kendall(values, truth)),
        tierCell,
      ]),
    ),
    "",
    ...mdTable(
      ["candidate", "file tier", "our tier", "score", "confidence", "flags"],
      scored.map((c: ScoredCandidate) => [
        c.name,
        c.sourceTier ?? "-",
        c.tier,
        c.score,
        c.confidence.toFixed(2),
        c.flags.map((f) => f.kind).join(", ") || "-",
      ]),
    ),
    "",
  );
}

interface MitRow {
  code: string;
  person: number;
  overall: number;
  recommend: number;
  candidate: ScoredCandidate;
}

function loadMit(): MitRow[] {
  const labelLines = readFileSync(path.join(mitDir, "labels.csv"), "utf8").trim().split(/\r?\n/);
  const header = (labelLines[0] ?? "").split(",");
  const iOverall = header.indexOf("overall");
  const iRecommend = header.indexOf("recommend_hiring");
  const files = new Set(readdirSync(path.join(mitDir, "transcripts")));
  const rows: MitRow[] = [];
  for (const line of labelLines.slice(1)) {
    const cells = line.split(",");
    const code = cells[0] ?? "";
    if (!files.has(`${code}.txt`)) continue;
    const parsed = parseTranscript(readFileSync(path.join(mitDir, "transcripts", `${code}.txt`)), {
      fileName: `${code}.txt`,
    });
    const candidate = scoreTranscript(parsed).candidates[0];
    if (!candidate) continue;
    rows.push({
      code,
      person: Number(code.replace(/\D/g, "")),
      overall: Number(cells[iOverall]),
      recommend: Number(cells[iRecommend]),
      candidate,
    });
  }
  return rows;
}

function mitSection(lines: string[]): void {
  if (!existsSync(mitDir)) {
    const message = `MIT interviews skipped: ${mitDir} is not present.`;
    console.warn(message);
    lines.push("## MIT interviews", "", message, "");
    return;
  }
  const rows = loadMit();
  const methods: [string, (r: MitRow) => number][] = [
    ["our scorer", (r) => r.candidate.score],
    ["source mean relevance", (r) => meanSourceRelevance(r.candidate)],
    ["words per answer", (r) => wordsPerAnswer(r.candidate)],
  ];
  const overall = rows.map((r) => r.overall);
  const recommend = rows.map((r) => r.recommend);
  const odd = rows.filter((r) => r.person % 2 === 1);
  const even = rows.filter((r) => r.person % 2 === 0);
  lines.push(
    `## MIT interviews (${rows.length} interviews, ${new Set(rows.map((r) => r.person)).size} students; human ratings)`,
    "",
    ...mdTable(
      [
        "method",
        "Pearson overall",
        "Spearman overall",
        "Pearson recommend_hiring",
        "Spearman recommend_hiring",
        "Pearson overall, odd students",
        "Pearson overall, even students",
      ],
      methods.map(([name, f]) => {
        const values = rows.map(f);
        return [
          name,
          fmt(pearson(values, overall)),
          fmt(spearman(values, overall)),
          fmt(pearson(values, recommend)),
          fmt(spearman(values, recommend)),
          fmt(
            pearson(
              odd.map(f),
              odd.map((r) => r.overall),
            ),
          ),
          fmt(
            pearson(
              even.map(f),
              even.map((r) => r.overall),
            ),
          ),
        ];
      }),
    ),
    "",
    "The source format has no Relevance Score, so that baseline is n/a here. Nothing is fitted to this set, but it was looked at while the signals and hand-set weights were chosen, so the figures are not fully held out; the last two columns split students by odd and even number (a student's two interviews, pN and ppN, always on the same side) to show how much the figure moves between halves. The raters watched video, so part of what they rated (voice, face) is invisible to a text scorer.",
    "",
  );
  const tierCounts = new Map<string, number>();
  for (const r of rows)
    tierCounts.set(r.candidate.tier, (tierCounts.get(r.candidate.tier) ?? 0) + 1);
  const meanConfidence = rows.reduce((s, r) => s + r.candidate.confidence, 0) / rows.length;
  lines.push(
    `Tiers given: ${tiers.map((t) => `${t} ${tierCounts.get(t) ?? 0}`).join(", ")}; mean confidence ${meanConfidence.toFixed(2)}.`,
    "",
  );
}

function main(): void {
  const lines = [
    "# Scorer evaluation",
    "",
    `Scorer ${SCORER_VERSION}. Written by \`npm run eval\` (bench/eval.ts). Weights are set by hand; nothing is fitted to these sets.`,
    "",
  ];
  seedSection(lines);
  mitSection(lines);
  const out = `${lines.join("\n")}\n`;
  writeFileSync(path.join(root, "bench", "EVAL.md"), out);
  console.log(out);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
