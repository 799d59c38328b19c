import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SCORER_VERSION } from "../src/scoring/index.js";
import {
  type BenchContext,
  type BenchSection,
  mdTable,
  measuredOn,
  median,
  spread,
  writeSamples,
} from "./harness.js";

/**
 * Scoring, cold and warm, each run in a fresh child process (bench/scoring-child.ts): cold is
 * the first transcript a new process scores (the seed file, caches empty, the NLP model not yet
 * built); warm is a corpus of distinct transcripts, each scored once, beside wink-nlp's bare
 * tokenisation of the same text (the floor any wink-based scorer sits on), alternating file by
 * file; "repeat" scores the same corpus again with every cache full (the old, flattering
 * figure). CPU time is recorded beside wall time: on a shared host wall time also counts
 * waiting for a core.
 */
interface ChildRun {
  coldBytes: number;
  coldFileBytes: number;
  importMs: number;
  coldMs: number;
  coldCpuMs: number;
  secondMs: number;
  corpusName: string;
  files: number;
  bytes: number;
  warm: { ms: number; cpuMs: number; tokenMs: number; tokenCpuMs: number };
  repeatMs: number;
  repeatCpuMs: number;
}

export default async function scoringBench(ctx: BenchContext): Promise<BenchSection> {
  const runs = ctx.quick ? 1 : 3;
  const child = fileURLToPath(new URL("./scoring-child.ts", import.meta.url));
  const results: ChildRun[] = [];
  const started: Array<{ warmUpMs: number; firstMs: number; firstCpuMs: number }> = [];
  for (let r = 0; r < runs; r++) {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", child], {
      maxBuffer: 1 << 20,
    });
    results.push(JSON.parse(stdout.trim()) as ChildRun);
    ctx.log(`scoring run ${r + 1}: ${stdout.trim()}`);
    const warm = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", child, "--warm-start"],
      { maxBuffer: 1 << 20 },
    );
    started.push(JSON.parse(warm.stdout.trim()));
  }
  const file = await writeSamples("scoring", {
    scorer: SCORER_VERSION,
    runs: results,
    warmStart: started,
  });
  const first = results[0] as ChildRun;
  const mb = first.bytes / 1e6;
  const coldMb = first.coldBytes / 1e6;
  const per40k = (ms: number) => (ms * 40_000) / first.coldBytes;
  const col = (f: (r: ChildRun) => number, digits = 0) => spread(results.map(f), digits);
  const warmMbps = median(results.map((r) => mb / (r.warm.ms / 1000)));
  const cold40 = median(results.map((r) => per40k(r.coldMs)));
  return {
    title: "Scoring",
    lines: [
      measuredOn(),
      "",
      `Scorer ${SCORER_VERSION}. ${runs} fresh child processes, one after another; figures are min / **median** / max over them (raw samples in \`${file}\`). Cold: the seed file (${first.coldBytes.toLocaleString("en-US")} bytes of question and answer text, ${first.coldFileBytes.toLocaleString("en-US")}-byte file) as the first transcript a process scores. Warm: ${first.files} distinct transcripts (${first.corpusName}, ${(first.bytes / 1024).toFixed(0)} KB of question and answer text), each scored once right after wink-nlp's bare tokenisation of the same text. Repeat: the same corpus again, every cache full.`,
      "",
      ...mdTable(
        ["measure", "wall", "CPU", "target"],
        [
          ["importing the scorer (ms)", col((r) => r.importMs), "", ""],
          ["cold: first transcript (ms)", col((r) => r.coldMs), col((r) => r.coldCpuMs), ""],
          [
            "cold, scaled to 40 KB (ms)",
            col((r) => per40k(r.coldMs)),
            col((r) => per40k(r.coldCpuMs)),
            `< 150 ms: ${cold40 < 150 ? "met" : "**missed**"}`,
          ],
          ["the same file scored again (ms)", col((r) => r.secondMs), "", ""],
          [
            "app start-up warm-up, `warmUpScorer()` (ms)",
            spread(started.map((s) => s.warmUpMs)),
            "",
            "",
          ],
          [
            "first transcript after the warm-up, scaled to 40 KB (ms)",
            spread(started.map((s) => per40k(s.firstMs))),
            spread(started.map((s) => per40k(s.firstCpuMs))),
            `< 150 ms: ${median(started.map((s) => per40k(s.firstMs))) < 150 ? "met" : "**missed**"}`,
          ],
          [
            "warm, distinct texts (MB/s)",
            col((r) => mb / (r.warm.ms / 1000), 2),
            col((r) => mb / (r.warm.cpuMs / 1000), 2),
            `≥ 2 MB/s: ${warmMbps >= 2 ? "met" : "**missed**"}`,
          ],
          [
            "wink-nlp bare tokenisation, same texts (MB/s)",
            col((r) => mb / (r.warm.tokenMs / 1000), 2),
            col((r) => mb / (r.warm.tokenCpuMs / 1000), 2),
            "",
          ],
          [
            "scoring ÷ bare tokenisation (times slower)",
            col((r) => r.warm.ms / r.warm.tokenMs, 1),
            col((r) => r.warm.cpuMs / r.warm.tokenCpuMs, 1),
            "",
          ],
          [
            "repeat, caches full (MB/s)",
            col((r) => mb / (r.repeatMs / 1000), 2),
            col((r) => mb / (r.repeatCpuMs / 1000), 2),
            "",
          ],
        ],
      ),
      "",
      `Cold bytes per second: ${(coldMb / (median(results.map((r) => r.coldMs)) / 1000)).toFixed(2)} MB/s (median).`,
    ],
  };
}
