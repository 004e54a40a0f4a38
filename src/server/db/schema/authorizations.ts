import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { patients } from './patients.js';
import { users } from './users.js';
import { payerPolicies, patientCoverages } from './coverage.js';

export const priorAuthorizations = pgTable(
  'prior_authorizations',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    coverageId: uuid('coverage_id').references(() => patientCoverages.id),
    policyId: uuid('policy_id').references(() => payerPolicies.id),
    treatment: text('treatment').notNull(),
    /** draft, submitted, more_info_requested, approved, denied */
    status: text('status').notNull().default('draft'),
    letter: jsonb('letter').$type<Record<string, unknown>>(),
    letterSignedBy: uuid('letter_signed_by').references(() => users.id),
    letterSignedAt: timestamp('letter_signed_at', { withTimezone: true }),
    /** SHA-256 of the letter as signed (platform/documents/signed-documents.ts). */
    letterContentHash: text('letter_content_hash'),
    /** The provider chose to let the patient read the signed letter in the portal (issue 11). */
    letterSharedAt: timestamp('letter_shared_at', { withTimezone: true }),
    letterSharedBy: uuid('letter_shared_by').references(() => users.id),
    authorizationNumber: text('authorization_number'),
    approvedSessions: integer('approved_sessions'),
    approvedFrom: date('approved_from', { mode: 'string' }),
    approvedTo: date('approved_to', { mode: 'string' }),
    denialReason: text('denial_reason'),
    /** The approval this one extends (more sessions or a later end, requested when few sessions remain; issue 9). */
    extendsId: uuid('extends_id').references((): AnyPgColumn => priorAuthorizations.id),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('prior_authorizations_patient_idx').on(t.patientId),
    index('prior_authorizations_extends_idx')
      .on(t.extendsId)
      .where(sql`${t.extendsId} is not null`),
    index('prior_authorizations_approved_to_idx')
      .on(t.approvedTo)
      .where(sql`${t.status} = 'approved'`),
    check('prior_authorizations_status_check', sql`${t.status} in ('draft', 'submitted', 'more_info_requested', 'approved', 'denied')`),
  ],
);

export const priorAuthorizationEvents = pgTable(
  'prior_authorization_events',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    priorAuthorizationId: uuid('prior_authorization_id')
      .notNull()
      .references(() => priorAuthorizations.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    by: uuid('by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('prior_authorization_events_pa_idx').on(t.priorAuthorizationId, t.at)],
);

export const vaReferrals = pgTable(
  'va_referrals',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    referralNumber: text('referral_number').notNull(),
    seoc: text('seoc').notNull(),
    treatment: text('treatment').notNull(),
    authorizedVisits: integer('authorized_visits'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    thirdPartyAdministrator: text('third_party_administrator'),
    /** consult, referral, documentation, approval, scheduling: each step's date (ISO) or null. */
    steps: jsonb('steps').$type<Record<string, string | null>>().notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('va_referrals_patient_idx').on(t.patientId), index('va_referrals_valid_to_idx').on(t.validTo)],
);

export const authorizationSessions = pgTable(
  'authorization_sessions',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    priorAuthorizationId: uuid('prior_authorization_id').references(() => priorAuthorizations.id),
    vaReferralId: uuid('va_referral_id').references(() => vaReferrals.id),
    sessionDate: date('session_date', { mode: 'string' }).notNull(),
    note: text('note'),
    /**
     * The completed visit this session was counted from (automatic counting); null for one recorded by hand. Its foreign
     * key to appointments is written in migration 0011 by hand: declaring it here would make the schema files import
     * each other (appointments' courses reference prior authorizations).
     */
    appointmentId: uuid('appointment_id'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('authorization_sessions_pa_idx').on(t.priorAuthorizationId),
    index('authorization_sessions_va_idx').on(t.vaReferralId),
    // A visit counts once, however often it is completed, reopened or retried.
    uniqueIndex('authorization_sessions_appointment_key').on(t.appointmentId),
  ],
);

/** Amendments to a signed letter of medical necessity: appended with a reason, never changed (a database trigger). */
export const priorAuthorizationLetterAmendments = pgTable(
  'prior_authorization_letter_amendments',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    priorAuthorizationId: uuid('prior_authorization_id')
      .notNull()
      .references(() => priorAuthorizations.id),
    sequence: integer('sequence').notNull(),
    letter: jsonb('letter').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    reason: text('reason').notNull(),
    amendedBy: uuid('amended_by')
      .notNull()
      .references(() => users.id),
    amendedAt: timestamp('amended_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('prior_authorization_letter_amendments_sequence_key').on(t.priorAuthorizationId, t.sequence)],
);
