import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';

export type Credentials = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<Credentials | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<Credentials | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Counts a failed login; locks the account when the count reaches maxFailures. Returns the lock time if locked. */
export async function recordFailedLogin(db: Db, userId: string, maxFailures: number, lockMs: number): Promise<Date | null> {
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`case when ${users.failedLogins} + 1 >= ${maxFailures} then 0 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${maxFailures} then now() + make_interval(secs => ${lockMs / 1000}) else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId))
    .returning({ lockedUntil: users.lockedUntil });
  return row?.lockedUntil && row.lockedUntil.getTime() > Date.now() ? row.lockedUntil : null;
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
