import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorSchema, idParamsSchema, okSchema } from '../../../contracts/common.js';
import { notificationListSchema } from '../../../contracts/front-door.js';
import type { Db } from '../../db/client.js';
import { queryRows, toIso, toIsoRequired } from '../../db/sql-values.js';
import { sessionOf } from '../../platform/auth/auth.plugin.js';
import { notFound } from '../../platform/errors.js';

type Row = { id: string; kind: string; title: string; body: string; link: string | null; created_at: string | Date; read_at: string | Date | null; unread: number };

/** The signed-in user's in-app notifications, newest first (notifications_user_idx). */
async function listFor(db: Db, userId: string) {
  return queryRows<Row>(
    db,
    sql`select n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at,
               (select count(*)::int from notifications u where u.user_id = ${userId} and u.read_at is null) as unread
          from notifications n where n.user_id = ${userId} order by n.created_at desc limit 50`,
  );
}

export const notificationRoutes = (deps: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/notifications', {
    config: { access: { authenticated: true } },
    schema: { tags: ['notifications'], summary: 'My notifications, newest first, and how many are unread', response: { 200: notificationListSchema } },
    handler: async (request) => {
      const rows = await listFor(deps.db, sessionOf(request).user.id);
      const unread = rows[0]?.unread ?? 0;
      return {
        unread: Number(unread),
        items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: toIsoRequired(r.created_at), readAt: toIso(r.read_at) })),
      };
    },
  });

  app.post('/api/notifications/:id/read', {
    config: { access: { authenticated: true } },
    schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: idParamsSchema, response: { 200: okSchema, 404: errorSchema } },
    handler: async (request) => {
      const rows = await queryRows<{ id: string }>(
        deps.db,
        sql`update notifications set read_at = coalesce(read_at, now()) where id = ${request.params.id} and user_id = ${sessionOf(request).user.id} returning id`,
      );
      if (rows.length === 0) throw notFound('Notification');
      return { ok: true as const };
    },
  });
};
