import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../src/db/client.js";
import { renderScreenFiles, SCREENS_DIR } from "../src/screens.js";
import { blockKitProblems, type Surface } from "./slack/blocks/block-kit.js";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesUnder(join(dir, e.name))
      : e.name.endsWith(".json")
        ? [relative(SCREENS_DIR, join(dir, e.name))]
        : [],
  );
}

function surfaceOf(screen: Record<string, unknown>): Surface {
  return screen.type === "home" ? "home" : screen.type === "modal" ? "modal" : "message";
}

/**
 * docs/screens/ is what people see for the seed file (`npm run screens`). The files are the
 * snapshots: a change to any renderer, or to the scorer's words, shows up here as a diff to
 * read before it ships.
 */
describe("docs/screens", () => {
  let generated: Record<string, string>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const handle = await openDb({ dataDir: "memory://" });
    close = () => handle.close();
    generated = await renderScreenFiles(handle.db);
  }, 60_000);
  afterAll(() => close?.());

  it("has the upload reply, the candidate card, App Home and a digest", () => {
    for (const name of [
      "upload-reply.json",
      "upload-reply-public-thread.json",
      "candidate-card.json",
      "app-home.json",
      "digest.json",
      "override-modal.json",
      "forget-modal.json",
    ]) {
      expect(Object.keys(generated)).toContain(name);
    }
  });

  it("matches what the renderers produce now (run `npm run screens` and read the diff)", () => {
    expect(existsSync(SCREENS_DIR)).toBe(true);
    expect(filesUnder(SCREENS_DIR).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) {
      expect(readFileSync(join(SCREENS_DIR, name), "utf8"), name).toBe(text);
    }
  });

  it("keeps every screen within Block Kit's limits", () => {
    for (const name of filesUnder(SCREENS_DIR)) {
      const screen = JSON.parse(readFileSync(join(SCREENS_DIR, name), "utf8")) as Record<
        string,
        unknown
      >;
      expect(blockKitProblems(surfaceOf(screen), screen), name).toEqual([]);
    }
  });

  it("keeps candidate names out of the public thread line", () => {
    const line = generated["upload-reply-public-thread.json"] ?? "";
    const reply = generated["upload-reply.json"] ?? "";
    expect(reply).toContain("Amanda Foster");
    expect(line).not.toContain("Amanda Foster");
    expect(line).not.toMatch(/\d+\/100/);
  });

  it("says no sentence twice on a card, and cuts no reason inside a quote", () => {
    for (const [name, text] of Object.entries(generated)) {
      if (!name.startsWith("cards/")) continue;
      const card = JSON.parse(text) as { blocks: Array<Record<string, unknown>> };
      const lines = card.blocks
        .flatMap((b) => [
          (b.text as { text?: string } | undefined)?.text ?? "",
          ...((b.fields as Array<{ text: string }> | undefined) ?? []).map((f) => f.text),
        ])
        .flatMap((t) => t.split("\n"))
        .map((l) =>
          l
            .replace(/^[•_]+\s*|_$/gu, "")
            .replace(/^Q\d+: /u, "")
            .trim(),
        )
        .filter((l) => l.length > 20 && !l.startsWith("*"));
      expect(new Set(lines).size, `${name}: ${lines.join(" | ")}`).toBe(lines.length);
      for (const line of lines) {
        const quotes = line.match(/"/gu)?.length ?? 0;
        expect(quotes % 2, `${name}: unbalanced quote in ${line}`).toBe(0);
      }
    }
  });
});
