import { setImmediate as yieldToIo } from "node:timers/promises";
import pLimit from "p-limit";
import type { DbHandle } from "../db/client.js";

/** Runs work after an `ack()`, a bounded number at once. */
export type WorkQueue = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Each task first yields to the event loop's I/O phase, so requests that arrived meanwhile are
 * acknowledged before more work starts. Why: p-limit starts the next task in a microtask, and a
 * chain of database calls that resolve quickly (PGlite's always do: it runs in this thread)
 * would otherwise keep new requests waiting for their ack.
 */
export function createWorkQueue(concurrency: number): WorkQueue {
  const limit = pLimit(concurrency);
  return (fn) =>
    limit(async () => {
      await yieldToIo();
      return fn();
    });
}

/**
 * Postgres works on several lookups in parallel; PGlite runs every query in this thread, so
 * parallel work there only lengthens the stretches in which nothing is acknowledged.
 */
export function defaultWorkConcurrency(driver: DbHandle["driver"]): number {
  return driver === "pglite" ? 1 : 4;
}
