import { renderParseTable } from "../../render/text.js";
import type { CliCommand } from "../command.js";
import { parseTranscriptFileArgs } from "../transcript-file-args.js";

const usage = "parse <file> [--format ai-interviewer|speaker-turns|webvtt|srt] [--json]";

export const parseCommand: CliCommand = {
  name: "parse",
  summary: "Parse a transcript into candidates and question/answer pairs.",
  usage,
  async run(args, ctx) {
    const { json, parsed } = await parseTranscriptFileArgs(args, usage, ctx.config.MAX_FILE_BYTES);
    ctx.out(json ? JSON.stringify(parsed, null, 2) : renderParseTable(parsed));
    for (const warning of json ? [] : parsed.warnings) ctx.err(`warning: ${warning}`);
    return 0;
  },
};
