import { createHash } from "node:crypto";
import pLimit, { type LimitFunction } from "p-limit";
import type { LlmSettings, ScorerKind } from "../config.js";
import type { DbOrTx } from "../db/client.js";
import { cachedVerdicts, cacheVerdicts } from "../db/repositories/llm-verdicts.js";
import type { Logger } from "../logger.js";
import { SCORER_VERSION, scoreCandidateDetailed, tierFor } from "../scoring/index.js";
import type { ScoredAnswer, ScoredCandidate, ScoreResult } from "../scoring/model.js";
import type { Candidate, ParseResult } from "../transcript/model.js";
import { finalAnswerScore } from "./blend.js";
import { type JudgeClient, JudgeUnavailable, MalformedReply } from "./client.js";
import { scorerNote } from "./note.js";
import { verifyQuotes } from "./quotes.js";
import { createRedactor } from "./redact.js";
import { PROMPT_VERSION, type PromptAnswer, SYSTEM_PROMPT, userPrompt } from "./rubric.js";
import {
  type ModelVerdicts,
  modelVerdictsSchema,
  type StoredVerdict,
  verdictJsonSchema,
} from "./verdict.js";

/**
 * The optional language-model judge: an async layer over the offline scorer. It takes a parsed
 * and offline-scored transcript, asks the model for a verdict on each counted answer (one
 * request per candidate, every answer with its question), keeps only quotes found in the
 * answer, and returns the scores adjusted by `llm` or `blend` (src/llm/blend.ts) with what each
 * verdict cost. When the model cannot be used the offline scores stand and `note` says so.
 */

/** The offline scores plus which answers count towards the candidate (small talk does not). */
export interface OfflineScored {
  result: ScoreResult;
  counted: boolean[][];
}

/** `scoreTranscript` with each answer's `counted` kept, for the judge (same scores, one pass). */
export function scoreOffline(parsed: ParseResult): OfflineScored {
  const { candidates, counted } = scoreCandidatesOffline(parsed.candidates);
  return { result: { ...parsed, scorerVersion: SCORER_VERSION, candidates }, counted };
}

/**
 * `scoreOffline` for some of a transcript's candidates: each is scored on its own, so a file
 * scored in parts (one part per scoring thread) scores exactly as the whole.
 */
export function scoreCandidatesOffline(candidates: readonly Candidate[]): {
  candidates: ScoredCandidate[];
  counted: boolean[][];
} {
  const counted: boolean[][] = [];
  const scored = candidates.map((c) => {
    const { scored, details } = scoreCandidateDetailed(c);
    counted.push(details.map((d) => d.counted));
    return scored;
  });
  return { candidates: scored, counted };
}

export interface AnswerJudgement {
  offlineScore: number;
  verdict: StoredVerdict | null;
  verdictKey: string | null;
}

export interface CandidateJudgement {
  /** `offline` when the model could not be used for this candidate (`fallback` says why). */
  scorerKind: ScorerKind;
  offlineScore: number;
  model: string;
  promptVersion: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  requests: number;
  cachedAnswers: number;
  droppedQuotes: number;
  fallback: string | null;
  answers: AnswerJudgement[];
}

export interface JudgedTranscript {
  result: ScoreResult;
  judgements: CandidateJudgement[];
  /** One line for the reply when any candidate was scored offline instead. */
  note: string | null;
}

export interface Judge {
  readonly model: string;
  readonly scorer: Exclude<ScorerKind, "offline">;
  judge(
    input: OfflineScored & { rawText: string },
    signal?: AbortSignal,
  ): Promise<JudgedTranscript>;
}

export interface JudgeOptions {
  db: DbOrTx;
  client: JudgeClient;
  settings: LlmSettings;
  scorer: Exclude<ScorerKind, "offline">;
  logger?: Logger | undefined;
}

/** The cache key: what was sent for one answer (after redaction), hashed. */
export function verdictKey(question: string, answer: string): string {
  return createHash("sha256")
    .update(JSON.stringify([question, answer]))
    .digest("hex");
}

function parseVerdicts(content: string): ModelVerdicts {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new MalformedReply("the reply is not JSON");
  }
  const parsed = modelVerdictsSchema.safeParse(json);
  if (!parsed.success) throw new MalformedReply("the reply does not match the verdict schema");
  return parsed.data;
}

/** Keeps the quotes that occur in the answer as sent; a factual error needs its quote. */
function verify(v: ModelVerdicts["answers"][number], sentAnswer: string): StoredVerdict {
  const quotes = verifyQuotes(v.quotes, sentAnswer);
  let dropped = quotes.dropped;
  const factualErrors: StoredVerdict["factualErrors"] = [];
  for (const e of v.factual_errors) {
    const check = verifyQuotes([e.quote], sentAnswer);
    if (check.kept[0])
      factualErrors.push({ quote: check.kept[0], correction: e.correction.trim() });
    else dropped++;
  }
  return {
    tier: v.tier,
    correct: v.correct.map((s) => s.trim()).filter(Boolean),
    wrongOrMissing: v.wrong_or_missing.map((s) => s.trim()).filter(Boolean),
    factualErrors,
    quotes: quotes.kept,
    droppedQuotes: dropped,
  };
}

/** A model's phrase as a sentence: its own closing punctuation dropped, one full stop added. */
function sentence(text: string): string {
  return `${text.trim().replace(/[.!?;:,]+$/, "")}.`;
}

/** The verdict as the answer's first reason (what the card's per-question line shows). */
function verdictLine(v: StoredVerdict): string {
  const parts = [`Language model: ${v.tier}.`];
  const error = v.factualErrors[0];
  const low = v.tier === "weak" || v.tier === "average";
  if (error) parts.push(`Wrong: “${error.quote}” (${error.correction.replace(/[.]+$/, "")}).`);
  else if (low && v.wrongOrMissing[0]) parts.push(`Missing: ${sentence(v.wrongOrMissing[0])}`);
  else if (v.correct[0]) parts.push(`Right: ${sentence(v.correct[0])}`);
  if (v.quotes[0] && !error) parts.push(`“${v.quotes[0]}”`);
  return parts.join(" ");
}

export function createJudge(options: JudgeOptions): Judge {
  const { client, settings, scorer, db, logger } = options;
  // One limiter per judge (per process): bounds requests in flight across files and candidates.
  const limit: LimitFunction = pLimit(settings.concurrency);
  const schema = verdictJsonSchema();

  async function judgeCandidate(
    candidate: ScoredCandidate,
    counted: boolean[],
    rawText: string,
    signal: AbortSignal,
  ): Promise<{ candidate: ScoredCandidate; judgement: CandidateJudgement }> {
    const redact = settings.redactNames
      ? createRedactor(candidate.name, rawText)
      : (t: string) => t;
    const items = candidate.answers.flatMap((a, index) => {
      if (!counted[index] || a.answer.trim() === "") return [];
      const question = redact(a.question);
      const answer = redact(a.answer);
      return [{ index, id: `A${index + 1}`, question, answer, key: verdictKey(question, answer) }];
    });
    const judgement: CandidateJudgement = {
      scorerKind: scorer,
      offlineScore: candidate.score,
      model: client.model,
      promptVersion: PROMPT_VERSION,
      promptTokens: 0,
      completionTokens: 0,
      latencyMs: 0,
      requests: 0,
      cachedAnswers: 0,
      droppedQuotes: 0,
      fallback: null,
      answers: candidate.answers.map((a) => ({
        offlineScore: a.score,
        verdict: null,
        verdictKey: null,
      })),
    };
    if (items.length === 0) {
      // Nothing to judge (only small talk): the offline score is the score, and nothing failed.
      judgement.scorerKind = "offline";
      return { candidate, judgement };
    }
    const verdicts = await cachedVerdicts(
      db,
      items.map((i) => i.key),
      client.model,
      PROMPT_VERSION,
    );
    judgement.cachedAnswers = items.filter((i) => verdicts.has(i.key)).length;
    const todo = items.filter((i) => !verdicts.has(i.key));
    if (todo.length > 0) {
      const prompt: PromptAnswer[] = todo.map((i) => ({
        id: i.id,
        question: i.question,
        answer: i.answer,
      }));
      try {
        const reply = await limit(() =>
          client.complete(
            {
              system: SYSTEM_PROMPT,
              user: userPrompt(candidate.role === null ? null : redact(candidate.role), prompt),
              schemaName: "answer_verdicts",
              schema,
              signal,
            },
            parseVerdicts,
          ),
        );
        judgement.promptTokens = reply.promptTokens;
        judgement.completionTokens = reply.completionTokens;
        judgement.latencyMs = reply.latencyMs;
        judgement.requests = reply.requests;
        const byId = new Map(reply.value.answers.map((v) => [v.id, v]));
        const fresh: Array<{ key: string; verdict: StoredVerdict }> = [];
        for (const item of todo) {
          const v = byId.get(item.id);
          if (!v) continue;
          const verdict = verify(v, item.answer);
          verdicts.set(item.key, verdict);
          fresh.push({ key: item.key, verdict });
        }
        // Stored now, not with the transcript: a retry after a crash pays for nothing twice.
        await cacheVerdicts(db, client.model, PROMPT_VERSION, fresh);
      } catch (error) {
        if (!(error instanceof JudgeUnavailable)) throw error;
        judgement.requests = error.requests;
        judgement.scorerKind = "offline";
        judgement.fallback = error.reason;
        logger?.warn(
          { reason: error.reason, requests: error.requests, model: client.model },
          "language model unavailable; offline scores kept",
        );
        return { candidate, judgement };
      }
    }

    const answers: ScoredAnswer[] = candidate.answers.map((a) => a);
    const factualConcerns: string[] = [];
    const strengths: string[] = [];
    for (const item of items) {
      const verdict = verdicts.get(item.key);
      const original = candidate.answers[item.index];
      if (!verdict || !original) continue;
      judgement.answers[item.index] = {
        offlineScore: original.score,
        verdict,
        verdictKey: item.key,
      };
      judgement.droppedQuotes += verdict.droppedQuotes;
      answers[item.index] = {
        ...original,
        score: finalAnswerScore(scorer, verdict.tier, original.score),
        reasons: [verdictLine(verdict), ...original.reasons].slice(0, 4),
      };
      for (const e of verdict.factualErrors)
        factualConcerns.push(`Q${original.n}: factually wrong: “${e.quote}”; ${e.correction}`);
      if ((verdict.tier === "strong" || verdict.tier === "exceptional") && verdict.correct[0])
        strengths.push(`Q${original.n}: ${verdict.correct[0]}`);
    }
    // The offline findings on an answer the model judged the other way would contradict the
    // verdict on the same card ("Addresses what was asked" on a wrong answer): they go.
    const verdictByN = new Map<number, StoredVerdict>();
    for (const item of items) {
      const v = verdicts.get(item.key);
      const n = candidate.answers[item.index]?.n;
      if (v && n !== undefined) verdictByN.set(n, v);
    }
    const agrees = (line: string, keepIf: (v: StoredVerdict) => boolean) => {
      const n = /^Q(\d+):/.exec(line)?.[1];
      const v = n === undefined ? undefined : verdictByN.get(Number(n));
      return !v || keepIf(v);
    };
    const offlineStrengths = candidate.strengths.filter((l) => agrees(l, (v) => v.tier !== "weak"));
    const offlineConcerns = candidate.concerns.filter((l) =>
      agrees(l, (v) => v.tier === "weak" || v.tier === "average"),
    );
    const judged = items.filter((i) => verdicts.has(i.key)).length;
    if (judged < items.length) judgement.fallback = judged === 0 ? "missing" : "partial";
    if (judged === 0) {
      judgement.scorerKind = "offline";
      return { candidate, judgement };
    }
    const countedScores = answers.filter((_, i) => counted[i]).map((a) => a.score);
    const score =
      countedScores.length === 0
        ? candidate.score
        : Math.round(countedScores.reduce((s, v) => s + v, 0) / countedScores.length);
    return {
      candidate: {
        ...candidate,
        answers,
        score,
        tier: tierFor(score),
        strengths: [...strengths.slice(0, 2), ...offlineStrengths].slice(0, 4),
        concerns: [...factualConcerns.slice(0, 3), ...offlineConcerns].slice(0, 6),
      },
      judgement,
    };
  }

  return {
    model: client.model,
    scorer,
    async judge(input, outer) {
      const deadline = AbortSignal.timeout(settings.fileTimeoutMs);
      const signal = outer ? AbortSignal.any([deadline, outer]) : deadline;
      const judged = await Promise.all(
        input.result.candidates.map((c, i) =>
          judgeCandidate(c, input.counted[i] ?? [], input.rawText, signal),
        ),
      );
      return {
        result: { ...input.result, candidates: judged.map((j) => j.candidate) },
        judgements: judged.map((j) => j.judgement),
        note: scorerNote(judged.map((j) => j.judgement.fallback)),
      };
    },
  };
}
