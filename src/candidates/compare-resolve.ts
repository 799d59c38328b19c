import { z } from "zod";
import type { DbOrTx } from "../db/client.js";
import { AppError } from "../errors.js";
import { COMPARE_MAX, COMPARE_MIN } from "./compare.js";
import { lookupCandidate } from "./lookup.js";
import { getCandidateSummary } from "./summary.js";
import type { CandidateMatch, CandidateSummary } from "./types.js";

/**
 * Turns the names of a compare request into candidates, with the same rules as a lookup: a
 * name resolves through `lookupCandidate`; a candidate the requester may not see is reported
 * exactly like a name that matches no one (`none`), so a compare never reveals who exists;
 * several visible matches are `choices` for the requester to pick from. A slot may carry an
 * id picked earlier from such a list, which is checked again (a button value is user input).
 */

export const compareSlotsSchema = z
  .array(
    z.object({
      query: z.string().trim().min(1).max(200),
      id: z.uuid().nullable().optional(),
    }),
  )
  .min(COMPARE_MIN)
  .max(COMPARE_MAX);
export type CompareSlot = z.input<typeof compareSlotsSchema>[number];

export type SlotResult =
  | { kind: "found"; query: string; summary: CandidateSummary }
  | { kind: "choices"; query: string; matches: CandidateMatch[] }
  /** `hiddenId`: the one candidate the name found, whom the requester may not see (audit only). */
  | { kind: "none"; query: string; hiddenId?: string };

/** Which of these candidate ids the requester may see (all of them, for the CLI and admins). */
export type VisibleFilter = (candidateIds: string[]) => Promise<Set<string>>;

export const everyoneVisible: VisibleFilter = async (ids) => new Set(ids);

export async function resolveCompareSlots(
  db: DbOrTx,
  teamId: string,
  rawSlots: readonly CompareSlot[],
  visible: VisibleFilter,
): Promise<SlotResult[]> {
  const parsed = compareSlotsSchema.safeParse(rawSlots);
  if (!parsed.success) {
    throw new AppError(
      "USAGE",
      `Name ${COMPARE_MIN} to ${COMPARE_MAX} candidates to compare, separated by commas (each at most 200 characters).`,
      { cause: parsed.error },
    );
  }
  // One slot after another: each is a handful of indexed queries, and at most four.
  const out: SlotResult[] = [];
  for (const slot of parsed.data) out.push(await resolveSlot(db, teamId, slot, visible));
  return out;
}

async function resolveSlot(
  db: DbOrTx,
  teamId: string,
  slot: { query: string; id?: string | null | undefined },
  visible: VisibleFilter,
): Promise<SlotResult> {
  const { query } = slot;
  const byId = async (id: string): Promise<SlotResult> => {
    if (!(await visible([id])).has(id)) return { kind: "none", query, hiddenId: id };
    const summary = await getCandidateSummary(db, teamId, id);
    return summary ? { kind: "found", query, summary } : { kind: "none", query };
  };
  if (slot.id) return byId(slot.id);
  const result = await lookupCandidate(db, { teamId, query, limit: 10 });
  if (result.kind === "found") {
    const id = result.summary.candidateId;
    return (await visible([id])).has(id)
      ? { kind: "found", query, summary: result.summary }
      : { kind: "none", query, hiddenId: id };
  }
  if (result.kind === "choices") {
    const seen = await visible(result.matches.map((m) => m.candidateId));
    const matches = result.matches.filter((m) => seen.has(m.candidateId));
    const [only] = matches;
    if (!only) return { kind: "none", query };
    if (matches.length === 1) return byId(only.candidateId);
    return { kind: "choices", query, matches };
  }
  return { kind: "none", query };
}
