import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CliCommand, CliContext } from "./cli/command.js";
import { commands } from "./cli/commands/index.js";
import { resolveTeam, takeTeamOption } from "./cli/team.js";
import { getConfig } from "./config.js";
import { type DbHandle, openDb } from "./db/client.js";
import { exitCodeFor, toAppError } from "./errors.js";
import { configureScoringPool } from "./ingest/scoring-pool.js";

/**
 * The command-line entry: `npm run --silent cli -- <command> [options]`.
 * Exit codes: 0 success, 2 usage or input errors (a bad flag, a file that is not a
 * transcript), 1 anything unexpected. Errors print one line starting with `error:`.
 */

export function helpText(list: readonly CliCommand[] = commands): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    "usage: npm run --silent cli -- <command> [options]",
    "",
    "commands:",
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `<command> --help` for a command's options.",
    "Every command takes --team T… (the Slack workspace id; default: the only workspace in the",
    "database, else the local one).",
  ].join("\n");
}

export interface RunCliOptions {
  out?: (text: string) => void;
  err?: (text: string) => void;
  env?: Record<string, string | undefined>;
  /**
   * Where a long command draws its progress bar. Default: stderr when both stdout and stderr
   * are terminals; none when output is piped, redirected or captured (`out` given).
   */
  progress?: NodeJS.WriteStream | undefined;
}

export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<number> {
  const out = options.out ?? ((text: string) => process.stdout.write(`${text}\n`));
  const err = options.err ?? ((text: string) => process.stderr.write(`${text}\n`));
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    out(helpText());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(`error: unknown command "${name}"; run with --help to see the commands.`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    out(`usage: ${command.usage}`);
    return 0;
  }
  let handle: DbHandle | undefined;
  try {
    const { team: teamOption, rest: args } = takeTeamOption(rest);
    const { loadConfig } = await import("./config.js");
    const config = options.env ? loadConfig(options.env) : getConfig();
    configureScoringPool({ threads: config.SCORING_THREADS });
    const db = async () => {
      handle ??= await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      return handle;
    };
    let team: Promise<string> | undefined;
    const ctx: CliContext = {
      config,
      out,
      err,
      db,
      progress:
        "progress" in options
          ? options.progress
          : !options.out && process.stdout.isTTY && process.stderr.isTTY
            ? process.stderr
            : undefined,
      team: () => {
        team ??= db().then((h) => resolveTeam(h.db, teamOption));
        return team;
      },
    };
    return (await command.run(args, ctx)) ?? 0;
  } catch (error) {
    const appError = toAppError(error);
    const where =
      appError.line && !appError.userMessage.toLowerCase().includes(`line ${appError.line}`)
        ? ` (line ${appError.line})`
        : "";
    err(`error: ${appError.userMessage}${where}`);
    if (appError.code === "INTERNAL" && appError.cause instanceof Error) {
      err(`cause: ${appError.cause.name}: ${appError.cause.message.split("\n")[0]}`);
    }
    return exitCodeFor(appError.code);
  } finally {
    await handle?.close().catch(() => {});
  }
}

const isMain = (() => {
  try {
    return realpathSync(process.argv[1] ?? "") === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
