import { and, type Column, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";

/**
 * A query built once per database handle and then run with placeholders. Why: drizzle builds
 * a statement anew on every call, and for a select of a few dozen columns that building costs
 * about 1 ms of CPU, five times what sending and reading the query costs. `/candidate` runs a
 * handful of these per request on the thread that also acknowledges requests, so building them
 * once is what keeps acks fast under load. A transaction handle gets its own (short-lived) copy.
 */
export function preparedPerDb<T>(build: (db: DbOrTx) => T): (db: DbOrTx) => T {
  const cache = new WeakMap<DbOrTx, T>();
  return (db) => {
    let prepared = cache.get(db);
    if (!prepared) {
      prepared = build(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}

/**
 * `team_id = :teamId and <column> = :<name>`: the filter of every prepared lookup in one
 * workspace (the placeholders are filled by `execute({ teamId, <name> })`).
 */
export function teamScoped(teamColumn: Column, column: Column, name: string): SQL {
  return and(eq(teamColumn, sql.placeholder("teamId")), eq(column, sql.placeholder(name))) as SQL;
}
