import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
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
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('appointments_patient_idx').on(t.patientId, t.startsAt),
    index('appointments_provider_idx').on(t.providerId, t.startsAt),
    index('appointments_course_idx')
      .on(t.courseId, t.startsAt)
      .where(sql`${t.courseId} is not null`),
    check('appointments_status_check', sql`${t.status} in ('booked', 'checked_in', 'in_treatment', 'completed', 'cancelled', 'no_show')`),
  ],
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
    check('treatment_courses_status_check', sql`${t.status} in ('planned', 'active', 'on_hold', 'completed', 'stopped')`),
    check('treatment_courses_basis_check', sql`${t.recommendationId} is not null or ${t.differReason} is not null`),
    check('treatment_courses_one_payer_link_check', sql`${t.priorAuthorizationId} is null or ${t.vaReferralId} is null`),
  ],
);
