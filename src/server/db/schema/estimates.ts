import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locations, organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';
import { payerPolicies, patientCoverages } from './coverage.js';

export const priceListItems = pgTable(
  'price_list_items',
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
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** session, package, maintenance */
    kind: text('kind').notNull(),
    treatment: text('treatment').notNull(),
    sessions: integer('sessions').notNull(),
    priceCents: integer('price_cents').notNull(),
    includes: text('includes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    serviceCodes: text('service_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    hsaFsaEligible: boolean('hsa_fsa_eligible').notNull().default(true),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    uniqueIndex('price_list_items_location_code_key').on(t.locationId, t.code),
    check('price_list_items_kind_check', sql`${t.kind} in ('session', 'package', 'maintenance')`),
  ],
);

export const costEstimates = pgTable(
  'cost_estimates',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    priceItemId: uuid('price_item_id')
      .notNull()
      .references(() => priceListItems.id),
    coverageId: uuid('coverage_id').references(() => patientCoverages.id),
    policyId: uuid('policy_id').references(() => payerPolicies.id),
    goodFaith: boolean('good_faith').notNull(),
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    patientCents: integer('patient_cents').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cost_estimates_patient_idx').on(t.patientId, t.createdAt.desc())],
);
