import { sql } from "drizzle-orm";
import type { DigestRow, DigestScope } from "../../digest/build.js";
import type { InterviewFlag } from "../../scoring/model.js";
import type { Tier } from "../../transcript/model.js";
import type { DbOrTx } from "../client.js";
import { rowsOf } from "../rows.js";
import { candidates, interviews, scoreOverrides, transcripts } from "../schema.js";

export interface DigestRowsQuery {
  teamId: string;
  scope: DigestScope;
  /** [from, to) on `interviews.interviewed_at`. */
  from: Date;
  to: Date;
}

const rowColumns = sql`
  i.id, i.candidate_id, c.display_name, i.role, i.score, i.tier, i.confidence, i.reason,
  i.strengths, i.concerns, i.flags,
  extract(epoch from i.interviewed_at)::float8 * 1000 as interviewed_ms,
  (select json_build_object('tier', o.tier, 'reason', o.reason, 'setBy', o.set_by,
                            'setAt', o.created_at)
     from ${scoreOverrides} o
    where o.candidate_id = i.candidate_id
    order by o.created_at desc
    limit 1) as override`;

/**
 * Every interview a digest needs, in one query: interviews in the window (the
 * `interviews(team_id, interviewed_at)` index), their candidate, and the candidate's latest
 * override (a correlated subquery on `score_overrides(candidate_id, created_at)`). For a
 * channel, only interviews whose transcript was uploaded there, or whose bytes were uploaded
 * there again later (a `duplicate_of` row pointing at the stored transcript).
 */
export async function loadDigestRows(db: DbOrTx, q: DigestRowsQuery): Promise<DigestRow[]> {
  if (q.scope.kind === "channel") {
    const byChannel = await loadDigestRowsByChannel(db, {
      teamId: q.teamId,
      channelIds: [q.scope.channelId],
      from: q.from,
      to: q.to,
    });
    return byChannel.get(q.scope.channelId) ?? [];
  }
  const result = await db.execute(sql`
    select ${rowColumns}
      from ${interviews} i
      join ${candidates} c on c.id = i.candidate_id
     where i.team_id = ${q.teamId}
       and i.interviewed_at >= ${q.from.toISOString()}::timestamptz
       and i.interviewed_at < ${q.to.toISOString()}::timestamptz`);
  return rowsOf<RawRow>(result).map(toDigestRow);
}

/**
 * The rows of many channels' digests over the same window, in one query: the scheduler loads
 * every channel due at the same time together instead of one statement per channel. A file
 * reaches a channel by its own upload or by a later re-upload of the same bytes (a
 * `duplicate_of` row); `union` counts a file uploaded twice to one channel once.
 *
 * A `sql` template rather than the query builder: this runs on every tick, and building the
 * statement with the builder cost a third of a single-channel digest's time in the benchmark.
 */
export async function loadDigestRowsByChannel(
  db: DbOrTx,
  q: { teamId: string; channelIds: string[]; from: Date; to: Date },
): Promise<Map<string, DigestRow[]>> {
  const byChannel = new Map<string, DigestRow[]>(q.channelIds.map((id) => [id, []]));
  if (q.channelIds.length === 0) return byChannel;
  const channels = sql.join(
    q.channelIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const result = await db.execute(sql`
    with uploads as (
      select t.channel_id, t.id as transcript_id
        from ${transcripts} t
       where t.team_id = ${q.teamId} and t.channel_id in (${channels})
      union
      select t.channel_id, t.duplicate_of
        from ${transcripts} t
       where t.team_id = ${q.teamId} and t.channel_id in (${channels})
         and t.duplicate_of is not null
    )
    select u.channel_id, ${rowColumns}
      from uploads u
      join ${interviews} i on i.transcript_id = u.transcript_id
      join ${candidates} c on c.id = i.candidate_id
     where i.team_id = ${q.teamId}
       and i.interviewed_at >= ${q.from.toISOString()}::timestamptz
       and i.interviewed_at < ${q.to.toISOString()}::timestamptz`);
  for (const raw of rowsOf<RawRow>(result)) {
    byChannel.get(raw.channel_id ?? "")?.push(toDigestRow(raw));
  }
  return byChannel;
}

interface RawRow {
  channel_id?: string;
  id: string;
  candidate_id: string;
  display_name: string;
  role: string | null;
  score: number | string;
  tier: Tier;
  confidence: number | string;
  reason: string;
  strengths: unknown;
  concerns: unknown;
  flags: unknown;
  /** Milliseconds since the epoch: one representation whatever the driver's date parsing. */
  interviewed_ms: number | string;
  override: OverrideJson | string | null;
}

interface OverrideJson {
  tier: Tier;
  reason: string;
  setBy: string;
  setAt: string;
}

/** json/jsonb arrive parsed (PGlite) or as text (postgres.js under Drizzle's type parsers). */
function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

function toDigestRow(r: RawRow): DigestRow {
  const override = r.override === null ? null : json<OverrideJson>(r.override);
  return {
    interviewId: r.id,
    candidateId: r.candidate_id,
    displayName: r.display_name,
    role: r.role,
    score: Number(r.score),
    tier: r.tier,
    confidence: Number(r.confidence),
    reason: r.reason,
    strengths: json<string[]>(r.strengths),
    concerns: json<string[]>(r.concerns),
    flags: json<InterviewFlag[]>(r.flags),
    interviewedAt: new Date(Math.round(Number(r.interviewed_ms))),
    override: override
      ? {
          tier: override.tier,
          reason: override.reason,
          setBy: override.setBy,
          setAt: new Date(override.setAt),
        }
      : null,
  };
}
