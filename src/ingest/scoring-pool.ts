import { Piscina } from "piscina";
import { defaultScoringThreads } from "../config.js";
import { AppError, toAppError, toErrorCode } from "../errors.js";
import { SCORER_VERSION } from "../scoring/index.js";
import type { Candidate } from "../transcript/model.js";
import { type Prepared, prepareScored, prepareTranscriptFile, sha256Hex } from "./prepare.js";
import type {
  PrepareTask,
  TaskResult,
  WireError,
  WirePrepared,
  WireRead,
  WireScored,
} from "./prepare-worker.js";
import { warmUpScorer } from "./warm-up.js";

/**
 * Parsing and scoring run in a pool of worker threads (piscina), one per core up to four.
 * Scoring is pure CPU (about a second per megabyte of transcript): on the main thread a large
 * upload held up every Slack acknowledgement and lookup behind it (Slack gives up after 3 s),
 * and a folder import used one core of several. With `threads: 0` a file is prepared on the
 * calling thread instead (same result; for debugging).
 *
 * One pool per process, made on first use: the cores are the process's, not a caller's.
 * Idle threads do not keep the process alive.
 */
export interface PrepareOptions {
  fileName: string;
  maxBytes: number;
  keepCounted?: boolean;
}

let threads = defaultScoringThreads();
/**
 * Files from this size are scored in parts on every thread. Below it the copies between
 * threads cost more than the parallel scoring saves, and a batch of small files keeps every
 * thread busy anyway (bench `ingest` with 4 files in flight was slower when every file was
 * split; docs/decisions.md).
 */
export const SPLIT_FROM_BYTES = 128 * 1024;
let splitFromBytes = SPLIT_FROM_BYTES;
let onError: (error: unknown) => void = (error) =>
  process.emitWarning(`a scoring thread failed: ${String(error)}`);
let pool: Piscina<PrepareTask, TaskResult> | undefined;

/**
 * Sets the pool's size (config `SCORING_THREADS`; 0 scores in-thread) and where a thread's own
 * failure outside any task is reported (the app's log), before first use. A new size replaces
 * the pool once the old one's running files are done.
 */
export function configureScoringPool(options: {
  threads: number;
  onError?: (error: unknown) => void;
  /** Tests: split smaller files too. */
  splitFromBytes?: number;
}): void {
  if (options.onError) onError = options.onError;
  splitFromBytes = options.splitFromBytes ?? SPLIT_FROM_BYTES;
  // 0 leaves the threads idle (and warm) rather than stopping them.
  if (pool && options.threads > 0 && options.threads !== pool.options.maxThreads) {
    const old = pool;
    pool = undefined;
    void old.close();
  }
  threads = options.threads;
}

const WORKER = new URL(
  `./prepare-worker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`,
  import.meta.url,
);

/**
 * The threads' Node flags. Left to Node (`undefined`: the process's own, minus those a thread
 * may not have, such as heap limits) unless the source is TypeScript and the process has no tsx
 * loader to pass on (the test runner): then tsx's loader alone.
 */
function workerExecArgv(): string[] | undefined {
  const fromSource = WORKER.pathname.endsWith(".ts");
  const hasLoader = process.execArgv.some((a) => a.includes("tsx"));
  return fromSource && !hasLoader ? ["--import", "tsx"] : undefined;
}

function getPool(): Piscina<PrepareTask, TaskResult> {
  if (!pool) {
    const execArgv = workerExecArgv();
    pool = new Piscina<PrepareTask, TaskResult>({
      filename: WORKER.href,
      // All threads start with the pool and stay, warm (idle ones do not hold the process open).
      minThreads: threads,
      maxThreads: threads,
      ...(execArgv ? { execArgv } : {}),
    });
    // A thread that fails between tasks is replaced by piscina; unheard, the event would
    // crash the process.
    pool.on("error", (error: unknown) => onError(error));
  }
  return pool;
}

/** Threads scoring files now (0 before first use, and with `threads: 0`). */
export function scoringThreadsRunning(): number {
  return threads === 0 ? 0 : (pool?.threads.length ?? 0);
}

/**
 * `prepareTranscriptFile`, off the main thread. With two threads or more, a large file
 * (`SPLIT_FROM_BYTES`) is read on one thread and its candidates scored in parts on all of them,
 * so one large upload is answered sooner; the result is the same, since each candidate is
 * scored on its own. Rejects only if the pool itself fails.
 */
export async function prepareOffThread(
  bytes: Uint8Array,
  options: PrepareOptions,
): Promise<Prepared> {
  if (threads === 0) return prepareTranscriptFile(bytes, options);
  const keepCounted = options.keepCounted === true;
  if (threads === 1 || bytes.byteLength < splitFromBytes) {
    const wire = (await run({
      kind: "prepare",
      bytes,
      ...file(options),
      keepCounted,
    })) as WirePrepared | null;
    if (!wire) throw new AppError("INTERNAL", "The scoring thread returned nothing.");
    return wire.ok ? wire : { ...wire, error: fromWire(wire.error) };
  }
  const contentHash = sha256Hex(bytes);
  const refused = (error: AppError): Prepared => ({
    ok: false,
    contentHash,
    sizeBytes: bytes.byteLength,
    error,
  });
  const read = (await run({ kind: "read", bytes, ...file(options) })) as WireRead;
  if (!read.ok) return refused(fromWire(read.error));
  const parts = await Promise.all(
    splitCandidates(read.parsed.candidates, threads).map(
      async (candidates) => (await run({ kind: "score", candidates })) as WireScored,
    ),
  );
  const failed = parts.find((p) => !p.ok);
  if (failed && !failed.ok) return refused(fromWire(failed.error));
  const scored = parts.flatMap((p) => (p.ok ? p.candidates : []));
  const counted = parts.flatMap((p) => (p.ok ? p.counted : []));
  const result = { ...read.parsed, scorerVersion: SCORER_VERSION, candidates: scored };
  try {
    const prepared = prepareScored(bytes, read.rawText, result, contentHash);
    return keepCounted ? { ...prepared, counted } : prepared;
  } catch (error) {
    return refused(toAppError(error));
  }
}

function file(options: PrepareOptions): { fileName: string; maxBytes: number } {
  return { fileName: options.fileName, maxBytes: options.maxBytes };
}

async function run(task: PrepareTask): Promise<TaskResult> {
  try {
    return await getPool().run(task);
  } catch (error) {
    // The thread died or the pool is closing: not the file's fault, so the caller retries.
    throw new AppError("INTERNAL", "The transcript could not be scored just now.", {
      cause: error,
    });
  }
}

/**
 * Candidates in at most `parts` runs, in order, of about equal answer text (what scoring time
 * follows); fewer parts when there are fewer candidates.
 */
export function splitCandidates(candidates: readonly Candidate[], parts: number): Candidate[][] {
  const size = (c: Candidate) =>
    c.answers.reduce((n, a) => n + a.answer.length + a.question.length, 0);
  const total = candidates.reduce((n, c) => n + size(c), 0);
  const out: Candidate[][] = [];
  let current: Candidate[] = [];
  let done = 0;
  for (const c of candidates) {
    current.push(c);
    done += size(c);
    // Close this part once it holds its share of the text.
    if (out.length < parts - 1 && done >= (total * (out.length + 1)) / parts) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

function fromWire(error: WireError): AppError {
  let cause: Error | undefined;
  if (error.cause) {
    cause = new Error(error.cause.message);
    cause.name = error.cause.name;
    cause.stack = error.cause.stack;
  }
  return new AppError(toErrorCode(error.code), error.message, {
    ...(cause ? { cause } : {}),
    ...(error.line !== undefined ? { line: error.line } : {}),
    ...(error.details !== undefined ? { details: error.details } : {}),
  });
}

/**
 * Starts every thread and returns once each has warmed its scorer (each does so as it starts:
 * prepare-worker.ts), so the first upload after start-up does not pay for loading the NLP model
 * and the word list (bench `scoring`, "cold"). Asks in rounds until every thread has answered:
 * piscina may give one ready thread several of the round's tasks while another is still warming.
 */
export async function warmUpScoringPool(): Promise<void> {
  if (threads === 0) {
    warmUpScorer();
    return;
  }
  const p = getPool();
  const answered = new Set<number>();
  const deadline = Date.now() + 60_000;
  while (answered.size < threads && Date.now() < deadline) {
    const round = await Promise.all(
      Array.from({ length: threads }, () => p.run({ kind: "warmUp" })),
    );
    for (const r of round) if (r && "warm" in r) answered.add(r.warm);
    if (answered.size < threads) await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stops the threads (shutdown; tests). A later call starts a new pool. */
export async function closeScoringPool(): Promise<void> {
  const old = pool;
  pool = undefined;
  await old?.destroy();
}
