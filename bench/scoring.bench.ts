import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import model from "wink-eng-lite-web-model";
import winkNLP from "wink-nlp";
import { scoreTranscript } from "../src/scoring/index.js";
import { parseTranscript } from "../src/transcript/index.js";
import { type BenchContext, type BenchSection, mdTable, nowMs } from "./harness.js";

/**
 * Scoring throughput in MB/s of transcript text, next to wink-nlp's bare tokenisation of the
 * same text (the floor any NLP-based scorer sits on). Parsing happens once, outside the clock.
 */
export default async function scoringBench(ctx: BenchContext): Promise<BenchSection> {
  const seed = readFileSync(new URL("../seeds/interview-examples.txt", import.meta.url));
  const parsed = parseTranscript(seed, { fileName: "interview-examples.txt" });
  const text = parsed.candidates
    .flatMap((c) => c.answers.flatMap((a) => [a.question, a.answer]))
    .join("\n");
  const bytes = Buffer.byteLength(text);
  const rounds = ctx.quick ? 9 : 41;

  scoreTranscript(parsed); // warm-up: builds the NLP pipeline once
  const bare = winkNLP(model, []);
  bare.readDoc(text);

  // Interleaved rounds, so both sides see the same machine load; medians, not means.
  // CPU time is recorded too: on a shared machine wall time also counts the time this process
  // waits for a core, and swings run to run; CPU time does not.
  const scoring: number[] = [];
  const tokenising: number[] = [];
  const scoringCpu: number[] = [];
  const tokenisingCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  for (let i = 0; i < rounds; i++) {
    let cpu = process.cpuUsage();
    let start = nowMs();
    bare.readDoc(text).tokens().length();
    tokenising.push(nowMs() - start);
    tokenisingCpu.push(cpuMs(cpu));
    cpu = process.cpuUsage();
    start = nowMs();
    scoreTranscript(parsed);
    scoring.push(nowMs() - start);
    scoringCpu.push(cpuMs(cpu));
  }
  const median = (s: number[]) => [...s].sort((a, b) => a - b)[Math.floor(s.length / 2)] as number;
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  const scoreMs = median(scoring);
  const tokenMs = median(tokenising);
  const scoreCpuMs = median(scoringCpu);
  const tokenCpuMs = median(tokenisingCpu);
  ctx.log(
    `scoring: ${mbps(scoreMs).toFixed(2)} MB/s, bare tokenisation ${mbps(tokenMs).toFixed(2)} MB/s`,
  );
  const per40k = (scoreMs * 40_000) / bytes;
  const distinct = distinctCorpus(ctx);
  return {
    title: "Scoring",
    lines: [
      `Seed example file (${parsed.candidates.length} candidates, ${(bytes / 1024).toFixed(1)} KB of question and answer text), median of ${rounds} rounds.`,
      "",
      ...mdTable(
        ["step", "median ms", "MB/s", "vs bare tokenisation", "median CPU ms", "MB/s of CPU"],
        [
          [
            "wink-nlp bare tokenisation",
            tokenMs.toFixed(2),
            mbps(tokenMs).toFixed(2),
            "1.00×",
            tokenCpuMs.toFixed(2),
            mbps(tokenCpuMs).toFixed(2),
          ],
          [
            "scoreTranscript (all signals)",
            scoreMs.toFixed(2),
            mbps(scoreMs).toFixed(2),
            `${(scoreMs / tokenMs).toFixed(2)}× the time`,
            scoreCpuMs.toFixed(2),
            mbps(scoreCpuMs).toFixed(2),
          ],
        ],
      ),
      "",
      `Target ≥ 1 MB/s: ${mbps(scoreMs) >= 1 ? "met" : "NOT met"}; a 40 KB transcript scores in about ${per40k.toFixed(0)} ms.`,
      "",
      ...distinct,
    ],
  };
}

/**
 * Distinct texts, each scored once: the hard-case and MIT transcripts (when ../shared is
 * present). Every answer is new to the caches, unlike the seed's repeated rounds above.
 */
function distinctCorpus(ctx: BenchContext): string[] {
  const shared = new URL("../../shared/benchmarks/", import.meta.url).pathname;
  const dirs = ["hard-cases/transcripts", "mit-interviews/transcripts"].map((d) =>
    path.join(shared, d),
  );
  if (!dirs.every((d) => existsSync(d)))
    return [`Distinct-text corpus skipped: ${shared} is not present.`];
  const files = dirs.flatMap((d) => readdirSync(d).map((f) => path.join(d, f)));
  const parsed = files.map((f) => parseTranscript(readFileSync(f), { fileName: path.basename(f) }));
  const bytes = parsed.reduce(
    (n, p) =>
      n +
      Buffer.byteLength(
        p.candidates.flatMap((c) => c.answers.flatMap((a) => [a.question, a.answer])).join("\n"),
      ),
    0,
  );
  const cpu = process.cpuUsage();
  const start = nowMs();
  for (const p of parsed) scoreTranscript(p);
  const ms = nowMs() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  ctx.log(`scoring distinct corpus: ${(bytes / 1e6 / (ms / 1000)).toFixed(2)} MB/s`);
  return [
    `Distinct texts: ${files.length} transcripts (hard cases and MIT), ${(bytes / 1024).toFixed(0)} KB, each scored once after the seed rounds above: ${ms.toFixed(0)} ms wall (${(bytes / 1e6 / (ms / 1000)).toFixed(2)} MB/s), ${cpuMs.toFixed(0)} ms CPU (${(bytes / 1e6 / (cpuMs / 1000)).toFixed(2)} MB/s of CPU).`,
  ];
}
