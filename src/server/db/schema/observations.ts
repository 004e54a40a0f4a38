import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';

// The observations module's tables (src/server/modules/observations): every measured value of a patient.

/**
 * Dated measurements (scores, vital signs) with their LOINC code where one exists. Outcome timelines read these
 * by patient and code.
 */
export const observations = pgTable(
  'observations',
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
    /** Instrument or measure key: PHQ-9, GAD-7, PCL-5, ASQ, C-SSRS, bp-systolic... */
    kind: text('kind').notNull(),
    loinc: text('loinc'),
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
    valueNumber: numeric('value_number'),
    valueText: text('value_text'),
    unit: text('unit'),
    /** Item answers for instruments, in item order. */
    items: smallint('items').array(),
    interpretation: text('interpretation'),
    source: text('source').notNull(),
    sourceId: uuid('source_id'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('observations_patient_kind_idx').on(t.patientId, t.kind, t.effectiveAt.desc())],
);

export const patientWeights = pgTable(
  'patient_weights',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    measuredAt: timestamp('measured_at', { withTimezone: true }).notNull(),
    /** Grams, an integer: dosing is weight-based and must not suffer float rounding. */
    weightGrams: integer('weight_grams').notNull(),
    source: text('source').notNull().default('measured'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The weight rule of domain/patients/weight.ts (20-350 kg), enforced again by the database for every writer.
  (t) => [
    index('patient_weights_patient_idx').on(t.patientId, t.measuredAt),
    check('patient_weights_plausible_check', sql`${t.weightGrams} between 20000 and 350000`),
    check('patient_weights_source_check', sql`${t.source} in ('measured', 'reported')`),
  ],
);
