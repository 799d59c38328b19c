import { z } from "zod";
import type { Db } from "../db/client.js";
import { insertAudit } from "../db/repositories/audit.js";
import { deleteCandidate, getCandidateRow } from "../db/repositories/candidates.js";
import {
  answersOfInterviews,
  candidatesInTranscripts,
  historyOfCandidate,
} from "../db/repositories/interviews.js";
import { deleteVerdicts, verdictKeysOfInterviews } from "../db/repositories/llm-verdicts.js";
import {
  deleteTranscripts,
  findDuplicatesOf,
  findTranscript,
  updateTranscript,
} from "../db/repositories/transcripts.js";
import { AppError } from "../errors.js";
import { redactPerson } from "./redact.js";
import { parseInput } from "./validate.js";

export const forgetInputSchema = z.object({
  teamId: z.string().min(1),
  candidateId: z.guid(),
  actorId: z.string().min(1),
  channelId: z.string().min(1).optional(),
  now: z.date().optional(),
});
export type ForgetInput = z.input<typeof forgetInputSchema>;

export interface ForgetOutcome {
  interviewsDeleted: number;
  /** Transcripts only this candidate was in: deleted with their re-uploads. */
  transcriptsDeleted: number;
  /** Transcripts shared with other candidates: kept, with this person redacted from the raw text. */
  transcriptsRedacted: number;
}

/**
 * Deletes a candidate and everything about them, in one transaction: interviews, answers,
 * overrides, channel grants; the transcripts only they were in (and re-uploads of them); and
 * their name, questions and answers from the raw text of transcripts shared with others. The
 * audit entry records who did it and counts, never the person's data. Cached language-model
 * verdicts on their answers are deleted as well.
 */
export async function forgetCandidate(db: Db, rawInput: ForgetInput): Promise<ForgetOutcome> {
  const input = parseInput(forgetInputSchema, rawInput, "delete request");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const candidate = await getCandidateRow(tx, input.teamId, input.candidateId, {
      forUpdate: true,
    });
    if (!candidate) throw new AppError("NOT_FOUND", "That candidate is no longer on record.");
    const history = await historyOfCandidate(tx, input.teamId, candidate.id);
    const transcriptIds = [...new Set(history.map((h) => h.transcriptId))];
    const people = await candidatesInTranscripts(tx, transcriptIds);
    const shared = new Set(
      people.filter((p) => p.candidateId !== candidate.id).map((p) => p.transcriptId),
    );

    // The language model's cached verdicts quote this person's answers: they go too.
    await deleteVerdicts(
      tx,
      await verdictKeysOfInterviews(
        tx,
        history.map((h) => h.interviewId),
      ),
    );

    const own = transcriptIds.filter((id) => !shared.has(id));
    const duplicates = [];
    for (const id of own) duplicates.push(...(await findDuplicatesOf(tx, id)));
    await deleteTranscripts(tx, [...own, ...duplicates.map((d) => d.id)]);

    const answers = await answersOfInterviews(
      tx,
      history.filter((h) => shared.has(h.transcriptId)).map((h) => h.interviewId),
    );
    const targets = {
      names: [candidate.displayName],
      passages: answers.flatMap((a) => [a.question, a.answer]),
    };
    for (const id of shared) {
      const transcript = await findTranscript(tx, input.teamId, id, { forUpdate: true });
      if (!transcript) continue;
      await updateTranscript(tx, id, {
        rawText: transcript.rawText === null ? null : redactPerson(transcript.rawText, targets),
        fileName: transcript.fileName === null ? null : redactPerson(transcript.fileName, targets),
        sourcePath:
          transcript.sourcePath === null ? null : redactPerson(transcript.sourcePath, targets),
        updatedAt: now,
      });
    }

    await deleteCandidate(tx, input.teamId, candidate.id);
    const outcome = {
      interviewsDeleted: history.length,
      transcriptsDeleted: own.length + duplicates.length,
      transcriptsRedacted: shared.size,
    };
    await insertAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "forget",
      candidateId: candidate.id,
      channelId: input.channelId,
      details: outcome,
      now,
    });
    return outcome;
  });
}
