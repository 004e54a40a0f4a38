import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { treatmentCourses } from '../../db/schema/scheduling.js';
import { queryRows } from '../../db/sql-values.js';

export type CourseRow = {
  id: string;
  organizationId: string;
  patientId: string;
  locationId: string;
  locationName: string;
  timeZone: string;
  protocolId: string;
  protocolCode: string;
  protocolVersion: number;
  protocolName: string;
  treatment: string;
  definition: { phases: { sessions: number }[] };
  status: string;
  statusReason: string | null;
  recommendationId: string | null;
  differReason: string | null;
  priorAuthorizationId: string | null;
  vaReferralId: string | null;
  startedBy: string;
  createdAt: string | Date;
  version: number;
  done: number;
  booked: number;
  firstVisit: string | Date | null;
  lastVisit: string | Date | null;
};

// The course with its clinic, protocol version and visit counts (one pass over appointments_course_idx), in one statement.
const COURSE_SELECT = sql`select c.id, c.organization_id, c.patient_id, c.location_id, l.name as location_name, l.time_zone,
    c.protocol_id, p.code as protocol_code, p.version as protocol_version, p.name as protocol_name, p.treatment, p.definition,
    c.status, c.status_reason, c.recommendation_id, c.differ_reason, c.prior_authorization_id, c.va_referral_id, c.started_by,
    c.created_at, c.version, v.done, v.booked, v.first_visit, v.last_visit
  from treatment_courses c join locations l on l.id = c.location_id join treatment_protocols p on p.id = c.protocol_id
  cross join lateral (
    select count(*) filter (where a.status = 'completed')::int as done,
           count(*) filter (where a.status in ('booked', 'checked_in', 'in_treatment', 'observing', 'ready_for_discharge'))::int as booked,
           min(a.starts_at) filter (where a.status not in ('cancelled', 'no_show')) as first_visit,
           max(a.starts_at) filter (where a.status not in ('cancelled', 'no_show')) as last_visit
      from appointments a where a.course_id = c.id
       and a.kind in (select ph ->> 'visitKind' from jsonb_array_elements(p.definition -> 'phases') ph)
  ) v`;

export async function listCourses(db: Db, patientId: string): Promise<CourseRow[]> {
  return queryRows<CourseRow>(db, sql`${COURSE_SELECT} where c.patient_id = ${patientId} order by c.created_at desc limit 50`);
}

export async function findCourse(db: Db, id: string, forUpdate = false): Promise<CourseRow | null> {
  if (forUpdate) await db.execute(sql`select id from treatment_courses where id = ${id} for update`);
  const [row] = await queryRows<CourseRow>(db, sql`${COURSE_SELECT} where c.id = ${id}`);
  return row ?? null;
}

export async function insertCourse(db: Db, values: typeof treatmentCourses.$inferInsert): Promise<string> {
  const [row] = await db.insert(treatmentCourses).values(values).returning({ id: treatmentCourses.id });
  if (!row) throw new Error('Internal error: the course insert returned no row');
  return row.id;
}

/** Moves a course's status if the caller read the current version; false when someone changed it since. */
export async function moveCourse(db: Db, id: string, version: number, status: string, reason: string | null): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update treatment_courses set status = ${status}, status_reason = ${reason}, version = version + 1, updated_at = now()
         where id = ${id} and version = ${version} returning id`,
  );
  return rows.length === 1;
}

/** The course's visits that are not cancelled: their start instants (for spacing) in time order (appointments_course_idx). */
export async function courseVisitStarts(db: Db, courseId: string): Promise<{ startsAt: string | Date; status: string; kind: string }[]> {
  return queryRows<{ startsAt: string | Date; status: string; kind: string }>(
    db,
    sql`select starts_at, status, kind from appointments where course_id = ${courseId} and status not in ('cancelled', 'no_show') order by starts_at`,
  );
}

/**
 * What is already in the calendar from `from` on: the patient's appointments anywhere, the clinic's staff visits and
 * its resources' bookings (appointments_patient_idx, appointments_provider_idx, appointments_resource_idx).
 */
export async function busyFrom(
  db: Db,
  patientId: string,
  staffIds: readonly string[],
  resourceIds: readonly string[],
  from: Date,
): Promise<
  { startsAt: string | Date; endsAt: string | Date; staffEndsAt: string | Date | null; patientId: string; providerId: string; resourceId: string | null }[]
> {
  const list = (ids: readonly string[]) =>
    sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
  const staff = staffIds.length ? sql`or a.provider_id in (${list(staffIds)})` : sql``;
  const resources = resourceIds.length ? sql`or a.resource_id in (${list(resourceIds)})` : sql``;
  return queryRows(
    db,
    sql`select a.starts_at, a.ends_at, a.staff_ends_at, a.patient_id, a.provider_id, a.resource_id from appointments a
         where a.status not in ('cancelled', 'no_show') and a.ends_at > ${from.toISOString()}::timestamptz
           -- starts_at bounds the range read of the indexes (no visit lasts a day)
           and a.starts_at > ${from.toISOString()}::timestamptz - interval '1 day'
           and (a.patient_id = ${patientId} ${staff} ${resources})`,
  );
}

/** Re-links a course to another approval if the caller read the current version. */
export async function relinkCourse(
  db: Db,
  id: string,
  version: number,
  link: { priorAuthorizationId: string | null; vaReferralId: string | null },
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update treatment_courses set prior_authorization_id = ${link.priorAuthorizationId}, va_referral_id = ${link.vaReferralId},
               version = version + 1, updated_at = now()
         where id = ${id} and version = ${version} returning id`,
  );
  return rows.length === 1;
}
