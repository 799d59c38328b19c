import { llmSettings, type ScorerKind, scorerKinds } from "../config.js";
import { AppError } from "../errors.js";
import { type Judge, judgeFor } from "../llm/index.js";
import type { CliContext } from "./command.js";

/** `--scorer offline|llm|blend` (score, ingest): default `SCORER`. */
export const scorerOption = { scorer: { type: "string" } } as const;

export function scorerFrom(value: string | undefined, ctx: CliContext, usage: string): ScorerKind {
  if (value === undefined) return ctx.config.SCORER;
  if (!(scorerKinds as readonly string[]).includes(value)) {
    throw new AppError(
      "USAGE",
      `unknown --scorer "${value}"; use offline, llm or blend (usage: ${usage})`,
    );
  }
  return value as ScorerKind;
}

/**
 * The judge for the chosen scorer, on the CLI's database (its verdict cache), or undefined for
 * the offline scorer. A choice missing LLM_BASE_URL or LLM_MODEL stops with one sentence first.
 */
export async function judgeForCli(scorer: ScorerKind, ctx: CliContext): Promise<Judge | undefined> {
  if (scorer === "offline") return undefined;
  // The settings are checked before the database is opened, so a bad choice fails fast.
  llmSettings(ctx.config, scorer);
  const { db } = await ctx.db();
  return judgeFor(ctx.config, scorer, { db });
}
