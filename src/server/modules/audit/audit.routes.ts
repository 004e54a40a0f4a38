import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPageSchema, auditQuerySchema, auditVerifySchema } from '../../../contracts/audit.js';
import { auditContextOf } from '../../platform/auth/auth.plugin.js';
import { verifyAuditChain } from '../../platform/audit/audit-trail.js';
import * as service from './audit.service.js';

import type { AuditDeps } from './audit.service.js';

export const auditRoutes =
  (deps: AuditDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/audit', {
      config: { access: { permission: 'audit:read' } },
      schema: { tags: ['audit'], summary: 'Audit trail, newest first, with filters', querystring: auditQuerySchema, response: { 200: auditPageSchema } },
      handler: async (request) => service.auditPage(deps, request.query, auditContextOf(request)),
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
