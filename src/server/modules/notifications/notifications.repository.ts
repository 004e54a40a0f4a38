import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql-values.js';

type Row = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string | Date;
  read_at: string | Date | null;
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
