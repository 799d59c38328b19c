import { AppError } from "../errors.js";
import { decodeInput } from "../transcript/decode.js";
import { formatSchema, type ParseResult, parseTranscriptFile } from "../transcript/index.js";
import { parseCommandArgs } from "./args.js";
import type { CliCommand } from "./command.js";
import { readInputFile } from "./read-input.js";

/**
 * `parse` (and `score`, which adds `--scorer` and reads the file with `parseTranscriptFileArgs`): one file, an optional `--format`, `--json`; the result printed as JSON
 * or as a table, its warnings on stderr. Built by one function so both report a bad argument
 * or file in the same words.
 */
export function transcriptFileCommand<Result extends { warnings: string[] }>(spec: {
  name: string;
  summary: string;
  /** What the command makes of the parsed transcript. */
  result: (parsed: ParseResult) => Result;
  /** The table printed without `--json`. */
  table: (result: Result) => string;
}): CliCommand {
  const usage = `${spec.name} <file> [--format ai-interviewer|speaker-turns|webvtt|srt] [--json]`;
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    async run(args, ctx) {
      const { json, parsed } = await parseTranscriptFileArgs(
        args,
        usage,
        ctx.config.MAX_FILE_BYTES,
      );
      const result = spec.result(parsed);
      ctx.out(json ? JSON.stringify(result, null, 2) : spec.table(result));
      for (const warning of json ? [] : result.warnings) ctx.err(`warning: ${warning}`);
      return 0;
    },
  };
}

/** Checks the arguments, reads the file within the size limit and parses it. */
export async function parseTranscriptFileArgs(
  args: string[],
  usage: string,
  maxBytes: number,
  /** Further string options a command takes (`score --scorer`). */
  extraOptions: Record<string, { type: "string" }> = {},
): Promise<{
  json: boolean;
  parsed: ParseResult;
  values: Record<string, string | boolean | undefined>;
  /** The text the parser read (for the judge's speaker names); decoded only when asked. */
  rawText: () => string;
}> {
  const { values, positionals } = parseCommandArgs(
    args,
    { ...extraOptions, json: { type: "boolean" }, format: { type: "string" } },
    usage,
  );
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0) throw new AppError("USAGE", `expected one file (usage: ${usage})`);
  const format = values.format === undefined ? undefined : formatSchema.safeParse(values.format);
  if (format && !format.success) {
    throw new AppError("USAGE", `unknown --format "${values.format}" (usage: ${usage})`);
  }
  const file = await readInputFile(path, maxBytes);
  const { parsed, extracted } = await parseTranscriptFile(file.bytes, {
    fileName: file.fileName,
    maxBytes,
    ...(format?.data ? { format: format.data } : {}),
  });
  const rawText = () =>
    extracted.kind === "text" ? decodeInput(file.bytes, maxBytes).text : extracted.input;
  return { json: values.json === true, parsed, values, rawText };
}
