import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { INGEST_IN_FLIGHT } from "../src/cli/commands/ingest.js";
import { ingestTranscript } from "../src/ingest/ingest.js";
import {
  type BenchContext,
  type BenchSection,
  benchDb,
  mdTable,
  measuredOn,
  median,
  nowMs,
  spread,
  writeSamples,
} from "./harness.js";
import { generateFiles } from "./storage.bench.js";

/**
 * `cli ingest` of a folder, as a team imports old transcripts: the CLI in a child process on
 * a fresh Postgres database, net of start-up (the same command on one file, timed in the same
 * round), beside the same files ingested in this process with the same number in flight.
 */
const PER_FILE = 8;

export default async function cliBench(ctx: BenchContext): Promise<BenchSection> {
  const nFiles = ctx.quick ? 30 : 200;
  const rounds = ctx.quick ? 1 : 3;
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  const dir = await mkdtemp(join(tmpdir(), "bench-cli-"));
  const samples: Array<{ oneFileMs: number; folderMs: number; inProcessMs: number }> = [];
  let seed = 9000;
  try {
    for (let r = 0; r < rounds; r++) {
      const folder = join(dir, `r${r}`);
      const files = Array.from({ length: nFiles }, () => generateFiles(PER_FILE, seed++)[0]);
      await import("node:fs/promises").then((fs) => fs.mkdir(folder, { recursive: true }));
      for (const [k, f] of files.entries()) {
        await writeFile(join(folder, `t${String(k).padStart(3, "0")}.txt`), f?.bytes ?? "");
      }
      const one = join(dir, `one-${r}.txt`);
      await writeFile(one, generateFiles(PER_FILE, seed++)[0]?.bytes ?? "");

      const runCli = async (path: string) => {
        const db = await benchDb("postgres", ctx.postgresUrl);
        try {
          const start = nowMs();
          await promisify(execFile)(
            process.execPath,
            ["--import", "tsx", cli, "ingest", path, "--json"],
            { env: { ...process.env, DATABASE_URL: db.url }, maxBuffer: 64 << 20 },
          );
          return nowMs() - start;
        } finally {
          await db.dispose();
        }
      };
      const oneFileMs = await runCli(one);
      const folderMs = await runCli(folder);
      const db = await benchDb("postgres", ctx.postgresUrl);
      let inProcessMs: number;
      try {
        let next = 0;
        const start = nowMs();
        await Promise.all(
          Array.from({ length: INGEST_IN_FLIGHT }, async () => {
            while (next < files.length) {
              const k = next++;
              const outcome = await ingestTranscript(db.handle.db, {
                teamId: "T_CLI",
                bytes: files[k]?.bytes ?? new Uint8Array(),
                fileName: `t${k}.txt`,
                source: { kind: "cli", path: `t${k}.txt` },
                maxBytes: 10e6,
              });
              if (outcome.status !== "added") throw new Error(`file ${k}: ${outcome.status}`);
            }
          }),
        );
        inProcessMs = nowMs() - start;
      } finally {
        await db.dispose();
      }
      samples.push({ oneFileMs, folderMs, inProcessMs });
      ctx.log(`cli round ${r + 1}: ${JSON.stringify(samples.at(-1))}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const file = await writeSamples("cli", { files: nFiles, perFile: PER_FILE, rounds: samples });
  const candidates = nFiles * PER_FILE;
  const net = samples.map((s) => (candidates - PER_FILE) / ((s.folderMs - s.oneFileMs) / 1000));
  const inProcess = samples.map((s) => candidates / (s.inProcessMs / 1000));
  return {
    title: "CLI ingest of a folder",
    lines: [
      measuredOn(),
      "",
      `\`cli ingest <folder> --json\` of ${nFiles} generated AI-interviewer files (${candidates.toLocaleString("en-US")} candidates, ${PER_FILE} per file) in a child process on a fresh Postgres database, ${INGEST_IN_FLIGHT} files in flight over one pool. Net of start-up: (candidates − ${PER_FILE}) ÷ (folder time − the time of the same command on one file, run just before in the same round). In process: \`ingestTranscript\` on the same files, ${INGEST_IN_FLIGHT} in flight, another fresh database. ${rounds} rounds; min / **median** / max (raw samples in \`${file}\`). Before this change the CLI ingested one file at a time: 112 candidates/s net of start-up on a faster host (no committed sample).`,
      "",
      ...mdTable(
        ["measure", "value", "target"],
        [
          ["CLI start-up + one file (ms)", spread(samples.map((s) => s.oneFileMs)), ""],
          [
            "CLI, whole folder (s)",
            spread(
              samples.map((s) => s.folderMs / 1000),
              1,
            ),
            "",
          ],
          [
            "CLI candidates/s net of start-up",
            spread(net),
            `≥ 1,000/s: ${median(net) >= 1000 ? "met" : "**missed**"}`,
          ],
          ["in process, same files (candidates/s)", spread(inProcess), ""],
          [
            "CLI net ÷ in process",
            spread(
              net.map((n, i) => n / (inProcess[i] as number)),
              2,
            ),
            "",
          ],
        ],
      ),
    ],
  };
}
