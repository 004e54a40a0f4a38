import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { loginThrottle, userRecoveryCodes, users } from '../../db/schema/users.js';
import { queryRows } from '../../db/sql-values.js';

export type Credentials = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<Credentials | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<Credentials | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function recordSuccessfulLogin(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, userId));
}

export async function setTotpSecret(db: Db, userId: string, secret: string | null, enabled: boolean): Promise<void> {
  await db.update(users).set({ totpSecret: secret, totpEnabled: enabled, updatedAt: new Date() }).where(eq(users.id, userId));
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: new Date(), version: sql`${users.version} + 1` })
    .where(eq(users.id, userId));
}

/** Failures recorded under each key. */
export async function throttleState(db: Db, keys: string[]): Promise<{ key: string; failures: number; lastFailureAt: Date }[]> {
  const rows = await queryRows<{ key: string; failures: number; lastFailureAt: string | Date }>(
    db,
    sql`select key, failures, last_failure_at from login_throttle where key in (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  );
  return rows.map((r) => ({ key: r.key, failures: r.failures, lastFailureAt: new Date(r.lastFailureAt) }));
}

/** Counts one more failure under each key. */
export async function recordThrottleFailure(db: Db, keys: string[]): Promise<void> {
  for (const key of keys) {
    await db
      .insert(loginThrottle)
      .values({ key, failures: 1, lastFailureAt: new Date() })
      .onConflictDoUpdate({ target: loginThrottle.key, set: { failures: sql`${loginThrottle.failures} + 1`, lastFailureAt: new Date() } });
  }
}

export async function clearThrottle(db: Db, keys: string[]): Promise<void> {
  await db.execute(
    sql`delete from login_throttle where key in (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  );
}

/** Accepts a TOTP step once: false when this step (or a later one) was already used. */
export async function claimTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update users set totp_last_step = ${step} where id = ${userId} and (totp_last_step is null or totp_last_step < ${step}) returning id`,
  );
  return rows.length === 1;
}

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: string[]): Promise<void> {
  await db.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  if (hashes.length) await db.insert(userRecoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
}

/** Uses a recovery code once; false when it is unknown or already used. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update user_recovery_codes set used_at = now() where user_id = ${userId} and code_hash = ${codeHash} and used_at is null returning id`,
  );
  return rows.length === 1;
}

export async function unusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from user_recovery_codes where user_id = ${userId} and used_at is null`);
  return row?.n ?? 0;
}
