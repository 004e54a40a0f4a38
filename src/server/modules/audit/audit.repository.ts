import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditEvents, auditSeals } from '../../db/schema/audit.js';

export type AuditFilter = {
  actorUserId?: string | undefined;
  patientId?: string | undefined;
  action?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit: number;
};

/** Newest first, paged by id ("before") so paging stays fast however long the trail grows. */
export async function listAuditEvents(db: Db, f: AuditFilter) {
  const conditions: SQL[] = [];
  if (f.actorUserId) conditions.push(eq(auditEvents.actorUserId, f.actorUserId));
  if (f.patientId) conditions.push(eq(auditEvents.patientId, f.patientId));
  if (f.action) conditions.push(eq(auditEvents.action, f.action));
  if (f.outcome) conditions.push(eq(auditEvents.outcome, f.outcome));
  if (f.from) conditions.push(gte(auditEvents.occurredAt, new Date(f.from)));
  if (f.to) conditions.push(lte(auditEvents.occurredAt, new Date(f.to)));
  if (f.before) conditions.push(lt(auditEvents.id, f.before));
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(f.limit + 1);
}

/** Events written by transactions below this id are covered by a seal. */
export async function sealedUpTo(db: Db): Promise<number> {
  const [row] = await db.select({ to: auditSeals.toXact }).from(auditSeals).orderBy(desc(auditSeals.seq)).limit(1);
  return row?.to ?? 0;
}
