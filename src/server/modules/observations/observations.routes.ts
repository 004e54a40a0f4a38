import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema } from '../../../contracts/common.js';
import { observationListSchema } from '../../../contracts/intake.js';
import { weightInputSchema, weightListSchema, weightSchema } from '../../../contracts/patients.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './observations.service.js';
import type { ObservationDeps } from './observations.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema };

export const observationRoutes =
  (deps: ObservationDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/patients/:id/weights', {
      config: { access: { permission: 'clinical:read' } },
      schema: { tags: ['patients'], summary: 'Weight history, newest first', params: idParamsSchema, response: { 200: weightListSchema } },
      handler: async (request) => service.listWeights(deps, sessionOf(request).user, request.params.id, auditContextOf(request)),
    });

    app.post('/api/patients/:id/weights', {
      config: { access: { permission: 'patient:weight:record' } },
      schema: {
        tags: ['patients'],
        summary: 'Record a weight (kg or lb; stored in grams)',
        params: idParamsSchema,
        body: weightInputSchema,
        response: { 201: weightSchema },
      },
      handler: async (request, reply) => {
        const weight = await service.recordWeight(deps, sessionOf(request).user, request.params.id, request.body, auditContextOf(request));
        return reply.status(201).send(weight);
      },
    });

    app.get('/api/patients/:id/observations', {
      config: { access: { permission: 'clinical:read' } },
      schema: {
        tags: ['intake'],
        summary: 'Dated scores and vital signs (LOINC-coded), by kind then newest first',
        params: idParamsSchema,
        querystring: z.object({ kind: z.string().max(40).optional() }),
        response: { 200: observationListSchema, ...errors },
      },
      handler: async (request) => service.listObservations(deps, sessionOf(request).user, request.params.id, request.query.kind, auditContextOf(request)),
    });
  };
