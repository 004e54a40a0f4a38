import type { SessionResponse } from '../../../contracts/auth.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { AppError, conflict, fieldError, forbidden, unauthorized } from '../../platform/errors.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/password.js';
import type { ResolvedSession, SessionStore } from '../../platform/auth/session-store.js';
import { newTotpSecret, totpUri, verifyTotp } from '../../platform/auth/totp.js';
import * as repo from './auth.repository.js';

export type AuthDeps = { db: Db; sessions: SessionStore; audit: AuditTrail; config: Config };

const INVALID = () => unauthorized('Email or password is not correct.', 'invalid_credentials');

export async function login(
  deps: AuthDeps,
  input: { email: string; password: string; totp?: string | undefined },
  ctx: AuditContext,
): Promise<{ token: string; response: SessionResponse }> {
  const { db, audit, config } = deps;
  const user = await repo.findUserByEmail(db, input.email);
  const fail = (reason: string) => audit.record({ ...ctx, actor: user ? { id: user.id, email: user.email, role: user.role } : null }, {
    action: 'auth.login', outcome: 'failure', entityType: 'user', entityId: user?.id, details: { email: input.email.toLowerCase(), reason },
  });

  if (!user || !user.active) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    fail(user ? 'inactive' : 'unknown_email');
    throw INVALID();
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    fail('locked');
    const retry = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000);
    throw new AppError(423, 'account_locked', `Too many failed attempts. This account is locked until ${user.lockedUntil.toISOString()}.`, undefined, {
      'retry-after': String(retry),
    });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const lockedUntil = await repo.recordFailedLogin(db, user.id, config.login.maxFailures, config.login.lockMs);
    fail(lockedUntil ? 'bad_password_locked' : 'bad_password');
    throw INVALID();
  }
  if (user.totpEnabled) {
    if (!input.totp) throw unauthorized('Enter the 6-digit code from your authenticator app.', 'totp_required');
    if (!user.totpSecret || !(await verifyTotp(user.totpSecret, input.totp))) {
      await repo.recordFailedLogin(db, user.id, config.login.maxFailures, config.login.lockMs);
      fail('bad_totp');
      throw unauthorized('The authenticator code is not correct.', 'invalid_totp');
    }
  }
  await repo.recordSuccessfulLogin(db, user.id);
  const state = user.role === 'admin' && !user.totpEnabled ? 'mfa_enrollment' : 'active';
  const created = await deps.sessions.create(user.id, state, { ip: ctx.ip, userAgent: ctx.userAgent });
  const session = await deps.sessions.resolve(created.token);
  if (!session) throw new Error('session vanished right after creation');
  audit.record({ ...ctx, actor: { id: user.id, email: user.email, role: user.role } }, {
    action: 'auth.login', outcome: 'success', entityType: 'user', entityId: user.id, details: { mfa: user.totpEnabled },
  });
  return { token: created.token, response: presentSession(session) };
}

export function presentSession(session: ResolvedSession): SessionResponse {
  return {
    user: session.user,
    csrfToken: session.csrfToken,
    mfaEnrollmentRequired: session.state === 'mfa_enrollment',
    expiresAt: session.expiresAt.toISOString(),
  };
}

export async function logout(deps: AuthDeps, session: ResolvedSession, ctx: AuditContext): Promise<void> {
  await deps.sessions.destroy(session.tokenHash);
  deps.audit.record(ctx, { action: 'auth.logout', outcome: 'success', entityType: 'user', entityId: session.user.id });
}

export async function startTotpSetup(deps: AuthDeps, session: ResolvedSession): Promise<{ secret: string; otpauthUrl: string }> {
  const user = await repo.findUserById(deps.db, session.user.id);
  if (!user) throw unauthorized();
  if (user.totpEnabled) throw conflict('Two-factor authentication is already on. Turn it off first to enrol a new device.', 'totp_already_enabled');
  const secret = newTotpSecret();
  await repo.setTotpSecret(deps.db, user.id, secret, false);
  return { secret, otpauthUrl: totpUri(secret, user.email) };
}

export async function enableTotp(deps: AuthDeps, session: ResolvedSession, code: string, ctx: AuditContext): Promise<ResolvedSession> {
  const user = await repo.findUserById(deps.db, session.user.id);
  if (!user?.totpSecret) throw conflict('Start the set-up first (POST /api/auth/totp/setup).', 'totp_not_started');
  if (user.totpEnabled) throw conflict('Two-factor authentication is already on.', 'totp_already_enabled');
  if (!(await verifyTotp(user.totpSecret, code))) throw fieldError('code', 'is not the current code from your authenticator app');
  await repo.setTotpSecret(deps.db, user.id, user.totpSecret, true);
  // Other sessions were opened with the password alone; end them now that a second factor is required.
  await deps.sessions.destroyAllForUser(user.id, session.tokenHash);
  if (session.state === 'mfa_enrollment') await deps.sessions.setState(session.tokenHash, 'active');
  deps.audit.record(ctx, { action: 'auth.totp.enable', outcome: 'success', entityType: 'user', entityId: user.id });
  return session;
}

export async function disableTotp(deps: AuthDeps, session: ResolvedSession, code: string, ctx: AuditContext): Promise<void> {
  if (session.user.role === 'admin') throw forbidden('Administrators must keep two-factor authentication on.');
  const user = await repo.findUserById(deps.db, session.user.id);
  if (!user?.totpEnabled || !user.totpSecret) throw conflict('Two-factor authentication is not on.', 'totp_not_enabled');
  if (!(await verifyTotp(user.totpSecret, code))) throw fieldError('code', 'is not the current code from your authenticator app');
  await repo.setTotpSecret(deps.db, user.id, null, false);
  await deps.sessions.userChanged(user.id);
  deps.audit.record(ctx, { action: 'auth.totp.disable', outcome: 'success', entityType: 'user', entityId: user.id });
}

export async function changePassword(
  deps: AuthDeps,
  session: ResolvedSession,
  input: { currentPassword: string; newPassword: string },
  ctx: AuditContext,
): Promise<void> {
  const user = await repo.findUserById(deps.db, session.user.id);
  if (!user) throw unauthorized();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw fieldError('currentPassword', 'is not correct');
  if (input.newPassword === input.currentPassword) throw fieldError('newPassword', 'must differ from the current password');
  await repo.setPasswordHash(deps.db, user.id, await hashPassword(input.newPassword));
  await deps.sessions.destroyAllForUser(user.id, session.tokenHash);
  deps.audit.record(ctx, { action: 'auth.password.change', outcome: 'success', entityType: 'user', entityId: user.id });
}
