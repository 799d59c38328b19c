import { type ParseArgsConfig, parseArgs } from "node:util";
import { AppError } from "../errors.js";

/**
 * `util.parseArgs` with its errors turned into one-line usage errors (exit 2), so every
 * command reports a bad flag the same way.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new AppError("USAGE", `${message} (usage: ${usage})`, { cause: error });
  }
}
