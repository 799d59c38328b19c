import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gte,
  inArray,
  isNotNull,
  lt,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Tier } from "../../transcript/model.js";
import type { DbOrTx } from "../client.js";
import { preparedPerDb, teamScoped } from "../prepared.js";
import { rowsOf } from "../rows.js";
import {
  type CandidateRow,
  candidateChannels,
  candidates,
  interviews,
  scoreOverrides,
} from "../schema.js";

export interface CandidateIdentity {
  displayName: string;
  normalizedName: string;
  roleKey: string;
  /** The role as written, or null when the transcript named none. */
  role: string | null;
}

/** What a new candidate's row starts with: their newest interview in the file being stored. */
export interface FirstInterview {
  interviewId: string;
  score: number;
  tier: Tier;
  interviewedAt: Date;
  /** Their interviews in this file. */
  count: number;
}

/** One candidate per normalized name and role key in a workspace: the key of that identity. */
export function candidateKey(c: { normalizedName: string; roleKey: string }): string {
  return `${c.normalizedName}\u0000${c.roleKey}`;
}

/**
 * Finds or creates each candidate in one statement. A new spelling of the role is added to
 * `roles`; the display name stays as first written. A new candidate's row is written complete
 * (latest interview, score, tier) from `first`, so it needs no second write: each rewrite of a
 * candidate row also rewrites its trigram index entries. Returns, by identity, the id and
 * whether the row already existed (its latest fields then need `refreshCandidateLatest`).
 */
export async function upsertCandidates(
  tx: DbOrTx,
  teamId: string,
  people: CandidateIdentity[],
  now: Date,
  first: ReadonlyMap<string, FirstInterview> = new Map(),
): Promise<Map<string, { id: string; existed: boolean }>> {
  const unique = new Map<string, CandidateIdentity>();
  for (const person of people)
    unique.set(candidateKey(person), unique.get(candidateKey(person)) ?? person);
  if (unique.size === 0) return new Map();
  const rows = await tx
    .insert(candidates)
    .values(
      [...unique.values()].map((p) => {
        const latest = first.get(candidateKey(p));
        return {
          teamId,
          displayName: p.displayName,
          normalizedName: p.normalizedName,
          roleKey: p.roleKey,
          roles: p.role ? [p.role] : [],
          ...(latest
            ? {
                latestInterviewId: latest.interviewId,
                latestScore: latest.score,
                latestTier: latest.tier,
                effectiveTier: latest.tier,
                lastInterviewedAt: latest.interviewedAt,
                interviewCount: latest.count,
              }
            : {}),
          createdAt: now,
          updatedAt: now,
        };
      }),
    )
    .onConflictDoUpdate({
      target: [candidates.teamId, candidates.normalizedName, candidates.roleKey],
      set: {
        roles: sql`case when excluded.roles <@ ${candidates.roles} then ${candidates.roles} else ${candidates.roles} || excluded.roles end`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning({
      id: candidates.id,
      normalizedName: candidates.normalizedName,
      roleKey: candidates.roleKey,
      // A row this statement inserted has no deleting/locking transaction recorded yet.
      existed: sql<boolean>`(xmax <> 0)`,
    });
  return new Map(rows.map((r) => [candidateKey(r), { id: r.id, existed: Boolean(r.existed) }]));
}

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * Recomputes the denormalised latest interview, score, tier, count and effective tier (the
 * latest override wins) of the given candidates, in one statement.
 */
export async function refreshCandidateLatest(
  tx: DbOrTx,
  candidateIds: readonly string[],
  now: Date,
): Promise<void> {
  if (candidateIds.length === 0) return;
  await tx.execute(sql`
    update ${candidates} as c set
      latest_interview_id = l.id,
      latest_score = l.score,
      latest_tier = l.tier,
      last_interviewed_at = l.interviewed_at,
      interview_count = l.n,
      effective_tier = coalesce(
        (select o.tier from ${scoreOverrides} o where o.candidate_id = c.id
          order by o.created_at desc, o.id desc limit 1),
        l.tier),
      updated_at = ${now.toISOString()}::timestamptz
    from (
      select distinct on (i.candidate_id) i.candidate_id, i.id, i.score, i.tier, i.interviewed_at,
        count(*) over (partition by i.candidate_id) as n
      from ${interviews} i
      where i.candidate_id in (${idList(candidateIds)})
      order by i.candidate_id, i.interviewed_at desc, i.ingested_at desc, i.position desc
    ) as l
    where c.id = l.candidate_id`);
}

/** Grants the channel access to these candidates (an upload there, or a re-upload). */
export async function addCandidateChannels(
  tx: DbOrTx,
  teamId: string,
  candidateIds: readonly string[],
  channelId: string,
  now: Date,
): Promise<void> {
  if (candidateIds.length === 0) return;
  await tx
    .insert(candidateChannels)
    .values(candidateIds.map((candidateId) => ({ candidateId, teamId, channelId, createdAt: now })))
    .onConflictDoNothing();
}

const channelsOf = preparedPerDb((db) =>
  db
    .select({ channelId: candidateChannels.channelId })
    .from(candidateChannels)
    .where(teamScoped(candidateChannels.teamId, candidateChannels.candidateId, "candidateId"))
    .orderBy(asc(candidateChannels.createdAt), asc(candidateChannels.channelId))
    .prepare("candidate_channels_of"),
);

/** The channels a candidate was uploaded to (who may see them), first upload first. */
export async function channelIdsOf(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
): Promise<string[]> {
  const rows = await channelsOf(db).execute({ teamId, candidateId });
  return rows.map((r) => r.channelId);
}

/** The (candidate, channel) pairs of these candidates: one query for a whole choice list. */
export async function channelsOfCandidates(
  db: DbOrTx,
  teamId: string,
  candidateIds: readonly string[],
): Promise<Array<{ candidateId: string; channelId: string }>> {
  if (candidateIds.length === 0) return [];
  return db
    .select({ candidateId: candidateChannels.candidateId, channelId: candidateChannels.channelId })
    .from(candidateChannels)
    .where(
      and(
        eq(candidateChannels.teamId, teamId),
        inArray(candidateChannels.candidateId, [...candidateIds]),
      ),
    );
}

/** Every channel of the workspace some candidate was uploaded to. */
export async function candidateUploadChannels(db: DbOrTx, teamId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ channelId: candidateChannels.channelId })
    .from(candidateChannels)
    .where(eq(candidateChannels.teamId, teamId));
  return rows.map((r) => r.channelId);
}

/** Display names by candidate id. */
export async function displayNamesOf(
  db: DbOrTx,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: candidates.id, displayName: candidates.displayName })
    .from(candidates)
    .where(inArray(candidates.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export async function getCandidateRow(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CandidateRow | undefined> {
  const query = db
    .select()
    .from(candidates)
    .where(and(eq(candidates.teamId, teamId), eq(candidates.id, candidateId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row;
}

export interface NameMatchRow {
  id: string;
  displayName: string;
  normalizedName: string;
  roles: string[];
  latestScore: number | null;
  effectiveTier: Tier | null;
  lastInterviewedAt: Date | null;
  /** 1 for an exact key match; otherwise pg_trgm similarity (0..1). */
  similarity: number;
}

const matchColumns = {
  id: candidates.id,
  displayName: candidates.displayName,
  normalizedName: candidates.normalizedName,
  roles: candidates.roles,
  latestScore: candidates.latestScore,
  effectiveTier: candidates.effectiveTier,
  lastInterviewedAt: candidates.lastInterviewedAt,
};

const byNormalizedName = preparedPerDb((db) =>
  db
    .select(matchColumns)
    .from(candidates)
    .where(teamScoped(candidates.teamId, candidates.normalizedName, "normalizedName"))
    .orderBy(desc(candidates.lastInterviewedAt), asc(candidates.id))
    .limit(sql.placeholder("limit"))
    .prepare("candidates_by_normalized_name"),
);

/** Candidates whose folded name equals the key (the identity index answers it). */
export async function findByNormalizedName(
  db: DbOrTx,
  teamId: string,
  normalizedName: string,
  limit: number,
): Promise<NameMatchRow[]> {
  const rows = await byNormalizedName(db).execute({ teamId, normalizedName, limit });
  return rows.map((r) => ({ ...r, similarity: 1 }));
}

export interface TrigramThresholds {
  /** `pg_trgm.similarity_threshold`, used by `%` (pg_trgm's default is 0.3). */
  similarity: number;
  /** `pg_trgm.word_similarity_threshold`, used by `<%` (default 0.6). */
  wordSimilarity: number;
}

/**
 * Runs trigram searches in one transaction with pg_trgm's thresholds set for it only
 * (`set_config(..., true)`), and sequential scans off. Why: the planner costs a trigram
 * comparison like an equality, so on a table of ~100,000 names it often prefers a sequential
 * scan (or a scan of the whole workspace through a btree index) that is in fact tens of times
 * slower than the GIN index. Transaction-local, so nothing else is affected.
 */
export async function withTrigramSearch<T>(
  db: DbOrTx,
  thresholds: TrigramThresholds,
  fn: (tx: DbOrTx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('enable_seqscan', 'off', true), set_config('pg_trgm.similarity_threshold', ${String(thresholds.similarity)}, true), set_config('pg_trgm.word_similarity_threshold', ${String(thresholds.wordSimilarity)}, true)`,
    );
    return fn(tx);
  });
}

interface RawMatch {
  id: string;
  display_name: string;
  normalized_name: string;
  roles: string[];
  latest_score: number | null;
  effective_tier: Tier | null;
  last_interviewed_at: Date | string | null;
  similarity: number;
}

/**
 * The trigram condition runs alone in a MATERIALIZED CTE and the workspace filter outside it:
 * given `team_id = ?` next to it, the planner would rather walk the whole workspace through a
 * btree index than use the trigram index. Run inside `withTrigramSearch`.
 */
async function searchWhere(
  db: DbOrTx,
  teamId: string,
  key: string,
  condition: SQL,
  limit: number,
): Promise<NameMatchRow[]> {
  const result = await db.execute(sql`
    with matches as materialized (
      select id, team_id, display_name, normalized_name, roles, latest_score, effective_tier,
        last_interviewed_at
      from ${candidates}
      where ${condition}
    )
    select id, display_name, normalized_name, roles, latest_score, effective_tier,
      last_interviewed_at,
      greatest(similarity(normalized_name, ${key}), word_similarity(${key}, normalized_name))
        as similarity
    from matches
    where team_id = ${teamId}
    order by similarity desc, last_interviewed_at desc nulls last, id
    limit ${limit}`);
  return rowsOf<RawMatch>(result).map((r) => ({
    id: r.id,
    displayName: r.display_name,
    normalizedName: r.normalized_name,
    roles: r.roles,
    latestScore: r.latest_score === null ? null : Number(r.latest_score),
    effectiveTier: r.effective_tier,
    lastInterviewedAt: r.last_interviewed_at === null ? null : new Date(r.last_interviewed_at),
    similarity: Number(r.similarity),
  }));
}

/**
 * Whole-name similarity (`%`): misspellings of the full name ("jon doe"), and a surname or
 * first name alone when the name is short. Answered by the (team_id, name) GIN index. Each
 * operator gets its own query: an OR of the two makes the planner cost both index scans and
 * fall back to a sequential scan that is far slower than it estimates.
 */
export function searchSimilarNames(
  db: DbOrTx,
  teamId: string,
  key: string,
  limit: number,
): Promise<NameMatchRow[]> {
  return searchWhere(db, teamId, key, sql`${candidates.normalizedName} % ${key}`, limit);
}

/** Word similarity (`<%`): the query as part of a longer name ("jen" in "jennifer martinez"). */
export function searchNameWords(
  db: DbOrTx,
  teamId: string,
  key: string,
  limit: number,
): Promise<NameMatchRow[]> {
  return searchWhere(db, teamId, key, sql`${key} <% ${candidates.normalizedName}`, limit);
}

export interface ListFilter {
  teamId: string;
  /** Part of the role, any case ("python" finds "Senior Python Developer"). Already folded. */
  roleKey?: string | undefined;
  tier?: Tier | undefined;
  /** Candidates with an interview at or after `from` and before `to`. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only candidates uploaded to one of these channels (an empty list matches nothing). */
  channelIds?: readonly string[] | undefined;
  limit: number;
  offset: number;
}

export interface ListRow {
  id: string;
  displayName: string;
  roles: string[];
  latestScore: number | null;
  latestTier: Tier | null;
  effectiveTier: Tier | null;
  lastInterviewedAt: Date | null;
  interviewCount: number;
  role: string | null;
  confidence: number | null;
  reason: string | null;
  overridden: boolean;
}

/** Escapes LIKE wildcards so "%", "_" and "\" in a filter are taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/gu, (ch) => `\\${ch}`);
}

/** Candidates by score, best first, with the total for paging. */
export async function listCandidateRows(
  db: DbOrTx,
  filter: ListFilter,
): Promise<{ rows: ListRow[]; total: number }> {
  if (filter.channelIds && filter.channelIds.length === 0) return { rows: [], total: 0 };
  const where = and(
    eq(candidates.teamId, filter.teamId),
    isNotNull(candidates.latestScore),
    filter.tier ? eq(candidates.effectiveTier, filter.tier) : undefined,
    filter.roleKey
      ? sql`${candidates.roleKey} like ${`%${escapeLike(filter.roleKey)}%`} escape '\\'`
      : undefined,
    filter.from || filter.to
      ? exists(
          db
            .select({ one: sql`1` })
            .from(interviews)
            .where(
              and(
                eq(interviews.candidateId, candidates.id),
                filter.from ? gte(interviews.interviewedAt, filter.from) : undefined,
                filter.to ? lt(interviews.interviewedAt, filter.to) : undefined,
              ),
            ),
        )
      : undefined,
    filter.channelIds
      ? exists(
          db
            .select({ one: sql`1` })
            .from(candidateChannels)
            .where(
              and(
                eq(candidateChannels.candidateId, candidates.id),
                inArray(candidateChannels.channelId, [...filter.channelIds]),
              ),
            ),
        )
      : undefined,
  );
  const rows = await db
    .select({
      id: candidates.id,
      displayName: candidates.displayName,
      roles: candidates.roles,
      latestScore: candidates.latestScore,
      latestTier: candidates.latestTier,
      effectiveTier: candidates.effectiveTier,
      lastInterviewedAt: candidates.lastInterviewedAt,
      interviewCount: candidates.interviewCount,
      role: interviews.role,
      confidence: interviews.confidence,
      reason: interviews.reason,
      overridden: sql<boolean>`exists (select 1 from ${scoreOverrides} o where o.candidate_id = ${candidates.id})`,
    })
    .from(candidates)
    .leftJoin(interviews, eq(interviews.id, candidates.latestInterviewId))
    .where(where)
    .orderBy(sql`${candidates.latestScore} desc nulls last`, asc(candidates.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [totalRow] = await db.select({ total: count() }).from(candidates).where(where);
  return { rows, total: Number(totalRow?.total ?? 0) };
}

export async function deleteCandidate(tx: DbOrTx, teamId: string, candidateId: string) {
  await tx
    .delete(candidates)
    .where(and(eq(candidates.teamId, teamId), eq(candidates.id, candidateId)));
}

export async function setEffectiveTier(
  tx: DbOrTx,
  candidateId: string,
  tier: Tier,
  now: Date,
): Promise<void> {
  await tx
    .update(candidates)
    .set({ effectiveTier: tier, updatedAt: now })
    .where(eq(candidates.id, candidateId));
}
