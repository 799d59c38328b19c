/**
 * The Slack app as a separate process, for the kill-and-restart tests and the recovery bench:
 * the same pieces as src/app.ts (Bolt app with its upload recovery sweep, digest scheduler),
 * with production lease timings unless TEST_LEASE_MS shortens them. Prints `{"port":…}` on
 * stdout once listening.
 */
import { loadConfig } from "../../../src/config.js";
import { openDb } from "../../../src/db/client.js";
import { startDigestScheduler } from "../../../src/digest/scheduler.js";
import { createLogger } from "../../../src/logger.js";
import { createSlackApp } from "../../../src/slack/create-app.js";
import { createDigestPorts } from "../../../src/slack/digest-ports.js";

const config = loadConfig(process.env);
const logger = createLogger(config);
const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
const instanceId = `child-${process.pid}`;
const leaseMs = process.env.TEST_LEASE_MS ? Number(process.env.TEST_LEASE_MS) : undefined;
const app = createSlackApp({
  config,
  db: handle.db,
  logger,
  clientOptions: {
    timeout: 2_000,
    retryConfig: { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 40 },
  },
  upload: {
    workerId: instanceId,
    ...(leaseMs ? { leaseMs, recoverEveryMs: 200 } : {}),
    recoverGraceMs: 0,
    downloadTimeoutMs: 60_000,
  },
});
const { port } = await app.start(0);
startDigestScheduler({
  db: handle.db,
  ports: createDigestPorts(app.app.client, logger),
  config,
  logger,
  instanceId,
});
process.stdout.write(`${JSON.stringify({ port })}\n`);
