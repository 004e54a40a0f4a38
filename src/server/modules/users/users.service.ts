import type { z } from 'zod';
import type { SessionUser } from '../../../contracts/auth.js';
import type { Staff, staffCreateSchema, staffUpdateSchema } from '../../../contracts/users.js';
import type { Db } from '../../db/client.js';
import type { Config } from '../../config.js';
import { loginThrottlePolicies, secondsToWait } from '../../../domain/auth/login-throttle.js';
import { toIso } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { hashPassword } from '../../platform/auth/password.js';
import type { SessionStore } from '../../platform/auth/session-store.js';
import { badRequest, conflict, notFound, versionConflict } from '../../platform/errors.js';
import { existingLocationIds } from '../locations/index.js';
import * as repo from './users.repository.js';

export type StaffDeps = { db: Db; audit: AuditTrail; sessions: SessionStore; config: Pick<Config, 'login'> };

/**
 * A staff account as the admin sees it. `lockedUntil`: while the per-account login throttle holds the account back
 * (many failed logins from any address), when it may try again; "Unlock" clears it at once.
 */
export function presentStaff(r: repo.StaffRow, login: Config['login'], now = new Date()): Staff {
  const wait = secondsToWait(r.loginFailures, r.lastLoginFailureAt === null ? null : new Date(r.lastLoginFailureAt), now, loginThrottlePolicies(login).account);
  return {
    id: r.id,
    email: r.email,
    displayName: r.displayName,
    role: r.role as Staff['role'],
    organizationWide: r.organizationWide,
    locationIds: r.locationIds,
    timeZone: r.timeZone,
    active: r.active,
    totpEnabled: r.totpEnabled,
    lockedUntil: wait > 0 ? new Date(now.getTime() + wait * 1000).toISOString() : null,
    lastLoginAt: toIso(r.lastLoginAt),
    npi: r.npi,
    credentials: r.credentials,
    taxonomy: r.taxonomy,
    version: r.version,
  };
}

async function checkLocations(db: Db, organizationId: string, ids: readonly string[]) {
  const found = await existingLocationIds(db, organizationId, ids);
  const missing = ids.map((id, i) => ({ id, i })).filter((x) => !found.has(x.id));
  if (missing.length)
    throw badRequest(
      'Unknown clinic.',
      missing.map((m) => ({ path: `locationIds.${m.i}`, message: 'is not an active clinic' })),
    );
}

async function get(db: Db, admin: SessionUser, id: string): Promise<repo.StaffRow> {
  const [row] = await repo.listStaff(db, admin.organizationId, id);
  if (!row) throw notFound('Staff member');
  return row;
}

export async function listStaff(deps: StaffDeps, admin: SessionUser): Promise<Staff[]> {
  return (await repo.listStaff(deps.db, admin.organizationId)).map((r) => presentStaff(r, deps.config.login));
}

export async function createStaff(deps: StaffDeps, admin: SessionUser, input: z.infer<typeof staffCreateSchema>, ctx: AuditContext): Promise<Staff> {
  await checkLocations(deps.db, admin.organizationId, input.locationIds);
  const passwordHash = await hashPassword(input.password);
  const id = await deps.db.transaction(async (tx) => {
    const newId = await repo.insertStaff(
      tx,
      {
        organizationId: admin.organizationId,
        email: input.email.toLowerCase(),
        displayName: input.displayName,
        role: input.role,
        organizationWide: input.role === 'biller' ? input.organizationWide : false,
        timeZone: input.timeZone,
        passwordHash,
        npi: input.npi ?? null,
        credentials: input.credentials ?? null,
        taxonomy: input.taxonomy ?? null,
      },
      [...new Set(input.locationIds)],
    );
    await deps.audit.recordWithin(tx, ctx, { action: 'staff.create', outcome: 'success', entityType: 'user', entityId: newId, details: { role: input.role } });
    return newId;
  });
  return presentStaff(await get(deps.db, admin, id), deps.config.login);
}

export async function updateStaff(
  deps: StaffDeps,
  admin: SessionUser,
  id: string,
  input: z.infer<typeof staffUpdateSchema>,
  ctx: AuditContext,
): Promise<Staff> {
  const current = await get(deps.db, admin, id);
  if (id === admin.id && ((input.role && input.role !== 'admin') || input.active === false)) {
    throw conflict('You cannot remove your own administrator access; ask another administrator.', 'self_lockout');
  }
  const { version, locationIds, ...fields } = input;
  if (locationIds) await checkLocations(deps.db, admin.organizationId, locationIds);
  const role = fields.role ?? current.role;
  const values = { ...fields, ...(role !== 'biller' ? { organizationWide: false } : {}) };
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updateStaff(tx, id, version, values))) throw versionConflict('This staff member');
    if (locationIds) await repo.replaceStaffLocations(tx, id, [...new Set(locationIds)]);
    await deps.audit.recordWithin(tx, ctx, {
      action: 'staff.update',
      outcome: 'success',
      entityType: 'user',
      entityId: id,
      details: { fields: Object.keys(input).filter((k) => k !== 'version') },
    });
  });
  if (input.active === false) await deps.sessions.destroyAllForUser(id);
  else await deps.sessions.userChanged(id);
  return presentStaff(await get(deps.db, admin, id), deps.config.login);
}

export async function resetPassword(deps: StaffDeps, admin: SessionUser, id: string, password: string, ctx: AuditContext): Promise<void> {
  await get(deps.db, admin, id);
  await repo.setPassword(deps.db, id, await hashPassword(password));
  await deps.sessions.destroyAllForUser(id);
  deps.audit.record(ctx, { action: 'staff.password.reset', outcome: 'success', entityType: 'user', entityId: id });
}

export async function unlockStaff(deps: StaffDeps, admin: SessionUser, id: string, ctx: AuditContext): Promise<Staff> {
  await get(deps.db, admin, id);
  await repo.unlock(deps.db, id);
  deps.audit.record(ctx, { action: 'staff.unlock', outcome: 'success', entityType: 'user', entityId: id });
  return presentStaff(await get(deps.db, admin, id), deps.config.login);
}

export async function resetStaffTotp(deps: StaffDeps, admin: SessionUser, id: string, ctx: AuditContext): Promise<Staff> {
  await get(deps.db, admin, id);
  await repo.resetTotp(deps.db, id);
  await deps.sessions.destroyAllForUser(id);
  deps.audit.record(ctx, { action: 'staff.totp.reset', outcome: 'success', entityType: 'user', entityId: id });
  return presentStaff(await get(deps.db, admin, id), deps.config.login);
}
