import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { insertJsonRows } from "../bulk-insert.js";
import type { DbOrTx } from "../client.js";
import { preparedPerDb, teamScoped } from "../prepared.js";
import {
  type AnswerRow,
  answers,
  type CandidateRow,
  candidates,
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

const answersOfLatest = preparedPerDb((db) =>
  db
    .select()
    .from(answers)
    .where(
      eq(
        answers.interviewId,
        sql`(select ${candidates.latestInterviewId} from ${candidates} where ${candidates.id} = ${sql.placeholder("candidateId")} and ${candidates.teamId} = ${sql.placeholder("teamId")})`,
      ),
    )
    .orderBy(asc(answers.position))
    .prepare("answers_of_latest_interview"),
);

/** The answers of a candidate's latest interview, found through the candidate row. */
export function answersOfLatestInterview(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
): Promise<AnswerRow[]> {
  return answersOfLatest(db).execute({ teamId, candidateId });
}

const candidateWithLatest = preparedPerDb((db) =>
  db
    .select({ candidate: candidates, latest: interviews })
    .from(candidates)
    .leftJoin(interviews, eq(interviews.id, candidates.latestInterviewId))
    .where(teamScoped(candidates.teamId, candidates.id, "candidateId"))
    .prepare("candidate_with_latest"),
);

/** A candidate with their latest interview (if any) in one query. */
export async function getCandidateWithLatest(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
): Promise<{ candidate: CandidateRow; latest: InterviewRow | null } | undefined> {
  const [row] = await candidateWithLatest(db).execute({ teamId, candidateId });
  return row;
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

const history = preparedPerDb((db) =>
  db
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
    .where(teamScoped(interviews.teamId, interviews.candidateId, "candidateId"))
    .orderBy(desc(interviews.interviewedAt), desc(interviews.ingestedAt), desc(interviews.position))
    .prepare("candidate_history"),
);

/** A candidate's interviews with where each transcript came from, newest first. */
export function historyOfCandidate(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
): Promise<HistoryRow[]> {
  return history(db).execute({ teamId, candidateId });
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
