import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';
import { appointments } from './scheduling.js';

/**
 * The provider's intake assessment: a draft while it is written, locked once signed. The content is one JSON
 * document validated by contracts/intake.ts; later changes are amendments (below) that keep the signed original.
 */
export const intakeAssessments = pgTable(
  'intake_assessments',
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
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    status: text('status').notNull().default('draft'),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    signedBy: uuid('signed_by').references(() => users.id),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** SHA-256 of the content as signed, so a later reader can show the original is unchanged. */
    signedContentHash: text('signed_content_hash'),
  },
  (t) => [
    index('intake_assessments_patient_idx').on(t.patientId, t.createdAt.desc()),
    check('intake_assessments_status_check', sql`${t.status} in ('draft', 'signed')`),
  ],
);

export const intakeAmendments = pgTable(
  'intake_amendments',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => intakeAssessments.id),
    sequence: integer('sequence').notNull(),
    /** The whole content after the amendment. */
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    reason: text('reason').notNull(),
    amendedBy: uuid('amended_by')
      .notNull()
      .references(() => users.id),
    amendedAt: timestamp('amended_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('intake_amendments_sequence_key').on(t.assessmentId, t.sequence)],
);
