import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseTranscript } from "../src/transcript/index.js";
import {
  type BenchContext,
  type BenchSection,
  mdTable,
  measuredOn,
  nowMs,
  spread,
  writeSamples,
} from "./harness.js";

/**
 * Transcript parsing throughput. The figure that matters is the ratio to a plain line-split
 * pass over the same bytes (decode + split + touch every line): the parser has to read every
 * line anyway, so the ratio shows how much its per-line work costs, independent of how busy
 * this shared machine is. Linearity: the 10 MB file should cost ten times the 1 MB one.
 */

const seed = readFileSync(new URL("../seeds/interview-examples.txt", import.meta.url), "utf8");
const blockStart = seed.indexOf("Candidate:");
/** The seed's candidate blocks (without headings), reused with fresh names so candidates differ. */
const blocks = seed
  .slice(blockStart)
  .split(/\n(?==+\n[A-Z]+ CANDIDATES\n=+\n)|\n(?=Candidate: )/)
  .filter((b) => b.startsWith("Candidate:"));

function aiInterviewerFile(bytes: number): Uint8Array {
  const parts: string[] = ["TECHNICAL QUESTIONS AND ANSWERS\n\n"];
  let size = parts[0]?.length ?? 0;
  for (let i = 0; size < bytes; i++) {
    const block = (blocks[i % blocks.length] as string).replace(
      /^Candidate: [^-\n]+/,
      `Candidate: Person ${i} `,
    );
    parts.push(block, "\n");
    size += block.length + 1;
  }
  return Buffer.from(parts.join("").slice(0, bytes), "utf8");
}

const mitTurn = [
  "Interviewer: So please tell me about a time that you demonstrated leadership.",
  "Interviewee: Ok  uhm  one of the things we have to do for Camp Kesem is fundraise all the money to run the camp which is over fifty thousand dollars. So one of the things that I spearhead every year is an auction where my fraternity and I go out and solicit donations.",
  "Interviewer: Mm-hmm.",
  "Interviewee: And that taught me how to split the work so that everyone owned one part of it and we raised more than the year before.",
];

function speakerTurnFile(bytes: number): Uint8Array {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    for (const line of mitTurn) {
      lines.push(line);
      size += line.length + 1;
    }
  }
  return Buffer.from(lines.join("\n").slice(0, bytes), "utf8");
}

/**
 * The floor: what any line-oriented reader of these bytes must pay, done the fastest way Node
 * offers (SIMD UTF-8 decode, a plain `split("\n")` since the generated files have no CR).
 */
function lineSplitPass(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  let total = 0;
  for (const line of text.split("\n")) total += line.length;
  return total;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Times several functions in alternation (a, b, c, a, b, c, …) and returns each one's median:
 * on a shared, busy machine, load then hits every contender alike and the ratios hold.
 */
function timeInterleaved(runs: number, fns: (() => unknown)[]): number[] {
  for (const fn of fns) fn(); // warm-up: JIT and caches, not part of the figure
  const samples: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, j) => {
      const start = nowMs();
      fn();
      samples[j]?.push(nowMs() - start);
    });
  }
  return samples.map(median);
}

export default async function parseBench(ctx: BenchContext): Promise<BenchSection> {
  const mb = 1_000_000;
  const small = ctx.quick ? mb / 2 : mb;
  const large = ctx.quick ? 2 * mb : 10 * mb;
  const runs = ctx.quick ? 3 : 7;
  const rows: (string | number)[][] = [];
  const linearity: (string | number)[][] = [];
  for (const [label, make] of [
    ["AI-interviewer", aiInterviewerFile],
    ["speaker turns (MIT style)", speakerTurnFile],
  ] as const) {
    const big = make(large);
    const little = make(small);
    const options = { maxBytes: big.byteLength + 1, fileName: "bench.txt" };
    const result = parseTranscript(big, options);
    const pairs = result.candidates.reduce((n, c) => n + c.answers.length, 0);
    ctx.log(`parse: ${label}: ${result.candidates.length} candidates, ${pairs} pairs`);
    const [splitMs, parseMs, smallMs] = timeInterleaved(runs, [
      () => lineSplitPass(big),
      () => parseTranscript(big, options),
      () => parseTranscript(little, options),
    ]) as [number, number, number];
    const mbps = (n: number, ms: number) => (n / mb / (ms / 1000)).toFixed(0);
    rows.push([
      label,
      `${(big.byteLength / mb).toFixed(1)} MB`,
      `${result.candidates.length} / ${pairs}`,
      `${parseMs.toFixed(0)} ms`,
      `**${mbps(big.byteLength, parseMs)} MB/s**`,
      `${mbps(big.byteLength, splitMs)} MB/s`,
      `${(parseMs / splitMs).toFixed(1)}x`,
    ]);
    linearity.push([
      label,
      `${smallMs.toFixed(1)} ms`,
      `${parseMs.toFixed(1)} ms`,
      `${(parseMs / smallMs).toFixed(1)}x for ${(big.byteLength / little.byteLength).toFixed(0)}x the bytes`,
    ]);
  }
  const real = await realCorpus(ctx, runs);
  return {
    title: "Transcript parsing",
    lines: [
      measuredOn(),
      "",
      ...real,
      "",
      `Generated files: the seed's candidate blocks repeated with fresh names (AI-interviewer), and MIT-style \`Interviewer:\`/\`Interviewee:\` lines with backchannels (speaker turns). Median of ${runs} runs after a warm-up, the contenders run in alternation so machine load hits them alike. Target: at least 50 MB/s, within 10x of the line-split pass.`,
      "",
      ...mdTable(
        [
          "format",
          "size",
          "candidates / pairs",
          "parse",
          "parse throughput",
          "line-split pass",
          "parse / split",
        ],
        rows,
      ),
      "",
      "Linearity (time should grow with size, not faster):",
      "",
      ...mdTable(["format", `${small / mb} MB`, `${large / mb} MB`, "growth"], linearity),
    ],
  };
}

/**
 * Real transcripts as people upload them (the MIT interviews and hard cases under
 * ../shared/benchmarks when present, and the test fixtures from Zoom, Teams, Meet, Otter and
 * subtitle files), each parsed on its own, so per-file costs (format detection, small files)
 * count; in alternation with the line-split pass over the same files.
 */
async function realCorpus(ctx: BenchContext, runs: number): Promise<string[]> {
  const shared = new URL("../../shared/benchmarks/", import.meta.url).pathname;
  const dirs = [
    path.join(shared, "hard-cases/transcripts"),
    path.join(shared, "mit-interviews/transcripts"),
    new URL("../test/fixtures/transcripts/", import.meta.url).pathname,
  ].filter((d) => existsSync(d));
  const files = dirs.flatMap((d) =>
    readdirSync(d, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(txt|vtt|srt)$/i.test(e.name))
      .map((e) => ({ name: e.name, bytes: readFileSync(path.join(e.parentPath, e.name)) })),
  );
  const parseable = files.filter((f) => {
    try {
      parseTranscript(f.bytes, { fileName: f.name });
      return true;
    } catch {
      return false;
    }
  });
  const total = parseable.reduce((n, f) => n + f.bytes.byteLength, 0);
  const parseAll = () => {
    for (const f of parseable) parseTranscript(f.bytes, { fileName: f.name });
  };
  const splitAll = () => {
    for (const f of parseable) lineSplitPass(f.bytes);
  };
  parseAll();
  splitAll();
  const parseMs: number[] = [];
  const splitMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = nowMs();
    splitAll();
    splitMs.push(nowMs() - start);
    start = nowMs();
    parseAll();
    parseMs.push(nowMs() - start);
  }
  const file = await writeSamples("parse-real", {
    files: parseable.length,
    bytes: total,
    parseMs,
    splitMs,
  });
  const mbps = (ms: number) => total / 1e6 / (ms / 1000);
  ctx.log(`parse: real corpus ${parseable.length} files, ${total} bytes`);
  return [
    `Real transcripts: ${parseable.length} files (${dirs.map((d) => path.relative(process.cwd(), d)).join(", ")}; ${files.length - parseable.length} fixtures that are meant to be refused left out), ${(total / 1e6).toFixed(2)} MB, each parsed on its own, ${runs} passes in alternation with the line-split pass; min / **median** / max over the passes (raw samples in \`${file}\`).`,
    "",
    ...mdTable(
      ["corpus", "parse MB/s", "line-split MB/s", "parse ÷ split time"],
      [
        [
          "real speaker-turn and subtitle files",
          spread(parseMs.map(mbps), 1),
          spread(splitMs.map(mbps), 1),
          `${spread(
            parseMs.map((p, i) => p / (splitMs[i] as number)),
            1,
          )}×`,
        ],
      ],
    ),
  ];
}
