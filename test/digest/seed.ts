import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/client.js";
import { candidates, interviews, scoreOverrides, transcripts } from "../../src/db/schema.js";
import type { InterviewFlag } from "../../src/scoring/model.js";
import type { Tier } from "../../src/transcript/model.js";

/**
 * Rows for digest tests, inserted directly with Drizzle (not through the parser and scorer,
 * whose output these tests must not depend on).
 */
export interface SeedInterview {
  teamId?: string;
  channelId: string | null;
  name: string;
  role?: string | null;
  score?: number;
  tier?: Tier;
  confidence?: number;
  reason?: string;
  flags?: InterviewFlag[];
  interviewedAt: Date;
  /** Reuse an existing candidate (a second interview of the same person). */
  candidateId?: string;
  /** Also "upload the same bytes" to these channels: duplicate transcript rows. */
  duplicateIn?: string[];
}

export interface Seeded {
  candidateId: string;
  transcriptId: string;
  interviewId: string;
}

export const TEAM = "T_DIGEST";

/** Inserts many interviews in a handful of multi-row statements. */
export async function seedInterviews(db: Db, items: SeedInterview[]): Promise<Seeded[]> {
  if (items.length === 0) return [];
  const seeded = items.map((item) => ({
    item,
    candidateId: item.candidateId ?? randomUUID(),
    newCandidate: item.candidateId === undefined,
    transcriptId: randomUUID(),
    interviewId: randomUUID(),
  }));
  const chunk = <T>(list: T[], size = 500): T[][] =>
    Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
      list.slice(i * size, (i + 1) * size),
    );

  for (const part of chunk(seeded.filter((s) => s.newCandidate))) {
    await db.insert(candidates).values(
      part.map((s) => ({
        id: s.candidateId,
        teamId: s.item.teamId ?? TEAM,
        displayName: s.item.name,
        normalizedName: `${s.item.name.toLowerCase()} ${s.candidateId.slice(0, 8)}`,
        roleKey: (s.item.role ?? "").toLowerCase(),
        roles: s.item.role ? [s.item.role] : [],
      })),
    );
  }
  for (const part of chunk(seeded)) {
    await db.insert(transcripts).values(
      part.map((s) => ({
        id: s.transcriptId,
        teamId: s.item.teamId ?? TEAM,
        sourceKind: "slack" as const,
        channelId: s.item.channelId,
        contentHash: s.transcriptId,
        status: "done" as const,
      })),
    );
    const duplicates = part.flatMap((s) =>
      (s.item.duplicateIn ?? []).map((channelId) => ({
        teamId: s.item.teamId ?? TEAM,
        sourceKind: "slack" as const,
        channelId,
        contentHash: s.transcriptId,
        status: "done" as const,
        duplicateOf: s.transcriptId,
      })),
    );
    if (duplicates.length > 0) await db.insert(transcripts).values(duplicates);
    await db.insert(interviews).values(
      part.map((s) => ({
        id: s.interviewId,
        teamId: s.item.teamId ?? TEAM,
        candidateId: s.candidateId,
        transcriptId: s.transcriptId,
        position: 0,
        role: s.item.role === undefined ? "Backend Engineer" : s.item.role,
        score: s.item.score ?? 60,
        tier: s.item.tier ?? "average",
        confidence: s.item.confidence ?? 0.9,
        scorerVersion: "test",
        strengths: [],
        concerns: [],
        flags: s.item.flags ?? [],
        reason: s.item.reason ?? "Clear, specific answers.",
        interviewedAt: s.item.interviewedAt,
        ingestedAt: s.item.interviewedAt,
      })),
    );
  }
  return seeded.map((s) => ({
    candidateId: s.candidateId,
    transcriptId: s.transcriptId,
    interviewId: s.interviewId,
  }));
}

export async function seedOverride(
  db: Db,
  candidateId: string,
  tier: Tier,
  at: Date,
  teamId = TEAM,
): Promise<void> {
  await db.insert(scoreOverrides).values({
    teamId,
    candidateId,
    tier,
    reason: "Hiring manager call",
    setBy: "U_ADMIN",
    createdAt: at,
  });
}
