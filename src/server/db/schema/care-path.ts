import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { patients } from './patients.js';
import { users } from './users.js';

// The care-path module's table (src/server/modules/care-path).
export const carePathRecommendations = pgTable(
  'care_path_recommendations',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    engineVersion: text('engine_version').notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    coverage: jsonb('coverage').$type<Record<string, unknown>[]>().notNull(),
    policyIds: uuid('policy_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    chosenOption: text('chosen_option'),
    choiceReason: text('choice_reason'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('care_path_recommendations_patient_idx').on(t.patientId, t.createdAt.desc())],
);
