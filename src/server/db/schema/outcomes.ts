import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locations, organizations } from './locations.js';
import { observations } from './observations.js';
import { patients } from './patients.js';
import { treatmentCourses } from './scheduling.js';
import { users } from './users.js';

// The outcomes module's tables (src/server/modules/outcomes): questionnaires made due by a course's schedule of
// measures, and the risk alerts a positive answer raises until a clinician acknowledges them.

/**
 * A questionnaire due for a patient (from a course's schedule, or asked by a clinician), and its answer once given:
 * the score itself is an observation (observations module), linked here.
 */
export const questionnaires = pgTable(
  'questionnaires',
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
    courseId: uuid('course_id').references(() => treatmentCourses.id),
    instrument: text('instrument').notNull(),
    /** The clinic's date it is due on. */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('due'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** Who entered it: portal (the patient), tablet (the patient, at check-in), paper (staff typing a paper form). */
    answeredVia: text('answered_via'),
    enteredBy: uuid('entered_by').references(() => users.id),
    language: text('language'),
    observationId: uuid('observation_id').references(() => observations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('questionnaires_course_due_key').on(t.courseId, t.instrument, t.dueOn),
    index('questionnaires_patient_idx').on(t.patientId, t.status, t.dueOn),
    check('questionnaires_instrument_check', sql`${t.instrument} in ('PHQ-9', 'GAD-7', 'PCL-5')`),
    check('questionnaires_status_check', sql`${t.status} in ('due', 'answered', 'missed')`),
    check('questionnaires_via_check', sql`${t.answeredVia} is null or ${t.answeredVia} in ('portal', 'tablet', 'paper')`),
    check('questionnaires_answered_check', sql`(${t.status} = 'answered') = (${t.answeredAt} is not null)`),
  ],
);

/**
 * A positive suicide-risk answer (PHQ-9 item 9 above 0) from a questionnaire: raised at once, one per answer,
 * open until a clinician acknowledges it with a note.
 */
export const riskAlerts = pgTable(
  'risk_alerts',
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
    questionnaireId: uuid('questionnaire_id')
      .notNull()
      .references(() => questionnaires.id),
    reason: text('reason').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('risk_alerts_questionnaire_key').on(t.questionnaireId),
    index('risk_alerts_open_idx')
      .on(t.locationId, t.raisedAt)
      .where(sql`${t.acknowledgedAt} is null`),
    index('risk_alerts_patient_idx').on(t.patientId, t.raisedAt),
    check('risk_alerts_ack_check', sql`(${t.acknowledgedAt} is null) = (${t.acknowledgedBy} is null)`),
  ],
);
