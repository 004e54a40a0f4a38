import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import {
  benefitsCheckInputSchema,
  coverageInputSchema,
  coverageListSchema,
  payerListSchema,
  policyPublishSchema,
  policyVersionSchema,
} from '../../../contracts/coverage.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './coverage.service.js';
import type { CoverageDeps } from './coverage.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const coverageRoutes =
  (deps: CoverageDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/payers', {
      config: { access: { permission: 'payer:read' } },
      schema: { tags: ['coverage'], summary: 'Payers, their plans and every version of their policies (newest first)', response: { 200: payerListSchema } },
      handler: async (request) => service.listPayers(deps, sessionOf(request).user),
    });

    app.post('/api/payers/:id/policies', {
      config: { access: { permission: 'payer:manage' } },
      schema: {
        tags: ['coverage'],
        summary: 'Publish a new version of a payer policy for a treatment (versions are never edited)',
        params: idParamsSchema,
        body: policyPublishSchema,
        response: { 201: policyVersionSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.publishPolicy(
              deps,
              sessionOf(request).user,
              request.params.id,
              { ...request.body, terms: request.body.terms },
              auditContextOf(request),
            ),
          ),
    });

    app.get('/api/patients/:id/coverages', {
      config: { access: { permission: 'patient:read' } },
      schema: {
        tags: ['coverage'],
        summary: "A patient's coverages with their benefits checks",
        params: idParamsSchema,
        response: { 200: coverageListSchema, ...errors },
      },
      handler: async (request) => service.listCoverages(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/patients/:id/coverages', {
      config: { access: { permission: 'coverage:write' } },
      schema: {
        tags: ['coverage'],
        summary: 'Add a coverage (primary or secondary)',
        params: idParamsSchema,
        body: coverageInputSchema,
        response: { 201: coverageListSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.addCoverage(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request))),
    });

    app.post('/api/coverages/:id/benefits-checks', {
      config: { access: { permission: 'coverage:write' } },
      schema: {
        tags: ['coverage'],
        summary: 'Record what the payer said on a benefits check',
        params: idParamsSchema,
        body: benefitsCheckInputSchema,
        response: { 201: coverageListSchema, ...errors },
      },
      handler: async (request, reply) => {
        const b = request.body;
        return reply
          .status(201)
          .send(
            await service.recordBenefitsCheck(
              deps,
              sessionOf(request).user,
              request.params.id,
              { ...b, treatment: b.treatment ?? null, representative: b.representative ?? null, notes: b.notes ?? null },
              auditContextOf(request),
            ),
          );
      },
    });
  };
