import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql-values.js';
import { notifications } from '../../db/schema/notifications.js';

type Row = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string | Date;
  readAt: string | Date | null;
  unread: number;
};

/** The signed-in user's in-app notifications, newest first (notifications_user_idx). */
export async function listFor(db: Db, userId: string) {
  return queryRows<Row>(
    db,
    sql`select n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at,
               (select count(*)::int from notifications u where u.user_id = ${userId} and u.read_at is null) as unread
          from notifications n where n.user_id = ${userId} order by n.created_at desc limit 50`,
  );
}

/** Marks one of the user's notifications read; false when it is not theirs or does not exist. */
export async function markRead(db: Db, id: string, userId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update notifications set read_at = coalesce(read_at, now()) where id = ${id} and user_id = ${userId} returning id`,
  );
  return rows.length === 1;
}

export type PendingDelivery = { id: string; kind: string; link: string | null; email: string; displayName: string };

/** Claims pending notifications whose next try is due, skipping rows another instance holds (notifications_due_idx). */
export async function claimPending(tx: Db, limit = 100): Promise<PendingDelivery[]> {
  return queryRows<PendingDelivery>(
    tx,
    sql`select n.id, n.kind, n.link, u.email, u.display_name
          from notifications n join users u on u.id = n.user_id
         where n.delivery_status = 'pending' and n.next_attempt_at <= now()
         order by n.next_attempt_at
         limit ${limit}
           for update of n skip locked`,
  );
}

export async function markDelivered(tx: Db, id: string): Promise<void> {
  await tx.execute(
    sql`update notifications set delivery_status = 'sent', delivered_at = now(), delivery_attempts = delivery_attempts + 1, delivery_error = null where id = ${id}`,
  );
}

/**
 * Records a failed send. The next try waits `firstRetrySeconds`, doubling after each failure (30 s, 1 min, 2 min,
 * 4 min by default); after `maxAttempts` the notification is marked failed and stays in the app only.
 */
export async function markDeliveryFailed(tx: Db, id: string, error: string, maxAttempts: number, firstRetrySeconds = 30): Promise<void> {
  await tx.execute(sql`update notifications
                          set delivery_attempts = delivery_attempts + 1, delivery_error = ${error},
                              delivery_status = case when delivery_attempts + 1 >= ${maxAttempts} then 'failed' else 'pending' end,
                              next_attempt_at = now() + make_interval(secs => ${firstRetrySeconds}::int * power(2, delivery_attempts)::int)
                        where id = ${id}`);
}

export type NewNotification = { organizationId: string; userId: string; kind: string; title: string; body: string; link: string | null; entityId: string };

/** Notifies each recipient once per kind and subject (the unique key makes a repeat a no-op); answers how many were new. */
export async function insertOnce(tx: Db, rows: readonly NewNotification[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(notifications)
    .values(
      rows.map((r) => ({ organizationId: r.organizationId, userId: r.userId, kind: r.kind, title: r.title, body: r.body, link: r.link, entityId: r.entityId })),
    )
    .onConflictDoNothing()
    .returning({ entityId: notifications.entityId });
  return inserted.map((x) => x.entityId ?? '');
}
