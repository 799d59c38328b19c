import { AppError } from "../../errors.js";
import { renderScoreTable } from "../../render/text.js";
import { scoreTranscript } from "../../scoring/index.js";
import { formatSchema, parseTranscript } from "../../transcript/index.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";
import { readInputFile } from "../read-input.js";

const usage = "score <file> [--format ai-interviewer|speaker-turns|webvtt|srt] [--json]";

export const scoreCommand: CliCommand = {
  name: "score",
  summary: "Parse and score a transcript; print candidates ranked by score.",
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(
      args,
      { json: { type: "boolean" }, format: { type: "string" } },
      usage,
    );
    const [path, ...extra] = positionals;
    if (!path || extra.length > 0)
      throw new AppError("USAGE", `expected one file (usage: ${usage})`);
    const format = values.format === undefined ? undefined : formatSchema.safeParse(values.format);
    if (format && !format.success) {
      throw new AppError("USAGE", `unknown --format "${values.format}" (usage: ${usage})`);
    }
    const file = await readInputFile(path, ctx.config.MAX_FILE_BYTES);
    const parsed = parseTranscript(file.bytes, {
      fileName: file.fileName,
      maxBytes: ctx.config.MAX_FILE_BYTES,
      ...(format?.data ? { format: format.data } : {}),
    });
    const result = scoreTranscript(parsed);
    ctx.out(values.json ? JSON.stringify(result, null, 2) : renderScoreTable(result));
    for (const warning of values.json ? [] : result.warnings) ctx.err(`warning: ${warning}`);
    return 0;
  },
};
