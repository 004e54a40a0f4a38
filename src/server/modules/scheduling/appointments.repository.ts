import { and, eq, sql } from 'drizzle-orm';
import type { WeeklyHours } from '../../../domain/scheduling/opening-hours.js';
import type { Db } from '../../db/client.js';
import { appointments, staffTimeOff, staffWorkingHours } from '../../db/schema/scheduling.js';
import { queryRows } from '../../db/sql-values.js';

const list = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

// ---- Staff availability ----

export type TimeOffRow = { id: string; userId: string; startsAt: string | Date; endsAt: string | Date; reason: string | null };

/** Working hours at one clinic of the given staff (a staff member without a row works the clinic's hours). */
export async function workingHours(db: Db, locationId: string, userIds: readonly string[]): Promise<{ userId: string; hours: WeeklyHours }[]> {
  if (userIds.length === 0) return [];
  return queryRows(db, sql`select user_id, hours from staff_working_hours where location_id = ${locationId} and user_id in (${list(userIds)})`);
}

/** Time off of the given staff that ends after `from` (staff_time_off_user_idx). */
export async function timeOffFrom(db: Db, userIds: readonly string[], from: Date): Promise<TimeOffRow[]> {
  if (userIds.length === 0) return [];
  return queryRows(
    db,
    sql`select id, user_id, starts_at, ends_at, reason from staff_time_off
         where user_id in (${list(userIds)}) and ends_at > ${from.toISOString()}::timestamptz order by starts_at`,
  );
}

export async function upsertWorkingHours(db: Db, values: { userId: string; locationId: string; hours: WeeklyHours; updatedBy: string }): Promise<void> {
  await db
    .insert(staffWorkingHours)
    .values(values)
    .onConflictDoUpdate({
      target: [staffWorkingHours.userId, staffWorkingHours.locationId],
      set: { hours: values.hours, updatedBy: values.updatedBy, updatedAt: new Date() },
    });
}

export async function deleteWorkingHours(db: Db, userId: string, locationId: string): Promise<void> {
  await db.delete(staffWorkingHours).where(and(eq(staffWorkingHours.userId, userId), eq(staffWorkingHours.locationId, locationId)));
}

export async function insertTimeOff(db: Db, values: typeof staffTimeOff.$inferInsert): Promise<TimeOffRow> {
  const [row] = await db
    .insert(staffTimeOff)
    .values(values)
    .returning({ id: staffTimeOff.id, userId: staffTimeOff.userId, startsAt: staffTimeOff.startsAt, endsAt: staffTimeOff.endsAt, reason: staffTimeOff.reason });
  if (!row) throw new Error('Internal error: the time-off insert returned no row');
  return row;
}

export async function deleteTimeOff(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(staffTimeOff)
    .where(and(eq(staffTimeOff.id, id), eq(staffTimeOff.userId, userId)))
    .returning({ id: staffTimeOff.id });
  return rows.length === 1;
}

// ---- Booking ----

export type NewVisit = {
  start: Date;
  /** End of the visit: the resource and the patient are held until then. */
  end: Date;
  /** When the attending staff member is free again. */
  staffEnd: Date;
  resourceId: string | null;
  staffId: string;
};

export type Conflict = { index: number; what: 'resource' | 'staff' | 'patient'; id: string; startsAt: string | Date; endsAt: string | Date; kind: string };

/**
 * The first appointment each new visit would collide with: the same resource, the attending staff member, or the
 * patient, at an overlapping time (ranges as the exclusion constraints have them, so the check and the constraint
 * agree). Three probes a visit, each served by one of the constraints' GiST indexes.
 */
export async function conflicts(db: Db, patientId: string, visits: readonly NewVisit[], excludeIds: readonly string[] = []): Promise<Conflict[]> {
  if (visits.length === 0) return [];
  const iso = (d: Date) => d.toISOString();
  const exclude = excludeIds.length ? sql`and a.id not in (${list(excludeIds)})` : sql``;
  const active = sql`a.status not in ('cancelled', 'no_show')`;
  return queryRows<Conflict>(
    db,
    sql`select v.i as index, c.what, c.id, c.starts_at, c.ends_at, c.kind
          from jsonb_to_recordset(${JSON.stringify(visits.map((v, i) => ({ i, s: iso(v.start), e: iso(v.end), se: iso(v.staffEnd), r: v.resourceId, st: v.staffId })))}::jsonb)
               as v(i int, s timestamptz, e timestamptz, se timestamptz, r uuid, st uuid)
          cross join lateral (
            (select 'resource' as what, a.id, a.starts_at, a.ends_at, a.kind from appointments a
              where v.r is not null and a.resource_id = v.r and a.resource_id is not null and ${active} ${exclude}
                and tstzrange(a.starts_at, a.ends_at) && tstzrange(v.s, v.e) limit 1)
            union all
            (select 'staff', a.id, a.starts_at, a.ends_at, a.kind from appointments a
              where a.provider_id = v.st and ${active} ${exclude}
                and tstzrange(a.starts_at, coalesce(a.staff_ends_at, a.ends_at)) && tstzrange(v.s, v.se) limit 1)
            union all
            (select 'patient', a.id, a.starts_at, a.ends_at, a.kind from appointments a
              where a.patient_id = ${patientId} and ${active} ${exclude}
                and tstzrange(a.starts_at, a.ends_at) && tstzrange(v.s, v.e) limit 1)
          ) c
         order by v.i`,
  );
}

export async function insertAppointments(db: Db, rows: (typeof appointments.$inferInsert)[]): Promise<{ id: string; startsAt: Date }[]> {
  if (rows.length === 0) return [];
  return db.insert(appointments).values(rows).returning({ id: appointments.id, startsAt: appointments.startsAt });
}

/** Visits of courses linked to this authorization or referral that hold time and are not completed yet (completed ones are counted sessions). */
export async function pendingVisitsFor(db: Db, link: { kind: 'prior_authorization' | 'va_referral'; id: string }): Promise<number> {
  const column = link.kind === 'prior_authorization' ? sql`c.prior_authorization_id` : sql`c.va_referral_id`;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from treatment_courses c join treatment_protocols p on p.id = c.protocol_id join appointments a on a.course_id = c.id
         where ${column} = ${link.id} and a.status in ('booked', 'checked_in', 'in_treatment', 'observing', 'ready_for_discharge')
           -- the course's own visits only: a visit booked alongside (integration therapy) is not a session of it
           and a.kind in (select ph ->> 'visitKind' from jsonb_array_elements(p.definition -> 'phases') ph)`,
  );
  return row?.n ?? 0;
}

// ---- One appointment ----

export type AppointmentRow = {
  id: string;
  organizationId: string;
  patientId: string;
  locationId: string;
  timeZone: string;
  providerId: string;
  onSiteStaffId: string | null;
  resourceId: string | null;
  kind: string;
  startsAt: string | Date;
  endsAt: string | Date;
  staffEndsAt: string | Date | null;
  status: string;
  confirmation: string;
  courseId: string | null;
  seriesId: string | null;
  observationStartedAt: string | Date | null;
  version: number;
};

/** An appointment with its clinic's zone: what a change to one visit needs. */
const APPOINTMENT_SELECT = sql`select a.id, a.organization_id, a.patient_id, a.location_id, l.time_zone, a.provider_id, a.on_site_staff_id,
    a.resource_id, a.kind, a.starts_at, a.ends_at, a.staff_ends_at, a.status, a.confirmation, a.course_id, a.series_id, a.observation_started_at,
    a.version
  from appointments a join locations l on l.id = a.location_id`;

export async function findAppointment(db: Db, id: string, forUpdate = false): Promise<AppointmentRow | null> {
  const [row] = await queryRows<AppointmentRow>(db, sql`${APPOINTMENT_SELECT} where a.id = ${id} ${forUpdate ? sql`for update of a` : sql``}`);
  return row ?? null;
}

/** The series' visits still ahead (booked, not started), for cancelling the rest of a series. */
export async function seriesAhead(db: Db, seriesId: string, from: Date): Promise<AppointmentRow[]> {
  return queryRows<AppointmentRow>(
    db,
    sql`${APPOINTMENT_SELECT}
         where a.series_id = ${seriesId} and a.status = 'booked' and a.starts_at >= ${from.toISOString()}::timestamptz order by a.starts_at for update of a`,
  );
}

/** Changes an appointment if the caller read the current version; false when someone changed it since. */
export async function updateAppointment(
  db: Db,
  id: string,
  version: number,
  set: Partial<
    Pick<
      typeof appointments.$inferInsert,
      | 'status'
      | 'startsAt'
      | 'endsAt'
      | 'staffEndsAt'
      | 'resourceId'
      | 'providerId'
      | 'onSiteStaffId'
      | 'checkedInAt'
      | 'startedAt'
      | 'observationStartedAt'
      | 'completedAt'
      | 'cancelledAt'
      | 'cancelReason'
      | 'lateCancel'
      | 'confirmation'
      | 'confirmedAt'
    >
  >,
): Promise<boolean> {
  const rows = await db
    .update(appointments)
    .set({ ...set, version: sql`${appointments.version} + 1` })
    .where(and(eq(appointments.id, id), eq(appointments.version, version)))
    .returning({ id: appointments.id });
  return rows.length === 1;
}

// ---- Views ----

export type VisitViewRow = {
  id: string;
  patientId: string;
  kind: string;
  startsAt: string | Date;
  endsAt: string | Date;
  staffEndsAt: string | Date | null;
  status: string;
  confirmation: string;
  lateCancel: boolean;
  cancelReason: string | null;
  courseId: string | null;
  seriesId: string | null;
  resourceId: string | null;
  resourceName: string | null;
  resourceKind: string | null;
  staffId: string;
  staffName: string;
  onSiteStaffId: string | null;
  onSiteStaffName: string | null;
  observationStartedAt: string | Date | null;
  version: number;
};

const VISIT_SELECT = sql`select a.id, a.patient_id, a.kind, a.starts_at, a.ends_at, a.staff_ends_at, a.status, a.confirmation, a.late_cancel, a.cancel_reason,
    a.course_id, a.series_id, a.resource_id, r.name as resource_name, r.kind as resource_kind, a.provider_id as staff_id, u.display_name as staff_name,
    a.on_site_staff_id, o.display_name as on_site_staff_name, a.observation_started_at, a.version
  from appointments a left join treatment_resources r on r.id = a.resource_id join users u on u.id = a.provider_id
  left join users o on o.id = a.on_site_staff_id`;

/** A course's visits in time order (appointments_course_idx). */
export async function courseVisits(db: Db, courseId: string): Promise<VisitViewRow[]> {
  return queryRows<VisitViewRow>(db, sql`${VISIT_SELECT} where a.course_id = ${courseId} order by a.starts_at`);
}

export async function courseVisitsById(db: Db, id: string): Promise<VisitViewRow | null> {
  const [row] = await queryRows<VisitViewRow>(db, sql`${VISIT_SELECT} where a.id = ${id}`);
  return row ?? null;
}

export type BoardRow = VisitViewRow & { patientGivenName: string; patientFamilyName: string };

/** A clinic's visits starting in [from, to) with the patient's name (appointments_location_day_idx). */
export async function clinicVisits(db: Db, locationId: string, from: Date, to: Date): Promise<BoardRow[]> {
  return queryRows<BoardRow>(
    db,
    sql`select v.*, coalesce(p.preferred_name, p.legal_given_name) as patient_given_name, p.legal_family_name as patient_family_name
          from (${VISIT_SELECT} where a.location_id = ${locationId}
                  and a.starts_at >= ${from.toISOString()}::timestamptz and a.starts_at < ${to.toISOString()}::timestamptz) v
          join patients p on p.id = v.patient_id
         order by v.starts_at`,
  );
}
