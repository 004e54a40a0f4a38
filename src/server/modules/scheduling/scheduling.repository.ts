import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { WeeklyHours } from '../../../domain/scheduling/opening-hours.js';
import type { Db } from '../../db/client.js';
import { appointments, treatmentResources } from '../../db/schema/scheduling.js';
import { queryRows } from '../../db/sql-values.js';
import { defined } from '../../../domain/defined.js';

export type ResourceRow = typeof treatmentResources.$inferSelect;
export type AppointmentInsert = typeof appointments.$inferInsert;

/** A clinic's resources, by clinic: one query however many clinics. */
export async function listResources(db: Db, locationIds: readonly string[]): Promise<ResourceRow[]> {
  if (locationIds.length === 0) return [];
  return db
    .select()
    .from(treatmentResources)
    .where(inArray(treatmentResources.locationId, [...locationIds]))
    .orderBy(asc(treatmentResources.kind), asc(treatmentResources.name));
}

export async function insertResource(db: Db, values: typeof treatmentResources.$inferInsert): Promise<ResourceRow> {
  const [row] = await db.insert(treatmentResources).values(values).returning();
  return defined(row);
}

export async function updateResource(db: Db, locationId: string, resourceId: string, values: { name?: string; active?: boolean }): Promise<ResourceRow | null> {
  const [row] = await db
    .update(treatmentResources)
    .set(values)
    .where(and(eq(treatmentResources.id, resourceId), eq(treatmentResources.locationId, locationId)))
    .returning();
  return row ?? null;
}

/** What booking needs to know of a clinic: its zone, hours and holidays (ISO dates in its zone). */
export type ClinicCalendar = { id: string; organizationId: string; timeZone: string; openingHours: WeeklyHours; holidays: string[]; active: boolean };

export async function clinicCalendar(db: Db, locationId: string): Promise<ClinicCalendar | null> {
  const [row] = await queryRows<ClinicCalendar>(
    db,
    sql`select l.id, l.organization_id, l.time_zone, l.opening_hours, l.active,
               array(select h.date::text from location_holidays h where h.location_id = l.id and h.date >= current_date - 1) as holidays
          from locations l where l.id = ${locationId}`,
  );
  return row ?? null;
}

export async function insertAppointment(db: Db, values: AppointmentInsert): Promise<{ id: string; startsAt: Date; endsAt: Date }> {
  const [row] = await db.insert(appointments).values(values).returning({ id: appointments.id, startsAt: appointments.startsAt, endsAt: appointments.endsAt });
  return defined(row);
}

/** Locks the provider's row, then looks for a booked appointment that overlaps: bookings for one provider serialize. */
export async function providerBusy(db: Db, providerId: string, startsAt: Date, endsAt: Date): Promise<boolean> {
  await db.execute(sql`select id from users where id = ${providerId} for update`);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from appointments where provider_id = ${providerId} and status = 'booked' and starts_at < ${endsAt.toISOString()}::timestamptz and ends_at > ${startsAt.toISOString()}::timestamptz limit 1`,
  );
  return rows.length > 0;
}

export type AppointmentListRow = {
  id: string;
  kind: string;
  startsAt: string | Date;
  endsAt: string | Date;
  status: string;
  locationId: string;
  clinicName: string;
  timeZone: string;
  providerId: string;
  providerName: string;
};

export async function listPatientAppointments(db: Db, patientId: string): Promise<AppointmentListRow[]> {
  return queryRows<AppointmentListRow>(
    db,
    sql`select a.id, a.kind, a.starts_at, a.ends_at, a.status, a.location_id, l.name as clinic_name, l.time_zone, a.provider_id, u.display_name as provider_name
          from appointments a join locations l on l.id = a.location_id join users u on u.id = a.provider_id
         where a.patient_id = ${patientId} order by a.starts_at desc limit 100`,
  );
}

export async function appointmentPatient(db: Db, appointmentId: string): Promise<string | null> {
  const [row] = await queryRows<{ patientId: string }>(db, sql`select patient_id from appointments where id = ${appointmentId}`);
  return row?.patientId ?? null;
}

export async function appointmentForLead(db: Db, leadId: string) {
  const [row] = await queryRows<{ id: string; startsAt: string | Date; endsAt: string | Date; clinicName: string; providerName: string }>(
    db,
    sql`select a.id, a.starts_at, a.ends_at, l.name as clinic_name, u.display_name as provider_name
          from appointments a join locations l on l.id = a.location_id join users u on u.id = a.provider_id
         where a.lead_id = ${leadId} and a.status = 'booked' order by a.starts_at limit 1`,
  );
  return row ?? null;
}
