import { setImmediate as yieldToIo } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createWorkQueue, defaultWorkConcurrency } from "../../src/slack/work-queue.js";

describe("work queue", () => {
  it("runs at most `concurrency` tasks at once and returns each task's value", async () => {
    const work = createWorkQueue(2);
    let running = 0;
    let most = 0;
    const task = async (n: number) => {
      running += 1;
      most = Math.max(most, running);
      await yieldToIo();
      running -= 1;
      return n * 2;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => work(() => task(n))));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(most).toBe(2);
  });

  it("lets I/O that arrived first (a new request to acknowledge) run before the next task", async () => {
    const work = createWorkQueue(1);
    const order: string[] = [];
    // A chain of tasks that never waits on real I/O, like PGlite queries: without the yield,
    // the callback below would only run after all of them.
    const tasks = [1, 2, 3].map((n) =>
      work(async () => {
        order.push(`task ${n}`);
      }),
    );
    setImmediate(() => order.push("ack"));
    await Promise.all(tasks);
    expect(order.indexOf("ack")).toBeLessThan(order.indexOf("task 3"));
    expect(order.indexOf("ack")).toBeGreaterThanOrEqual(0);
  });

  it("propagates a task's failure to its caller only", async () => {
    const work = createWorkQueue(1);
    const failed = work(async () => {
      throw new Error("boom");
    });
    const next = work(async () => "fine");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("fine");
  });

  it("works on one task at a time on PGlite, which runs queries in this thread", () => {
    expect(defaultWorkConcurrency("pglite")).toBe(1);
    expect(defaultWorkConcurrency("postgres")).toBeGreaterThan(1);
  });
});
