import type { SessionUser } from '../../../contracts/auth.js';
import { visitOutsideHours } from '../../../domain/scheduling/opening-hours.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { authorize, type Grant } from '../../platform/access/authorize.js';
import { authorizePatientRead } from '../patients/index.js';
import { isActiveStaffAt } from '../users/index.js';
import * as repo from './scheduling.repository.js';

export type SchedulingDeps = { db: Db; audit: AuditTrail };

export type BookingInput = {
  patientId: string;
  locationId: string;
  providerId: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  leadId?: string | null;
  /** The request field the visit came from, so a refusal names it (for example `appointment.startsAt`). */
  fieldPrefix?: string;
};

/**
 * Books a visit inside the caller's transaction, after the rules every booking obeys: an active clinic, open then
 * (its own hours and holidays, on its own wall clock), a provider who works there, and free then. Audited with it.
 */
export async function bookAppointment(tx: Db, audit: AuditTrail, user: SessionUser, input: BookingInput, ctx: AuditContext) {
  const slot = await checkBooking(tx, user, input);
  return bookCheckedSlot(tx, audit, user, slot, input, ctx);
}

/** A visit that passed the booking rules (checkBooking) in this transaction: its clinic, provider and times. */
export type CheckedSlot = { locationId: string; providerId: string; startsAt: Date; endsAt: Date };

/**
 * Books a slot checkBooking already passed in the same transaction (the provider's row is still locked), for a
 * caller that has work to do between the check and the booking, such as registering the patient.
 */
export async function bookCheckedSlot(
  tx: Db,
  audit: AuditTrail,
  user: SessionUser,
  slot: CheckedSlot,
  visit: { patientId: string; kind: string; leadId?: string | null },
  ctx: AuditContext,
) {
  const appointment = await repo.insertAppointment(tx, {
    organizationId: user.organizationId,
    patientId: visit.patientId,
    locationId: slot.locationId,
    providerId: slot.providerId,
    kind: visit.kind,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    leadId: visit.leadId ?? null,
    createdBy: user.id,
  });
  await audit.recordWithin(tx, ctx, {
    action: 'appointment.create',
    outcome: 'success',
    entityType: 'appointment',
    entityId: appointment.id,
    patientId: visit.patientId,
    details: { kind: visit.kind, startsAt: slot.startsAt.toISOString() },
  });
  return { id: appointment.id, startsAt: new Date(appointment.startsAt).toISOString(), endsAt: new Date(appointment.endsAt).toISOString() };
}

/** The booking rules alone, inside the caller's transaction; answers the checked slot. Refusals name the request's fields. */
export async function checkBooking(tx: Db, user: SessionUser, input: Omit<BookingInput, 'patientId' | 'kind'>): Promise<CheckedSlot> {
  const at = (field: string) => (input.fieldPrefix ? `${input.fieldPrefix}.${field}` : field);
  const clinic = await repo.clinicCalendar(tx, input.locationId);
  if (!clinic || clinic.organizationId !== user.organizationId || !clinic.active) throw fieldError(at('locationId'), 'is not an active clinic');
  if (!(await isActiveStaffAt(tx, user.organizationId, input.providerId, clinic.id, 'provider')))
    throw fieldError(at('providerId'), 'is not an active provider at that clinic');
  const outside = visitOutsideHours(clinic.openingHours, clinic.timeZone, new Set(clinic.holidays), input.startsAt, input.endsAt);
  if (outside) throw new AppError(422, 'outside_opening_hours', `The visit ${outside}.`, [{ path: at('startsAt'), message: outside }]);
  if (await repo.providerBusy(tx, input.providerId, input.startsAt, input.endsAt)) {
    throw new AppError(409, 'provider_busy', 'The provider already has an appointment at that time.', [
      { path: at('startsAt'), message: 'overlaps another appointment of this provider' },
    ]);
  }
  return { locationId: clinic.id, providerId: input.providerId, startsAt: input.startsAt, endsAt: input.endsAt };
}

export async function listPatientAppointments(deps: SchedulingDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const read = await authorizePatientRead(deps, user, patientId, ctx, 'appointment.list');
  const rows = await repo.listPatientAppointments(deps.db, patientId);
  read.done();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      startsAt: toIsoRequired(r.startsAt),
      endsAt: toIsoRequired(r.endsAt),
      status: r.status,
      clinic: { id: r.locationId, name: r.clinicName, timeZone: r.timeZone },
      provider: { id: r.providerId, name: r.providerName },
    })),
  };
}

/** The patient an appointment belongs to (an intake links only its own patient's appointment). */
export async function appointmentPatient(db: Db, appointmentId: string): Promise<string | null> {
  return repo.appointmentPatient(db, appointmentId);
}

export async function appointmentForLead(db: Db, leadId: string) {
  return repo.appointmentForLead(db, leadId);
}

export type Resource = { id: string; kind: 'infusion_chair' | 'tms_device' | 'esketamine_room'; name: string; active: boolean; locationId: string };
const presentResource = (r: repo.ResourceRow): Resource => ({
  id: r.id,
  kind: r.kind as Resource['kind'],
  name: r.name,
  active: r.active,
  locationId: r.locationId,
});

export async function listResources(db: Db, locationIds: readonly string[]): Promise<Resource[]> {
  return (await repo.listResources(db, locationIds)).map(presentResource);
}

export async function addResource(
  tx: Db,
  audit: AuditTrail,
  locationId: string,
  input: { kind: string; name: string; active?: boolean | undefined },
  ctx: AuditContext,
): Promise<Resource> {
  const row = await repo.insertResource(tx, { locationId, kind: input.kind, name: input.name, active: input.active ?? true });
  await audit.recordWithin(tx, ctx, {
    action: 'location.resource.add',
    outcome: 'success',
    entityType: 'treatment_resource',
    entityId: row.id,
    details: { locationId },
  });
  return presentResource(row);
}

export async function changeResource(
  tx: Db,
  audit: AuditTrail,
  locationId: string,
  resourceId: string,
  values: { name?: string; active?: boolean },
  ctx: AuditContext,
): Promise<Resource> {
  const row = await repo.updateResource(tx, locationId, resourceId, values);
  if (!row) throw notFound('Resource');
  await audit.recordWithin(tx, ctx, {
    action: 'location.resource.update',
    outcome: 'success',
    entityType: 'treatment_resource',
    entityId: resourceId,
    details: values,
  });
  return presentResource(row);
}

/**
 * A clinic of the user's, for the scheduling views that show a clinic's patients (day board, calendar, readiness,
 * staff availability): 404 when not in the organization, 403 (audited) when not one of the user's clinics. Reads call
 * `grant.done` with what they showed; writes audit inside their own transaction instead.
 */
export async function authorizeClinic(
  deps: SchedulingDeps,
  user: SessionUser,
  locationId: string,
  action: string,
  ctx: AuditContext,
): Promise<{ clinic: repo.ClinicCalendar; grant: Grant }> {
  const clinic = await repo.clinicCalendar(deps.db, locationId);
  const grant = authorize(
    deps,
    ctx,
    user,
    action,
    clinic && { type: 'location', id: locationId, organizationId: clinic.organizationId, locationIds: [locationId] },
    {
      label: 'Clinic',
      refusal: 'This clinic is not one of yours.',
    },
  );
  if (!clinic) throw notFound('Clinic');
  return { clinic, grant };
}
