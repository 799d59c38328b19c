import { scoreOffline } from "../../llm/index.js";
import { renderScoreTable } from "../../render/text.js";
import { scoreTranscript } from "../../scoring/index.js";
import type { CliCommand } from "../command.js";
import { judgeForCli, scorerFrom, scorerOption } from "../scorer-option.js";
import { parseTranscriptFileArgs } from "../transcript-file-args.js";

const usage =
  "score <file> [--format ai-interviewer|speaker-turns|webvtt|srt] [--scorer offline|llm|blend] [--json]";

export const scoreCommand: CliCommand = {
  name: "score",
  summary: "Parse and score a transcript; print candidates ranked by score.",
  usage,
  async run(args, ctx) {
    const { json, parsed, values, rawText } = await parseTranscriptFileArgs(
      args,
      usage,
      ctx.config.MAX_FILE_BYTES,
      scorerOption,
    );
    const scorer = scorerFrom(
      typeof values.scorer === "string" ? values.scorer : undefined,
      ctx,
      usage,
    );
    const judge = await judgeForCli(scorer, ctx);
    if (!judge) {
      const result = scoreTranscript(parsed);
      ctx.out(json ? JSON.stringify(result, null, 2) : renderScoreTable(result));
      for (const warning of json ? [] : result.warnings) ctx.err(`warning: ${warning}`);
      return 0;
    }
    const judged = await judge.judge({ ...scoreOffline(parsed), rawText: rawText() });
    const { result } = judged;
    ctx.out(
      json
        ? JSON.stringify({ ...result, judgements: judged.judgements }, null, 2)
        : `${renderScoreTable(result)}\n\nscorer: ${scorer}, model ${judge.model}`,
    );
    for (const warning of json ? [] : result.warnings) ctx.err(`warning: ${warning}`);
    if (judged.note) ctx.err(`note: ${judged.note}`);
    return 0;
  },
};
