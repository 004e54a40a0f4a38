import { defined } from '../../../domain/defined.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql-values.js';

// The outcomes module's queries: questionnaires made due by courses' schedules, risk alerts, scores per course and
// the practice report. Reads of other modules' tables (courses, protocols, appointments, observations) are plain
// reads of facts those modules own and publish; no writes to them.

export type CourseForSchedule = {
  id: string;
  organizationId: string;
  locationId: string;
  treatment: string;
  timeZone: string;
  createdAt: string;
  visitStarts: string[];
};

/** The patient's planned and active courses with their treatment, clinic zone and visit times (one statement). */
export async function coursesForSchedule(db: Db, patientId: string): Promise<CourseForSchedule[]> {
  return queryRows<CourseForSchedule>(
    db,
    sql`select c.id, c.organization_id, c.location_id, p.treatment, l.time_zone, c.created_at,
               coalesce(array(select a.starts_at::text from appointments a
                               where a.course_id = c.id and a.status not in ('cancelled', 'no_show') order by a.starts_at), '{}') as visit_starts
          from treatment_courses c
          join treatment_protocols p on p.id = c.protocol_id
          join locations l on l.id = c.location_id
         where c.patient_id = ${patientId} and c.status in ('planned', 'active')`,
  );
}

export type DueInsert = {
  organizationId: string;
  patientId: string;
  locationId: string;
  courseId: string;
  instrument: string;
  dueOn: string;
  reason: string;
};

/** Creates the due questionnaires not yet created (idempotent: one per course, instrument and day). */
export async function insertDue(db: Db, rows: DueInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into questionnaires (organization_id, patient_id, location_id, course_id, instrument, due_on, reason)
    select * from unnest(${sql.param(rows.map((r) => r.organizationId))}::uuid[], ${sql.param(rows.map((r) => r.patientId))}::uuid[],
                         ${sql.param(rows.map((r) => r.locationId))}::uuid[], ${sql.param(rows.map((r) => r.courseId))}::uuid[],
                         ${sql.param(rows.map((r) => r.instrument))}::text[], ${sql.param(rows.map((r) => r.dueOn))}::date[],
                         ${sql.param(rows.map((r) => r.reason))}::text[])
    on conflict (course_id, instrument, due_on) do nothing`);
}

/**
 * A due questionnaire that a newer one of the same course and instrument replaced (its day passed unanswered) is
 * missed: the patient answers the current one, not a backlog.
 */
export async function markSuperseded(db: Db, patientId: string, today: string): Promise<void> {
  await db.execute(sql`
    update questionnaires q set status = 'missed'
     where q.patient_id = ${patientId} and q.status = 'due'
       and exists (select 1 from questionnaires n where n.course_id = q.course_id and n.instrument = q.instrument
                     and n.due_on > q.due_on and n.due_on <= ${today}::date)`);
}

export type QuestionnaireRow = {
  id: string;
  organizationId: string;
  patientId: string;
  locationId: string;
  courseId: string | null;
  instrument: string;
  dueOn: string;
  reason: string;
  status: string;
  answeredAt: string | null;
  answeredVia: string | null;
  language: string | null;
  observationId: string | null;
  total: string | null;
  interpretation: string | null;
};

const QUESTIONNAIRE_COLUMNS = sql`q.id, q.organization_id, q.patient_id, q.location_id, q.course_id, q.instrument, q.due_on::text as due_on, q.reason,
  q.status, q.answered_at, q.answered_via, q.language, q.observation_id, o.value_number as total, o.interpretation`;

/** A patient's questionnaires of the last year (dues exist only up to each clinic's today), newest first. */
export async function questionnairesFor(db: Db, patientId: string): Promise<QuestionnaireRow[]> {
  return queryRows<QuestionnaireRow>(
    db,
    sql`select ${QUESTIONNAIRE_COLUMNS} from questionnaires q left join observations o on o.id = q.observation_id
         where q.patient_id = ${patientId} and q.due_on > current_date - 400
         order by q.due_on desc, q.instrument limit 200`,
  );
}

export async function findQuestionnaire(db: Db, id: string, forUpdate = false): Promise<QuestionnaireRow | null> {
  const rows = await queryRows<QuestionnaireRow>(
    db,
    sql`select ${QUESTIONNAIRE_COLUMNS} from questionnaires q left join observations o on o.id = q.observation_id where q.id = ${id}
        ${forUpdate ? sql`for update of q` : sql``}`,
  );
  return rows[0] ?? null;
}

export async function markAnswered(
  db: Db,
  id: string,
  set: { answeredAt: Date; answeredVia: string; enteredBy: string | null; language: string; observationId: string },
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update questionnaires set status = 'answered', answered_at = ${set.answeredAt.toISOString()}::timestamptz, answered_via = ${set.answeredVia},
               entered_by = ${set.enteredBy}, language = ${set.language}, observation_id = ${set.observationId}
         where id = ${id} and status <> 'answered' returning id`,
  );
  return rows.length === 1;
}

/** Asks a questionnaire outside the schedule (a clinician's request): due today, not tied to a course day. */
export async function insertAsked(db: Db, row: Omit<DueInsert, 'courseId'> & { courseId: string | null }): Promise<string> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into questionnaires (organization_id, patient_id, location_id, course_id, instrument, due_on, reason)
        values (${row.organizationId}, ${row.patientId}, ${row.locationId}, ${row.courseId}, ${row.instrument}, ${row.dueOn}::date, ${row.reason})
        on conflict (course_id, instrument, due_on) do update set status = questionnaires.status returning id`,
  );
  return defined(rows[0]).id;
}

// ---- Risk alerts ----

export async function insertRiskAlert(
  db: Db,
  row: { organizationId: string; patientId: string; locationId: string; questionnaireId: string; reason: string; raisedAt: Date },
): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into risk_alerts (organization_id, patient_id, location_id, questionnaire_id, reason, raised_at)
        values (${row.organizationId}, ${row.patientId}, ${row.locationId}, ${row.questionnaireId}, ${row.reason}, ${row.raisedAt.toISOString()}::timestamptz)
        on conflict (questionnaire_id) do nothing returning id`,
  );
  return rows[0]?.id ?? null;
}

export type RiskAlertRow = {
  id: string;
  organizationId: string;
  patientId: string;
  locationId: string;
  questionnaireId: string;
  reason: string;
  raisedAt: string;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  acknowledgedAt: string | null;
  note: string | null;
  patientName: string;
  mrn: string;
  instrument: string;
};

const ALERT_COLUMNS = sql`r.id, r.organization_id, r.patient_id, r.location_id, r.questionnaire_id, r.reason, r.raised_at, r.acknowledged_by,
  u.display_name as acknowledged_by_name, r.acknowledged_at, r.note,
  coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name as patient_name, p.mrn, q.instrument`;
const ALERT_FROM = sql`risk_alerts r join patients p on p.id = r.patient_id join questionnaires q on q.id = r.questionnaire_id
  left join users u on u.id = r.acknowledged_by`;

/** Open alerts at these clinics (all of them when `locationIds` is null), oldest first; and the last day's acknowledged ones. */
export async function alertsAt(db: Db, organizationId: string, locationIds: string[] | null): Promise<RiskAlertRow[]> {
  const where = locationIds ? sql`r.location_id = any(${sql.param(locationIds)}::uuid[])` : sql`r.organization_id = ${organizationId}`;
  return queryRows<RiskAlertRow>(
    db,
    sql`select ${ALERT_COLUMNS} from ${ALERT_FROM}
         where ${where} and (r.acknowledged_at is null or r.acknowledged_at > now() - interval '1 day')
         order by r.acknowledged_at is not null, r.raised_at limit 500`,
  );
}

export async function findRiskAlert(db: Db, id: string): Promise<RiskAlertRow | null> {
  const rows = await queryRows<RiskAlertRow>(db, sql`select ${ALERT_COLUMNS} from ${ALERT_FROM} where r.id = ${id} for update of r`);
  return rows[0] ?? null;
}

export async function acknowledge(db: Db, id: string, userId: string, note: string, at: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update risk_alerts set acknowledged_by = ${userId}, acknowledged_at = ${at.toISOString()}::timestamptz, note = ${note}
         where id = ${id} and acknowledged_at is null returning id`,
  );
  return rows.length === 1;
}

// ---- Outcomes ----

export type CourseScores = {
  id: string;
  organizationId: string;
  locationId: string;
  status: string;
  treatment: string;
  protocolName: string;
  createdAt: string;
  endedAt: string | null;
  firstTreatmentAt: string | null;
  sessionsDone: number;
};

/**
 * A patient's courses with their first treatment (the first charted start, else the first visit the patient
 * attended) and their end (when a finished course last changed).
 */
export async function coursesOf(db: Db, patientId: string): Promise<CourseScores[]> {
  return queryRows<CourseScores>(
    db,
    sql`select c.id, c.organization_id, c.location_id, c.status, p.treatment, p.name as protocol_name, c.created_at,
               case when c.status in ('completed', 'stopped') then c.updated_at end as ended_at,
               coalesce((select min(s.treatment_started_at) from treatment_sessions s where s.course_id = c.id),
                        (select min(a.starts_at) from appointments a where a.course_id = c.id and a.status in ('in_treatment', 'observing', 'completed')))
                 as first_treatment_at,
               (select count(*)::int from appointments a where a.course_id = c.id and a.status = 'completed') as sessions_done
          from treatment_courses c join treatment_protocols p on p.id = c.protocol_id
         where c.patient_id = ${patientId}
         order by c.created_at desc`,
  );
}

/** A patient's scores on the outcome instruments, oldest first. */
export async function scoresOf(db: Db, patientId: string): Promise<{ kind: string; effectiveAt: string; value: string }[]> {
  return queryRows(
    db,
    sql`select kind, effective_at, value_number as value from observations
         where patient_id = ${patientId} and kind in ('PHQ-9', 'GAD-7', 'PCL-5') and value_number is not null
         order by effective_at`,
  );
}

/** The patient's treatment visits (for marking them on the score chart). */
export async function treatmentDaysOf(db: Db, patientId: string): Promise<{ startsAt: string; courseId: string }[]> {
  return queryRows(
    db,
    sql`select a.starts_at, a.course_id from appointments a
         where a.patient_id = ${patientId} and a.course_id is not null and a.status = 'completed' order by a.starts_at`,
  );
}

export type ReportCourse = {
  treatment: string;
  locationId: string;
  status: string;
  firstTreatmentAt: string;
  endedAt: string | null;
  /** [seconds since the epoch, total] of the course's scores from the baseline window on, oldest first. */
  scores: [number, number][] | null;
};

/**
 * Every course whose first treatment falls in the period, with its PHQ-9 scores from the baseline window on (the
 * baseline and response rules are applied in the domain, not here). One statement: the scores come from the
 * observations index (patient, kind, time) per course.
 */
export async function reportCourses(
  db: Db,
  f: {
    organizationId: string;
    locationIds: string[] | null;
    treatment: string | null;
    from: string;
    to: string;
    instrument: string;
    windowDays: number;
    /** The courses split in `parts` by a hash of their id; this call reads part `part` (so parts can run at once). */
    parts: number;
    part: number;
  },
): Promise<ReportCourse[]> {
  return queryRows<ReportCourse>(
    db,
    sql`with first as materialized (
          -- Each course's first charted treatment, computed once per course (not once per use).
          select c.id, c.patient_id, c.location_id, c.status, p.treatment,
                 case when c.status in ('completed', 'stopped') then c.updated_at end as ended_at,
                 (select min(s.treatment_started_at) from treatment_sessions s where s.course_id = c.id) as first_treatment_at
            from treatment_courses c join treatment_protocols p on p.id = c.protocol_id
           where c.organization_id = ${f.organizationId} and abs(hashtext(c.id::text)) % ${f.parts} = ${f.part}
             ${f.locationIds ? sql`and c.location_id = any(${sql.param(f.locationIds)}::uuid[])` : sql``}
             ${f.treatment ? sql`and p.treatment = ${f.treatment}` : sql``}
        ), c as materialized (
          select * from first where first_treatment_at >= ${f.from}::timestamptz and first_treatment_at < ${f.to}::timestamptz
        )
        select c.treatment, c.location_id, c.status, c.first_treatment_at, c.ended_at, s.scores
          from c
          cross join lateral (
            -- [seconds since the epoch, total] pairs, oldest first: one aggregate, one sort.
            select array_agg(array[extract(epoch from o.effective_at)::float8, o.value_number::float8] order by o.effective_at) as scores
              from observations o
             where o.patient_id = c.patient_id and o.kind = ${f.instrument}
               and o.effective_at >= c.first_treatment_at - make_interval(days => ${f.windowDays})
               and (c.ended_at is null or o.effective_at <= c.ended_at)
          ) s`,
  );
}

/** Clinic names of an organization, for the report's rows. */
export async function clinicNames(db: Db, organizationId: string): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: string; name: string }>(db, sql`select id, name from locations where organization_id = ${organizationId}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}
