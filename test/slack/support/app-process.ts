/**
 * The Slack app as a separate process, for the kill-and-restart test: the same factory as
 * src/app.ts, with a short upload lease and a frequent recovery sweep so the test does not
 * wait minutes. Prints `{"port":…}` on stdout once listening.
 */
import { loadConfig } from "../../../src/config.js";
import { openDb } from "../../../src/db/client.js";
import { createLogger } from "../../../src/logger.js";
import { createSlackApp } from "../../../src/slack/create-app.js";

const config = loadConfig(process.env);
const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
const app = createSlackApp({
  config,
  db: handle.db,
  logger: createLogger(config),
  clientOptions: {
    timeout: 2_000,
    retryConfig: { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 40 },
  },
  upload: {
    workerId: `child-${process.pid}`,
    leaseMs: Number(process.env.TEST_LEASE_MS ?? 1_000),
    recoverEveryMs: 200,
    recoverGraceMs: 0,
    downloadTimeoutMs: 60_000,
  },
});
const { port } = await app.start(0);
process.stdout.write(`${JSON.stringify({ port })}\n`);
