import { sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.js";

/**
 * Makes the database refuse every insert into `table` the way a full disk or a read-only data
 * directory does: a trigger raises SQLSTATE 53100 (`disk_full`, what Postgres reports when it
 * cannot extend a file). The failure is the real driver's real error on both PGlite and
 * Postgres, through the app's own queries; nothing in the app is replaced. Actually filling
 * PGlite's disk is not something a test can do safely (and a real ENOSPC inside its file
 * system layer may abort the WebAssembly instance rather than fail one statement). Returns
 * the undo: storage "comes back".
 */
export async function refuseInserts(
  db: Db,
  table: "transcripts" | "interviews",
): Promise<() => Promise<void>> {
  const fn = sql.raw(`refuse_inserts_${table}`);
  const target = sql.raw(table);
  await db.execute(sql`
    create or replace function ${fn}() returns trigger language plpgsql as $$
    begin
      raise exception 'could not extend file: No space left on device' using errcode = 'disk_full';
    end $$`);
  await db.execute(sql`
    create trigger ${fn} before insert on ${target} for each statement execute function ${fn}()`);
  return async () => {
    await db.execute(sql`drop trigger if exists ${fn} on ${target}`);
    await db.execute(sql`drop function if exists ${fn}()`);
  };
}
