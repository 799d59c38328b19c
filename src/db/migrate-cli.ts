import { getConfig } from "../config.js";
import { toAppError } from "../errors.js";
import { openDb } from "./client.js";

/** `npm run db:migrate`: applies the committed migrations (the app and CLI also do it at start-up). */
async function main(): Promise<void> {
  const config = getConfig();
  const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await handle.close();
  const where = config.DATABASE_URL
    ? "the Postgres server in DATABASE_URL"
    : `PGlite in ${config.DATA_DIR}`;
  process.stdout.write(`Migrations applied to ${where}.\n`);
}

main().catch((error: unknown) => {
  const appError = toAppError(error);
  process.stderr.write(`error: ${appError.userMessage}\n`);
  process.exitCode = 1;
});
