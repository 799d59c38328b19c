import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { listCandidates } from "./candidates/index.js";
import { readInputFile } from "./cli/read-input.js";
import { getConfig } from "./config.js";
import { openDb } from "./db/client.js";
import { LOCAL_TEAM_ID } from "./db/schema.js";
import { previewDigest } from "./digest/preview.js";
import { renderDigestText } from "./digest/render.js";
import { toAppError } from "./errors.js";
import { oneLine } from "./format.js";
import { ingestTranscript } from "./ingest/ingest.js";
import { table } from "./render/text.js";

/**
 * `npm run demo`: the main job end to end on the embedded database, no Slack needed. Ingests
 * every file under seeds/ (a second run reports them as already imported), prints the ranked
 * candidates and the digest the channel would get.
 */
async function main(): Promise<void> {
  const config = getConfig();
  const out = (text = "") => process.stdout.write(`${text}\n`);
  const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const where = config.DATABASE_URL
      ? "the Postgres server in DATABASE_URL"
      : `PGlite in ${config.DATA_DIR}`;
    out(`Ingesting seeds/ into ${where}`);
    const files = (await readdir("seeds")).filter((f) => !f.startsWith(".")).sort();
    for (const name of files) {
      const path = join("seeds", name);
      try {
        const file = await readInputFile(path, config.MAX_FILE_BYTES);
        const outcome = await ingestTranscript(handle.db, {
          teamId: LOCAL_TEAM_ID,
          bytes: file.bytes,
          fileName: file.fileName,
          source: { kind: "cli", path },
          maxBytes: config.MAX_FILE_BYTES,
        });
        const what =
          outcome.status === "added"
            ? `added ${outcome.candidates.length} candidate(s) (${outcome.format})`
            : outcome.status === "already_imported"
              ? `already imported (${outcome.candidates.length} candidate(s))`
              : `rejected: ${outcome.error?.message ?? "not a transcript"}`;
        out(`  ${name}: ${what}`);
      } catch (error) {
        out(`  ${name}: rejected: ${toAppError(error).userMessage}`);
      }
    }

    const list = await listCandidates(handle.db, { teamId: LOCAL_TEAM_ID, limit: 200 });
    out();
    out(`Candidates, best first (${list.total}):`);
    out();
    out(
      table(
        ["#", "candidate", "role", "tier", "score", "why"],
        list.rows.map((c, i) => [
          String(i + 1),
          c.name,
          c.role ?? "-",
          c.overridden ? `${c.tier} (override; computed ${c.computedTier})` : c.tier,
          c.score.toFixed(0),
          oneLine(c.reason, 70),
        ]),
      ),
    );

    const digest = await previewDigest(handle.db, {
      teamId: LOCAL_TEAM_ID,
      scope: { kind: "workspace" },
      end: new Date(),
      days: 7,
      timezone: config.TZ,
      filters: { role: null, minTier: null },
    });
    out();
    out("Digest preview (last 7 days, whole workspace):");
    out();
    out(renderDigestText(digest));
    out();
    out(
      'Next: `npm run --silent cli -- candidate "amanda foster"` for one candidate; `npm start` for Slack.',
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  const appError = toAppError(error);
  process.stderr.write(`error: ${appError.userMessage}\n`);
  process.exitCode = 1;
});
