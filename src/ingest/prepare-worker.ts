import { isMainThread, threadId } from "node:worker_threads";
import { type AppError, toAppError } from "../errors.js";
import { scoreCandidatesOffline } from "../llm/judge.js";
import type { ScoredCandidate } from "../scoring/model.js";
import type { Candidate, ParseResult } from "../transcript/model.js";
import { type Prepared, prepareTranscriptFile, readTranscriptFile } from "./prepare.js";
import { warmUpScorer } from "./warm-up.js";

/**
 * The worker-thread side of `scoring-pool.ts`. A task either prepares a whole file, or reads
 * one (extract + parse) or scores some of its candidates, so that one large file can be scored
 * on every thread at once. What crosses back is structured-cloned, which keeps plain data but
 * not classes, so a refusal travels as its code and sentence and becomes an `AppError` again
 * on the other side.
 */
export type PrepareTask =
  | { kind: "prepare"; bytes: Uint8Array; fileName: string; maxBytes: number; keepCounted: boolean }
  | { kind: "read"; bytes: Uint8Array; fileName: string; maxBytes: number }
  | { kind: "score"; candidates: Candidate[] }
  /** Nothing to do but be started (and so warmed, below): start-up waits on it. */
  | { kind: "warmUp" };

/**
 * Each thread warms its scorer as it starts, before it takes any task: the threads piscina
 * starts with the pool, and any it starts later to replace one that died. (Warm-up tasks sent
 * to the pool could not promise that: piscina may hand two to one thread.)
 */
if (!isMainThread) warmUpScorer();

export interface WireError {
  code: string;
  message: string;
  line: number | undefined;
  details: Record<string, unknown> | undefined;
  /** The underlying error's own words and stack, for the log. */
  cause: { name: string; message: string; stack: string | undefined } | undefined;
}

export type WirePrepared =
  | Extract<Prepared, { ok: true }>
  | { ok: false; contentHash: string; sizeBytes: number; error: WireError };

export type WireRead = { ok: true; parsed: ParseResult; rawText: string } | WireFailure;

export type WireScored =
  | { ok: true; candidates: ScoredCandidate[]; counted: boolean[][] }
  | WireFailure;

export type WireFailure = { ok: false; error: WireError };

export type TaskResult = WirePrepared | WireRead | WireScored | { warm: number } | null;

export function toWire(error: unknown): WireError {
  const appError: AppError = toAppError(error);
  const cause = appError.cause instanceof Error ? appError.cause : undefined;
  return {
    code: appError.code,
    message: appError.message,
    line: appError.line,
    details: appError.details,
    cause: cause && { name: cause.name, message: cause.message, stack: cause.stack },
  };
}

export default async function runTask(task: PrepareTask): Promise<TaskResult> {
  switch (task.kind) {
    case "warmUp":
      warmUpScorer();
      return { warm: threadId };
    case "prepare": {
      const prepared = await prepareTranscriptFile(task.bytes, {
        fileName: task.fileName,
        maxBytes: task.maxBytes,
        ...(task.keepCounted ? { keepCounted: true } : {}),
      });
      return prepared.ok ? prepared : { ...prepared, error: toWire(prepared.error) };
    }
    case "read":
      try {
        return { ok: true, ...(await readTranscriptFile(task.bytes, task)) };
      } catch (error) {
        return { ok: false, error: toWire(error) };
      }
    case "score":
      try {
        return { ok: true, ...scoreCandidatesOffline(task.candidates) };
      } catch (error) {
        return { ok: false, error: toWire(error) };
      }
  }
}
