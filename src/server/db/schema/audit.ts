import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, inet, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail. Rows are only ever inserted (triggers refuse UPDATE, DELETE and TRUNCATE), so
 * concurrent writers never wait on each other. Each row records the id of the transaction that wrote it; a
 * sealer then hashes every finished transaction range into `audit_seals`, a SHA-256 chain of blocks.
 * See docs/decisions/003-audit-chain.md.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorEmail: text('actor_email'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    patientId: uuid('patient_id'),
    outcome: text('outcome').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    /** The writing transaction's id (pg_current_xact_id), which orders sealing. Set by the database. */
    xactId: bigint('xact_id', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
  },
  (t) => [
    index('audit_events_occurred_idx').on(t.occurredAt),
    index('audit_events_actor_idx').on(t.actorUserId, t.occurredAt),
    index('audit_events_patient_idx').on(t.patientId, t.occurredAt),
    index('audit_events_action_idx').on(t.action, t.occurredAt),
    index('audit_events_xact_idx').on(t.xactId, t.id),
  ],
);

/** One link of the hash chain: every audit event written by transactions with fromXact <= xid < toXact. */
export const auditSeals = pgTable('audit_seals', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  fromXact: bigint('from_xact', { mode: 'number' }).notNull(),
  toXact: bigint('to_xact', { mode: 'number' }).notNull(),
  eventCount: integer('event_count').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
});
