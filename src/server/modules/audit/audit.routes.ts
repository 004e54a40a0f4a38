import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPageSchema, auditQuerySchema, auditVerifySchema, type AuditEvent } from '../../../contracts/audit.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import { auditContextOf } from '../../platform/auth/auth.plugin.js';
import { verifyAuditChain, type AuditTrail } from '../../platform/audit/audit-trail.js';
import { listAuditEvents, sealedUpTo } from './audit.repository.js';

export type AuditDeps = { db: Db; audit: AuditTrail };

export const auditRoutes = (deps: AuditDeps): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/audit', {
    config: { access: { permission: 'audit:read' } },
    schema: { tags: ['audit'], summary: 'Audit trail, newest first, with filters', querystring: auditQuerySchema, response: { 200: auditPageSchema } },
    handler: async (request) => {
      const [rows, sealedBelow] = await Promise.all([listAuditEvents(deps.db, request.query), sealedUpTo(deps.db)]);
      const page = rows.slice(0, request.query.limit);
      // Looking at the trail is itself recorded.
      deps.audit.record(auditContextOf(request), { action: 'audit.read', outcome: 'success', details: { filter: request.query } });
      return {
        items: page.map(
          (r): AuditEvent => ({
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
          }),
        ),
        nextBefore: rows.length > request.query.limit ? page[page.length - 1]!.id : null,
      };
    },
  });

  app.post('/api/audit/verify', {
    config: { access: { permission: 'audit:read' } },
    schema: { tags: ['audit'], summary: 'Seal pending events and verify the whole hash chain', response: { 200: auditVerifySchema } },
    handler: async (request) => {
      await deps.audit.flush();
      await deps.audit.seal();
      const result = await verifyAuditChain(deps.db);
      deps.audit.record(auditContextOf(request), { action: 'audit.verify', outcome: result.ok ? 'success' : 'failure', details: { sealed: result.sealed } });
      return result;
    },
  });
};
