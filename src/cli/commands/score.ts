import { renderScoreTable } from "../../render/text.js";
import { scoreTranscript } from "../../scoring/index.js";
import type { CliCommand } from "../command.js";
import { parseTranscriptFileArgs } from "../transcript-file-args.js";

const usage = "score <file> [--format ai-interviewer|speaker-turns|webvtt|srt] [--json]";

export const scoreCommand: CliCommand = {
  name: "score",
  summary: "Parse and score a transcript; print candidates ranked by score.",
  usage,
  async run(args, ctx) {
    const { json, parsed } = await parseTranscriptFileArgs(args, usage, ctx.config.MAX_FILE_BYTES);
    const result = scoreTranscript(parsed);
    ctx.out(json ? JSON.stringify(result, null, 2) : renderScoreTable(result));
    for (const warning of json ? [] : result.warnings) ctx.err(`warning: ${warning}`);
    return 0;
  },
};
