import { readdir } from "node:fs/promises";
import { getConfig } from "./config.js";
import { openDb } from "./db/client.js";

/** `npm run demo`: the main job on the embedded database, no Slack needed. (Grows with the issues.) */
async function main(): Promise<void> {
  const config = getConfig();
  const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const files = (await readdir("seeds")).filter((f) => !f.startsWith("."));
    process.stdout.write(`Database ready (${handle.driver}). Seed files: ${files.join(", ")}\n`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
