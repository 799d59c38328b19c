import { extractTranscriptText } from "../src/transcript/extract/index.js";
import { parseTranscript, parseTranscriptFile } from "../src/transcript/index.js";
import { textToDocx, textToPdf } from "../test/helpers/documents.js";
import { type BenchContext, type BenchSection, mdTable, nowMs } from "./harness.js";

/**
 * Text extraction from .docx and .pdf: a generated ~1 MB speaker-turn transcript (MIT style) as
 * a Word document (one paragraph per line) and as a PDF (Helvetica, wrapped at spaces, a header
 * and page numbers on every page), next to the plain-text parse of the same text. Runs
 * alternate so load on the shared machine hits every contender alike.
 */

const mitTurn = [
  "Interviewer: So please tell me about a time that you demonstrated leadership.",
  "Interviewee: Ok  uhm  one of the things we have to do for Camp Kesem is fundraise all the money to run the camp which is over fifty thousand dollars. So one of the things that I spearhead every year is an auction where my fraternity and I go out and solicit donations.",
  "Interviewer: Mm-hmm.",
  "Interviewee: And that taught me how to split the work so that everyone owned one part of it and we raised more than the year before.",
];

function speakerTurnText(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    for (const line of mitTurn) {
      lines.push(line);
      size += line.length + 1;
    }
  }
  return lines.join("\n");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timeInterleaved(runs: number, fns: (() => unknown)[]): Promise<number[]> {
  for (const fn of fns) await fn();
  const samples: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, fn] of fns.entries()) {
      const start = nowMs();
      await fn();
      samples[j]?.push(nowMs() - start);
    }
  }
  return samples.map(median);
}

export default async function extractBench(ctx: BenchContext): Promise<BenchSection> {
  const mb = 1_000_000;
  const size = ctx.quick ? mb / 4 : mb;
  const runs = ctx.quick ? 2 : 5;
  const text = speakerTurnText(size);
  const textBytes = Buffer.from(text, "utf8");
  const maxBytes = 20 * mb;
  const docx = textToDocx(text);
  const started = nowMs();
  const pdf = await textToPdf(text, {
    header: "Interview transcript - confidential",
    pageNumbers: true,
  });
  ctx.log(
    `extract: generated the PDF (${(pdf.byteLength / mb).toFixed(2)} MB) in ${(nowMs() - started).toFixed(0)} ms`,
  );
  const rows: (string | number)[][] = [];
  const plain = parseTranscript(textBytes, { maxBytes, fileName: "bench.txt" });
  const pairs = plain.candidates.reduce((n, c) => n + c.answers.length, 0);
  for (const [label, file] of [
    [".docx", docx],
    [".pdf", pdf],
  ] as const) {
    const { parsed } = await parseTranscriptFile(file, { maxBytes, fileName: "bench.txt" });
    const same = parsed.candidates.reduce((n, c) => n + c.answers.length, 0) === pairs;
    ctx.log(`extract: ${label}: ${pairs} pairs, same as the text: ${same}`);
    const [extractMs, fileMs, textMs] = (await timeInterleaved(runs, [
      () => extractTranscriptText(file, { maxBytes }),
      () => parseTranscriptFile(file, { maxBytes, fileName: "bench.txt" }),
      () => parseTranscript(textBytes, { maxBytes, fileName: "bench.txt" }),
    ])) as [number, number, number];
    const mbps = (ms: number) => (textBytes.byteLength / mb / (ms / 1000)).toFixed(1);
    rows.push([
      label,
      `${(file.byteLength / mb).toFixed(2)} MB file, ${(textBytes.byteLength / mb).toFixed(2)} MB text`,
      same ? `${pairs} (same)` : `${pairs} (DIFFERENT)`,
      `${extractMs.toFixed(0)} ms`,
      `**${mbps(extractMs)} MB/s**`,
      `${fileMs.toFixed(0)} ms (${mbps(fileMs)} MB/s)`,
      `${textMs.toFixed(0)} ms (${mbps(textMs)} MB/s)`,
      `${(fileMs / textMs).toFixed(0)}x`,
    ]);
  }
  return {
    title: "Text extraction (.docx, .pdf)",
    lines: [
      `A generated speaker-turn transcript (MIT style, ${(textBytes.byteLength / mb).toFixed(1)} MB of text) as a .docx (mammoth after a bounded inflate) and as a PDF (pdf.js, ${ctx.quick ? "quick" : "full"} size), next to the plain-text parse of the same text. Throughput is MB of text per second. Median of ${runs} runs after a warm-up, in alternation.`,
      "",
      ...mdTable(
        [
          "container",
          "size",
          "pairs",
          "extract",
          "extract throughput",
          "extract + parse",
          "plain-text parse",
          "file / text",
        ],
        rows,
      ),
    ],
  };
}
