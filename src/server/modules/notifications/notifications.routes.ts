import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema, okSchema } from '../../../contracts/common.js';
import { notificationListSchema } from '../../../contracts/front-door.js';
import type { Db } from '../../db/client.js';
import { toIso, toIsoRequired } from '../../db/sql-values.js';
import * as repo from './notifications.service.js';
import { sessionOf } from '../../platform/auth/auth.plugin.js';
import { notFound } from '../../platform/errors.js';

export const notificationRoutes =
  (deps: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/notifications', {
      config: { access: { authenticated: true } },
      schema: { tags: ['notifications'], summary: 'My notifications, newest first, and how many are unread', response: { 200: notificationListSchema } },
      handler: async (request) => {
        const rows = await repo.listFor(deps.db, sessionOf(request).user.id);
        const unread = rows[0]?.unread ?? 0;
        return {
          unread: unread,
          items: rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            title: r.title,
            body: r.body,
            link: r.link,
            createdAt: toIsoRequired(r.createdAt),
            readAt: toIso(r.readAt),
          })),
        };
      },
    });

    app.post('/api/notifications/:id/read', {
      config: { access: { authenticated: true } },
      schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: idParamsSchema, response: { 200: okSchema, 404: errorSchema } },
      handler: async (request) => {
        if (!(await repo.markRead(deps.db, request.params.id, sessionOf(request).user.id))) throw notFound('Notification');
        return { ok: true as const };
      },
    });
  };
