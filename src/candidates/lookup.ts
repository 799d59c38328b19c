import { z } from "zod";
import type { DbOrTx } from "../db/client.js";
import {
  findByNormalizedName,
  type NameMatchRow,
  searchNameWords,
  searchSimilarNames,
  withTrigramSearch,
} from "../db/repositories/candidates.js";
import { AppError } from "../errors.js";
import { normalizeName } from "../shared/normalize.js";
import { getCandidateSummary } from "./summary.js";
import type { CandidateMatch, LookupResult } from "./types.js";

/**
 * A fuzzy match at or above this trigram similarity counts as "this is probably them";
 * below it, it is only a "did you mean" suggestion. 0.5 accepts one or two wrong letters in a
 * two-word name ("jon doe" vs "john doe" is 0.55) and rejects a shared surname alone.
 */
export const MATCH_SIMILARITY = 0.5;
/** How far the best match must lead the next one to be picked without asking. */
export const CLEAR_LEAD = 0.15;
/**
 * The index search asks only for close matches (`%` at MATCH_SIMILARITY), since only those can
 * be picked or offered: a higher threshold lets the GIN index discard most candidates before
 * reading them (p99 11 ms instead of 24 ms at 100,000 names). `<%` keeps pg_trgm's 0.6.
 */
const SEARCH = { similarity: MATCH_SIMILARITY, wordSimilarity: 0.6 };
/** Lower bars for "did you mean", used only when nothing close was found. */
const SUGGEST = { similarity: 0.2, wordSimilarity: 0.4 };
const SEARCH_ROWS = 10;
const MAX_QUERY_CHARS = 200;

export const lookupInputSchema = z.object({
  teamId: z.string().min(1),
  query: z.string(),
  /** Most choices or suggestions to return. */
  limit: z.number().int().min(1).max(25).default(5),
});
export type LookupInput = z.input<typeof lookupInputSchema>;

/**
 * Finds a candidate by any reasonable spelling: exact after folding case, accents, titles and
 * punctuation; else the closest name by trigram similarity. One clear winner is `found` (with
 * the summary); several close ones are `choices`, best first; nothing close is `none`, with
 * weaker matches as suggestions. An empty query is a usage error.
 */
export async function lookupCandidate(db: DbOrTx, rawInput: LookupInput): Promise<LookupResult> {
  const input = lookupInputSchema.parse(rawInput);
  const trimmed = input.query.trim();
  if (!trimmed) {
    throw new AppError("USAGE", "Give a candidate's name to look up, for example: Jane Smith.");
  }
  if (trimmed.length > MAX_QUERY_CHARS) {
    throw new AppError("USAGE", `A name to look up can be at most ${MAX_QUERY_CHARS} characters.`);
  }
  const key = normalizeName(trimmed);

  const exact = await findByNormalizedName(db, input.teamId, key, input.limit + 1);
  if (exact.length === 1) return found(db, input.teamId, exact[0] as NameMatchRow);
  if (exact.length > 1)
    return { kind: "choices", matches: exact.slice(0, input.limit).map(toMatch) };

  const close = await searchCloseNames(db, input.teamId, key);
  const [best, runnerUp] = close;
  if (!best) {
    // The two loose searches are the slowest of all; on Postgres each gets its own connection
    // so they run side by side.
    const [similar, words] = await Promise.all([
      withTrigramSearch(db, SUGGEST, (tx) =>
        searchSimilarNames(tx, input.teamId, key, SEARCH_ROWS),
      ),
      withTrigramSearch(db, SUGGEST, (tx) => searchNameWords(tx, input.teamId, key, SEARCH_ROWS)),
    ]);
    const suggestions = merge(similar, words);
    return { kind: "none", suggestions: suggestions.slice(0, input.limit).map(toMatch) };
  }
  if (!runnerUp || best.similarity - runnerUp.similarity >= CLEAR_LEAD) {
    return found(db, input.teamId, best);
  }
  return { kind: "choices", matches: close.slice(0, input.limit).map(toMatch) };
}

/**
 * Names close enough to pick or offer (similarity at least MATCH_SIMILARITY), best first: the
 * whole-name search, and the word search only when that found nothing ("jen" for "jennifer
 * martinez"). `key` is already folded by `normalizeName`.
 */
export function searchCloseNames(db: DbOrTx, teamId: string, key: string): Promise<NameMatchRow[]> {
  return withTrigramSearch(db, SEARCH, async (tx) => {
    const similar = await searchSimilarNames(tx, teamId, key, SEARCH_ROWS);
    return similar.length > 0 ? similar : searchNameWords(tx, teamId, key, SEARCH_ROWS);
  });
}

async function found(db: DbOrTx, teamId: string, match: NameMatchRow): Promise<LookupResult> {
  const summary = await getCandidateSummary(db, teamId, match.id);
  // Forgotten between the search and the read: nothing to show.
  return summary ? { kind: "found", summary } : { kind: "none", suggestions: [] };
}

function toMatch(row: NameMatchRow): CandidateMatch {
  return {
    candidateId: row.id,
    name: row.displayName,
    roles: row.roles,
    score: row.latestScore,
    tier: row.effectiveTier,
    lastInterviewedAt: row.lastInterviewedAt,
    similarity: Math.round(row.similarity * 1000) / 1000,
  };
}

/** Both searches' rows, each candidate once with its better score, best first. */
function merge(a: NameMatchRow[], b: NameMatchRow[]): NameMatchRow[] {
  const byId = new Map<string, NameMatchRow>();
  for (const row of [...a, ...b]) {
    const seen = byId.get(row.id);
    if (!seen || row.similarity > seen.similarity) byId.set(row.id, row);
  }
  return [...byId.values()].sort(
    (x, y) => y.similarity - x.similarity || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
}
