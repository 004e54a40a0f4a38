import type { z } from 'zod';
import type { auditQuerySchema, AuditEvent } from '../../../contracts/audit.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { listAuditEvents, sealedUpTo } from './audit.repository.js';
import { defined } from '../../../domain/defined.js';

export type AuditDeps = { db: Db; audit: AuditTrail };

/** A page of the audit trail, newest first; looking at the trail is itself recorded. */
export async function auditPage(deps: AuditDeps, query: z.infer<typeof auditQuerySchema>, ctx: AuditContext) {
  const [rows, sealedBelow] = await Promise.all([listAuditEvents(deps.db, query), sealedUpTo(deps.db)]);
  const page = rows.slice(0, query.limit);
  deps.audit.record(ctx, { action: 'audit.read', outcome: 'success', details: { filter: query } });
  return {
    items: page.map((r): AuditEvent => ({
      id: r.id,
      occurredAt: toIsoRequired(r.occurredAt),
      actorUserId: r.actorUserId,
      actorEmail: r.actorEmail,
      actorRole: r.actorRole,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      patientId: r.patientId,
      outcome: r.outcome as AuditEvent['outcome'],
      ip: r.ip,
      requestId: r.requestId,
      details: r.details,
      sealed: r.xactId < sealedBelow,
    })),
    nextBefore: rows.length > query.limit ? defined(page[page.length - 1]).id : null,
  };
}
