import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema } from '../../../contracts/common.js';
import { protocolInputSchema, protocolListQuerySchema, protocolListSchema, protocolSchema } from '../../../contracts/protocols.js';
import { auditContextOf, sessionOf } from '../../platform/auth/auth.plugin.js';
import * as service from './protocols.service.js';
import type { SchedulingDeps } from './scheduling.service.js';

const errors = { 400: errorSchema, 403: errorSchema, 409: errorSchema, 422: errorSchema };

export const protocolRoutes =
  (deps: SchedulingDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/protocols', {
      config: { access: { permission: 'protocol:read' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Treatment protocols: the current version of each (all versions with all=true)',
        querystring: protocolListQuerySchema,
        response: { 200: protocolListSchema, ...errors },
      },
      handler: async (request) => service.listProtocols(deps, sessionOf(request).user, request.query.all === 'true'),
    });

    app.post('/api/protocols', {
      config: { access: { permission: 'protocol:publish' } },
      schema: {
        tags: ['scheduling'],
        summary: 'Publish a protocol version (the next version of its code); courses keep the version they began with',
        body: protocolInputSchema,
        response: { 201: protocolSchema, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.publishProtocol(deps, sessionOf(request).user, request.body, auditContextOf(request))),
    });
  };
