import { queryRows } from '../../db/sql-values.js';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { SessionUser } from '../../../contracts/auth.js';
import type { Role } from '../../../contracts/roles.js';
import type { Database, Db } from '../../db/client.js';
import { sessions } from '../../db/schema/index.js';

export type SessionState = 'active' | 'mfa_enrollment';

export type ResolvedSession = {
  tokenHash: string;
  csrfToken: string;
  state: SessionState;
  expiresAt: Date;
  lastSeenAt: Date;
  user: SessionUser;
};

const REVOKE_CHANNEL = 'stepwise_session_revoked';
const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 20_000;
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type Row = {
  tokenHash: string;
  csrfToken: string;
  state: SessionState;
  expiresAt: Date | string;
  lastSeenAt: Date | string;
  userId: string;
  organizationId: string;
  email: string;
  displayName: string;
  role: Role;
  organizationWide: boolean;
  timeZone: string;
  totpEnabled: boolean;
  active: boolean;
  locationIds: string[] | null;
};

/**
 * Sessions live in the database so several app instances share them. Each instance caches a resolved session
 * for a few seconds to keep the hot path at one query; a logout or an account change is broadcast with NOTIFY so
 * every instance drops its copy at once, and the cache's short life bounds any missed message.
 */
export class SessionStore {
  private cache = new Map<string, { session: ResolvedSession; at: number }>();

  constructor(
    private readonly database: Database,
    private readonly options: { idleMs: number; absoluteMs: number },
  ) {}

  async start(): Promise<void> {
    await this.database.listen(REVOKE_CHANNEL, (payload) => this.evictLocal(payload));
  }

  private get db(): Db {
    return this.database.db;
  }

  /** Forgets every cached session on this instance; the next request of each reads the database. */
  clearCache(): void {
    this.cache.clear();
  }

  private evictLocal(payload: string): void {
    if (payload.startsWith('user:')) {
      const userId = payload.slice(5);
      for (const [k, v] of this.cache) if (v.session.user.id === userId) this.cache.delete(k);
    } else {
      this.cache.delete(payload);
    }
  }

  private async broadcast(payload: string): Promise<void> {
    this.evictLocal(payload);
    await this.db.execute(sql`select pg_notify(${REVOKE_CHANNEL}, ${payload})`);
  }

  /** Creates a session and returns the cookie token (only its hash is stored). */
  async create(
    userId: string,
    state: SessionState,
    meta: { ip: string | null; userAgent: string | null },
  ): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = Date.now();
    const expiresAt = new Date(now + this.options.absoluteMs);
    await this.db.insert(sessions).values({
      tokenHash: hashToken(token),
      userId,
      csrfToken,
      state,
      expiresAt,
      // Both session times come from the app's clock, which checks them (not the database's now()).
      lastSeenAt: new Date(now),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 400) ?? null,
    });
    return { token, csrfToken, expiresAt };
  }

  /** The live session for a cookie token, or null when it is unknown, expired, idle too long, or its user is disabled. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    const tokenHash = hashToken(token);
    const now = Date.now();
    const cached = this.cache.get(tokenHash);
    let session: ResolvedSession | null;
    if (cached && now - cached.at < CACHE_TTL_MS) {
      session = cached.session;
    } else {
      session = await this.load(tokenHash);
      if (session) {
        if (this.cache.size >= CACHE_MAX) this.cache.clear();
        this.cache.set(tokenHash, { session, at: now });
      } else {
        this.cache.delete(tokenHash);
      }
    }
    if (!session) return null;
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.options.idleMs <= now) {
      await this.destroy(tokenHash);
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      session.lastSeenAt = new Date(now);
      await this.db.update(sessions).set({ lastSeenAt: session.lastSeenAt }).where(eq(sessions.tokenHash, tokenHash));
    }
    return session;
  }

  private async load(tokenHash: string): Promise<ResolvedSession | null> {
    const result = await queryRows<Row>(
      this.db,
      sql`
      select s.token_hash, s.csrf_token, s.state, s.expires_at, s.last_seen_at,
             u.id as user_id, u.organization_id, u.email, u.display_name, u.role, u.organization_wide, u.time_zone, u.totp_enabled, u.active,
             (select array_agg(ul.location_id order by ul.location_id) from user_locations ul where ul.user_id = u.id) as location_ids
        from sessions s join users u on u.id = s.user_id
       where s.token_hash = ${tokenHash}`,
    );
    const row = result[0];
    if (!row || !row.active) return null;
    return {
      tokenHash: row.tokenHash,
      csrfToken: row.csrfToken,
      state: row.state,
      expiresAt: new Date(row.expiresAt),
      lastSeenAt: new Date(row.lastSeenAt),
      user: {
        id: row.userId,
        organizationId: row.organizationId,
        email: row.email,
        displayName: row.displayName,
        role: row.role,
        organizationWide: row.organizationWide,
        timeZone: row.timeZone,
        totpEnabled: row.totpEnabled,
        locationIds: row.locationIds ?? [],
      },
    };
  }

  async destroy(tokenHash: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    await this.broadcast(tokenHash);
  }

  async setState(tokenHash: string, state: SessionState): Promise<void> {
    await this.db.update(sessions).set({ state }).where(eq(sessions.tokenHash, tokenHash));
    await this.broadcast(tokenHash);
  }

  /** Ends every session of a user (password reset, deactivation), optionally keeping one. */
  async destroyAllForUser(userId: string, keepTokenHash?: string): Promise<void> {
    const where = keepTokenHash ? and(eq(sessions.userId, userId), sql`${sessions.tokenHash} <> ${keepTokenHash}`) : eq(sessions.userId, userId);
    await this.db.delete(sessions).where(where);
    await this.broadcast(`user:${userId}`);
  }

  /** Drops cached copies after an account change (role, clinics) so the next request reads it afresh. */
  async userChanged(userId: string): Promise<void> {
    await this.broadcast(`user:${userId}`);
  }

  async purgeExpired(): Promise<number> {
    const idleCutoff = new Date(Date.now() - this.options.idleMs);
    const result = await this.db
      .delete(sessions)
      .where(sql`${sessions.expiresAt} < now() or ${lt(sessions.lastSeenAt, idleCutoff)}`)
      .returning({ tokenHash: sessions.tokenHash });
    return result.length;
  }
}
