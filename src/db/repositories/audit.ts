import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client.js";
import { type AuditEntry, auditLog } from "../schema.js";

export type AuditAction = AuditEntry["action"];

export interface NewAuditEntry {
  teamId: string;
  actorId: string;
  action: AuditAction;
  candidateId?: string | null | undefined;
  channelId?: string | null | undefined;
  details?: Record<string, unknown> | null | undefined;
  now?: Date | undefined;
}

export async function insertAudit(db: DbOrTx, entry: NewAuditEntry): Promise<AuditEntry> {
  const [row] = await db
    .insert(auditLog)
    .values({
      teamId: entry.teamId,
      actorId: entry.actorId,
      action: entry.action,
      candidateId: entry.candidateId ?? null,
      channelId: entry.channelId ?? null,
      details: entry.details ?? null,
      ...(entry.now ? { createdAt: entry.now } : {}),
    })
    .returning();
  if (!row) throw new Error("insert into audit_log returned no row");
  return row;
}

/** The audit trail of one candidate, oldest first (kept after the candidate is forgotten). */
export async function auditOfCandidate(
  db: DbOrTx,
  teamId: string,
  candidateId: string,
): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.teamId, teamId), eq(auditLog.candidateId, candidateId)))
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
}
