import { z } from "zod";
import type { Db } from "../db/client.js";
import { insertAudit } from "../db/repositories/audit.js";
import { getCandidateRow, setEffectiveTier } from "../db/repositories/candidates.js";
import { insertOverride } from "../db/repositories/overrides.js";
import { AppError } from "../errors.js";
import { tierSchema } from "../transcript/model.js";
import type { CandidateOverride } from "./types.js";
import { parseInput } from "./validate.js";

/** Longest override reason kept (a sentence or two; the audit log holds the rest of the story). */
export const OVERRIDE_REASON_MAX = 500;

export const overrideInputSchema = z.object({
  teamId: z.string().min(1),
  candidateId: z.guid(),
  tier: tierSchema,
  reason: z.string().trim().min(1, "give a reason for the override").max(OVERRIDE_REASON_MAX),
  actorId: z.string().min(1),
  channelId: z.string().min(1).optional(),
  now: z.date().optional(),
});
export type OverrideInput = z.input<typeof overrideInputSchema>;

/**
 * Sets a candidate's tier by hand. The computed score is left untouched (the summary shows
 * both), earlier overrides stay as history, and the change is audited. The override stays in
 * force over later interviews until someone sets another: a new interview does not silently
 * undo a person's decision.
 */
export async function overrideTier(
  db: Db,
  rawInput: OverrideInput,
): Promise<CandidateOverride & { previousTier: string | null }> {
  const input = parseInput(overrideInputSchema, rawInput, "override");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const candidate = await getCandidateRow(tx, input.teamId, input.candidateId, {
      forUpdate: true,
    });
    if (!candidate) throw new AppError("NOT_FOUND", "That candidate is no longer on record.");
    const row = await insertOverride(tx, {
      teamId: input.teamId,
      candidateId: candidate.id,
      tier: input.tier,
      reason: input.reason,
      setBy: input.actorId,
      now,
    });
    await setEffectiveTier(tx, candidate.id, input.tier, now);
    await insertAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "override",
      candidateId: candidate.id,
      channelId: input.channelId,
      // The reason is free text about the candidate: it lives with the override, not here.
      details: {
        tier: input.tier,
        previousTier: candidate.effectiveTier,
        computedTier: candidate.latestTier,
      },
      now,
    });
    return {
      tier: row.tier,
      reason: row.reason,
      setBy: row.setBy,
      setAt: row.createdAt,
      previousTier: candidate.effectiveTier,
    };
  });
}
