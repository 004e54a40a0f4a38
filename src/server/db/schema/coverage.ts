import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';

export const payers = pgTable(
  'payers',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    /** commercial, medicare, medicaid, va_community_care, self_pay */
    kind: text('kind').notNull(),
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    uniqueIndex('payers_org_name_key').on(t.organizationId, t.name),
    check('payers_kind_check', sql`${t.kind} in ('commercial', 'medicare', 'medicaid', 'va_community_care', 'self_pay')`),
  ],
);

export const payerPlans = pgTable(
  'payer_plans',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    payerId: uuid('payer_id')
      .notNull()
      .references(() => payers.id),
    name: text('name').notNull(),
    planType: text('plan_type'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('payer_plans_payer_name_key').on(t.payerId, t.name)],
);

export const payerPolicies = pgTable(
  'payer_policies',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    payerId: uuid('payer_id')
      .notNull()
      .references(() => payers.id),
    treatment: text('treatment').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    terms: jsonb('terms').$type<Record<string, unknown>>().notNull(),
    source: text('source'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payer_policies_version_key').on(t.payerId, t.treatment, t.version),
    index('payer_policies_lookup_idx').on(t.payerId, t.treatment, t.effectiveFrom),
  ],
);

export const patientCoverages = pgTable(
  'patient_coverages',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    payerId: uuid('payer_id')
      .notNull()
      .references(() => payers.id),
    planId: uuid('plan_id').references(() => payerPlans.id),
    /** primary or secondary */
    priority: text('priority').notNull(),
    memberId: text('member_id'),
    groupId: text('group_id'),
    subscriberName: text('subscriber_name'),
    subscriberRelationship: text('subscriber_relationship').notNull().default('self'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('patient_coverages_patient_idx').on(t.patientId), check('patient_coverages_priority_check', sql`${t.priority} in ('primary', 'secondary')`)],
);

export const benefitsChecks = pgTable(
  'benefits_checks',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    coverageId: uuid('coverage_id')
      .notNull()
      .references(() => patientCoverages.id),
    treatment: text('treatment'),
    checkedOn: date('checked_on', { mode: 'string' }).notNull(),
    referenceNumber: text('reference_number').notNull(),
    representative: text('representative'),
    deductibleCents: integer('deductible_cents'),
    deductibleMetCents: integer('deductible_met_cents'),
    outOfPocketMaxCents: integer('out_of_pocket_max_cents'),
    outOfPocketMetCents: integer('out_of_pocket_met_cents'),
    coinsurancePercent: integer('coinsurance_percent'),
    copayCents: integer('copay_cents'),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('benefits_checks_coverage_idx').on(t.coverageId, t.checkedOn.desc())],
);
