import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db, DbOrTx } from "../db/client.js";
import {
  addCandidateChannels,
  candidateKey,
  displayNamesOf,
  type FirstInterview,
  refreshCandidateLatest,
  upsertCandidates,
} from "../db/repositories/candidates.js";
import {
  insertAnswers,
  insertInterviews,
  interviewsOfTranscript,
} from "../db/repositories/interviews.js";
import {
  findBySlackFileId,
  findFailedCliAttempt,
  findImportedByHash,
  findTranscript,
  insertTranscript,
  insertTranscriptRow,
  lockKeys,
  updateTranscript,
} from "../db/repositories/transcripts.js";
import type { NewTranscript, Transcript } from "../db/schema.js";
import { AppError, type ErrorCode, isAppError } from "../errors.js";
import type { Judge } from "../llm/judge.js";
import type { Tier } from "../transcript/model.js";
import { type Prepared, prepareScored, stripNul } from "./prepare.js";
import { prepareOffThread } from "./scoring-pool.js";

const sourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("cli"), path: z.string().min(1) }),
  z.object({
    kind: z.literal("slack"),
    fileId: z.string().min(1),
    channelId: z.string().min(1),
    uploaderId: z.string().min(1),
    messageTs: z.string().min(1).optional(),
    threadTs: z.string().min(1).optional(),
  }),
]);

export const ingestInputSchema = z.object({
  teamId: z.string().min(1),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "bytes must be a Uint8Array"),
  fileName: z.string().min(1),
  source: sourceSchema,
  maxBytes: z.number().int().positive(),
  /** Complete this existing `received` row (the durable Slack upload job) instead of a new one. */
  transcriptId: z.guid().optional(),
  now: z.date().optional(),
  /** Ask a language model too (SCORER=llm|blend); without it the offline scorer decides. */
  judge: z.custom<Judge>((v) => typeof v === "object" && v !== null && "judge" in v).optional(),
});
export type IngestInput = z.input<typeof ingestInputSchema>;
export type IngestSource = z.infer<typeof sourceSchema>;

export interface IngestedCandidate {
  candidateId: string;
  interviewId: string;
  name: string;
  role: string | null;
  tier: Tier;
  score: number;
  confidence: number;
  /** One line on why this tier. */
  reason: string;
}

export interface IngestOutcome {
  status: "added" | "already_imported" | "rejected";
  /** The row for this file (for a re-upload elsewhere: the duplicate's own row, or the original's for the CLI). */
  transcriptId: string | null;
  format: string | null;
  /** In transcript order; for `already_imported`, the candidates of the earlier import. */
  candidates: IngestedCandidate[];
  warnings: string[];
  error?: { code: ErrorCode; message: string };
  /** One line when a configured language model did not score this file (offline scores kept). */
  scorerNote?: string;
}

/** The outcome for a file refused with `error` (nothing about it stored by this call). */
export function rejectedOutcome(error: AppError): IngestOutcome {
  return {
    status: "rejected",
    transcriptId: null,
    format: null,
    candidates: [],
    warnings: [],
    error: { code: error.code, message: error.userMessage },
  };
}

/**
 * One file in, one transaction: parse and score (outside the transaction, on a scoring
 * thread: scoring-pool.ts), then store the
 * transcript, candidates, interviews and answers, all or nothing. Idempotent per workspace by
 * content hash and by Slack file id; a file that is not a usable transcript is recorded as
 * `failed` and reported as `rejected` rather than thrown, so a Slack job is never retried
 * forever on a bad file. Throws only for database failures (`DB_ERROR`) or a bad call.
 */
export async function ingestTranscript(db: Db, rawInput: IngestInput): Promise<IngestOutcome> {
  const parsedInput = ingestInputSchema.safeParse(rawInput);
  if (!parsedInput.success) {
    throw new AppError("INTERNAL", "The transcript could not be ingested because of a bug.", {
      cause: parsedInput.error,
    });
  }
  const input = parsedInput.data;
  let prepared = await prepareOffThread(input.bytes, {
    fileName: input.fileName,
    maxBytes: input.maxBytes,
    keepCounted: input.judge !== undefined,
  });
  if (input.judge && prepared.ok) prepared = await judgePrepared(db, input, input.judge, prepared);
  const outcome = await storePrepared(db, {
    teamId: input.teamId,
    fileName: input.fileName,
    source: input.source,
    transcriptId: input.transcriptId,
    now: input.now ?? new Date(),
    prepared,
  });
  const note = prepared.ok ? prepared.judged?.note : undefined;
  return note && outcome.status === "added" ? { ...outcome, scorerNote: note } : outcome;
}

/**
 * Runs the language-model judge outside any transaction (it may take a while), unless these
 * bytes are already stored in this workspace: a re-upload is answered from the first import,
 * so asking the model again would be paid for and thrown away.
 */
async function judgePrepared(
  db: Db,
  input: { teamId: string; bytes: Uint8Array },
  judge: Judge,
  prepared: Extract<Prepared, { ok: true }>,
): Promise<Prepared> {
  if (!prepared.counted) return prepared;
  if (await findImportedByHash(db, input.teamId, prepared.contentHash)) return prepared;
  const judged = await judge.judge({
    result: prepared.result,
    counted: prepared.counted,
    rawText: prepared.rawText,
  });
  return {
    ...prepareScored(input.bytes, prepared.rawText, judged.result, prepared.contentHash),
    judged: { judgements: judged.judgements, note: judged.note },
  };
}

export interface StoreInput {
  teamId: string;
  fileName: string;
  source: IngestSource;
  transcriptId?: string | undefined;
  now: Date;
  prepared: Prepared;
}

/** The storing half of ingest, for callers that prepared the file already (the benchmark). */
export async function storePrepared(db: Db, input: StoreInput): Promise<IngestOutcome> {
  try {
    return await db.transaction((tx) => storeInTransaction(tx, input));
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError("DB_ERROR", "The transcript could not be saved; nothing was stored.", {
      cause: error,
    });
  }
}

async function storeInTransaction(tx: DbOrTx, input: StoreInput): Promise<IngestOutcome> {
  const { teamId, source, prepared, now } = input;
  // Same lock order everywhere (content, then Slack file), so two ingests cannot deadlock.
  await lockKeys(tx, [
    `ingest:${teamId}:${prepared.contentHash}`,
    ...(source.kind === "slack" ? [`slack-file:${teamId}:${source.fileId}`] : []),
  ]);

  let row: Transcript | undefined;
  if (input.transcriptId) {
    row = await findTranscript(tx, teamId, input.transcriptId, { forUpdate: true });
    if (!row) {
      throw new AppError("NOT_FOUND", "That upload is no longer on record.", {
        details: { transcriptId: input.transcriptId },
      });
    }
  } else if (source.kind === "slack") {
    row = await findBySlackFileId(tx, teamId, source.fileId);
  }
  if (row?.status === "done") {
    return alreadyImported(tx, teamId, row.duplicateOf ?? row.id, row.id);
  }

  const original = await findImportedByHash(tx, teamId, prepared.contentHash, row?.id);
  if (original) {
    if (source.kind === "slack") {
      // A re-upload elsewhere: remember the file (idempotency by file id) and let this
      // channel see the candidates; store nothing else.
      const patch = {
        ...doneColumns(input, prepared, original.format),
        duplicateOf: original.id,
        rawText: null,
      };
      const own = row
        ? await updateTranscript(tx, row.id, patch)
        : (await insertTranscript(tx, { ...patch, createdAt: now })).id;
      const existing = await interviewsOfTranscript(tx, original.id);
      await addCandidateChannels(
        tx,
        teamId,
        sortedUnique(existing.map((i) => i.candidateId)),
        source.channelId,
        now,
      );
      return alreadyImported(tx, teamId, original.id, own);
    }
    return alreadyImported(tx, teamId, original.id, original.id);
  }

  if (!prepared.ok) return recordFailure(tx, input, row, prepared);
  return storeNew(tx, input, row, prepared);
}

/** A transcript row stored as done from these bytes (new, or a duplicate of an original). */
function doneColumns(input: StoreInput, prepared: Prepared, format: string | null) {
  return {
    ...sourceColumns(input),
    status: "done" as const,
    contentHash: prepared.contentHash,
    sizeBytes: prepared.sizeBytes,
    format,
    errorCode: null,
    errorMessage: null,
    updatedAt: input.now,
  };
}

function sourceColumns(
  input: StoreInput,
): Partial<NewTranscript> & Pick<NewTranscript, "teamId" | "sourceKind"> {
  const { source } = input;
  const fileName = stripNul(input.fileName);
  return source.kind === "slack"
    ? {
        teamId: input.teamId,
        sourceKind: "slack",
        slackFileId: source.fileId,
        channelId: source.channelId,
        uploaderId: source.uploaderId,
        messageTs: source.messageTs ?? null,
        threadTs: source.threadTs ?? null,
        fileName,
      }
    : { teamId: input.teamId, sourceKind: "cli", sourcePath: stripNul(source.path), fileName };
}

async function recordFailure(
  tx: DbOrTx,
  input: StoreInput,
  row: Transcript | undefined,
  prepared: Extract<Prepared, { ok: false }>,
): Promise<IngestOutcome> {
  const { error } = prepared;
  // No raw text is kept for a rejected file: it may be a résumé or anything else personal.
  const patch = {
    ...sourceColumns(input),
    status: "failed" as const,
    contentHash: prepared.contentHash,
    sizeBytes: prepared.sizeBytes,
    rawText: null,
    errorCode: error.code,
    errorMessage: error.userMessage,
    updatedAt: input.now,
  };
  const existing =
    row ??
    (input.source.kind === "cli"
      ? await findFailedCliAttempt(tx, input.teamId, prepared.contentHash)
      : undefined);
  const id = existing
    ? await updateTranscript(
        tx,
        existing.id,
        // A Slack job's attempts are counted by the upload worker that claims it.
        row ? patch : { ...patch, attempts: existing.attempts + 1 },
      )
    : (await insertTranscript(tx, { ...patch, attempts: 1, createdAt: input.now })).id;
  return { ...rejectedOutcome(error), transcriptId: id };
}

async function storeNew(
  tx: DbOrTx,
  input: StoreInput,
  row: Transcript | undefined,
  prepared: Extract<Prepared, { ok: true }>,
): Promise<IngestOutcome> {
  const { teamId, now } = input;
  const { result, people } = prepared;
  const columns = {
    ...doneColumns(input, prepared, result.format),
    rawText: prepared.rawText,
    duplicateOf: null,
  };
  // Ids are made here rather than returned by each INSERT, so that the statements below can be
  // sent together on the transaction's connection, and a new file costs four round trips
  // instead of ten.
  const transcriptId = row?.id ?? randomUUID();
  const interviewIds = result.candidates.map(() => randomUUID());
  // A new candidate's row is written complete, from their newest interview in this file (the
  // highest position, as `refreshCandidateLatest` would pick among equal times).
  const first = new Map<string, FirstInterview>();
  for (const person of people) {
    const scored = result.candidates[person.position];
    const interviewId = interviewIds[person.position];
    if (!scored || !interviewId) continue;
    const key = candidateKey(person);
    first.set(key, {
      interviewId,
      score: scored.score,
      tier: scored.tier,
      interviewedAt: now,
      count: (first.get(key)?.count ?? 0) + 1,
    });
  }
  // Sorted so that concurrent ingests sharing candidates take row locks in the same order.
  const identities = [...people].sort((a, b) => compare(candidateKey(a), candidateKey(b)));
  const [, ids] = await Promise.all([
    row
      ? updateTranscript(tx, row.id, columns)
      : insertTranscriptRow(tx, { ...columns, id: transcriptId, createdAt: now }),
    upsertCandidates(tx, teamId, identities, now, first),
  ]);
  const candidateAt = (position: number): { id: string; existed: boolean } => {
    const person = people[position];
    const found = person && ids.get(candidateKey(person));
    if (!found) throw new Error(`no candidate id for position ${position}`);
    return found;
  };
  const candidateIdAt = (position: number): string => candidateAt(position).id;

  const interviewRows = result.candidates.map((c, position) => ({
    id: interviewIds[position] as string,
    teamId,
    candidateId: candidateIdAt(position),
    transcriptId,
    position,
    role: people[position]?.role ?? null,
    sourceTier: c.sourceTier,
    sourceMeanRelevance: meanOrNull(c.answers.map((a) => a.sourceRelevance)),
    score: c.score,
    tier: c.tier,
    confidence: c.confidence,
    scorerVersion: result.scorerVersion,
    strengths: c.strengths.map(stripNul),
    concerns: c.concerns.map(stripNul),
    flags: c.flags,
    reason: stripNul(people[position]?.reason ?? ""),
    interviewedAt: now,
    ingestedAt: now,
    ...judgeColumns(prepared, position),
  }));
  const interviewIdAt = (position: number): string => {
    const id = interviewRows[position]?.id;
    if (!id) throw new Error(`no interview id for position ${position}`);
    return id;
  };
  const answerRows = result.candidates.flatMap((c, position) =>
    c.answers.map((a, answerPosition) => ({
      teamId,
      interviewId: interviewIdAt(position),
      position: answerPosition,
      n: a.n,
      question: stripNul(a.question),
      answer: stripNul(a.answer),
      sourceRelevance: a.sourceRelevance,
      struggled: a.struggled,
      score: a.score,
      parts: a.parts,
      reasons: a.reasons.map(stripNul),
      ...verdictColumns(prepared, position, answerPosition),
    })),
  );
  const candidateIds = sortedUnique(people.map((p) => candidateIdAt(p.position)));
  // Only candidates seen before need their latest interview recomputed.
  const existingIds = sortedUnique(
    people.filter((p) => candidateAt(p.position).existed).map((p) => candidateIdAt(p.position)),
  );
  // Interviews and answers are issued the same way (one `tx.execute` each), in this order, so
  // the connection receives the interviews first, as the answers' foreign key needs.
  await Promise.all([
    insertInterviews(tx, interviewRows),
    insertAnswers(tx, answerRows),
    input.source.kind === "slack"
      ? addCandidateChannels(tx, teamId, candidateIds, input.source.channelId, now)
      : undefined,
  ]);
  // Reads the interviews just stored; sends nothing when every candidate is new.
  await refreshCandidateLatest(tx, existingIds, now);

  return {
    status: "added",
    transcriptId,
    format: result.format,
    candidates: result.candidates.map((c, position) => ({
      candidateId: candidateIdAt(position),
      interviewId: interviewIdAt(position),
      name: people[position]?.displayName ?? c.name,
      role: c.role,
      tier: c.tier,
      score: c.score,
      confidence: c.confidence,
      reason: people[position]?.reason ?? "",
    })),
    warnings: result.warnings,
  };
}

/** The outcome for bytes seen before: the earlier import's candidates, nothing new stored. */
async function alreadyImported(
  tx: DbOrTx,
  teamId: string,
  originalId: string,
  transcriptId: string,
): Promise<IngestOutcome> {
  const original = await findTranscript(tx, teamId, originalId);
  const existing = await interviewsOfTranscript(tx, originalId);
  const names = await displayNamesOf(tx, sortedUnique(existing.map((i) => i.candidateId)));
  return {
    status: "already_imported",
    transcriptId,
    format: original?.format ?? null,
    candidates: existing.map((i) => ({
      candidateId: i.candidateId,
      interviewId: i.id,
      name: names.get(i.candidateId) ?? "",
      role: i.role,
      tier: i.tier,
      score: i.score,
      confidence: i.confidence,
      reason: i.reason,
    })),
    warnings: [],
  };
}

/**
 * The judge's record for an interview row. Only added when a judge ran, so an offline ingest
 * writes exactly the columns it always did (bulk inserts write the first row's keys).
 */
function judgeColumns(prepared: Extract<Prepared, { ok: true }>, position: number) {
  const j = prepared.judged?.judgements[position];
  if (!j) return {};
  return {
    scorerKind: j.scorerKind,
    offlineScore: j.offlineScore,
    llmModel: j.model,
    llmPromptVersion: j.promptVersion,
    llmPromptTokens: j.promptTokens,
    llmCompletionTokens: j.completionTokens,
    llmLatencyMs: j.latencyMs,
    llmRequests: j.requests,
    llmCachedAnswers: j.cachedAnswers,
    llmDroppedQuotes: j.droppedQuotes,
    llmFallback: j.fallback,
  };
}

function verdictColumns(
  prepared: Extract<Prepared, { ok: true }>,
  position: number,
  answerPosition: number,
) {
  if (!prepared.judged) return {};
  const a = prepared.judged.judgements[position]?.answers[answerPosition];
  return {
    offlineScore: a?.offlineScore ?? null,
    verdict: a?.verdict ?? null,
    verdictKey: a?.verdictKey ?? null,
  };
}

function meanOrNull(values: Array<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((s, v) => s + v, 0) / present.length;
}

function sortedUnique(ids: string[]): string[] {
  return [...new Set(ids)].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
