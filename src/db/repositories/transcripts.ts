import {
  and,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  type SQL,
  sql,
} from "drizzle-orm";
import type { DbOrTx } from "../client.js";
import { interviews, type NewTranscript, type Transcript, transcripts } from "../schema.js";

/**
 * Serialises work on these keys (a content hash, a Slack file id) across connections and
 * replicas until the transaction ends. Ingest takes them before checking for an earlier import,
 * so two concurrent uploads of the same file cannot both decide they are first. One statement
 * takes them in the order given; callers always pass the same order, so they cannot deadlock.
 * Works on PGlite too.
 */
export async function lockKeys(tx: DbOrTx, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const locks = sql.join(
    keys.map((key) => sql`pg_advisory_xact_lock(hashtextextended(${key}, 0))`),
    sql`, `,
  );
  await tx.execute(sql`select ${locks}`);
}

export async function findTranscript(
  db: DbOrTx,
  teamId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Transcript | undefined> {
  const query = db
    .select()
    .from(transcripts)
    .where(and(eq(transcripts.teamId, teamId), eq(transcripts.id, id)));
  const rows = options.forUpdate ? await query.for("update") : await query;
  return rows[0];
}

export async function findBySlackFileId(
  db: DbOrTx,
  teamId: string,
  slackFileId: string,
): Promise<Transcript | undefined> {
  const [row] = await db
    .select()
    .from(transcripts)
    .where(and(eq(transcripts.teamId, teamId), eq(transcripts.slackFileId, slackFileId)));
  return row;
}

/** The first transcript of the workspace with these bytes that also meets `conditions`. */
async function firstWithHash(
  db: DbOrTx,
  teamId: string,
  contentHash: string,
  ...conditions: Array<SQL | undefined>
): Promise<Transcript | undefined> {
  const [row] = await db
    .select()
    .from(transcripts)
    .where(
      and(eq(transcripts.teamId, teamId), eq(transcripts.contentHash, contentHash), ...conditions),
    )
    .limit(1);
  return row;
}

/** The original import of these bytes in this workspace (never a duplicate-upload row). */
export async function findImportedByHash(
  db: DbOrTx,
  teamId: string,
  contentHash: string,
  excludeId?: string,
): Promise<Transcript | undefined> {
  const original = and(eq(transcripts.status, "done"), isNull(transcripts.duplicateOf));
  const other = excludeId ? ne(transcripts.id, excludeId) : undefined;
  return firstWithHash(db, teamId, contentHash, original, other);
}

/** An earlier failed CLI attempt with the same bytes, reused so retries do not pile up rows. */
export async function findFailedCliAttempt(
  db: DbOrTx,
  teamId: string,
  contentHash: string,
): Promise<Transcript | undefined> {
  const failedCli = and(eq(transcripts.status, "failed"), eq(transcripts.sourceKind, "cli"));
  return firstWithHash(db, teamId, contentHash, failedCli);
}

export async function insertTranscript(db: DbOrTx, row: NewTranscript): Promise<Transcript> {
  const [inserted] = await db.insert(transcripts).values(row).returning();
  if (!inserted) throw new Error("insert into transcripts returned no row");
  return inserted;
}

/** Inserts without reading the row back (the raw text can be megabytes). */
export async function insertTranscriptRow(
  db: DbOrTx,
  row: NewTranscript & { id: string },
): Promise<void> {
  await db.insert(transcripts).values(row);
}

export async function updateTranscript(
  db: DbOrTx,
  id: string,
  patch: Partial<NewTranscript>,
): Promise<string> {
  await db.update(transcripts).set(patch).where(eq(transcripts.id, id));
  return id;
}

/** Rows that are uploads of the same bytes as `id` (duplicates), for access and deletion. */
export async function findDuplicatesOf(db: DbOrTx, id: string): Promise<Transcript[]> {
  return db.select().from(transcripts).where(eq(transcripts.duplicateOf, id));
}

export async function deleteTranscripts(db: DbOrTx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(transcripts).where(inArray(transcripts.id, ids));
}

/**
 * Drops raw text older than the cutoff; the row, its scores and summaries stay. Returns how
 * many transcripts were purged.
 */
export async function purgeRawTextBefore(db: DbOrTx, cutoff: Date, now: Date): Promise<number> {
  const purged = await db
    .update(transcripts)
    .set({ rawText: null, rawPurgedAt: now, updatedAt: now })
    .where(and(isNotNull(transcripts.rawText), lt(transcripts.createdAt, cutoff)))
    .returning({ id: transcripts.id });
  return purged.length;
}

/** Distinct channels with Slack uploads in the workspace (failed ones included). */
export async function slackUploadChannels(db: DbOrTx, teamId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ channelId: transcripts.channelId })
    .from(transcripts)
    .where(and(eq(transcripts.teamId, teamId), eq(transcripts.sourceKind, "slack")));
  return rows.map((r) => r.channelId).filter((c): c is string => c !== null);
}

/** A recent Slack upload as App Home lists it (with its candidate count). */
export interface SlackUploadSummary {
  fileName: string | null;
  channelId: string | null;
  status: "received" | "processing" | "done" | "failed";
  createdAt: Date;
  candidateCount: number;
  errorMessage: string | null;
  duplicate: boolean;
  replyError: string | null;
}

/** The workspace's ten latest Slack uploads, in these channels (all when undefined). */
export async function recentSlackUploads(
  db: DbOrTx,
  teamId: string,
  channelIds: string[] | undefined,
): Promise<SlackUploadSummary[]> {
  if (channelIds && channelIds.length === 0) return [];
  const rows = await db
    .select({
      id: transcripts.id,
      fileName: transcripts.fileName,
      channelId: transcripts.channelId,
      status: transcripts.status,
      createdAt: transcripts.createdAt,
      errorMessage: transcripts.errorMessage,
      duplicateOf: transcripts.duplicateOf,
      replyError: transcripts.replyError,
    })
    .from(transcripts)
    .where(
      and(
        eq(transcripts.teamId, teamId),
        eq(transcripts.sourceKind, "slack"),
        channelIds ? inArray(transcripts.channelId, channelIds) : undefined,
      ),
    )
    .orderBy(desc(transcripts.createdAt))
    .limit(10);
  const canonical = rows.map((r) => r.duplicateOf ?? r.id);
  const counts =
    canonical.length === 0
      ? []
      : await db
          .select({ transcriptId: interviews.transcriptId, n: count() })
          .from(interviews)
          .where(inArray(interviews.transcriptId, canonical))
          .groupBy(interviews.transcriptId);
  const byId = new Map(counts.map((c) => [c.transcriptId, Number(c.n)]));
  return rows.map((r) => ({
    fileName: r.fileName,
    channelId: r.channelId,
    status: r.status,
    createdAt: r.createdAt,
    candidateCount: byId.get(r.duplicateOf ?? r.id) ?? 0,
    errorMessage: r.errorMessage,
    duplicate: r.duplicateOf !== null,
    replyError: r.replyError,
  }));
}
