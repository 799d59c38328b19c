import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDb } from "../../src/db/client.js";

/** One sentence: no line break, one full stop at the end. */
const ONE_SENTENCE = /^[^\n]+\.$/u;

describe("PGlite data directory that cannot be written", () => {
  it("stops start-up with one sentence naming DATA_DIR when the path cannot be created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hs-datadir-"));
    const file = join(dir, "not-a-directory");
    writeFileSync(file, "x");
    const dataDir = join(file, "data");
    const error = await openDb({ dataDir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "CONFIG_INVALID" });
    const message = (error as { userMessage: string }).userMessage;
    expect(message).toMatch(ONE_SENTENCE);
    expect(message).toBe(
      `DATA_DIR "${dataDir}" cannot be written (ENOTDIR); point DATA_DIR at a directory the app may create and write to.`,
    );
  });

  it("creates a missing directory and opens the database in it", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "hs-datadir-")), "nested", "data");
    const handle = await openDb({ dataDir });
    await handle.close();
  });
});
