import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MultiBar, Presets } from "cli-progress";
import pLimit from "p-limit";
import { AppError, isSystemFailure, toAppError } from "../../errors.js";
import { type IngestOutcome, ingestTranscript, rejectedOutcome } from "../../ingest/ingest.js";
import { renderIngestOutcome } from "../../render/candidate.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand, CliContext } from "../command.js";
import { readInputFile } from "../read-input.js";
import { judgeForCli, scorerFrom, scorerOption } from "../scorer-option.js";

const usage = "ingest <file or folder...> [--scorer offline|llm|blend] [--json]";

/**
 * Files ingested at once. Why 4: parsing and scoring run on the scoring threads (one per core,
 * at most four: src/ingest/scoring-pool.ts) while other files wait on the database (each file
 * is one transaction and one durable commit); four keeps every thread busy on a small machine,
 * the connection pool (10) and memory (four files read at a time) small. Measured in
 * bench/RESULTS.md ("CLI ingest").
 */
export const INGEST_IN_FLIGHT = 4;

type FileResult = { file: string } & IngestOutcome;

/**
 * Stores transcripts in the local workspace, one transaction per file, several files in
 * flight over one connection pool. A folder stands for the files in it (sub-folders too,
 * hidden files skipped). Piped or with --json: a line per file (added / already imported /
 * rejected and why) in the order given, or one JSON array. On a terminal: a progress bar
 * (files done of total, candidates/s, time left), a line for each refused file, and a
 * summary. A bad file never stops the others; exit code 2 when any was rejected.
 */
export const ingestCommand: CliCommand = {
  name: "ingest",
  summary:
    "Parse, score and store transcripts (files or folders); report each file as added, already imported or rejected.",
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { ...scorerOption, json: { type: "boolean" } },
      usage,
    );
    if (positionals.length === 0) {
      throw new AppError("USAGE", `expected at least one file (usage: ${usage})`);
    }
    const judge = await judgeForCli(scorerFrom(values.scorer, ctx, usage), ctx);
    const paths = await expandFolders(positionals);
    const { db } = await ctx.db();
    const teamId = await ctx.team();
    const json = values.json === true;
    const view = json ? quietView() : ctx.progress ? barView(ctx, paths.length) : lineView(ctx);

    const ingestOne = async (path: string): Promise<FileResult> => {
      let outcome: IngestOutcome;
      try {
        const file = await readInputFile(path, ctx.config.MAX_FILE_BYTES);
        outcome = await ingestTranscript(db, {
          teamId,
          bytes: file.bytes,
          fileName: file.fileName,
          source: { kind: "cli", path: resolve(path) },
          maxBytes: ctx.config.MAX_FILE_BYTES,
          ...(judge ? { judge } : {}),
        });
      } catch (error) {
        const appError = toAppError(error);
        // A database failure is not about this file: stop rather than report every file as bad.
        if (isSystemFailure(appError.code)) throw appError;
        outcome = rejectedOutcome(appError);
      }
      return { file: path, ...outcome };
    };

    const results: Array<FileResult | undefined> = new Array(paths.length);
    let printed = 0;
    let failure: unknown;
    const limit = pLimit(INGEST_IN_FLIGHT);
    try {
      await Promise.all(
        paths.map((path, k) =>
          limit(async () => {
            if (failure) return;
            try {
              const result = await ingestOne(path);
              results[k] = result;
              view.done(result);
              // Lines come out in the order the files were given, each as soon as it can.
              while (printed < paths.length && results[printed]) {
                view.inOrder(results[printed] as FileResult);
                printed++;
              }
            } catch (error) {
              failure ??= error;
            }
          }),
        ),
      );
    } finally {
      view.stop();
    }
    if (failure) throw failure;
    const all = results as FileResult[];
    if (json) ctx.out(JSON.stringify(all, null, 2));
    else if (ctx.progress) ctx.out(summary(all));
    return all.some((r) => r.status === "rejected") ? 2 : 0;
  },
};

interface View {
  /** A file finished (any order). */
  done(result: FileResult): void;
  /** A file finished, in the order given. */
  inOrder(result: FileResult): void;
  stop(): void;
}

function quietView(): View {
  return { done: () => {}, inOrder: () => {}, stop: () => {} };
}

/** Piped output: the full line for every file, its warnings on stderr. */
function lineView(ctx: CliContext): View {
  return {
    done: () => {},
    inOrder: (r) => {
      ctx.out(renderIngestOutcome(r.file, r));
      for (const warning of r.warnings) ctx.err(`warning: ${r.file}: ${warning}`);
      if (r.scorerNote) ctx.err(`note: ${r.file}: ${r.scorerNote}`);
    },
    stop: () => {},
  };
}

/** A terminal: one bar, and above it a line for each refused file as it happens. */
function barView(ctx: CliContext, total: number): View {
  const stream = ctx.progress as NodeJS.WriteStream;
  const bars = new MultiBar(
    {
      stream,
      format: "{bar} {value}/{total} files | {people}, {rate}/s | {eta_formatted} left",
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 20,
      fps: 5,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let candidates = 0;
  const people = (n: number) => `${n} candidate${n === 1 ? "" : "s"}`;
  const bar = bars.create(total, 0, { people: people(0), rate: 0 });
  return {
    done: (r) => {
      if (r.status === "added") candidates += r.candidates.length;
      if (r.status === "rejected") bars.log(`${renderIngestOutcome(r.file, r)}\n`);
      for (const warning of r.warnings) bars.log(`warning: ${r.file}: ${warning}\n`);
      if (r.scorerNote) bars.log(`note: ${r.file}: ${r.scorerNote}\n`);
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.increment(1, { people: people(candidates), rate: Math.round(candidates / seconds) });
      // Draws now, so a line logged for the last file is not lost when the bar stops.
      bars.update();
    },
    inOrder: () => {},
    stop: () => bars.stop(),
  };
}

function summary(results: FileResult[]): string {
  const count = (status: IngestOutcome["status"]) => results.filter((r) => r.status === status);
  const added = count("added");
  const people = added.reduce((n, r) => n + r.candidates.length, 0);
  const files = (n: number) => `${n} file${n === 1 ? "" : "s"}`;
  return `${files(results.length)}: ${added.length} added (${people} candidate${people === 1 ? "" : "s"}), ${count("already_imported").length} already imported, ${count("rejected").length} rejected.`;
}

/** Each argument as given, or for a folder the files under it (sorted, hidden ones skipped). */
async function expandFolders(args: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push(arg); // a missing file is reported by readInputFile, in its turn
      continue;
    }
    const entries = await readdir(arg, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .filter(
        (p) =>
          !p
            .slice(arg.length)
            .split(/[\\/]/)
            .some((part) => part.startsWith(".")),
      )
      .sort();
    if (files.length === 0) throw new AppError("USAGE", `${arg} is a folder with no files in it.`);
    out.push(...files);
  }
  return out;
}
