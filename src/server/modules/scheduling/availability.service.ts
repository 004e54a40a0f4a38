import type { SessionUser } from '../../../contracts/auth.js';
import type { WeeklyHours } from '../../../domain/scheduling/opening-hours.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { clinicalStaffAt } from '../users/index.js';
import * as repo from './appointments.repository.js';
import { authorizeClinic } from './scheduling.service.js';

// Staff availability (issue 9): working hours per clinic and weekday, and time off. The planner and booking read them
// (a staff member without recorded hours works the clinic's opening hours).

type Deps = { db: Db; audit: AuditTrail };

/** The clinic's providers and nurses with their hours there (null: the clinic's) and time off from today on. */
export async function staffAvailability(deps: Deps, user: SessionUser, locationId: string, ctx: AuditContext) {
  const { clinic, grant } = await authorizeClinic(deps, user, locationId, 'availability.read', ctx);
  const staff = await clinicalStaffAt(deps.db, user.organizationId, locationId);
  const ids = staff.map((s) => s.id);
  const [hours, timeOff] = await Promise.all([repo.workingHours(deps.db, locationId, ids), repo.timeOffFrom(deps.db, ids, new Date())]);
  const hoursOf = new Map(hours.map((h) => [h.userId, h.hours]));
  grant.done({ locationId });
  return {
    clinic: { id: clinic.id, timeZone: clinic.timeZone, openingHours: clinic.openingHours },
    items: staff.map((s) => ({
      id: s.id,
      name: s.displayName,
      role: s.role,
      hours: hoursOf.get(s.id) ?? null,
      timeOff: timeOff
        .filter((t) => t.userId === s.id)
        .map((t) => ({ id: t.id, startsAt: toIsoRequired(t.startsAt), endsAt: toIsoRequired(t.endsAt), reason: t.reason })),
    })),
  };
}

async function staffAt(deps: Deps, user: SessionUser, userId: string, locationId: string) {
  const staff = await clinicalStaffAt(deps.db, user.organizationId, locationId);
  const member = staff.find((s) => s.id === userId);
  if (!member) throw fieldError('id', 'is not an active provider or nurse at this clinic');
  return member;
}

/** Sets (or, with null, clears) a staff member's working hours at a clinic. */
export async function setWorkingHours(deps: Deps, user: SessionUser, userId: string, locationId: string, hours: WeeklyHours | null, ctx: AuditContext) {
  await authorizeClinic(deps, user, locationId, 'availability.hours', ctx);
  await staffAt(deps, user, userId, locationId);
  await deps.db.transaction(async (tx) => {
    if (hours) await repo.upsertWorkingHours(tx, { userId, locationId, hours, updatedBy: user.id });
    else await repo.deleteWorkingHours(tx, userId, locationId);
    await deps.audit.recordWithin(tx, ctx, {
      action: 'availability.hours',
      outcome: 'success',
      entityType: 'user',
      entityId: userId,
      details: { locationId, cleared: !hours },
    });
  });
  return staffAvailability(deps, user, locationId, ctx);
}

/** Records time off for a staff member of one of the user's clinics. */
export async function addTimeOff(
  deps: Deps,
  user: SessionUser,
  userId: string,
  locationId: string,
  input: { startsAt: string; endsAt: string; reason?: string | null | undefined },
  ctx: AuditContext,
) {
  await authorizeClinic(deps, user, locationId, 'availability.time_off', ctx);
  await staffAt(deps, user, userId, locationId);
  const row = await deps.db.transaction(async (tx) => {
    const inserted = await repo.insertTimeOff(tx, {
      userId,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      reason: input.reason ?? null,
      createdBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'availability.time_off',
      outcome: 'success',
      entityType: 'user',
      entityId: userId,
      details: { id: inserted.id },
    });
    return inserted;
  });
  return { id: row.id, startsAt: toIsoRequired(row.startsAt), endsAt: toIsoRequired(row.endsAt), reason: row.reason };
}

export async function removeTimeOff(deps: Deps, user: SessionUser, userId: string, locationId: string, timeOffId: string, ctx: AuditContext) {
  await authorizeClinic(deps, user, locationId, 'availability.time_off.remove', ctx);
  await staffAt(deps, user, userId, locationId);
  const removed = await deps.db.transaction(async (tx) => {
    const ok = await repo.deleteTimeOff(tx, userId, timeOffId);
    if (ok)
      await deps.audit.recordWithin(tx, ctx, {
        action: 'availability.time_off.remove',
        outcome: 'success',
        entityType: 'user',
        entityId: userId,
        details: { id: timeOffId },
      });
    return ok;
  });
  if (!removed) throw notFound('Time off');
  return { ok: true as const };
}
