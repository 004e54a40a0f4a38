import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ChartingPolicy } from '../../../domain/charting/policy.js';
import { locations, organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';
import { appointments, treatmentCourses } from './scheduling.js';

// The charting module's tables (src/server/modules/charting): what happens at the chair (issue 10). Sessions lock when
// signed (stepwise_signed_is_locked) and so do their readings, devices, alerts and adverse events (a trigger in
// migration 0015 refuses any change to them once the session is signed); amendments, the controlled-substance log and
// the policy versions are append-only.

/** A clinic's charting policy, versioned per practice (domain/charting/policy.ts). Append-only. */
export const chartingPolicies = pgTable(
  'charting_policies',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    version: integer('version').notNull(),
    policy: jsonb('policy').$type<ChartingPolicy>().notNull(),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('charting_policies_org_version_key').on(t.organizationId, t.version)],
);

/** One treatment session, opened from its appointment: the chart a nurse writes at the chair. */
export const treatmentSessions = pgTable(
  'treatment_sessions',
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
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    courseId: uuid('course_id').references(() => treatmentCourses.id),
    /** The session's place in its course (1-based), null for a visit outside the course's order. */
    sessionNumber: integer('session_number'),
    modality: text('modality').notNull(),
    visitKind: text('visit_kind').notNull(),
    policyVersion: integer('policy_version').notNull(),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => users.id),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    preCheck: jsonb('pre_check'),
    preCheckBy: uuid('pre_check_by').references(() => users.id),
    preCheckAt: timestamp('pre_check_at', { withTimezone: true }),
    /** The suicide-risk check: what was asked, the answers and the result (domain/charting/risk.ts). */
    risk: jsonb('risk'),
    riskPositive: boolean('risk_positive'),
    riskCheckedBy: uuid('risk_checked_by').references(() => users.id),
    riskCheckedAt: timestamp('risk_checked_at', { withTimezone: true }),
    /** Ketamine: the provider's order and the dose computed from it, and who confirmed the dose. */
    ketamineOrder: jsonb('ketamine_order'),
    orderedBy: uuid('ordered_by').references(() => users.id),
    orderedAt: timestamp('ordered_at', { withTimezone: true }),
    dose: jsonb('dose'),
    doseConfirmedBy: uuid('dose_confirmed_by').references(() => users.id),
    doseConfirmedAt: timestamp('dose_confirmed_at', { withTimezone: true }),
    /** Spravato: dose, pre-dose blood pressure and the provider's decision when it was high. */
    spravato: jsonb('spravato'),
    /** TMS: protocol parameters, coil position, intensity, pulses, trains, interruptions, discomfort. */
    tms: jsonb('tms'),
    /** Therapy: the therapist's note with start and end times and modality. */
    therapy: jsonb('therapy'),
    treatmentStartedAt: timestamp('treatment_started_at', { withTimezone: true }),
    treatmentEndedAt: timestamp('treatment_ended_at', { withTimezone: true }),
    discharge: jsonb('discharge'),
    dischargedAt: timestamp('discharged_at', { withTimezone: true }),
    dischargedBy: uuid('discharged_by').references(() => users.id),
    note: text('note'),
    signedBy: uuid('signed_by').references(() => users.id),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedContentHash: text('signed_content_hash'),
    cosignRequired: boolean('cosign_required').notNull().default(false),
    cosignedBy: uuid('cosigned_by').references(() => users.id),
    cosignedAt: timestamp('cosigned_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('treatment_sessions_appointment_key').on(t.appointmentId),
    index('treatment_sessions_patient_idx').on(t.patientId, t.openedAt),
    index('treatment_sessions_course_idx')
      .on(t.courseId, t.sessionNumber)
      .where(sql`${t.courseId} is not null`),
    // The nurse's view of a clinic's sessions not yet discharged, and the manager's unsigned list.
    index('treatment_sessions_open_idx')
      .on(t.locationId, t.openedAt)
      .where(sql`${t.signedAt} is null`),
    index('treatment_sessions_cosign_idx')
      .on(t.locationId, t.signedAt)
      .where(sql`${t.cosignRequired} and ${t.cosignedAt} is null and ${t.signedAt} is not null`),
    // Billing codes sessions in the order they became final (billableSessionsAfter).
    index('treatment_sessions_final_idx')
      .on(t.organizationId, sql`coalesce(${t.cosignedAt}, ${t.signedAt})`)
      .where(sql`${t.signedAt} is not null`),
    check('treatment_sessions_modality_check', sql`${t.modality} in ('iv_ketamine', 'im_ketamine', 'spravato', 'tms', 'therapy')`),
    check('treatment_sessions_times_check', sql`${t.treatmentEndedAt} is null or ${t.treatmentEndedAt} >= ${t.treatmentStartedAt}`),
    check('treatment_sessions_confirmer_check', sql`${t.doseConfirmedBy} is null or ${t.doseConfirmedBy} <> ${t.orderedBy}`),
    check('treatment_sessions_cosigner_check', sql`${t.cosignedBy} is null or (${t.signedBy} is not null and ${t.cosignedBy} <> ${t.signedBy})`),
  ],
);

/** One vital-sign reading during or after a treatment: the hottest write in the clinic. */
export const sessionVitals = pgTable(
  'session_vitals',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => treatmentSessions.id),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    systolic: smallint('systolic'),
    diastolic: smallint('diastolic'),
    heartRate: smallint('heart_rate'),
    spo2: smallint('spo2'),
    respiratoryRate: smallint('respiratory_rate'),
    /** MOAA/S 0-5. */
    sedation: smallint('sedation'),
    /** CADSS-6 total 0-24. */
    dissociation: smallint('dissociation'),
    /** The id a tablet gave the reading when it was entered (offline too): sent twice, stored once. */
    clientId: uuid('client_id'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('session_vitals_session_idx').on(t.sessionId, t.takenAt),
    uniqueIndex('session_vitals_client_key')
      .on(t.sessionId, t.clientId)
      .where(sql`${t.clientId} is not null`),
    check(
      'session_vitals_some_value_check',
      sql`coalesce(${t.systolic}, ${t.diastolic}, ${t.heartRate}, ${t.spo2}, ${t.respiratoryRate}, ${t.sedation}, ${t.dissociation}) is not null`,
    ),
  ],
);

/** An alert a session raised (a threshold crossed, a positive risk screen, a serious event) and the action taken. */
export const sessionAlerts = pgTable(
  'session_alerts',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => treatmentSessions.id),
    kind: text('kind').notNull(),
    vitalsId: uuid('vitals_id').references(() => sessionVitals.id),
    message: text('message').notNull(),
    detail: jsonb('detail'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action'),
    actionNote: text('action_note'),
    actedBy: uuid('acted_by').references(() => users.id),
    actedAt: timestamp('acted_at', { withTimezone: true }),
  },
  (t) => [
    index('session_alerts_session_idx').on(t.sessionId, t.raisedAt),
    check('session_alerts_kind_check', sql`${t.kind} in ('threshold', 'suicide_risk', 'adverse_event', 'pre_dose_bp')`),
    check(
      'session_alerts_action_check',
      sql`${t.action} is null or ${t.action} in ('slowed', 'paused', 'stopped', 'provider_called', 'reviewed', 'continued')`,
    ),
    check('session_alerts_acted_check', sql`(${t.actedAt} is null) = (${t.action} is null)`),
  ],
);

/** Each Spravato device: its number in the dose, lot and time. */
export const spravatoDevices = pgTable(
  'spravato_devices',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => treatmentSessions.id),
    deviceNumber: smallint('device_number').notNull(),
    administeredAt: timestamp('administered_at', { withTimezone: true }).notNull(),
    lot: text('lot').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    uniqueIndex('spravato_devices_session_number_key').on(t.sessionId, t.deviceNumber),
    check('spravato_devices_number_check', sql`${t.deviceNumber} between 1 and 3`),
  ],
);

/** Side effects and adverse events, structured. */
export const adverseEvents = pgTable(
  'adverse_events',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => treatmentSessions.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    type: text('type').notNull(),
    severity: text('severity').notNull(),
    serious: boolean('serious').notNull(),
    onsetAt: timestamp('onset_at', { withTimezone: true }).notNull(),
    actionTaken: text('action_taken').notNull(),
    outcome: text('outcome').notNull(),
    description: text('description'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('adverse_events_session_idx').on(t.sessionId),
    index('adverse_events_patient_idx').on(t.patientId, t.onsetAt),
    check('adverse_events_severity_check', sql`${t.severity} in ('mild', 'moderate', 'severe')`),
  ],
);

/** Amendments to a signed session: appended with a reason, never changed. */
export const sessionAmendments = pgTable(
  'session_amendments',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => treatmentSessions.id),
    reason: text('reason').notNull(),
    text: text('text').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('session_amendments_session_idx').on(t.sessionId, t.createdAt)],
);

/** TMS motor thresholds, per patient and course. */
export const motorThresholds = pgTable(
  'motor_thresholds',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    courseId: uuid('course_id').references(() => treatmentCourses.id),
    sessionId: uuid('session_id').references(() => treatmentSessions.id),
    /** % machine output. */
    valuePercent: smallint('value_percent').notNull(),
    method: text('method').notNull(),
    determinedAt: timestamp('determined_at', { withTimezone: true }).notNull(),
    determinedBy: uuid('determined_by')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
  },
  (t) => [
    index('motor_thresholds_patient_idx').on(t.patientId, t.determinedAt),
    check('motor_thresholds_value_check', sql`${t.valuePercent} between 1 and 100`),
  ],
);

/** The clinic's controlled-substance log (Schedule III ketamine and esketamine): append-only, tenths of a mg. */
export const controlledSubstanceEntries = pgTable(
  'controlled_substance_entries',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    /** The log's order: entries recorded in the same instant keep the order they were written in. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    drug: text('drug').notNull(),
    kind: text('kind').notNull(),
    vial: text('vial').notNull(),
    lot: text('lot').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    amountTenthsMg: integer('amount_tenths_mg').notNull(),
    sessionId: uuid('session_id').references(() => treatmentSessions.id),
    witnessId: uuid('witness_id').references(() => users.id),
    note: text('note'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('controlled_substance_entries_location_idx').on(t.locationId, t.drug, t.recordedAt),
    index('controlled_substance_entries_session_idx')
      .on(t.sessionId)
      .where(sql`${t.sessionId} is not null`),
    check('controlled_substance_entries_drug_check', sql`${t.drug} in ('ketamine', 'esketamine')`),
    check('controlled_substance_entries_kind_check', sql`${t.kind} in ('receive', 'draw', 'administer', 'waste', 'return', 'adjust')`),
    check('controlled_substance_entries_amount_check', sql`${t.amountTenthsMg} <> 0 and (${t.kind} = 'adjust' or ${t.amountTenthsMg} > 0)`),
    // Waste and count corrections are witnessed by a second person (DEA practice for controlled substances).
    check(
      'controlled_substance_entries_witness_check',
      sql`${t.kind} not in ('waste', 'adjust') or (${t.witnessId} is not null and ${t.witnessId} <> ${t.recordedBy})`,
    ),
  ],
);

/** A patient's Spravato REMS enrollment (before the first treatment). */
export const remsPatientEnrollments = pgTable('rems_patient_enrollments', {
  patientId: uuid('patient_id')
    .primaryKey()
    .references(() => patients.id),
  enrollmentId: text('enrollment_id').notNull(),
  enrolledOn: date('enrolled_on', { mode: 'string' }).notNull(),
  recordedBy: uuid('recorded_by')
    .notNull()
    .references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A clinic's Spravato REMS outpatient healthcare-setting certification. */
export const remsSettingCertifications = pgTable('rems_setting_certifications', {
  locationId: uuid('location_id')
    .primaryKey()
    .references(() => locations.id),
  certificationId: text('certification_id').notNull(),
  certifiedOn: date('certified_on', { mode: 'string' }).notNull(),
  authorizedRepresentative: text('authorized_representative').notNull(),
  recordedBy: uuid('recorded_by')
    .notNull()
    .references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The REMS Patient Monitoring Form task of a signed Spravato session: due 7 calendar days after, and its submission. */
export const remsMonitoringForms = pgTable(
  'rems_monitoring_forms',
  {
    sessionId: uuid('session_id')
      .primaryKey()
      .references(() => treatmentSessions.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    method: text('method'),
    confirmation: text('confirmation'),
    submittedBy: uuid('submitted_by').references(() => users.id),
  },
  (t) => [
    index('rems_monitoring_forms_due_idx')
      .on(t.locationId, t.dueOn)
      .where(sql`${t.submittedAt} is null`),
    check('rems_monitoring_forms_method_check', sql`${t.method} is null or ${t.method} in ('online', 'fax')`),
  ],
);
