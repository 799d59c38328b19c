import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * One scoring run in a fresh process, for `scoring.bench.ts`: the first transcript scored with
 * every cache empty (cold), then a corpus of distinct texts each scored once (warm process,
 * texts new to the caches), each file right after wink-nlp's bare tokenisation of the same
 * text, then the same corpus again (caches full). Prints one JSON line.
 */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const now = () => performance.now();

async function main(): Promise<void> {
  const seedPath = new URL("../seeds/interview-examples.txt", import.meta.url);
  const coldBytes = readFileSync(seedPath);
  const { parseTranscript } = await import("../src/transcript/index.js");
  const coldParsed = parseTranscript(coldBytes, { fileName: "interview-examples.txt" });

  let t = now();
  let cpu = process.cpuUsage();
  const { scoreTranscript } = await import("../src/scoring/index.js");
  const importMs = now() - t;
  if (process.argv.includes("--warm-start")) {
    // As the app starts: warm-up first (timed), then the first real transcript.
    const { warmUpScorer } = await import("../src/ingest/warm-up.js");
    t = now();
    warmUpScorer();
    const warmUpMs = now() - t;
    t = now();
    cpu = process.cpuUsage();
    scoreTranscript(coldParsed);
    process.stdout.write(
      `${JSON.stringify({ warmUpMs, firstMs: now() - t, firstCpuMs: cpuMs(cpu) })}\n`,
    );
    return;
  }
  t = now();
  cpu = process.cpuUsage();
  scoreTranscript(coldParsed);
  const coldMs = now() - t;
  const coldCpuMs = cpuMs(cpu);
  t = now();
  scoreTranscript(coldParsed);
  const secondMs = now() - t;

  const shared = new URL("../../shared/benchmarks/", import.meta.url).pathname;
  const dirs = ["hard-cases/transcripts", "mit-interviews/transcripts"].map((d) =>
    path.join(shared, d),
  );
  const corpusName = dirs.every((d) => existsSync(d))
    ? "hard cases and MIT interviews (../shared/benchmarks)"
    : "test fixtures";
  const files = dirs.every((d) => existsSync(d))
    ? dirs.flatMap((d) => readdirSync(d).map((f) => path.join(d, f)))
    : readdirSync(new URL("../test/fixtures/transcripts/", import.meta.url).pathname, {
        recursive: true,
        withFileTypes: true,
      })
        .filter((e) => e.isFile() && !e.name.endsWith(".md"))
        .map((e) => path.join(e.parentPath, e.name));
  const corpus = files.flatMap((f) => {
    try {
      const parsed = parseTranscript(readFileSync(f), { fileName: path.basename(f) });
      const text = parsed.candidates
        .flatMap((c) => c.answers.flatMap((a) => [a.question, a.answer]))
        .join("\n");
      return [{ parsed, text, bytes: Buffer.byteLength(text) }];
    } catch {
      return [];
    }
  });
  const bytes = corpus.reduce((n, c) => n + c.bytes, 0);

  const { default: winkNLP } = await import("wink-nlp");
  const { default: model } = await import("wink-eng-lite-web-model");
  const bare = winkNLP(model, []);
  bare.readDoc("warm up").tokens().length();

  const warm = { ms: 0, cpuMs: 0, tokenMs: 0, tokenCpuMs: 0 };
  for (const c of corpus) {
    t = now();
    cpu = process.cpuUsage();
    bare.readDoc(c.text).tokens().length();
    warm.tokenMs += now() - t;
    warm.tokenCpuMs += cpuMs(cpu);
    t = now();
    cpu = process.cpuUsage();
    scoreTranscript(c.parsed);
    warm.ms += now() - t;
    warm.cpuMs += cpuMs(cpu);
  }
  t = now();
  cpu = process.cpuUsage();
  for (const c of corpus) scoreTranscript(c.parsed);
  const repeatMs = now() - t;
  const repeatCpuMs = cpuMs(cpu);

  process.stdout.write(
    `${JSON.stringify({
      coldBytes: Buffer.byteLength(
        coldParsed.candidates
          .flatMap((c) => c.answers.flatMap((a) => [a.question, a.answer]))
          .join("\n"),
      ),
      coldFileBytes: coldBytes.byteLength,
      importMs,
      coldMs,
      coldCpuMs,
      secondMs,
      corpusName,
      files: corpus.length,
      bytes,
      warm,
      repeatMs,
      repeatCpuMs,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
