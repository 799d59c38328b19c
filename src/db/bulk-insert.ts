import { getTableColumns, getTableName, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.js";

/**
 * Inserts many rows as one JSON parameter, expanded by `json_populate_recordset` with the
 * table's own row type. Why: drizzle builds one bound parameter per value and checks each
 * through its class hierarchy; for a file's answers (hundreds of values) that building took a
 * quarter of ingest's time. Here the statement is the same for every file and the row type does
 * the conversions (uuid, enum, jsonb, arrays, timestamps from ISO strings). Rows are still
 * typed by the table's insert type; only the columns present in the first row are written, so
 * omitted columns keep their defaults.
 */
export async function insertJsonRows<TTable extends PgTable>(
  tx: DbOrTx,
  table: TTable,
  rows: readonly TTable["$inferInsert"][],
): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(first).filter((key) => key in columns);
  const names = keys.map((key) => (columns[key] as { name: string }).name);
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [i, key] of keys.entries()) {
      record[names[i] as string] = (row as Record<string, unknown>)[key] ?? null;
    }
    return record;
  });
  const list: SQL = sql.join(
    names.map((name) => sql.identifier(name)),
    sql`, `,
  );
  const tableName = sql.identifier(getTableName(table));
  await tx.execute(
    sql`insert into ${tableName} (${list}) select ${list} from json_populate_recordset(null::${tableName}, ${JSON.stringify(records)}::json)`,
  );
}
