import { type Config, llmSettings, type ScorerKind } from "../config.js";
import type { DbOrTx } from "../db/client.js";
import type { Logger } from "../logger.js";
import { createJudgeClient, type JudgeClientOptions } from "./client.js";
import { createJudge, type Judge } from "./judge.js";

export { finalAnswerScore } from "./blend.js";
export { createJudgeClient, type JudgeClient, JudgeUnavailable } from "./client.js";
export {
  type CandidateJudgement,
  createJudge,
  type Judge,
  type JudgedTranscript,
  type OfflineScored,
  scoreOffline,
  verdictKey,
} from "./judge.js";
export { FALLBACK_NOTE, PARTIAL_NOTE, scorerNote } from "./note.js";
export { PROMPT_VERSION } from "./rubric.js";
export type { StoredVerdict } from "./verdict.js";

/**
 * The judge for a scorer choice, or `undefined` for the offline scorer. Throws CONFIG_INVALID
 * (one sentence naming the variable) when the choice needs settings that are missing.
 */
export function judgeFor(
  config: Config,
  scorer: ScorerKind,
  deps: { db: DbOrTx; logger?: Logger | undefined; client?: JudgeClientOptions },
): Judge | undefined {
  const settings = llmSettings(config, scorer);
  if (!settings || scorer === "offline") return undefined;
  return createJudge({
    db: deps.db,
    client: createJudgeClient(settings, deps.client),
    settings,
    scorer,
    logger: deps.logger,
  });
}
