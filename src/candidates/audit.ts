import { z } from "zod";
import type { DbOrTx } from "../db/client.js";
import { insertAudit } from "../db/repositories/audit.js";
import type { AuditEntry } from "../db/schema.js";
import { auditLog } from "../db/schema.js";
import { parseInput } from "./validate.js";

export const auditActions = auditLog.action.enumValues;

export const recordAuditInputSchema = z.object({
  teamId: z.string().min(1),
  actorId: z.string().min(1),
  action: z.enum(auditActions),
  candidateId: z.guid().optional(),
  channelId: z.string().min(1).optional(),
  /**
   * Ids, counts, tiers, filters: never names or answers. The audit log outlives a forgotten
   * candidate, so it must not hold what forgetting deletes.
   */
  details: z.record(z.string(), z.unknown()).optional(),
  now: z.date().optional(),
});
export type RecordAuditInput = z.input<typeof recordAuditInputSchema>;

/** Who looked up, shared, listed, overrode or deleted which candidate, and when. */
export async function recordAudit(db: DbOrTx, input: RecordAuditInput): Promise<AuditEntry> {
  const entry = parseInput(recordAuditInputSchema, input, "audit entry");
  return insertAudit(db, entry);
}
