import { renderParseTable } from "../../render/text.js";
import { transcriptFileCommand } from "../transcript-file-args.js";

export const parseCommand = transcriptFileCommand({
  name: "parse",
  summary: "Parse a transcript into candidates and question/answer pairs.",
  result: (parsed) => parsed,
  table: renderParseTable,
});
