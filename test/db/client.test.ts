import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { candidates } from "../../src/db/schema.js";
import { describeEachDb } from "../helpers/db.js";

describeEachDb("db client", (ctx) => {
  it("applies the migrations and loads pg_trgm", async () => {
    const rows = await ctx.db.execute<{ similarity: number }>(
      sql`select similarity('james anderson', 'james andersen') as similarity`,
    );
    const first = (rows as unknown as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[]);
    expect(Number((first[0] as { similarity: number }).similarity)).toBeGreaterThan(0.5);
  });

  it("round-trips a row with quotes, percent, underscore, backslash and emoji", async () => {
    const name = `O'Brien 100%_\\ 🚀`;
    const [row] = await ctx.db
      .insert(candidates)
      .values({ teamId: "T1", displayName: name, normalizedName: "obrien" })
      .returning();
    expect(row?.displayName).toBe(name);
  });

  it("keeps the trigram indexes' pending lists small, so searches do not scan megabytes", async () => {
    const result = await ctx.db.execute(
      sql`select c.relname as name, array_to_string(c.reloptions, ',') as options
          from pg_class c where c.relname in ('candidates_name_trgm_idx', 'candidates_role_trgm_idx')
          order by c.relname`,
    );
    const rows = ((result as unknown as { rows?: unknown[] }).rows ??
      (result as unknown as unknown[])) as Array<{ name: string; options: string }>;
    expect(rows).toEqual([
      { name: "candidates_name_trgm_idx", options: "gin_pending_list_limit=64" },
      { name: "candidates_role_trgm_idx", options: "gin_pending_list_limit=64" },
    ]);
  });

  it("lets the event loop handle I/O between statements, in and out of a transaction", async () => {
    // PGlite answers in this thread; without a yield per statement a chain of queries would
    // resolve in microtasks only and no setImmediate callback (no incoming request) could run.
    let turns = 0;
    let running = true;
    const turn = () => {
      turns += 1;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    for (let i = 0; i < 10; i += 1) await ctx.db.execute(sql`select 1`);
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 10; i += 1) await tx.execute(sql`select 1`);
    });
    running = false;
    expect(turns).toBeGreaterThanOrEqual(20);
  });
});
