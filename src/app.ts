import { hostname } from "node:os";
import { startRetentionJob } from "./candidates/retention.js";
import { getConfig } from "./config.js";
import { openDb } from "./db/client.js";
import { startDigestScheduler } from "./digest/scheduler.js";
import { toAppError } from "./errors.js";
import {
  closeScoringPool,
  configureScoringPool,
  warmUpScoringPool,
} from "./ingest/scoring-pool.js";
import { createLogger } from "./logger.js";
import { createSlackApp } from "./slack/create-app.js";
import { slackModeFrom } from "./slack/credentials.js";
import { createDigestPorts } from "./slack/digest-ports.js";
import { defaultWorkConcurrency } from "./slack/work-queue.js";

/**
 * `npm start`: validates config (missing credentials stop here with one sentence, before
 * anything is opened), opens the database, then starts the Bolt app, the upload recovery
 * sweep, the digest scheduler and the retention job. SIGINT/SIGTERM stop them in order.
 */
async function main(): Promise<void> {
  const config = getConfig();
  const mode = slackModeFrom(config);
  const logger = createLogger(config);
  const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  // Before taking requests, so the first upload does not wait for the scoring threads to load.
  configureScoringPool({
    threads: config.SCORING_THREADS,
    onError: (error) => logger.error({ err: error }, "a scoring thread failed"),
  });
  await warmUpScoringPool();
  const instanceId = `${hostname()}-${process.pid}`;
  const slack = createSlackApp({
    config,
    db: handle.db,
    logger,
    mode,
    upload: { workerId: instanceId },
    maxConcurrentWork: defaultWorkConcurrency(handle.driver),
  });
  const { port } = await slack.start();
  const digest = startDigestScheduler({
    db: handle.db,
    ports: createDigestPorts(slack.app.client, logger.child({ component: "digest" })),
    config,
    logger,
    instanceId,
    charts: true,
  });
  const retention = startRetentionJob(handle.db, { retentionDays: config.RETENTION_DAYS, logger });
  logger.info(
    { mode: mode.kind, port, driver: handle.driver, instanceId },
    mode.kind === "http" ? `listening on port ${port}` : "connected in Socket Mode",
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // Let a digest delivery in flight finish (and record its ts) before the database closes.
    await digest.stop();
    await retention?.stop();
    await slack.stop();
    await closeScoringPool();
    await handle.close();
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  const appError = toAppError(error);
  process.stderr.write(`error: ${appError.userMessage}\n`);
  process.exitCode = 1;
});
