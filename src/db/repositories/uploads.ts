import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { Tier } from "../../transcript/model.js";
import type { DbOrTx } from "../client.js";
import { candidates, interviews, type Transcript, transcripts } from "../schema.js";
import { claimable, claimLease } from "./leases.js";

/**
 * The durable upload job's rows (see src/ingest/uploads.ts). Their leases are the one lease
 * engine's (src/db/repositories/leases.ts: database clock, a token per claim, fenced writes).
 */

export interface UploadSource {
  /** The row's id when the caller chose it (to name the row before it exists); else random. */
  id?: string;
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
      ...(source.id ? { id: source.id } : {}),
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
 * Takes the lease on an unfinished upload under `token` (src/lease.ts), counting the attempt;
 * undefined when another worker holds it or it is finished.
 */
export function claimUpload(
  db: DbOrTx,
  transcriptId: string,
  token: string,
  leaseMs: number,
): Promise<Transcript | undefined> {
  return claimLease(db, "upload", transcriptId, token, leaseMs, {
    status: sql`case when ${transcripts.status} = 'received' then 'processing'::transcript_status else ${transcripts.status} end`,
    attempts: sql`${transcripts.attempts} + 1`,
    updatedAt: sql`now()`,
  });
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
        claimable("upload"),
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
  /** Why a configured language model did not score this candidate (null: it did, or none is set). */
  llmFallback?: string | null;
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
      llmFallback: interviews.llmFallback,
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

/** The upload's row by id. */
export async function uploadRow(db: DbOrTx, id: string): Promise<Transcript | undefined> {
  const [row] = await db.select().from(transcripts).where(eq(transcripts.id, id));
  return row;
}
