import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { setImmediate as yieldToIo } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { DrizzleQueryError, type ExtractTablesWithRelations, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { AppError, isAppError } from "../errors.js";
import * as schema from "./schema.js";

export type Schema = typeof schema;
/** The Drizzle database the rest of the code takes: the same type for PGlite and Postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repositories accept either, so a use case can compose them inside one transaction. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  driver: "pglite" | "postgres";
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

export interface OpenDbOptions {
  /** A postgres:// URL; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string | undefined;
  /** Apply migrations before returning (the app and CLI do; default true). */
  migrate?: boolean;
  /** postgres.js pool size. */
  maxConnections?: number;
}

/**
 * Opens a database. Nothing connects at import time: callers open exactly one handle at
 * start-up and pass `db` down. Migrations run here so the app, CLI and tests always see the
 * current schema.
 */
export async function openDb(options: OpenDbOptions): Promise<DbHandle> {
  const handle = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.maxConnections ?? 10)
    : await openPglite(options.dataDir);
  if (options.migrate ?? true) {
    try {
      await runMigrations(handle);
    } catch (error) {
      await handle.close().catch(() => {});
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new AppError(
        "DB_ERROR",
        `Could not apply the database migrations (${reason}); if DATA_DIR holds a database from an older development build, move it aside.`,
        { cause: error },
      );
    }
  }
  return handle;
}

/**
 * Seconds a pool connection waits before reconnecting after its `retries`-th failure in a row:
 * 0.1 s doubling to at most 1 s. Why: postgres.js's default (3^retries / 100 s, up to 20 s)
 * grows with every failed connect across the pool, so a database away for a few seconds while
 * the sweeps and the health check kept asking left connections waiting up to 20 s after it was
 * back (measured: test/slack/db-restart.test.ts took a minute to answer). Trying once a second
 * against a server that is down costs one refused connect per connection.
 */
export function reconnectBackoff(retries: number): number {
  return Math.min(1, 0.05 * 2 ** retries);
}

function openPostgres(url: string, max: number): DbHandle {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    backoff: reconnectBackoff,
    ...noDelaySocket(url),
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
}

/**
 * Connections with Nagle's algorithm off (TCP_NODELAY, as node-postgres sets by default).
 * Why: postgres.js sends a message in several small writes in places (COPY sends its data and
 * then its end), and with Nagle on the second write waits for the server's delayed ACK: about
 * 40 ms each time, measured as ~100 ms per COPY transaction against ~25 ms with it off
 * (bench "ingest"). Only for one TCP host; a Unix socket or a multi-host URL keeps
 * postgres.js's own connect.
 *
 * The socket is handed over still connecting, never awaited here: postgres.js only recovers
 * from a refused connection through the socket's own `error` and `close` events. A factory that
 * rejected instead (it used to wait for `connect`) left that pool slot "connecting" for good, so
 * after Postgres restarted under load the pool wedged and every later query hung
 * (test/slack/db-restart.test.ts). postgres.js's `connect_timeout` bounds a connect that hangs.
 */
function noDelaySocket(url: string): {
  socket?: (options: { host: string[]; port: number[] }) => net.Socket;
} {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {};
  }
  if (!parsed.hostname || parsed.hostname.includes(",") || parsed.searchParams.has("host"))
    return {};
  return {
    socket: ({ host, port }) =>
      net.connect({ host: host[0] as string, port: port[0] as number, noDelay: true }),
  };
}

/**
 * PGlite that lets the event loop handle I/O before each statement. Why: PGlite runs a query
 * synchronously on this thread and resolves it in microtasks, so a lookup's dozen awaited
 * queries would otherwise hold the loop for their whole length, and a Slack request arriving
 * meanwhile (a new connection above all) waits that long for its ack. With the yield, the
 * longest stretch is one statement. Measured in bench/RESULTS.md ("Slack app").
 */
class YieldingPGlite extends PGlite {
  override async query<T>(
    query: string,
    // biome-ignore lint/suspicious/noExplicitAny: PGlite's own parameter type
    params?: any[],
    options?: QueryOptions,
  ): Promise<Results<T>> {
    await yieldToIo();
    return super.query<T>(query, params, options);
  }

  override async exec(query: string, options?: QueryOptions): Promise<Array<Results>> {
    await yieldToIo();
    return super.exec(query, options);
  }

  override async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    await yieldToIo();
    return super.transaction((tx) => callback(yieldingTransaction(tx)));
  }
}

/** The same yield for statements inside a transaction (Drizzle sends them through `tx`). */
function yieldingTransaction(tx: Transaction): Transaction {
  return Object.create(tx, {
    query: {
      value: async (...args: Parameters<Transaction["query"]>) => {
        await yieldToIo();
        return tx.query(...args);
      },
    },
    exec: {
      value: async (...args: Parameters<Transaction["exec"]>) => {
        await yieldToIo();
        return tx.exec(...args);
      },
    },
  }) as Transaction;
}

/**
 * PGlite's own failure on a data directory it cannot write is a raw errno error (or an abort
 * deep in its file system layer); this says what is wrong in one sentence before it starts.
 */
function ensureWritableDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    const probe = join(dataDir, `.write-check-${process.pid}`);
    writeFileSync(probe, "ok");
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new AppError(
      "CONFIG_INVALID",
      code === "ENOSPC" || code === "EDQUOT"
        ? `The disk holding DATA_DIR "${dataDir}" is full; free some space or point DATA_DIR at another disk.`
        : `DATA_DIR "${dataDir}" cannot be written (${code}); point DATA_DIR at a directory the app may create and write to.`,
      { cause: error },
    );
  }
}

async function openPglite(dataDir: string | undefined): Promise<DbHandle> {
  // Only a plain path is a directory here (not memory://, idb:// and the like).
  if (dataDir && !dataDir.includes("://")) ensureWritableDataDir(dataDir);
  const client = new YieldingPGlite({
    ...(dataDir && dataDir !== "memory://" ? { dataDir } : {}),
    extensions: { pg_trgm },
  });
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, driver: "pglite", close: () => client.close() };
}

/**
 * Extensions first (drizzle-kit does not emit CREATE EXTENSION), then the committed
 * drizzle-kit migrations.
 */
export async function runMigrations(handle: DbHandle): Promise<void> {
  const { sql } = await import("drizzle-orm");
  await handle.db.execute(sql`create extension if not exists pg_trgm`);
  if (handle.driver === "pglite") {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migratePglite(handle.db as any, { migrationsFolder });
  } else {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migratePostgres(handle.db as any, { migrationsFolder });
  }
}

/** Whether the database answers (the health check). */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * Whether `error` is the database failing (a statement refused, a connection lost or refused,
 * on either driver) rather than a bug or another service. Drizzle wraps every failed statement
 * in a `DrizzleQueryError`; ingest reports its transaction's failure as `DB_ERROR`. The upload
 * job tells the uploader only about these ("could not be saved just now").
 */
export function isDatabaseFailure(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 5; depth += 1) {
    if (e instanceof DrizzleQueryError) return true;
    if (isAppError(e) && e.code === "DB_ERROR") return true;
    e = e.cause;
  }
  return false;
}
