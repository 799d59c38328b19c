import { AppError } from "../../errors.js";
import { renderParseTable } from "../../render/text.js";
import { formatSchema, parseTranscript } from "../../transcript/index.js";
import { parseCommandArgs } from "../args.js";
import type { CliCommand } from "../command.js";
import { readInputFile } from "../read-input.js";

const usage = "parse <file> [--format ai-interviewer|speaker-turns|webvtt|srt] [--json]";

export const parseCommand: CliCommand = {
  name: "parse",
  summary: "Parse a transcript into candidates and question/answer pairs.",
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
    const result = parseTranscript(file.bytes, {
      fileName: file.fileName,
      maxBytes: ctx.config.MAX_FILE_BYTES,
      ...(format?.data ? { format: format.data } : {}),
    });
    ctx.out(values.json ? JSON.stringify(result, null, 2) : renderParseTable(result));
    for (const warning of values.json ? [] : result.warnings) ctx.err(`warning: ${warning}`);
    return 0;
  },
};
