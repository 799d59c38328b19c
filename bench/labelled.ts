/**
 * The labelled sets, read the same way by `npm run train` and `npm run eval`: the hard-case
 * benchmark (a tier per candidate and per answer), the seed file (a tier per candidate) and
 * the MIT interviews (human ratings). Everything here reads ../shared/benchmarks when present.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import {
  type AnswerDetail,
  type ConfidenceInputs,
  scoreCandidateDetailed,
} from "../src/scoring/index.js";
import type { ScoredCandidate } from "../src/scoring/model.js";
import { type Candidate, parseTranscript, type Tier, tiers } from "../src/transcript/index.js";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const hardDir = path.resolve(root, "..", "shared", "benchmarks", "hard-cases");
export const mitDir = path.resolve(root, "..", "shared", "benchmarks", "mit-interviews");
export const seedFile = path.join(root, "seeds", "interview-examples.txt");

export const tierIndex = (t: Tier) => tiers.indexOf(t);

/** A label file as rows keyed by its header (quoted fields, a leading BOM, blank lines). */
export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), {
    bom: true,
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
}

export interface LabelledAnswer {
  q: number;
  tier: Tier;
  why: string;
  detail: AnswerDetail;
}

export interface HardCandidate {
  file: string;
  name: string;
  role: string;
  tier: Tier;
  hardCase: string;
  format: string;
  scored: ScoredCandidate;
  details: AnswerDetail[];
  confidenceInputs: ConfidenceInputs;
  /** Labelled answers matched to our counted answers in order; empty when the counts differ. */
  answers: LabelledAnswer[];
  /** How many real questions the labels count, and how many we counted. */
  labelledCount: number;
  countedCount: number;
}

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/^(?:dr|mr|mrs|ms|prof)\.?\s+/i, "")
    .toLowerCase()
    .trim();

export function hardCasesPresent(): boolean {
  return existsSync(path.join(hardDir, "labels.csv"));
}

/** Parses and scores every hard-case transcript with the scorer as it is now. */
export function loadHardCases(): HardCandidate[] {
  const labels = readCsv(path.join(hardDir, "labels.csv"));
  const answerRows = readCsv(path.join(hardDir, "answers.csv"));
  const out: HardCandidate[] = [];
  const parsedFiles = new Map<string, { format: string; candidates: Candidate[] }>();
  for (const label of labels) {
    const file = label.file ?? "";
    let parsed = parsedFiles.get(file);
    if (!parsed) {
      const bytes = readFileSync(path.join(hardDir, file));
      parsed = parseTranscript(bytes, { fileName: path.basename(file) });
      parsedFiles.set(file, parsed);
    }
    const candidate = parsed.candidates.find((c) => fold(c.name) === fold(label.name ?? ""));
    if (!candidate) throw new Error(`${file}: no candidate named ${label.name}`);
    const { scored, details, confidenceInputs } = scoreCandidateDetailed(candidate);
    const counted = details.filter((d) => d.counted);
    const rows = answerRows
      .filter((r) => r.file === file && fold(r.name ?? "") === fold(label.name ?? ""))
      .sort((a, b) => Number(a.q) - Number(b.q));
    const answers =
      rows.length === counted.length
        ? rows.map((r, i) => ({
            q: Number(r.q),
            tier: r.answer_tier as Tier,
            why: r.why ?? "",
            detail: counted[i] as AnswerDetail,
          }))
        : [];
    out.push({
      file,
      name: label.name ?? "",
      role: label.role ?? "",
      tier: label.tier as Tier,
      hardCase: label.hard_case ?? "",
      format: parsed.format,
      scored,
      details,
      confidenceInputs,
      answers,
      labelledCount: rows.length,
      countedCount: counted.length,
    });
  }
  return out;
}

export interface MitRow {
  code: string;
  person: number;
  overall: number;
  recommend: number;
  scored: ScoredCandidate;
  details: AnswerDetail[];
}

export function mitPresent(): boolean {
  return existsSync(path.join(mitDir, "labels.csv"));
}

export function loadMit(): MitRow[] {
  const labels = readCsv(path.join(mitDir, "labels.csv"));
  const files = new Set(readdirSync(path.join(mitDir, "transcripts")));
  const rows: MitRow[] = [];
  for (const label of labels) {
    const code = label.participant ?? label.Participant ?? Object.values(label)[0] ?? "";
    if (!files.has(`${code}.txt`)) continue;
    const parsed = parseTranscript(readFileSync(path.join(mitDir, "transcripts", `${code}.txt`)), {
      fileName: `${code}.txt`,
    });
    const candidate = parsed.candidates[0];
    if (!candidate) continue;
    const { scored, details } = scoreCandidateDetailed(candidate);
    rows.push({
      code,
      person: Number(code.replace(/\D/g, "")),
      overall: Number(label.overall),
      recommend: Number(label.recommend_hiring),
      scored,
      details,
    });
  }
  return rows;
}

export interface SeedRow {
  scored: ScoredCandidate;
  details: AnswerDetail[];
  tier: Tier;
}

export function loadSeed(): SeedRow[] {
  const parsed = parseTranscript(readFileSync(seedFile), { fileName: path.basename(seedFile) });
  return parsed.candidates.map((c) => {
    const { scored, details } = scoreCandidateDetailed(c);
    return { scored, details, tier: c.sourceTier ?? "average" };
  });
}
