import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { locations, organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';

/**
 * A person who asked to be contacted: a callback request, a screening with contact details, or a phone call a
 * coordinator typed in. Status: new -> claimed -> closed | converted.
 */
export const leads = pgTable(
  'leads',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    source: text('source').notNull(),
    status: text('status').notNull().default('new'),
    urgent: boolean('urgent').notNull().default(false),
    urgentReason: text('urgent_reason'),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    email: text('email'),
    state: text('state'),
    bestTime: text('best_time'),
    reason: text('reason'),
    consentToCall: boolean('consent_to_call').notNull(),
    consentToText: boolean('consent_to_text').notNull().default(false),
    visitorTimeZone: text('visitor_time_zone'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the first call is due: 10 minutes inside calling hours, else 10 minutes after the next opening. */
    callbackDueAt: timestamp('callback_due_at', { withTimezone: true }).notNull(),
    /** A later callback the person asked for ("call back later"); the queue orders by it once set. */
    nextCallAt: timestamp('next_call_at', { withTimezone: true }),
    claimedBy: uuid('claimed_by').references(() => users.id),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    firstAttemptAt: timestamp('first_attempt_at', { withTimezone: true }),
    firstReachedAt: timestamp('first_reached_at', { withTimezone: true }),
    attemptCount: integer('attempt_count').notNull().default(0),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeReason: text('close_reason'),
    convertedPatientId: uuid('converted_patient_id').references(() => patients.id),
    convertedAt: timestamp('converted_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The live queue: open leads of a clinic, urgent first, then by the time the next call is due.
    index('leads_open_queue_idx')
      .on(t.locationId, t.urgent.desc(), sql`coalesce(${t.nextCallAt}, ${t.callbackDueAt})`)
      .where(sql`${t.status} in ('new', 'claimed')`),
    // The escalation sweep reads only leads still waiting for a first call.
    index('leads_awaiting_first_call_idx')
      .on(t.callbackDueAt)
      .where(sql`${t.firstAttemptAt} is null and ${t.escalatedAt} is null and ${t.status} in ('new', 'claimed')`),
    index('leads_phone_idx').on(t.phone, t.requestedAt),
    index('leads_location_requested_idx').on(t.locationId, t.requestedAt),
    check('leads_status_check', sql`${t.status} in ('new', 'claimed', 'closed', 'converted')`),
    check('leads_source_check', sql`${t.source} in ('callback', 'screening', 'phone')`),
  ],
);

export const leadCallAttempts = pgTable(
  'lead_call_attempts',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
    outcome: text('outcome').notNull(),
    callBackAt: timestamp('call_back_at', { withTimezone: true }),
    notes: text('notes'),
  },
  (t) => [index('lead_call_attempts_lead_idx').on(t.leadId, t.attemptedAt)],
);

/** Screening answers kept with a lead (only when the visitor asked to be contacted). */
export const leadScreenings = pgTable(
  'lead_screenings',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    instrument: text('instrument').notNull(),
    answers: smallint('answers').array().notNull(),
    total: integer('total'),
    severity: text('severity'),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('lead_screenings_lead_idx').on(t.leadId)],
);

/** Anonymous screening counts per day, instrument and band: all that is kept when a visitor leaves no contact. */
export const screeningDailyCounts = pgTable(
  'screening_daily_counts',
  {
    day: date('day', { mode: 'string' }).notNull(),
    instrument: text('instrument').notNull(),
    severity: text('severity').notNull(),
    crisis: boolean('crisis').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.instrument, t.severity, t.crisis] })],
);
