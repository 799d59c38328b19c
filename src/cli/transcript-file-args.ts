import { AppError } from "../errors.js";
import { decodeInput } from "../transcript/decode.js";
import { formatSchema, type ParseResult, parseTranscriptFile } from "../transcript/index.js";
import { parseCommandArgs } from "./args.js";
import { readInputFile } from "./read-input.js";

/**
 * `parse` and `score` take the same arguments (one file, an optional `--format`, `--json`):
 * checks them, reads the file within the size limit and parses it, so both report a bad
 * argument or file in the same words.
 */
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
