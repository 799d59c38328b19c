import type { CliCommand } from "../command.js";
import { candidateCommand } from "./candidate.js";
import { compareCommand } from "./compare.js";
import { digestCommand } from "./digest.js";
import { forgetCommand } from "./forget.js";
import { ingestCommand } from "./ingest.js";
import { listCommand } from "./list.js";
import { overrideCommand } from "./override.js";
import { parseCommand } from "./parse.js";
import { scoreCommand } from "./score.js";

/** Every CLI command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [
  parseCommand,
  scoreCommand,
  ingestCommand,
  candidateCommand,
  listCommand,
  compareCommand,
  overrideCommand,
  forgetCommand,
  digestCommand,
];
