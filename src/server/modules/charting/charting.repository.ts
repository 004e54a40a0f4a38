import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  adverseEvents,
  chartingPolicies,
  controlledSubstanceEntries,
  motorThresholds,
  remsMonitoringForms,
  remsPatientEnrollments,
  remsSettingCertifications,
  sessionAlerts,
  sessionAmendments,
  sessionVitals,
  spravatoDevices,
  treatmentSessions,
} from '../../db/schema/charting.js';
import { batcherFor, isPoolLevel, TickBatch } from '../../db/batch.js';
import { camelKey, preparedRows, queryRows } from '../../db/sql-values.js';
import { AUDIT_CASTS, AUDIT_COLUMNS, auditValues, type AuditContext, type AuditEntry } from '../../platform/audit/audit-trail.js';

export type SessionRow = typeof treatmentSessions.$inferSelect & { timeZone: string };
export type VitalsRow = typeof sessionVitals.$inferSelect;
export type AlertRow = typeof sessionAlerts.$inferSelect;

// ---- Policy ----

export async function latestPolicy(db: Db, organizationId: string) {
  const [row] = await db
    .select()
    .from(chartingPolicies)
    .where(eq(chartingPolicies.organizationId, organizationId))
    .orderBy(desc(chartingPolicies.version))
    .limit(1);
  return row ?? null;
}

export async function policyVersion(db: Db, organizationId: string, version: number) {
  const [row] = await db
    .select()
    .from(chartingPolicies)
    .where(and(eq(chartingPolicies.organizationId, organizationId), eq(chartingPolicies.version, version)));
  return row ?? null;
}

export async function insertPolicy(db: Db, values: typeof chartingPolicies.$inferInsert) {
  const [row] = await db.insert(chartingPolicies).values(values).returning();
  return row;
}

// ---- Sessions ----

const SESSION_SELECT = sql`select s.*, l.time_zone from treatment_sessions s join locations l on l.id = s.location_id`;

export async function findSession(db: Db, id: string, forUpdate = false): Promise<SessionRow | null> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`${SESSION_SELECT} where s.id = ${id} ${forUpdate ? sql`for update of s` : sql``}`);
  return rows[0] ? toSession(rows[0]) : null;
}

export async function sessionForAppointment(db: Db, appointmentId: string): Promise<SessionRow | null> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`${SESSION_SELECT} where s.appointment_id = ${appointmentId}`);
  return rows[0] ? toSession(rows[0]) : null;
}

const DATE_COLUMNS = [
  'openedAt',
  'preCheckAt',
  'riskCheckedAt',
  'orderedAt',
  'doseConfirmedAt',
  'treatmentStartedAt',
  'treatmentEndedAt',
  'dischargedAt',
  'signedAt',
  'cosignedAt',
] as const;

function toSession(r: Record<string, unknown>): SessionRow {
  const out = { ...r } as Record<string, unknown>;
  for (const c of DATE_COLUMNS) out[c] = (r[c] ?? null) === null ? null : new Date(r[c] as string);
  return out as SessionRow;
}

export async function insertSession(db: Db, values: typeof treatmentSessions.$inferInsert): Promise<string | null> {
  const [row] = await db.insert(treatmentSessions).values(values).onConflictDoNothing().returning({ id: treatmentSessions.id });
  return row?.id ?? null;
}

/** Changes an unsigned session if the caller read its current version; false when someone changed it since. */
export async function updateSession(db: Db, id: string, version: number, set: Partial<typeof treatmentSessions.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(treatmentSessions)
    .set({ ...set, version: version + 1 })
    .where(and(eq(treatmentSessions.id, id), eq(treatmentSessions.version, version)))
    .returning({ id: treatmentSessions.id });
  return rows.length === 1;
}

/** Sets the co-signature (outside the nurse-signed lock, locked by its own trigger once set). */
export async function cosignSession(db: Db, id: string, userId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(treatmentSessions)
    .set({ cosignedBy: userId, cosignedAt: at })
    .where(and(eq(treatmentSessions.id, id), sql`${treatmentSessions.cosignedAt} is null`))
    .returning({ id: treatmentSessions.id });
  return rows.length === 1;
}

// ---- Vitals: the hot path ----

export type VitalsInsert = {
  sessionId: string;
  takenAt: Date;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  sedation: number | null;
  dissociation: number | null;
  clientId: string | null;
  recordedBy: string;
};

/**
 * What recording a reading needs to know about its session, in one prepared statement: the session's clinic and
 * patient (access), whether it is signed, its policy version and treatment times.
 */
export async function vitalsContext(db: Db, sessionId: string) {
  // Concurrent readings share one round trip for this check (LateralBatcher), as patient reads do.
  const [row] = (await batcherFor(
    db,
    'session_vitals_context',
    `select organization_id, location_id, patient_id, modality, policy_version, signed_at, discharged_at, treatment_started_at
       from treatment_sessions where id = $1::uuid`,
    1,
  ).run([sessionId])) as {
    organizationId: string;
    locationId: string;
    patientId: string;
    modality: string;
    policyVersion: number;
    signedAt: string | null;
    dischargedAt: string | null;
    treatmentStartedAt: string | null;
  }[];
  return row ?? null;
}

// `audit` null: the caller's own transaction audits the change this reading belongs to.
type VitalsItem = { v: VitalsInsert; id: string; alerts: { message: string; detail: unknown }[]; audit: unknown[] | null };
type VitalsOutcome = { reading: VitalsRow; alerts: AlertRow[] } | null;
// A batch answers each reading with its outcome, or with the error the database raised for that reading alone.
type VitalsAnswer = VitalsOutcome | { failed: unknown };

// Readings, their alerts and their audit rows, for any number of readings, in one prepared statement: each column
// travels as an array. Only readings actually inserted get alerts and an audit row (a resent client id inserts nothing).
const VITALS_INSERT = `
  with b as (
    select * from unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::smallint[], $5::smallint[], $6::smallint[], $7::smallint[],
                         $8::smallint[], $9::smallint[], $10::smallint[], $11::uuid[], $12::uuid[], $13::text[])
      as b(id, session_id, taken_at, systolic, diastolic, heart_rate, spo2, respiratory_rate, sedation, dissociation, client_id, recorded_by, alerts)
  ), r as (
    insert into session_vitals (id, session_id, taken_at, systolic, diastolic, heart_rate, spo2, respiratory_rate, sedation, dissociation, client_id, recorded_by, created_at)
    select id, session_id, taken_at, systolic, diastolic, heart_rate, spo2, respiratory_rate, sedation, dissociation, client_id, recorded_by, $14::timestamptz from b
    on conflict (session_id, client_id) where client_id is not null do nothing
    returning *
  ), al as (
    insert into session_alerts (session_id, kind, vitals_id, message, detail, raised_at)
    select r.session_id, 'threshold', r.id, m->>'message', m->'detail', $14::timestamptz
      from r join b on b.id = r.id cross join jsonb_array_elements(b.alerts::jsonb) m
    returning *
  ), a as (
    insert into audit_events (${AUDIT_COLUMNS.join(', ')})
    select ${AUDIT_COLUMNS.map((c) => `u.${c}`).join(', ')}
      from unnest($15::uuid[], ${AUDIT_CASTS.map((c, i) => `$${16 + i}::${c}[]`).join(', ')}) as u(reading_id, ${AUDIT_COLUMNS.join(', ')})
     where u.reading_id in (select id from r)
  )
  select r.id as reading_id, 'reading' as part, to_jsonb(r.*) as row from r
  union all select al.vitals_id, 'alert', to_jsonb(al.*) from al`;

async function insertVitalsBatch(db: Db, items: VitalsItem[]): Promise<VitalsOutcome[]> {
  const col = <T>(f: (i: VitalsItem) => T) => items.map(f);
  const params: unknown[] = [
    col((i) => i.id),
    col((i) => i.v.sessionId),
    col((i) => i.v.takenAt.toISOString()),
    col((i) => i.v.systolic),
    col((i) => i.v.diastolic),
    col((i) => i.v.heartRate),
    col((i) => i.v.spo2),
    col((i) => i.v.respiratoryRate),
    col((i) => i.v.sedation),
    col((i) => i.v.dissociation),
    col((i) => i.v.clientId),
    col((i) => i.v.recordedBy),
    col((i) => JSON.stringify(i.alerts)),
    new Date().toISOString(),
    col((i) => (i.audit ? i.id : null)),
    ...AUDIT_COLUMNS.map((_, c) => col((i) => i.audit?.[c] ?? null)),
  ];
  const rows = await preparedRows<{ readingId: string; part: string; row: Record<string, unknown> }>(db, 'session_vitals_insert', VITALS_INSERT, params);
  return items.map((item) => {
    const mine = rows.filter((r) => r.readingId === item.id);
    const reading = mine.find((r) => r.part === 'reading');
    if (!reading) return null;
    return {
      reading: jsonRow(reading.row) as VitalsRow,
      alerts: mine.filter((r) => r.part === 'alert').map((r) => jsonRow(r.row) as AlertRow),
    };
  });
}

// Readings recorded in the same turn of the event loop share one statement and one commit (group commit): under load,
// a busy clinic's readings cost PostgreSQL one transaction per batch instead of one each.
const vitalsBatches = new WeakMap<Db, TickBatch<VitalsItem, VitalsAnswer>>();

function vitalsBatchFor(db: Db): TickBatch<VitalsItem, VitalsAnswer> {
  let b = vitalsBatches.get(db);
  if (!b)
    vitalsBatches.set(
      db,
      (b = new TickBatch<VitalsItem, VitalsAnswer>(async (items) => {
        if (items.length === 1) return insertVitalsBatch(db, items);
        try {
          return await insertVitalsBatch(db, items);
        } catch {
          // One reading the database refuses (its chart was signed a moment ago) must not fail the others: each is
          // tried on its own, so each request gets its own answer or its own error.
          return Promise.all(
            items.map((item) =>
              insertVitalsBatch(db, [item]).then(
                (r): VitalsAnswer => r[0] ?? null,
                (failed: unknown): VitalsAnswer => ({ failed }),
              ),
            ),
          );
        }
      })),
    );
  return b;
}

/**
 * Inserts a reading, its threshold alerts and its audit row in one statement (one round trip, one commit, shared
 * with readings recorded at the same moment). A reading sent again with the same client id is not stored twice: the
 * existing one is answered, with its alerts.
 */
export async function insertVitalsAudited(
  db: Db,
  v: VitalsInsert,
  alerts: { message: string; detail: unknown }[],
  audit: { ctx: AuditContext; entry: AuditEntry } | null,
): Promise<{ reading: VitalsRow; alerts: AlertRow[]; duplicate: boolean }> {
  const item: VitalsItem = { v, id: randomUUID(), alerts, audit: audit && auditValues(audit.ctx, audit.entry) };
  const answer = isPoolLevel(db) ? await vitalsBatchFor(db).add(item) : ((await insertVitalsBatch(db, [item]))[0] ?? null);
  if (answer && 'failed' in answer) throw answer.failed;
  if (answer) return { ...answer, duplicate: false };
  // Sent before (a tablet that lost its connection after the server stored the reading): answer what is stored.
  const [existing] = await preparedRows<Record<string, unknown>>(
    db,
    'session_vitals_by_client',
    `select * from session_vitals where session_id = $1::uuid and client_id = $2::uuid`,
    [v.sessionId, v.clientId],
  );
  if (!existing) throw new Error('reading neither inserted nor found');
  const reading2 = toVitals(existing);
  const stored = await db.select().from(sessionAlerts).where(eq(sessionAlerts.vitalsId, reading2.id));
  return { reading: reading2, alerts: stored, duplicate: true };
}

const JSON_DATE_KEYS = new Set(['taken_at', 'created_at', 'raised_at', 'acted_at']);
function jsonRow(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[camelKey(k)] = JSON_DATE_KEYS.has(k) && v ? new Date(v as string) : v;
  return out;
}
function toVitals(r: Record<string, unknown>): VitalsRow {
  return { ...r, takenAt: new Date(r.takenAt as string), createdAt: new Date(r.createdAt as string) } as VitalsRow;
}

// The timeline's parts as JSON arrays (json, not jsonb: built once and sent, never queried), oldest first. Readings,
// the bulk, travel as positional arrays: building an object per row cost PostgreSQL twice the time (measured).
const TIMELINE_PARTS = `
       coalesce((select json_agg(json_build_array(v.id, v.taken_at, v.systolic, v.diastolic, v.heart_rate, v.spo2, v.respiratory_rate, v.sedation,
                                                   v.dissociation, v.client_id, v.recorded_by, v.created_at) order by v.taken_at, v.created_at)
                   from session_vitals v where v.session_id = $1::uuid), '[]') as vitals,
       coalesce((select json_agg(to_json(x.*) order by x.raised_at) from session_alerts x where x.session_id = $1::uuid), '[]') as alerts,
       coalesce((select json_agg(to_json(d.*) order by d.device_number) from spravato_devices d where d.session_id = $1::uuid), '[]') as devices,
       coalesce((select json_agg(to_json(e.*) order by e.onset_at) from adverse_events e where e.session_id = $1::uuid), '[]') as events,
       coalesce((select json_agg(to_json(m.*) order by m.created_at) from session_amendments m where m.session_id = $1::uuid), '[]') as amendments`;

type TimelineRow = {
  vitals: unknown[][];
  alerts: Record<string, unknown>[];
  devices: Record<string, unknown>[];
  events: Record<string, unknown>[];
  amendments: Record<string, unknown>[];
};

function toTimeline(row: TimelineRow | undefined) {
  const conv = (rows: Record<string, unknown>[] | undefined) => (rows ?? []).map(jsonRow);
  return {
    vitals: (row?.vitals ?? []).map(
      ([id, takenAt, systolic, diastolic, heartRate, spo2, respiratoryRate, sedation, dissociation, clientId, recordedBy, createdAt]) =>
        ({
          id,
          takenAt: new Date(takenAt as string),
          systolic,
          diastolic,
          heartRate,
          spo2,
          respiratoryRate,
          sedation,
          dissociation,
          clientId,
          recordedBy,
          createdAt: new Date(createdAt as string),
        }) as VitalsRow,
    ),
    alerts: conv(row?.alerts) as unknown as AlertRow[],
    devices: conv(row?.devices).map((d) => ({
      ...d,
      administeredAt: new Date(d.administeredAt as string),
    })) as unknown as (typeof spravatoDevices.$inferSelect)[],
    events: conv(row?.events).map((e) => ({
      ...e,
      onsetAt: new Date(e.onsetAt as string),
      recordedAt: new Date(e.recordedAt as string),
    })) as unknown as (typeof adverseEvents.$inferSelect)[],
    amendments: conv(row?.amendments) as unknown as (typeof sessionAmendments.$inferSelect)[],
  };
}

/** A session's whole timeline (readings, alerts, devices, adverse events, amendments) in one prepared statement. */
export async function sessionTimeline(db: Db, sessionId: string) {
  const [row] = await preparedRows<TimelineRow>(db, 'session_timeline', `select ${TIMELINE_PARTS}`, [sessionId]);
  return toTimeline(row);
}

/**
 * The chart read: the session, its clinic's zone and its whole timeline in one statement; concurrent reads share one
 * round trip (LateralBatcher), as the patient read does. Null when there is no such session.
 */
export async function sessionWithTimeline(db: Db, sessionId: string): Promise<{ session: SessionRow; timeline: ReturnType<typeof toTimeline> } | null> {
  const rows = await batcherFor(
    db,
    'session_with_timeline',
    `select to_json(s.*) as session, l.time_zone, ${TIMELINE_PARTS}
       from treatment_sessions s join locations l on l.id = s.location_id where s.id = $1::uuid`,
    1,
  ).run([sessionId]);
  const row = rows[0] as (TimelineRow & { session: Record<string, unknown>; timeZone: string }) | undefined;
  if (!row) return null;
  return { session: toSession({ ...snakeToCamel(row.session), timeZone: row.timeZone }), timeline: toTimeline(row) };
}

const snakeToCamel = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [camelKey(k), v]));

// ---- Alerts, devices, events, amendments, thresholds ----

export async function insertAlert(db: Db, values: typeof sessionAlerts.$inferInsert) {
  const [row] = await db.insert(sessionAlerts).values(values).returning();
  return row;
}

export async function findAlert(db: Db, sessionId: string, alertId: string) {
  const [row] = await db
    .select()
    .from(sessionAlerts)
    .where(and(eq(sessionAlerts.id, alertId), eq(sessionAlerts.sessionId, sessionId)))
    .for('update');
  return row ?? null;
}

export async function actOnAlert(db: Db, alertId: string, set: { action: string; actionNote: string; actedBy: string; actedAt: Date }) {
  const rows = await db
    .update(sessionAlerts)
    .set(set)
    .where(and(eq(sessionAlerts.id, alertId), sql`${sessionAlerts.actedAt} is null`))
    .returning();
  return rows[0] ?? null;
}

export async function insertDevice(db: Db, values: typeof spravatoDevices.$inferInsert) {
  const [row] = await db.insert(spravatoDevices).values(values).returning();
  return row;
}

export async function insertAdverseEvent(db: Db, values: typeof adverseEvents.$inferInsert) {
  const [row] = await db.insert(adverseEvents).values(values).returning();
  return row;
}

export async function insertAmendment(db: Db, values: typeof sessionAmendments.$inferInsert) {
  const [row] = await db.insert(sessionAmendments).values(values).returning();
  return row;
}

export async function insertMotorThreshold(db: Db, values: typeof motorThresholds.$inferInsert) {
  const [row] = await db.insert(motorThresholds).values(values).returning();
  return row;
}

export async function motorThresholdsFor(db: Db, patientId: string) {
  return db.select().from(motorThresholds).where(eq(motorThresholds.patientId, patientId)).orderBy(desc(motorThresholds.determinedAt)).limit(50);
}

/** Whether the course had a TMS session delivered before this one (so this one is not the course's 90867). */
export async function earlierDeliveredTms(db: Db, courseId: string, sessionId: string, before: Date): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from treatment_sessions where course_id = ${courseId} and modality = 'tms' and id <> ${sessionId}
          and treatment_started_at is not null and treatment_started_at < ${before.toISOString()}::timestamptz`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

// ---- Lists ----

/** A clinic's sessions not yet signed (the nurse's chairs and the manager's unsigned list), with their alert counts. */
export async function openSessions(db: Db, locationId: string) {
  return queryRows<{
    id: string;
    appointmentId: string;
    patientId: string;
    patientLabel: string;
    modality: string;
    sessionNumber: number | null;
    openedAt: string;
    treatmentStartedAt: string | null;
    treatmentEndedAt: string | null;
    dischargedAt: string | null;
    riskPositive: boolean | null;
    policyVersion: number;
    openAlerts: number;
    lastReadingAt: string | null;
    readings: string[];
    bpReadings: string[];
  }>(
    db,
    sql`select s.id, s.appointment_id, s.patient_id, p.legal_given_name || ' ' || left(p.legal_family_name, 1) || '.' as patient_label,
          s.modality, s.session_number, s.opened_at, s.treatment_started_at, s.treatment_ended_at, s.discharged_at, s.risk_positive, s.policy_version,
          (select count(*)::int from session_alerts x where x.session_id = s.id and x.acted_at is null) as open_alerts,
          (select max(v.taken_at) from session_vitals v where v.session_id = s.id) as last_reading_at,
          array(select v.taken_at::text from session_vitals v where v.session_id = s.id order by v.taken_at) as readings,
          array(select v.taken_at::text from session_vitals v where v.session_id = s.id and v.systolic is not null order by v.taken_at) as bp_readings
        from treatment_sessions s join patients p on p.id = s.patient_id
       where s.location_id = ${locationId} and s.signed_at is null
       order by s.opened_at`,
  );
}

export async function awaitingCosign(db: Db, locationId: string) {
  return queryRows<{ id: string; patientLabel: string; modality: string; signedAt: string }>(
    db,
    sql`select s.id, p.legal_given_name || ' ' || left(p.legal_family_name, 1) || '.' as patient_label, s.modality, s.signed_at
          from treatment_sessions s join patients p on p.id = s.patient_id
         where s.location_id = ${locationId} and s.cosign_required and s.cosigned_at is null and s.signed_at is not null order by s.signed_at`,
  );
}

export async function formsOpen(db: Db, locationId: string) {
  return queryRows<{ sessionId: string; dueOn: string; patientLabel: string }>(
    db,
    sql`select f.session_id, f.due_on::text, p.legal_given_name || ' ' || left(p.legal_family_name, 1) || '.' as patient_label
          from rems_monitoring_forms f join treatment_sessions s on s.id = f.session_id join patients p on p.id = s.patient_id
         where f.location_id = ${locationId} and f.submitted_at is null order by f.due_on`,
  );
}

// ---- REMS ----

export async function remsEnrollment(db: Db, patientId: string) {
  const [row] = await db.select().from(remsPatientEnrollments).where(eq(remsPatientEnrollments.patientId, patientId));
  return row ?? null;
}

export async function upsertRemsEnrollment(db: Db, values: typeof remsPatientEnrollments.$inferInsert) {
  const [row] = await db
    .insert(remsPatientEnrollments)
    .values(values)
    .onConflictDoUpdate({
      target: remsPatientEnrollments.patientId,
      set: { enrollmentId: values.enrollmentId, enrolledOn: values.enrolledOn, recordedBy: values.recordedBy, recordedAt: new Date() },
    })
    .returning();
  return row;
}

export async function remsCertification(db: Db, locationId: string) {
  const [row] = await db.select().from(remsSettingCertifications).where(eq(remsSettingCertifications.locationId, locationId));
  return row ?? null;
}

export async function upsertRemsCertification(db: Db, values: typeof remsSettingCertifications.$inferInsert) {
  const [row] = await db
    .insert(remsSettingCertifications)
    .values(values)
    .onConflictDoUpdate({
      target: remsSettingCertifications.locationId,
      set: {
        certificationId: values.certificationId,
        certifiedOn: values.certifiedOn,
        authorizedRepresentative: values.authorizedRepresentative,
        recordedBy: values.recordedBy,
        recordedAt: new Date(),
      },
    })
    .returning();
  return row;
}

export async function insertMonitoringForm(db: Db, values: typeof remsMonitoringForms.$inferInsert) {
  await db.insert(remsMonitoringForms).values(values).onConflictDoNothing();
}

export async function monitoringForm(db: Db, sessionId: string) {
  const [row] = await db.select().from(remsMonitoringForms).where(eq(remsMonitoringForms.sessionId, sessionId));
  return row ?? null;
}

export async function submitMonitoringForm(
  db: Db,
  sessionId: string,
  set: { submittedAt: Date; method: string; confirmation: string | null; submittedBy: string },
) {
  const rows = await db
    .update(remsMonitoringForms)
    .set(set)
    .where(and(eq(remsMonitoringForms.sessionId, sessionId), sql`${remsMonitoringForms.submittedAt} is null`))
    .returning();
  return rows[0] ?? null;
}

/** What the Patient Monitoring Form needs beyond the chart: the patient, the monitoring provider and the setting. */
export async function monitoringFormFacts(db: Db, sessionId: string) {
  const [row] = await queryRows<{
    givenName: string;
    middleName: string | null;
    familyName: string;
    dateOfBirth: string;
    sex: string;
    providerName: string | null;
    providerEmail: string | null;
    settingName: string;
    addressLine1: string;
    addressLine2: string | null;
    city: string;
    state: string;
    postalCode: string;
    phone: string | null;
    firstSpravato: boolean;
  }>(
    db,
    sql`select p.legal_given_name as given_name, p.legal_middle_name as middle_name, p.legal_family_name as family_name, p.date_of_birth::text,
          p.sex_assigned_at_birth as sex, u.display_name as provider_name, u.email as provider_email, l.name as setting_name,
          l.address_line1, l.address_line2, l.city, l.state, l.postal_code, l.phone,
          not exists (select 1 from treatment_sessions o where o.patient_id = s.patient_id and o.modality = 'spravato' and o.id <> s.id
                        and o.treatment_started_at < s.treatment_started_at) as first_spravato
        from treatment_sessions s join patients p on p.id = s.patient_id join locations l on l.id = s.location_id
        left join users u on u.id = coalesce(s.cosigned_by, s.ordered_by, (select a.provider_id from appointments a where a.id = s.appointment_id))
       where s.id = ${sessionId}`,
  );
  return row ?? null;
}

/** Whether the patient has had a Spravato dose before this session (the first dose needs the REMS enrollment). */
export async function earlierSpravatoDose(db: Db, patientId: string, sessionId: string): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from treatment_sessions where patient_id = ${patientId} and modality = 'spravato' and id <> ${sessionId} and treatment_started_at is not null`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

// ---- Controlled substances ----

export type LedgerRow = typeof controlledSubstanceEntries.$inferSelect;

export async function ledgerFor(db: Db, locationId: string, drug?: string): Promise<LedgerRow[]> {
  return db
    .select()
    .from(controlledSubstanceEntries)
    .where(
      drug
        ? and(eq(controlledSubstanceEntries.locationId, locationId), eq(controlledSubstanceEntries.drug, drug))
        : eq(controlledSubstanceEntries.locationId, locationId),
    )
    .orderBy(asc(controlledSubstanceEntries.seq));
}

/** Serializes writers of one clinic's log (a transaction-scoped advisory lock): the balance check then holds. */
export async function lockLedger(db: Db, locationId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('controlled_substances'), hashtext(${locationId}))`);
}

export async function insertLedgerEntry(db: Db, values: typeof controlledSubstanceEntries.$inferInsert) {
  const [row] = await db.insert(controlledSubstanceEntries).values(values).returning();
  return row;
}

/** The latest weight of a patient (dosing reads it; the observations module owns the table). */
export async function latestWeight(db: Db, patientId: string) {
  const [row] = await queryRows<{ weightGrams: number | string; measuredAt: string }>(
    db,
    sql`select weight_grams, measured_at from patient_weights where patient_id = ${patientId} order by measured_at desc limit 1`,
  );
  return row ? { grams: Number(row.weightGrams), measuredAt: new Date(row.measuredAt) } : null;
}

/** PHQ-9 item 9 answers recorded for the patient since a time (a questionnaire answered today is a source too). */
export async function phq9Item9Since(db: Db, patientId: string, since: Date) {
  return queryRows<{ item9: number | null; effectiveAt: string }>(
    db,
    sql`select items[9] as item9, effective_at from observations where patient_id = ${patientId} and kind = 'PHQ-9' and effective_at >= ${since.toISOString()}::timestamptz order by effective_at desc`,
  );
}

/** Whether a user is an active provider or nurse of the organization (a witness to waste). */
export async function isClinicalStaffOf(db: Db, userId: string, organizationId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from users where id = ${userId} and organization_id = ${organizationId} and active and role in ('provider', 'nurse')`,
  );
  return rows.length === 1;
}

// ---- Read model for billing ----

/** A session final for billing: signed, and co-signed where it needs a co-signature. */
export type BillableSession = {
  id: string;
  organizationId: string;
  locationId: string;
  patientId: string;
  appointmentId: string;
  courseId: string | null;
  modality: 'iv_ketamine' | 'im_ketamine' | 'spravato' | 'tms' | 'therapy';
  visitKind: string;
  treatedAt: string;
  finalAt: string;
  signedBy: string;
  cosignedBy: string | null;
  orderedBy: string | null;
  /** The provider who supervised: who re-determined the motor threshold in this session, else who prescribed the course. */
  supervisingProviderId: string | null;
  doseTenthsMg: number | null;
  infusionMinutes: number | null;
  spravatoDevices: number;
  tmsFirstOfCourse: boolean;
  tmsRedetermined: boolean;
};

/**
 * Sessions that became final after `after` (signed, and co-signed where required), oldest first: what billing codes.
 * One statement; the TMS facts (first of its course, threshold re-determined) as the chart computes them.
 */
export async function billableSessionsAfter(db: Db, organizationId: string, after: Date, limit: number): Promise<BillableSession[]> {
  return queryRows<BillableSession>(
    db,
    sql`select s.id, s.organization_id, s.location_id, s.patient_id, s.appointment_id, s.course_id, s.modality, s.visit_kind,
               coalesce(s.treatment_started_at, s.opened_at) as treated_at, coalesce(s.cosigned_at, s.signed_at) as final_at,
               s.signed_by, s.cosigned_by, s.ordered_by,
               coalesce((select m.determined_by from motor_thresholds m where m.session_id = s.id order by m.determined_at desc limit 1),
                        (select c.started_by from treatment_courses c where c.id = s.course_id)) as supervising_provider_id,
               case when s.dose ? 'doseMg' then round((s.dose->>'doseMg')::numeric * 10)::int end as dose_tenths_mg,
               case when s.treatment_ended_at is not null and s.treatment_started_at is not null
                    then floor(extract(epoch from s.treatment_ended_at - s.treatment_started_at) / 60)::int end as infusion_minutes,
               case when s.modality = 'spravato' then (select count(*)::int from spravato_devices d where d.session_id = s.id) else 0 end as spravato_devices,
               s.modality = 'tms' and (s.visit_kind = 'tms_mapping' or s.course_id is null or not exists (
                 select 1 from treatment_sessions e where e.course_id = s.course_id and e.modality = 'tms' and e.id <> s.id
                    and e.treatment_started_at is not null and e.treatment_started_at < coalesce(s.treatment_started_at, s.opened_at))) as tms_first_of_course,
               s.modality = 'tms' and exists (select 1 from motor_thresholds m where m.session_id = s.id) as tms_redetermined
          from treatment_sessions s
         where s.organization_id = ${organizationId} and s.signed_at is not null and (not s.cosign_required or s.cosigned_at is not null)
           and coalesce(s.cosigned_at, s.signed_at) > ${after.toISOString()}::timestamptz
         order by coalesce(s.cosigned_at, s.signed_at), s.id
         limit ${limit}`,
  );
}
