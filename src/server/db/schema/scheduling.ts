import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { WeeklyHours } from '../../../domain/scheduling/opening-hours.js';
import { leads } from './front-door.js';
import { locations, organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';
import { carePathRecommendations } from './care-path.js';
import { priorAuthorizations, vaReferrals } from './authorizations.js';

// The scheduling module's tables (src/server/modules/scheduling): treatment resources, appointments and treatment
// protocols.

/** A chair, TMS device or observation room of a clinic. */
export const treatmentResources = pgTable(
  'treatment_resources',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('treatment_resources_location_idx').on(t.locationId),
    uniqueIndex('treatment_resources_location_name_key').on(t.locationId, t.name),
    check('treatment_resources_kind_check', sql`${t.kind} in ('infusion_chair', 'tms_device', 'esketamine_room')`),
  ],
);

/** A booked visit: an intake consultation today; treatment visits of a course next. */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().default('booked'),
    leadId: uuid('lead_id').references(() => leads.id),
    /** The treatment course this visit belongs to (null for consultations). */
    courseId: uuid('course_id').references((): AnyPgColumn => treatmentCourses.id),
    /** The chair, TMS device or observation room the visit holds from starts_at to ends_at (observation included). */
    resourceId: uuid('resource_id').references(() => treatmentResources.id),
    /**
     * When the attending staff member (provider_id) is free again: the end of treatment, before the observation or
     * recovery the resource still holds. Null means ends_at (a consultation).
     */
    staffEndsAt: timestamp('staff_ends_at', { withTimezone: true }),
    /** The prescriber who must be on site for the whole visit (Spravato REMS), not booked exclusively. */
    onSiteStaffId: uuid('on_site_staff_id').references(() => users.id),
    /** Visits booked together (an accepted course plan): they were booked whole or not at all. */
    seriesId: uuid('series_id'),
    confirmation: text('confirmation').notNull().default('unconfirmed'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** When observation after the last dose began (Spravato's at-least-2-hours clock starts here). */
    observationStartedAt: timestamp('observation_started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** Cancelled inside the clinic's late-cancellation window (domain/scheduling/appointments.ts). */
    lateCancel: boolean('late_cancel').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('appointments_patient_idx').on(t.patientId, t.startsAt),
    index('appointments_provider_idx').on(t.providerId, t.startsAt),
    index('appointments_course_idx')
      .on(t.courseId, t.startsAt)
      .where(sql`${t.courseId} is not null`),
    index('appointments_resource_idx')
      .on(t.resourceId, t.startsAt)
      .where(sql`${t.resourceId} is not null`),
    index('appointments_location_day_idx').on(t.locationId, t.startsAt),
    // A prescriber's on-site visits (their calendar feed).
    index('appointments_on_site_idx')
      .on(t.onSiteStaffId, t.startsAt)
      .where(sql`${t.onSiteStaffId} is not null`),
    // The reminder job's scan: booked visits starting soon, across clinics.
    index('appointments_booked_starts_idx')
      .on(t.startsAt)
      .where(sql`${t.status} = 'booked'`),
    check(
      'appointments_status_check',
      sql`${t.status} in ('booked', 'checked_in', 'in_treatment', 'observing', 'ready_for_discharge', 'completed', 'cancelled', 'no_show')`,
    ),
    check('appointments_confirmation_check', sql`${t.confirmation} in ('unconfirmed', 'confirmed', 'reschedule_requested')`),
    check(
      'appointments_times_check',
      sql`${t.endsAt} > ${t.startsAt} and (${t.staffEndsAt} is null or ${t.staffEndsAt} between ${t.startsAt} and ${t.endsAt})`,
    ),
    check('appointments_cancel_reason_check', sql`${t.status} <> 'cancelled' or ${t.cancelReason} is not null`),
    // The three exclusion constraints (no resource, staff member or patient booked twice at once) are in migration
    // 0011: drizzle-kit does not model EXCLUDE.
  ],
);

/** A staff member's working hours at one clinic (clinic wall clock); a staff member without a row works the clinic's hours. */
export const staffWorkingHours = pgTable(
  'staff_working_hours',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    hours: jsonb('hours').$type<WeeklyHours>().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.locationId] }), index('staff_working_hours_location_idx').on(t.locationId)],
);

/** Time a staff member is away (leave, training): no visit is planned or booked with them then. */
export const staffTimeOff = pgTable(
  'staff_time_off',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('staff_time_off_user_idx').on(t.userId, t.endsAt), check('staff_time_off_times_check', sql`${t.endsAt} > ${t.startsAt}`)],
);

/**
 * A treatment protocol version: spacing, visit types, resources, staff, questionnaires and readiness, as data
 * (src/domain/scheduling/protocols.ts). Versions are never edited: an administrator publishes the next one, and a
 * course keeps the version it started with.
 */
export const treatmentProtocols = pgTable(
  'treatment_protocols',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    treatment: text('treatment').notNull(),
    name: text('name').notNull(),
    /** `{ visitTypes, phases }` as the domain's Protocol has them. */
    definition: jsonb('definition').$type<{ visitTypes: unknown[]; phases: unknown[] }>().notNull(),
    source: text('source').notNull(),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('treatment_protocols_org_code_version_key').on(t.organizationId, t.code, t.version),
    check('treatment_protocols_treatment_check', sql`${t.treatment} in ('tms', 'esketamine', 'iv_ketamine', 'im_ketamine', 'kap')`),
    check('treatment_protocols_version_check', sql`${t.version} >= 1`),
  ],
);

/**
 * A patient's course of treatment at a clinic on one protocol version (kept for the course's life), started from a
 * recorded care-path recommendation or with a documented reason to differ, and linked to the prior authorization or
 * VA referral it counts against when the payer needs one.
 */
export const treatmentCourses = pgTable(
  'treatment_courses',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    protocolId: uuid('protocol_id')
      .notNull()
      .references(() => treatmentProtocols.id),
    status: text('status').notNull().default('planned'),
    statusReason: text('status_reason'),
    recommendationId: uuid('recommendation_id').references(() => carePathRecommendations.id),
    differReason: text('differ_reason'),
    priorAuthorizationId: uuid('prior_authorization_id').references(() => priorAuthorizations.id),
    vaReferralId: uuid('va_referral_id').references(() => vaReferrals.id),
    startedBy: uuid('started_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('treatment_courses_patient_idx').on(t.patientId, t.createdAt.desc()),
    // The visits booked against one authorization or referral, across the courses that share it.
    index('treatment_courses_prior_authorization_idx')
      .on(t.priorAuthorizationId)
      .where(sql`${t.priorAuthorizationId} is not null`),
    index('treatment_courses_va_referral_idx')
      .on(t.vaReferralId)
      .where(sql`${t.vaReferralId} is not null`),
    check('treatment_courses_status_check', sql`${t.status} in ('planned', 'active', 'on_hold', 'completed', 'stopped')`),
    check('treatment_courses_basis_check', sql`${t.recommendationId} is not null or ${t.differReason} is not null`),
    check('treatment_courses_one_payer_link_check', sql`${t.priorAuthorizationId} is null or ${t.vaReferralId} is null`),
  ],
);

/**
 * A reminder of one visit by one channel, for the visit's start at the time (a moved visit gets its own): the outbox
 * the reminder job works. pending -> sending (claimed, committed before the send) -> sent, or back to pending with a
 * wait after a failure, failed after the last try, or uncertain when a send was interrupted (never sent again by
 * itself: a coordinator looks).
 */
export const appointmentReminders = pgTable(
  'appointment_reminders',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    forStartsAt: timestamp('for_starts_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('appointment_reminders_once_key').on(t.appointmentId, t.channel, t.forStartsAt),
    index('appointment_reminders_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('appointment_reminders_sending_idx')
      .on(t.claimedAt)
      .where(sql`${t.status} = 'sending'`),
    check('appointment_reminders_channel_check', sql`${t.channel} in ('sms', 'email')`),
    check('appointment_reminders_status_check', sql`${t.status} in ('pending', 'sending', 'sent', 'failed', 'uncertain')`),
  ],
);

/**
 * A text message a patient sent in reply (POST /api/messages/inbound): "C" confirms, "R" asks for a call. Every message
 * is kept; one from an unknown number, with a reply the system cannot read, or with no visit to apply to waits for a
 * coordinator's review.
 */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id').references(() => organizations.id),
    fromPhone: text('from_phone').notNull(),
    body: text('body').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    patientId: uuid('patient_id').references(() => patients.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    outcome: text('outcome').notNull(),
    needsReview: boolean('needs_review').notNull(),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('inbound_messages_review_idx')
      .on(t.createdAt)
      .where(sql`${t.needsReview} and ${t.reviewedAt} is null`),
    index('inbound_messages_patient_idx').on(t.patientId, t.receivedAt),
    check(
      'inbound_messages_outcome_check',
      sql`${t.outcome} in ('confirmed', 'reschedule_requested', 'unknown_sender', 'unrecognized_reply', 'no_upcoming_visit')`,
    ),
  ],
);

/**
 * Unguessable link tokens (256 bits), kept only as their SHA-256: a patient's visit confirmation link, and a staff
 * member's calendar feed. Revoked by setting revoked_at; a confirmation link also expires after its visit.
 */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose').notNull(),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    userId: uuid('user_id').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('access_tokens_hash_key').on(t.tokenHash),
    index('access_tokens_user_idx')
      .on(t.userId)
      .where(sql`${t.userId} is not null`),
    check('access_tokens_purpose_check', sql`${t.purpose} in ('visit_confirmation', 'staff_calendar')`),
  ],
);
