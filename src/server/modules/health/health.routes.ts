import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/client.js';
import { databaseReachable } from './health.service.js';

export const healthRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/health', {
      config: { access: { public: true } },
      schema: {
        tags: ['health'],
        summary: 'Liveness, and which database is in use',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }),
          503: z.object({ status: z.literal('unavailable'), database: z.enum(['pglite', 'postgres']) }),
        },
      },
      handler: async (_request, reply) => {
        if (await databaseReachable(database.db)) return { status: 'ok' as const, database: database.kind };
        return reply.status(503).send({ status: 'unavailable' as const, database: database.kind });
      },
    });
  };
