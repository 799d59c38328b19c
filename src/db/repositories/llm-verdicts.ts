import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { StoredVerdict } from "../../llm/verdict.js";
import type { DbOrTx } from "../client.js";
import { answers, llmVerdicts } from "../schema.js";

/** Cached verdicts for these keys under one model and prompt version, by key. */
export async function cachedVerdicts(
  db: DbOrTx,
  keys: readonly string[],
  model: string,
  promptVersion: string,
): Promise<Map<string, StoredVerdict>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ keyHash: llmVerdicts.keyHash, verdict: llmVerdicts.verdict })
    .from(llmVerdicts)
    .where(
      and(
        inArray(llmVerdicts.keyHash, [...new Set(keys)]),
        eq(llmVerdicts.model, model),
        eq(llmVerdicts.promptVersion, promptVersion),
      ),
    );
  return new Map(rows.map((r) => [r.keyHash, r.verdict]));
}

/** Remembers verdicts; a key already there keeps its first verdict. */
export async function cacheVerdicts(
  db: DbOrTx,
  model: string,
  promptVersion: string,
  entries: ReadonlyArray<{ key: string; verdict: StoredVerdict }>,
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insert(llmVerdicts)
    .values(entries.map((e) => ({ keyHash: e.key, model, promptVersion, verdict: e.verdict })))
    .onConflictDoNothing();
}

/** Forgets every model's verdicts for these keys (erasing a candidate). */
export async function deleteVerdicts(db: DbOrTx, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const deleted = await db
    .delete(llmVerdicts)
    .where(inArray(llmVerdicts.keyHash, [...new Set(keys)]))
    .returning({ keyHash: llmVerdicts.keyHash });
  return deleted.length;
}

/** The verdict cache keys of these interviews' answers (what erasing them must also erase). */
export async function verdictKeysOfInterviews(
  db: DbOrTx,
  interviewIds: readonly string[],
): Promise<string[]> {
  if (interviewIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ key: answers.verdictKey })
    .from(answers)
    .where(and(inArray(answers.interviewId, [...interviewIds]), isNotNull(answers.verdictKey)));
  return rows.map((r) => r.key).filter((k): k is string => k !== null);
}
