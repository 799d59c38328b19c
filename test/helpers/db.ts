import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { type Db, type DbHandle, openDb } from "../../src/db/client.js";

/**
 * The database drivers every storage suite runs on: in-memory PGlite always, and the real
 * Postgres server when TEST_DATABASE_URL is set (as .ci/run does). Never a mocked Drizzle.
 */
export type TestDriver = "pglite" | "postgres";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export const testDrivers: TestDriver[] = TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export interface TestDb {
  handle: DbHandle;
  db: Db;
  /** A connection URL for this test database (postgres only), e.g. for a second app instance. */
  url: string | undefined;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database: PGlite in memory, or a new Postgres database created for this
 * suite and dropped afterwards, so test files never see each other's rows.
 */
export async function createTestDb(driver: TestDriver): Promise<TestDb> {
  if (driver === "pglite") {
    const handle = await openDb({ dataDir: "memory://" });
    return { handle, db: handle.db, url: undefined, cleanup: () => handle.close() };
  }
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString(), maxConnections: 5 });
  return {
    handle,
    db: handle.db,
    url: url.toString(),
    cleanup: async () => {
      await handle.close();
      const dropper = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

/**
 * Declares the same suite once per driver. Inside, `ctx.db` is that suite's database.
 *
 *   describeEachDb("ingest", (ctx) => { it("...", async () => { await ingest(ctx.db, ...) }) })
 */
export function describeEachDb(
  title: string,
  body: (ctx: { readonly db: Db; readonly testDb: TestDb; readonly driver: TestDriver }) => void,
): void {
  for (const driver of testDrivers) {
    describe(`${title} [${driver}]`, () => {
      let testDb: TestDb | undefined;
      beforeAll(async () => {
        testDb = await createTestDb(driver);
      });
      afterAll(async () => {
        await testDb?.cleanup();
      });
      body({
        driver,
        get testDb() {
          if (!testDb) throw new Error("test database not ready");
          return testDb;
        },
        get db() {
          if (!testDb) throw new Error("test database not ready");
          return testDb.db;
        },
      });
    });
  }
}
