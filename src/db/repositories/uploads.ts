import { and, asc, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Tier } from "../../transcript/model.js";
import type { DbOrTx } from "../client.js";
import { candidates, interviews, type Transcript, transcripts } from "../schema.js";

/**
 * The durable upload job's rows (see src/ingest/uploads.ts). Leases use the database clock
 * (`now()`), so replicas with skewed clocks agree on expiry; every claim writes its own token
 * to `claimed_by`, and writes are fenced on it.
 */

export interface UploadSource {
  teamId: string;
  slackFileId: string;
  channelId: string;
  /** ts of the message that shared the file. */
  messageTs: string | null;
  /** The thread the reply goes in: the file message's thread, or the message itself. */
  threadTs: string | null;
  uploaderId: string | null;
  fileName: string | null;
  sizeBytes: number | null;
}

/** Records the upload (idempotent on team + Slack file id). */
export async function recordUpload(
  db: DbOrTx,
  source: UploadSource,
): Promise<{ transcript: Transcript; created: boolean }> {
  const inserted = await db
    .insert(transcripts)
    .values({
      teamId: source.teamId,
      sourceKind: "slack",
      slackFileId: source.slackFileId,
      channelId: source.channelId,
      messageTs: source.messageTs,
      threadTs: source.threadTs,
      uploaderId: source.uploaderId,
      fileName: source.fileName,
      sizeBytes: source.sizeBytes,
      status: "received",
    })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { transcript: inserted[0], created: true };
  const [existing] = await db
    .select()
    .from(transcripts)
    .where(
      and(eq(transcripts.teamId, source.teamId), eq(transcripts.slackFileId, source.slackFileId)),
    );
  if (!existing) throw new Error("upload row vanished between insert and select");
  return { transcript: existing, created: false };
}

/**
 * Takes the lease on an unfinished upload, or returns undefined when another worker holds it or
 * it is finished. Database time decides expiry so replicas with skewed clocks agree.
 */
export async function claimUpload(
  db: DbOrTx,
  transcriptId: string,
  workerId: string,
  leaseMs: number,
): Promise<Transcript | undefined> {
  const [row] = await db
    .update(transcripts)
    .set({
      status: sql`case when ${transcripts.status} = 'received' then 'processing'::transcript_status else ${transcripts.status} end`,
      claimedBy: workerId,
      claimExpiresAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
      attempts: sql`${transcripts.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(transcripts.id, transcriptId),
        unfinished(),
        or(isNull(transcripts.claimExpiresAt), lt(transcripts.claimExpiresAt, sql`now()`)),
      ),
    )
    .returning();
  return row;
}

function unfinished() {
  return and(
    eq(transcripts.sourceKind, "slack"),
    isNull(transcripts.replyTs),
    isNull(transcripts.replyError),
  );
}

/** Extends a held lease; false when it was lost (another worker took over). */
export async function renewUploadLease(
  db: DbOrTx,
  transcriptId: string,
  workerId: string,
  leaseMs: number,
): Promise<boolean> {
  const rows = await db
    .update(transcripts)
    .set({ claimExpiresAt: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where(and(eq(transcripts.id, transcriptId), eq(transcripts.claimedBy, workerId)))
    .returning({ id: transcripts.id });
  return rows.length > 0;
}

/** Updates the row only while this worker still holds it (fencing against a stale worker). */
export async function updateUploadFenced(
  db: DbOrTx,
  transcriptId: string,
  workerId: string,
  patch: Partial<typeof transcripts.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(transcripts)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(transcripts.id, transcriptId), eq(transcripts.claimedBy, workerId)))
    .returning({ id: transcripts.id });
  return rows.length > 0;
}

/** Unfinished uploads whose lease lapsed (or that were never claimed), oldest first. */
export async function findRecoverableUploads(
  db: DbOrTx,
  options: { graceMs: number; limit: number },
): Promise<Array<{ id: string; teamId: string }>> {
  return db
    .select({ id: transcripts.id, teamId: transcripts.teamId })
    .from(transcripts)
    .where(
      and(
        unfinished(),
        or(isNull(transcripts.claimExpiresAt), lt(transcripts.claimExpiresAt, sql`now()`)),
        lt(transcripts.createdAt, sql`now() - make_interval(secs => ${options.graceMs / 1000})`),
      ),
    )
    .orderBy(asc(transcripts.createdAt))
    .limit(options.limit);
}

/** One line of the in-thread reply: a candidate found in the file. */
export interface UploadCandidateLine {
  candidateId: string;
  name: string;
  role: string | null;
  tier: Tier;
  score: number;
  reason: string;
  flagCount: number;
  /** The interview-quality flags' kinds (about the interviewer, not the candidate). */
  flagKinds: string[];
}

/** The candidates a transcript produced, best first: what the reply shows. */
export async function candidatesOfTranscript(
  db: DbOrTx,
  transcriptId: string,
): Promise<UploadCandidateLine[]> {
  const rows = await db
    .select({
      candidateId: candidates.id,
      name: candidates.displayName,
      role: interviews.role,
      tier: interviews.tier,
      score: interviews.score,
      reason: interviews.reason,
      flags: interviews.flags,
    })
    .from(interviews)
    .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
    .where(eq(interviews.transcriptId, transcriptId))
    .orderBy(desc(interviews.score), asc(interviews.position));
  return rows.map(({ flags, ...r }) => ({
    ...r,
    flagCount: flags.length,
    flagKinds: flags.map((f) => f.kind),
  }));
}

/** Ends this claim's lease, if it still holds it, so another worker need not wait for expiry. */
export async function releaseUploadLease(
  db: DbOrTx,
  transcriptId: string,
  workerId: string,
): Promise<void> {
  await db
    .update(transcripts)
    .set({ claimedBy: null, claimExpiresAt: null })
    .where(and(eq(transcripts.id, transcriptId), eq(transcripts.claimedBy, workerId)));
}

/** The upload's row by id. */
export async function uploadRow(db: DbOrTx, id: string): Promise<Transcript | undefined> {
  const [row] = await db.select().from(transcripts).where(eq(transcripts.id, id));
  return row;
}
