import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { View } from "@slack/types";
import { listCandidates } from "./candidates/list.js";
import { getCandidateSummary } from "./candidates/summary.js";
import { type Db, openDb } from "./db/client.js";
import { recentSlackUploads } from "./db/repositories/transcripts.js";
import { candidatesOfTranscript, uploadRow } from "./db/repositories/uploads.js";
import { previewDigest } from "./digest/preview.js";
import { renderDigest } from "./digest/render.js";
import { toAppError } from "./errors.js";
import type { SlackMessage } from "./format.js";
import { ingestTranscript } from "./ingest/ingest.js";
import type { UploadReply } from "./ingest/uploads.js";
import { renderForgetModal, renderOverrideModal } from "./slack/blocks/admin-modals.js";
import { renderAppHome } from "./slack/blocks/app-home.js";
import { renderCandidateSummary } from "./slack/blocks/candidate-summary.js";
import { messageModal } from "./slack/blocks/modal.js";
import {
  renderCannotRecord,
  renderPublicThreadLine,
  renderSaveRetrying,
  renderUploadReply,
  renderWorkingOnIt,
} from "./slack/blocks/upload-reply.js";

/**
 * `npm run screens`: what people see in Slack for the seed file, as Block Kit JSON under
 * docs/screens/ (paste any of them into Block Kit Builder). Everything is rendered by the app's
 * own renderers from the seed file ingested into an in-memory database at a fixed time; ids are
 * replaced by stable placeholders, so the files change only when what people see changes
 * (test/screens.test.ts fails until they are regenerated).
 */

export const SCREENS_DIR = fileURLToPath(new URL("../docs/screens/", import.meta.url));
const SEED = fileURLToPath(new URL("../seeds/interview-examples.txt", import.meta.url));

const TEAM = "T0SCREENS1";
const CHANNEL = "C0HIRING01";
const RECRUITER = "U0RECRUIT1";
const MESSAGE_TS = "1796032800.000100";
const NOW = new Date("2026-11-30T10:00:00Z");

/** A message as Block Kit Builder takes it. */
function message(m: SlackMessage): Record<string, unknown> {
  return { text: m.text, blocks: m.blocks };
}

function slug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[^\w\s-]/gu, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/gu, "-");
}

/** Replaces every UUID by a stable placeholder, numbered in order of appearance. */
export function stableIds(json: string): string {
  const seen = new Map<string, string>();
  return json.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/giu, (id) => {
    let stable = seen.get(id);
    if (!stable) {
      stable = `00000000-0000-4000-8000-${String(seen.size + 1).padStart(12, "0")}`;
      seen.set(id, stable);
    }
    return stable;
  });
}

/** Every screen, by file name under docs/screens/, for the seed file. */
export async function buildScreens(db: Db): Promise<Record<string, unknown>> {
  const bytes = await readFile(SEED);
  const outcome = await ingestTranscript(db, {
    teamId: TEAM,
    bytes: new Uint8Array(bytes),
    fileName: "interview-examples.txt",
    source: {
      kind: "slack",
      fileId: "F0SEED0001",
      channelId: CHANNEL,
      uploaderId: RECRUITER,
      messageTs: MESSAGE_TS,
      threadTs: MESSAGE_TS,
    },
    maxBytes: 10 * 1024 * 1024,
    now: NOW,
  });
  if (!outcome.transcriptId) throw new Error("the seed file was not imported");
  const row = await uploadRow(db, outcome.transcriptId);
  if (!row) throw new Error("the seed file's row is missing");
  const reply: Extract<UploadReply, { kind: "imported" }> = {
    kind: "imported",
    transcript: row,
    duplicate: false,
    candidates: await candidatesOfTranscript(db, row.id),
  };

  const screens: Record<string, unknown> = {
    "upload-reply.json": message(renderUploadReply(reply)),
    "upload-reply-public-thread.json": message(
      renderPublicThreadLine(reply, { uploaderId: RECRUITER, delivered: true }),
    ),
    "upload-reply-private-copy.json": message(renderUploadReply(reply, { privateCopyOf: CHANNEL })),
    "upload-working-on-it.json": message(renderWorkingOnIt(row.fileName)),
    "upload-save-retrying.json": message(renderSaveRetrying(row.fileName)),
    "upload-cannot-record.json": message(renderCannotRecord(row.fileName, false)),
    "upload-cannot-record-gave-up.json": message(renderCannotRecord(row.fileName, true)),
  };

  const list = await listCandidates(db, { teamId: TEAM, limit: 50, offset: 0 });
  // The database breaks ties by random id; by name here, so the files do not flip between runs.
  const rows = [...list.rows].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  for (const [i, c] of rows.entries()) {
    const summary = await getCandidateSummary(db, TEAM, c.candidateId);
    if (!summary) continue;
    const card = renderCandidateSummary(summary, {
      shareable: true,
      teamDomain: "acme-hiring",
    });
    screens[`cards/${slug(summary.name)}.json`] = message(card);
    if (i === 0) {
      screens["candidate-card.json"] = message(card);
      const adminCard = renderCandidateSummary(summary, {
        shareable: true,
        admin: true,
        teamDomain: "acme-hiring",
      });
      screens["candidate-card-modal.json"] = messageModal("Candidate", adminCard);
      screens["override-modal.json"] = renderOverrideModal(summary, CHANNEL);
      screens["forget-modal.json"] = renderForgetModal(summary, CHANNEL);
    }
  }

  const home: View = renderAppHome({
    uploads: await recentSlackUploads(db, TEAM, undefined),
    candidates: rows.slice(0, 10),
    subscriptions: [
      {
        channelId: CHANNEL,
        description: "Monday 09:00 (Europe/Berlin)",
        active: true,
        disabledReason: null,
        nextDueAt: new Date("2026-12-07T08:00:00Z"),
        lastPostedAt: new Date("2026-11-30T08:00:00Z"),
        roleFilter: null,
        minTier: null,
      },
    ],
    isAdmin: false,
  });
  screens["app-home.json"] = home;

  const digest = await previewDigest(db, {
    teamId: TEAM,
    scope: { kind: "channel", channelId: CHANNEL },
    end: new Date(NOW.getTime() + 60 * 60_000),
    days: 7,
    timezone: "Europe/Berlin",
    filters: { role: null, minTier: null },
  });
  screens["digest.json"] = message(renderDigest(digest));
  return screens;
}

/** The screens as the files' text: pretty JSON with stable ids. */
export async function renderScreenFiles(db: Db): Promise<Record<string, string>> {
  const screens = await buildScreens(db);
  const files: Record<string, string> = {};
  // One id mapping across all files, so the same candidate has the same placeholder everywhere.
  const all = stableIds(JSON.stringify(screens));
  for (const [name, screen] of Object.entries(JSON.parse(all) as Record<string, unknown>)) {
    files[name] = `${JSON.stringify(screen, null, 2)}\n`;
  }
  return files;
}

async function main(): Promise<void> {
  const handle = await openDb({ dataDir: "memory://" });
  try {
    const files = await renderScreenFiles(handle.db);
    // Start clean, so a screen that is no longer rendered does not linger.
    await rm(SCREENS_DIR, { recursive: true, force: true });
    for (const [name, text] of Object.entries(files)) {
      const path = join(SCREENS_DIR, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }
    process.stdout.write(`wrote ${Object.keys(files).length} screens to docs/screens/\n`);
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${toAppError(error).userMessage}\n`);
    process.exitCode = 1;
  });
}
