import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './locations.js';
import { users } from './users.js';

// The notifications module's table (src/server/modules/notifications): in-app notifications and their outbox.

/** In-app notifications, and the outbox for email/SMS delivery through the configured sender. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    entityId: uuid('entity_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    deliveryStatus: text('delivery_status').notNull().default('pending'),
    deliveryAttempts: integer('delivery_attempts').notNull().default(0),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    deliveryError: text('delivery_error'),
    /** A failed send waits before its next try, twice as long after each failure (notifications.repository). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload').$type<Record<string, unknown>>(),
  },
  (t) => [
    // One notification per recipient, kind and subject: a job that runs twice cannot notify twice.
    uniqueIndex('notifications_once_key').on(t.userId, t.kind, t.entityId),
    index('notifications_user_idx').on(t.userId, t.createdAt.desc()),
    index('notifications_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveryStatus} = 'pending'`),
    check('notifications_delivery_status_check', sql`${t.deliveryStatus} in ('pending', 'sent', 'failed')`),
  ],
);
