import { renderScoreTable } from "../../render/text.js";
import { scoreTranscript } from "../../scoring/index.js";
import { transcriptFileCommand } from "../transcript-file-args.js";

export const scoreCommand = transcriptFileCommand({
  name: "score",
  summary: "Parse and score a transcript; print candidates ranked by score.",
  result: scoreTranscript,
  table: renderScoreTable,
});
