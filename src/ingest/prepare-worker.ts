import { toAppError } from "../errors.js";
import { type Prepared, prepareTranscriptFile } from "./prepare.js";
import { warmUpScorer } from "./warm-up.js";

/**
 * The worker-thread side of `scoring-pool.ts`: parses and scores one file off the main
 * thread. What crosses back is structured-cloned, which keeps plain data but not classes, so
 * a refusal travels as its code and sentence and becomes an `AppError` again on the other side.
 */
export interface PrepareTask {
  bytes: Uint8Array;
  fileName: string;
  maxBytes: number;
  keepCounted?: boolean;
  /** Only fill this thread's caches (start-up); `bytes` is ignored. */
  warmUp?: boolean;
}

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

export default async function prepareInWorker(task: PrepareTask): Promise<WirePrepared | null> {
  if (task.warmUp) {
    warmUpScorer();
    return null;
  }
  const prepared = await prepareTranscriptFile(task.bytes, {
    fileName: task.fileName,
    maxBytes: task.maxBytes,
    ...(task.keepCounted ? { keepCounted: true } : {}),
  });
  if (prepared.ok) return prepared;
  const error = toAppError(prepared.error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  return {
    ...prepared,
    error: {
      code: error.code,
      message: error.message,
      line: error.line,
      details: error.details,
      cause: cause && { name: cause.name, message: cause.message, stack: cause.stack },
    },
  };
}
