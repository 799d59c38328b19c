import { AsyncLocalStorage } from "node:async_hooks";
import { setImmediate as yieldToIo } from "node:timers/promises";
import type { DbHandle } from "../db/client.js";

/**
 * Runs work after an `ack()`, a bounded number at once, taking turns between the people who
 * asked. `key` defaults to the requester of the Slack request being handled (see
 * `workOwner`), so listeners need not pass it.
 */
export type WorkQueue = <T>(fn: () => Promise<T>, key?: string) => Promise<T>;

/**
 * Who the work being handled is for (`team:user`), set once per incoming request by the
 * middleware in create-app. Why a context rather than an argument: every listener would
 * otherwise have to thread the requester through, and a forgotten one would silently put its
 * user in the shared lane.
 */
const owner = new AsyncLocalStorage<string>();

/** Runs `fn` (the rest of a request's handling) as work for `key`. */
export function runAsOwner<T>(key: string, fn: () => T): T {
  return owner.run(key, fn);
}

/** The requester's key of a Slack request body (command, action, view or event), if any. */
export function workOwner(body: unknown): string | undefined {
  const b = body as Record<string, unknown> | undefined;
  if (!b || typeof b !== "object") return undefined;
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
  const event = obj(b.event);
  const team = str(b.team_id) ?? str(obj(b.team).id) ?? str(event.team) ?? str(obj(b.user).team_id);
  const user = str(b.user_id) ?? str(obj(b.user).id) ?? str(event.user);
  return user ? `${team ?? "-"}:${user}` : undefined;
}

interface Task {
  run: () => Promise<void>;
}

/**
 * A bounded pool with one FIFO lane per key, served round-robin: when a slot frees up, the next
 * lane in turn gives one task. So one person's burst of 300 lookups delays another person's
 * single lookup by at most one task per busy lane, not by the whole burst.
 *
 * Each task first yields to the event loop's I/O phase, so requests that arrived meanwhile are
 * acknowledged before more work starts. Why: a chain of database calls that resolve quickly
 * (PGlite's always do: it runs in this thread) would otherwise keep new requests waiting for
 * their ack.
 */
export function createWorkQueue(concurrency: number): WorkQueue {
  const lanes = new Map<string, Task[]>();
  /** Keys with queued tasks, in serving order; the head is served next. */
  const turn: string[] = [];
  let running = 0;

  const pump = (): void => {
    while (running < concurrency && turn.length > 0) {
      const key = turn.shift() as string;
      const lane = lanes.get(key) as Task[];
      const task = lane.shift() as Task;
      if (lane.length > 0) turn.push(key);
      else lanes.delete(key);
      running += 1;
      void task.run().finally(() => {
        running -= 1;
        pump();
      });
    }
  };

  return (fn, key) =>
    new Promise((resolve, reject) => {
      const lane = key ?? owner.getStore() ?? "";
      const task: Task = {
        run: async () => {
          await yieldToIo();
          try {
            resolve(await fn());
          } catch (error) {
            reject(error);
          }
        },
      };
      const queued = lanes.get(lane);
      if (queued) queued.push(task);
      else {
        lanes.set(lane, [task]);
        turn.push(lane);
      }
      pump();
    });
}

/**
 * Postgres works on several lookups in parallel; PGlite runs every query in this thread, so
 * parallel work there only lengthens the stretches in which nothing is acknowledged.
 */
export function defaultWorkConcurrency(driver: DbHandle["driver"]): number {
  return driver === "pglite" ? 1 : 4;
}
