import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { userLocations, users } from '../../db/schema/users.js';
import { defined } from '../../../domain/defined.js';

export type StaffRow = typeof users.$inferSelect & { locationIds: string[]; loginFailures: number; lastLoginFailureAt: string | Date | null };

export async function listStaff(db: Db, organizationId: string, onlyId?: string): Promise<StaffRow[]> {
  const rows = await db
    .select({
      user: users,
      locationIds: sql<string[] | null>`(select array_agg(ul.location_id order by ul.location_id) from user_locations ul where ul.user_id = ${users.id})`,
      // The per-account login throttle (auth.service): failures from any address, and when the last one was.
      loginFailures: sql<number | null>`(select lt.failures from login_throttle lt where lt.key = 'account:' || lower(${users.email}))`,
      lastLoginFailureAt: sql<string | null>`(select lt.last_failure_at from login_throttle lt where lt.key = 'account:' || lower(${users.email}))`,
    })
    .from(users)
    .where(onlyId ? and(eq(users.organizationId, organizationId), eq(users.id, onlyId)) : eq(users.organizationId, organizationId))
    .orderBy(users.displayName);
  return rows.map((r) => ({ ...r.user, locationIds: r.locationIds ?? [], loginFailures: r.loginFailures ?? 0, lastLoginFailureAt: r.lastLoginFailureAt }));
}

export async function insertStaff(db: Db, values: typeof users.$inferInsert, locationIds: readonly string[]): Promise<string> {
  const [row] = await db.insert(users).values(values).returning({ id: users.id });
  if (locationIds.length) await db.insert(userLocations).values(locationIds.map((locationId) => ({ userId: defined(row).id, locationId })));
  return defined(row).id;
}

export async function updateStaff(db: Db, id: string, version: number, values: Partial<typeof users.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ ...values, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  return rows.length === 1;
}

export async function replaceStaffLocations(db: Db, userId: string, locationIds: readonly string[]): Promise<void> {
  await db.delete(userLocations).where(eq(userLocations.userId, userId));
  if (locationIds.length) await db.insert(userLocations).values(locationIds.map((locationId) => ({ userId, locationId })));
}

export async function setPassword(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: new Date() }).where(eq(users.id, id));
}

/** Clears the account's login delays (every address) so the staff member can log in at once. */
export async function unlock(db: Db, id: string): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id));
  await db.execute(
    sql`delete from login_throttle using users u where u.id = ${id} and (login_throttle.key = 'account:' || lower(u.email) or starts_with(login_throttle.key, 'pair:' || lower(u.email) || '|'))`,
  );
}

/** Removes the second factor, its last used step and its recovery codes; the next login enrols again. */
export async function resetTotp(db: Db, id: string): Promise<void> {
  await db.update(users).set({ totpEnabled: false, totpSecret: null, totpLastStep: null, updatedAt: new Date() }).where(eq(users.id, id));
  await db.execute(sql`delete from user_recovery_codes where user_id = ${id}`);
}

/** Whether a user is active staff with this role at this clinic (bookings refuse staff who do not work there). */
export async function isActiveStaffAt(db: Db, organizationId: string, userId: string, locationId: string, role: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userLocations, eq(userLocations.userId, users.id))
    .where(
      and(
        eq(users.id, userId),
        eq(users.organizationId, organizationId),
        eq(users.role, role),
        eq(users.active, true),
        eq(userLocations.locationId, locationId),
      ),
    );
  return rows.length === 1;
}

/** Active providers and nurses who work at a clinic (the planner staffs visits from them). */
export async function clinicalStaffAt(
  db: Db,
  organizationId: string,
  locationId: string,
): Promise<{ id: string; displayName: string; role: 'provider' | 'nurse' }[]> {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, role: users.role })
    .from(users)
    .innerJoin(userLocations, eq(userLocations.userId, users.id))
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.active, true),
        eq(userLocations.locationId, locationId),
        inArray(users.role, ['provider', 'nurse']),
      ),
    )
    .orderBy(users.displayName);
  return rows.map((r) => ({ ...r, role: r.role as 'provider' | 'nurse' }));
}

/** Active staff of one role at a clinic (a missed visit's follow-up goes to the clinic's coordinators). */
export async function staffWithRoleAt(db: Db, organizationId: string, locationId: string, role: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userLocations, eq(userLocations.userId, users.id))
    .where(and(eq(users.organizationId, organizationId), eq(users.active, true), eq(users.role, role), eq(userLocations.locationId, locationId)));
  return rows.map((r) => r.id);
}

/** What a claim or superbill says of the staff who rendered a service: name, role, NPI, credentials, taxonomy. */
export async function billingIdentities(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; displayName: string; role: string; npi: string | null; credentials: string | null; taxonomy: string | null }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, displayName: users.displayName, role: users.role, npi: users.npi, credentials: users.credentials, taxonomy: users.taxonomy })
    .from(users)
    .where(inArray(users.id, [...ids]));
}

/** The active billers who work a clinic: those assigned to it and the organization-wide ones. */
export async function billersFor(db: Db, organizationId: string, locationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.active, true),
        eq(users.role, 'biller'),
        sql`(${users.organizationWide} or exists (select 1 from user_locations ul where ul.user_id = ${users.id} and ul.location_id = ${locationId}))`,
      ),
    );
  return rows.map((r) => r.id);
}
