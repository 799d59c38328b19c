import type { Config } from "../config.js";
import type { DbHandle } from "../db/client.js";

/** What a CLI command gets: parsed config, output streams and a lazy database opener. */
export interface CliContext {
  config: Config;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Opens (and migrates) the configured database once; closed by the CLI on exit. */
  db(): Promise<DbHandle>;
  /** A terminal to draw progress on; undefined when output is not a terminal. */
  progress?: NodeJS.WriteStream | undefined;
  /** The workspace to act in (`--team`, else the only one in the database; see cli/team.ts). */
  team(): Promise<string>;
}

export interface CliCommand {
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** The usage line(s), shown by `<command> --help` and after a usage error. */
  usage: string;
  /** Returns the exit code (0 when omitted). */
  run(args: string[], ctx: CliContext): Promise<number | undefined>;
}
