import type { z } from 'zod';
import type { SessionUser } from '../../../contracts/auth.js';
import type { Location, locationInputSchema, locationUpdateSchema } from '../../../contracts/locations.js';
import type { Db } from '../../db/client.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { notFound, versionConflict } from '../../platform/errors.js';
import { WEEKDAYS, type DayHours, type Weekday } from '../../../domain/scheduling/opening-hours.js';
import * as repo from './locations.repository.js';
import * as scheduling from '../scheduling/index.js';
import type { Resource } from '../scheduling/index.js';

export type LocationDeps = { db: Db; audit: AuditTrail };

export function presentLocation(r: repo.LocationBundle, resources: readonly Resource[]): Location {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    timeZone: r.timeZone,
    phone: r.phone,
    address: { line1: r.addressLine1, line2: r.addressLine2, city: r.city, state: r.state, postalCode: r.postalCode },
    // A day missing from stored hours is closed; the contract lists all seven.
    openingHours: Object.fromEntries(WEEKDAYS.map((d) => [d, r.openingHours[d] ?? []])) as Record<Weekday, DayHours>,
    services: r.services as Location['services'],
    reminderLeadHours: r.reminderLeadHours,
    npi: r.npi,
    taxId: r.taxId,
    active: r.active,
    version: r.version,
    holidays: r.holidays.map((h) => ({ id: h.id, date: h.date, name: h.name })),
    resources: resources.filter((x) => x.locationId === r.id).map((x) => ({ id: x.id, kind: x.kind, name: x.name, active: x.active })),
  };
}

export async function listLocations(deps: LocationDeps, user: SessionUser): Promise<Location[]> {
  const rows = await repo.listLocations(deps.db, user.organizationId);
  const resources = await scheduling.listResources(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentLocation(r, resources));
}

export async function getLocation(deps: LocationDeps, user: SessionUser, id: string): Promise<Location> {
  const [row] = await repo.listLocations(deps.db, user.organizationId, [id]);
  if (!row) throw notFound('Clinic');
  return presentLocation(row, await scheduling.listResources(deps.db, [row.id]));
}

type LocationInput = z.infer<typeof locationInputSchema>;

function toColumns(input: Partial<LocationInput>) {
  const { address, ...rest } = input;
  return {
    ...rest,
    ...(address
      ? { addressLine1: address.line1, addressLine2: address.line2 ?? null, city: address.city, state: address.state, postalCode: address.postalCode }
      : {}),
  };
}

export async function createLocation(deps: LocationDeps, user: SessionUser, input: LocationInput, ctx: AuditContext): Promise<Location> {
  const id = await deps.db.transaction(async (tx) => {
    const c = toColumns(input);
    const newId = await repo.insertLocation(tx, {
      organizationId: user.organizationId,
      code: input.code,
      name: input.name,
      timeZone: input.timeZone,
      phone: input.phone ?? null,
      addressLine1: input.address.line1,
      addressLine2: input.address.line2 ?? null,
      city: input.address.city,
      state: input.address.state,
      postalCode: input.address.postalCode,
      openingHours: input.openingHours,
      services: input.services,
      reminderLeadHours: input.reminderLeadHours ?? 48,
      npi: input.npi ?? null,
      taxId: input.taxId ?? null,
      active: c.active ?? true,
    });
    await deps.audit.recordWithin(tx, ctx, { action: 'location.create', outcome: 'success', entityType: 'location', entityId: newId });
    return newId;
  });
  return getLocation(deps, user, id);
}

export async function updateLocation(
  deps: LocationDeps,
  user: SessionUser,
  id: string,
  input: z.infer<typeof locationUpdateSchema>,
  ctx: AuditContext,
): Promise<Location> {
  if (!(await repo.locationExists(deps.db, user.organizationId, id))) throw notFound('Clinic');
  const { version, ...rest } = input;
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updateLocation(tx, id, version, toColumns(rest)))) throw versionConflict('This clinic');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'location.update',
      outcome: 'success',
      entityType: 'location',
      entityId: id,
      details: { fields: Object.keys(rest) },
    });
  });
  return getLocation(deps, user, id);
}

export async function addHoliday(deps: LocationDeps, user: SessionUser, locationId: string, input: { date: string; name: string }, ctx: AuditContext) {
  if (!(await repo.locationExists(deps.db, user.organizationId, locationId))) throw notFound('Clinic');
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertHoliday(tx, { locationId, date: input.date, name: input.name });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'location.holiday.add',
      outcome: 'success',
      entityType: 'location',
      entityId: locationId,
      details: { date: input.date },
    });
    return { id: row.id, date: row.date, name: row.name };
  });
}

export async function removeHoliday(deps: LocationDeps, user: SessionUser, locationId: string, holidayId: string, ctx: AuditContext) {
  if (!(await repo.locationExists(deps.db, user.organizationId, locationId))) throw notFound('Clinic');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deleteHoliday(tx, locationId, holidayId))) throw notFound('Holiday');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'location.holiday.remove',
      outcome: 'success',
      entityType: 'location',
      entityId: locationId,
      details: { holidayId },
    });
  });
}

export async function addResource(
  deps: LocationDeps,
  user: SessionUser,
  locationId: string,
  input: { kind: string; name: string; active?: boolean | undefined },
  ctx: AuditContext,
) {
  if (!(await repo.locationExists(deps.db, user.organizationId, locationId))) throw notFound('Clinic');
  // Resources belong to the scheduling module; the clinics page adds and changes them through it.
  const r = await deps.db.transaction((tx) => scheduling.addResource(tx, deps.audit, locationId, input, ctx));
  return { id: r.id, kind: r.kind, name: r.name, active: r.active };
}

export async function changeResource(
  deps: LocationDeps,
  user: SessionUser,
  locationId: string,
  resourceId: string,
  input: { name?: string | undefined; active?: boolean | undefined },
  ctx: AuditContext,
) {
  if (!(await repo.locationExists(deps.db, user.organizationId, locationId))) throw notFound('Clinic');
  const values: { name?: string; active?: boolean } = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.active !== undefined) values.active = input.active;
  const r = await deps.db.transaction((tx) => scheduling.changeResource(tx, deps.audit, locationId, resourceId, values, ctx));
  return { id: r.id, kind: r.kind, name: r.name, active: r.active };
}
