import { resolve } from "node:path";
import { AppError, isSystemFailure, toAppError } from "../../errors.js";
import { type IngestOutcome, ingestTranscript, rejectedOutcome } from "../../ingest/ingest.js";
import { renderIngestOutcome } from "../../render/candidate.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";
import { readInputFile } from "../read-input.js";
import { judgeForCli, scorerFrom, scorerOption } from "../scorer-option.js";

const usage = "ingest <file...> [--scorer offline|llm|blend] [--json]";

/**
 * Stores transcripts in the local workspace, one transaction per file. Every file gets a line
 * (added / already imported / rejected and why); a bad file never stops the others. Exit code
 * 2 when any file was rejected, so scripts notice.
 */
export const ingestCommand: CliCommand = {
  name: "ingest",
  summary:
    "Parse, score and store transcripts; report each file as added, already imported or rejected.",
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
    const { db } = await ctx.db();
    const teamId = await ctx.team();
    const results: Array<{ file: string } & IngestOutcome> = [];
    for (const path of positionals) {
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
      results.push({ file: path, ...outcome });
      if (!values.json) {
        ctx.out(renderIngestOutcome(path, outcome));
        for (const warning of outcome.warnings) ctx.err(`warning: ${path}: ${warning}`);
        if (outcome.scorerNote) ctx.err(`note: ${path}: ${outcome.scorerNote}`);
      }
    }
    if (values.json) ctx.out(JSON.stringify(results, null, 2));
    return results.some((r) => r.status === "rejected") ? 2 : 0;
  },
};
