import { z } from "zod";
import type { DbOrTx } from "../db/client.js";
import { listCandidateRows } from "../db/repositories/candidates.js";
import { normalizeRole } from "../shared/normalize.js";
import { tierSchema } from "../transcript/model.js";
import type { CandidateList } from "./types.js";
import { parseInput } from "./validate.js";

export const listInputSchema = z
  .object({
    teamId: z.string().min(1),
    /** Any part of the role, in any case: "python" matches "Senior Python Developer". */
    role: z.string().trim().max(200).optional(),
    tier: tierSchema.optional(),
    /** Candidates interviewed in [from, to). */
    from: z.date().optional(),
    to: z.date().optional(),
    /** Restrict to candidates uploaded to these channels (access control); omit for all. */
    channelIds: z.array(z.string().min(1)).optional(),
    limit: z.number().int().min(1).max(200).default(10),
    offset: z.number().int().min(0).default(0),
  })
  .refine((v) => !(v.from && v.to) || v.from < v.to, {
    message: "the start of the date range must be before its end",
  });
export type ListInput = z.input<typeof listInputSchema>;

/** Candidates by latest score, best first, filtered and paginated; `total` counts every match. */
export async function listCandidates(db: DbOrTx, rawInput: ListInput): Promise<CandidateList> {
  const input = parseInput(listInputSchema, rawInput, "list filter");
  const roleKey = input.role ? normalizeRole(input.role) : undefined;
  // A role made only of punctuation folds to nothing: it matches no role rather than every one.
  if (roleKey === "") return { rows: [], total: 0, limit: input.limit, offset: input.offset };
  const { rows, total } = await listCandidateRows(db, {
    teamId: input.teamId,
    roleKey,
    tier: input.tier,
    from: input.from,
    to: input.to,
    channelIds: input.channelIds,
    limit: input.limit,
    offset: input.offset,
  });
  return {
    rows: rows.flatMap((r) =>
      r.latestScore === null || r.latestTier === null
        ? []
        : [
            {
              candidateId: r.id,
              name: r.displayName,
              roles: r.roles,
              role: r.role,
              score: r.latestScore,
              tier: r.effectiveTier ?? r.latestTier,
              computedTier: r.latestTier,
              overridden: Boolean(r.overridden),
              confidence: r.confidence,
              reason: r.reason ?? "",
              lastInterviewedAt: r.lastInterviewedAt,
              interviewCount: r.interviewCount,
            },
          ],
    ),
    total,
    limit: input.limit,
    offset: input.offset,
  };
}
