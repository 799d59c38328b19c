import { setImmediate as yieldToIo } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  createWorkQueue,
  defaultWorkConcurrency,
  runAsOwner,
  workOwner,
} from "../../src/slack/work-queue.js";

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

  it("takes turns between keys: a second person's task waits one turn at most, not after the first one's burst", async () => {
    const work = createWorkQueue(1);
    const order: string[] = [];
    const burst = Array.from({ length: 10 }, (_, n) =>
      work(async () => {
        order.push(`a${n}`);
      }, "T1:UA"),
    );
    const other = work(async () => {
      order.push("b0");
    }, "T1:UB");
    await Promise.all([...burst, other]);
    // a0 was running and a1's turn came before b0 arrived; then b0, not a2..a9.
    expect(order.slice(0, 3)).toEqual(["a0", "a1", "b0"]);
    expect(order.filter((o) => o.startsWith("a"))).toEqual(
      Array.from({ length: 10 }, (_, n) => `a${n}`),
    );
  });

  it("takes the key from the request being handled when none is given", async () => {
    const work = createWorkQueue(1);
    const order: string[] = [];
    const burst = runAsOwner("T1:UA", () =>
      Array.from({ length: 5 }, (_, n) => work(async () => void order.push(`a${n}`))),
    );
    const other = runAsOwner("T1:UB", () => work(async () => void order.push("b0")));
    await Promise.all([...burst, other]);
    expect(order.indexOf("b0")).toBe(2);
  });

  it("reads the requester from commands, actions and events", () => {
    expect(workOwner({ team_id: "T1", user_id: "U1", command: "/candidate" })).toBe("T1:U1");
    expect(workOwner({ type: "block_actions", team: { id: "T1" }, user: { id: "U2" } })).toBe(
      "T1:U2",
    );
    expect(workOwner({ team_id: "T1", event: { type: "message", user: "U3" } })).toBe("T1:U3");
    expect(workOwner({ type: "url_verification" })).toBeUndefined();
  });

  it("works on one task at a time on PGlite, which runs queries in this thread", () => {
    expect(defaultWorkConcurrency("pglite")).toBe(1);
    expect(defaultWorkConcurrency("postgres")).toBeGreaterThan(1);
  });
});
