import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { insertJsonRows } from "../bulk-insert.js";
import type { DbOrTx } from "../client.js";
import {
  type AnswerRow,
  answers,
  type InterviewRow,
  interviews,
  type NewAnswerRow,
  type NewInterviewRow,
  transcripts,
} from "../schema.js";

/** All interviews of one file in one statement (ids are set by the caller). */
export async function insertInterviews(
  tx: DbOrTx,
  rows: (NewInterviewRow & { id: string })[],
): Promise<void> {
  await insertJsonRows(tx, interviews, rows);
}

/** All answers of one file in one statement (one JSON parameter, so no bind-parameter limit). */
export async function insertAnswers(tx: DbOrTx, rows: NewAnswerRow[]): Promise<void> {
  await insertJsonRows(tx, answers, rows);
}

export async function interviewsOfTranscript(
  db: DbOrTx,
  transcriptId: string,
): Promise<InterviewRow[]> {
  return db
    .select()
    .from(interviews)
    .where(eq(interviews.transcriptId, transcriptId))
    .orderBy(asc(interviews.position));
}

export async function getInterview(db: DbOrTx, id: string): Promise<InterviewRow | undefined> {
  const [row] = await db.select().from(interviews).where(eq(interviews.id, id));
  return row;
}

export async function answersOfInterview(db: DbOrTx, interviewId: string): Promise<AnswerRow[]> {
  return db
    .select()
    .from(answers)
    .where(eq(answers.interviewId, interviewId))
    .orderBy(asc(answers.position));
}

export async function answersOfInterviews(
  db: DbOrTx,
  interviewIds: readonly string[],
): Promise<AnswerRow[]> {
  if (interviewIds.length === 0) return [];
  return db
    .select()
    .from(answers)
    .where(inArray(answers.interviewId, [...interviewIds]))
    .orderBy(asc(answers.interviewId), asc(answers.position));
}

export interface HistoryRow {
  interviewId: string;
  transcriptId: string;
  interviewedAt: Date;
  ingestedAt: Date;
  role: string | null;
  score: number;
  tier: InterviewRow["tier"];
  fileName: string | null;
  channelId: string | null;
  slackFileId: string | null;
  messageTs: string | null;
}

/** A candidate's interviews with where each transcript came from, newest first. */
export async function historyOfCandidate(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
): Promise<HistoryRow[]> {
  return db
    .select({
      interviewId: interviews.id,
      transcriptId: interviews.transcriptId,
      interviewedAt: interviews.interviewedAt,
      ingestedAt: interviews.ingestedAt,
      role: interviews.role,
      score: interviews.score,
      tier: interviews.tier,
      fileName: transcripts.fileName,
      channelId: transcripts.channelId,
      slackFileId: transcripts.slackFileId,
      messageTs: transcripts.messageTs,
    })
    .from(interviews)
    .innerJoin(transcripts, eq(transcripts.id, interviews.transcriptId))
    .where(and(eq(interviews.teamId, teamId), eq(interviews.candidateId, candidateId)))
    .orderBy(
      desc(interviews.interviewedAt),
      desc(interviews.ingestedAt),
      desc(interviews.position),
    );
}

/** Other candidates who appear in these transcripts (decides delete vs redact on forget). */
export async function candidatesInTranscripts(
  db: DbOrTx,
  transcriptIds: readonly string[],
): Promise<Array<{ transcriptId: string; candidateId: string }>> {
  if (transcriptIds.length === 0) return [];
  return db
    .selectDistinct({ transcriptId: interviews.transcriptId, candidateId: interviews.candidateId })
    .from(interviews)
    .where(inArray(interviews.transcriptId, [...transcriptIds]));
}
