import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locations, organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';

export const payers = pgTable(
  'payers',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    name: text('name').notNull(),
    /** commercial, medicare, medicaid, va_community_care, self_pay */
    kind: text('kind').notNull(),
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('payers_org_name_key').on(t.organizationId, t.name), check('payers_kind_check', sql`${t.kind} in ('commercial', 'medicare', 'medicaid', 'va_community_care', 'self_pay')`)],
);

export const payerPlans = pgTable(
  'payer_plans',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    payerId: uuid('payer_id').notNull().references(() => payers.id),
    name: text('name').notNull(),
    planType: text('plan_type'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('payer_plans_payer_name_key').on(t.payerId, t.name)],
);

/**
 * A payer's policy for one treatment, as numbered versions with effective dates. Versions are never edited: a change
 * is a new version, so a recommendation made under version 3 can still show version 3's terms.
 */
export const payerPolicies = pgTable(
  'payer_policies',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    payerId: uuid('payer_id').notNull().references(() => payers.id),
    treatment: text('treatment').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    terms: jsonb('terms').$type<Record<string, unknown>>().notNull(),
    source: text('source'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payer_policies_version_key').on(t.payerId, t.treatment, t.version), index('payer_policies_lookup_idx').on(t.payerId, t.treatment, t.effectiveFrom)],
);

export const patientCoverages = pgTable(
  'patient_coverages',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    payerId: uuid('payer_id').notNull().references(() => payers.id),
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

/** What the payer said on a benefits call. */
export const benefitsChecks = pgTable(
  'benefits_checks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    coverageId: uuid('coverage_id').notNull().references(() => patientCoverages.id),
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

/** A care-path recommendation as made: engine version, the facts it saw, its answer, the policy versions it used. */
export const carePathRecommendations = pgTable(
  'care_path_recommendations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    engineVersion: text('engine_version').notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    coverage: jsonb('coverage').$type<Record<string, unknown>[]>().notNull(),
    policyIds: uuid('policy_ids').array().notNull().default(sql`'{}'::uuid[]`),
    chosenOption: text('chosen_option'),
    choiceReason: text('choice_reason'),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('care_path_recommendations_patient_idx').on(t.patientId, t.createdAt.desc())],
);

export const priorAuthorizations = pgTable(
  'prior_authorizations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    coverageId: uuid('coverage_id').references(() => patientCoverages.id),
    policyId: uuid('policy_id').references(() => payerPolicies.id),
    treatment: text('treatment').notNull(),
    /** draft, submitted, more_info_requested, approved, denied */
    status: text('status').notNull().default('draft'),
    letter: jsonb('letter').$type<Record<string, unknown>>(),
    letterSignedBy: uuid('letter_signed_by').references(() => users.id),
    letterSignedAt: timestamp('letter_signed_at', { withTimezone: true }),
    authorizationNumber: text('authorization_number'),
    approvedSessions: integer('approved_sessions'),
    approvedFrom: date('approved_from', { mode: 'string' }),
    approvedTo: date('approved_to', { mode: 'string' }),
    denialReason: text('denial_reason'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('prior_authorizations_patient_idx').on(t.patientId),
    index('prior_authorizations_approved_to_idx').on(t.approvedTo).where(sql`${t.status} = 'approved'`),
    check('prior_authorizations_status_check', sql`${t.status} in ('draft', 'submitted', 'more_info_requested', 'approved', 'denied')`),
  ],
);

export const priorAuthorizationEvents = pgTable(
  'prior_authorization_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    priorAuthorizationId: uuid('prior_authorization_id').notNull().references(() => priorAuthorizations.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    by: uuid('by').notNull().references(() => users.id),
  },
  (t) => [index('prior_authorization_events_pa_idx').on(t.priorAuthorizationId, t.at)],
);

/** A VA Community Care referral: referral number, SEOC, authorized visits, validity window and the veteran's steps. */
export const vaReferrals = pgTable(
  'va_referrals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
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
    createdBy: uuid('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('va_referrals_patient_idx').on(t.patientId), index('va_referrals_valid_to_idx').on(t.validTo)],
);

/** A session used against an approval (prior authorization or VA referral). */
export const authorizationSessions = pgTable(
  'authorization_sessions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    priorAuthorizationId: uuid('prior_authorization_id').references(() => priorAuthorizations.id),
    vaReferralId: uuid('va_referral_id').references(() => vaReferrals.id),
    sessionDate: date('session_date', { mode: 'string' }).notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('authorization_sessions_pa_idx').on(t.priorAuthorizationId), index('authorization_sessions_va_idx').on(t.vaReferralId)],
);

export const priceListItems = pgTable(
  'price_list_items',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    locationId: uuid('location_id').notNull().references(() => locations.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** session, package, maintenance */
    kind: text('kind').notNull(),
    treatment: text('treatment').notNull(),
    sessions: integer('sessions').notNull(),
    priceCents: integer('price_cents').notNull(),
    includes: text('includes').array().notNull().default(sql`'{}'::text[]`),
    serviceCodes: text('service_codes').array().notNull().default(sql`'{}'::text[]`),
    hsaFsaEligible: boolean('hsa_fsa_eligible').notNull().default(true),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('price_list_items_location_code_key').on(t.locationId, t.code), check('price_list_items_kind_check', sql`${t.kind} in ('session', 'package', 'maintenance')`)],
);

export const costEstimates = pgTable(
  'cost_estimates',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id').notNull().references(() => patients.id),
    priceItemId: uuid('price_item_id').notNull().references(() => priceListItems.id),
    coverageId: uuid('coverage_id').references(() => patientCoverages.id),
    policyId: uuid('policy_id').references(() => payerPolicies.id),
    goodFaith: boolean('good_faith').notNull(),
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    patientCents: integer('patient_cents').notNull(),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cost_estimates_patient_idx').on(t.patientId, t.createdAt.desc())],
);
