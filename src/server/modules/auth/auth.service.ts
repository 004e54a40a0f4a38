import type { SessionResponse } from '../../../contracts/auth.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { conflict, fieldError, forbidden, unauthorized } from '../../platform/errors.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/password.js';
import type { ResolvedSession, SessionStore } from '../../platform/auth/session-store.js';
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpQrCode, totpUri, verifyTotpStep } from '../../platform/auth/totp.js';
import { loginThrottlePolicies, secondsToWait } from '../../../domain/auth/login-throttle.js';
import * as repo from './auth.repository.js';

export type AuthDeps = { db: Db; sessions: SessionStore; audit: AuditTrail; config: Config };

// Unknown email, wrong password, wrong code and a throttled attempt all get this same answer, so a stranger learns
// nothing about an account from it.
const INVALID = () => unauthorized('Email or password is not correct, or there were too many attempts: wait a moment and try again.', 'invalid_credentials');

/** Checks a second factor: a current TOTP code, used once, or an unused recovery code. */
async function secondFactorOk(db: Db, userId: string, secret: string, code: string): Promise<'totp' | 'recovery' | null> {
  if (/^\d{6}$/.test(code)) {
    const step = await verifyTotpStep(secret, code);
    return step !== null && (await repo.claimTotpStep(db, userId, step)) ? 'totp' : null;
  }
  return (await repo.useRecoveryCode(db, userId, recoveryCodeHash(code))) ? 'recovery' : null;
}

export async function login(
  deps: AuthDeps,
  input: { email: string; password: string; totp?: string | undefined },
  ctx: AuditContext,
): Promise<{ token: string; response: SessionResponse }> {
  const { db, audit, config } = deps;
  const email = input.email.trim().toLowerCase();
  const keys = { pair: `pair:${email}|${ctx.ip ?? 'unknown'}`, account: `account:${email}` };
  const user = await repo.findUserByEmail(db, email);
  const fail = async (reason: string) => {
    audit.record(
      { ...ctx, actor: user ? { id: user.id, email: user.email, role: user.role } : null },
      {
        action: 'auth.login',
        outcome: 'failure',
        entityType: 'user',
        entityId: user?.id,
        details: { email, reason },
      },
    );
    if (reason !== 'throttled') await repo.recordThrottleFailure(db, [keys.pair, keys.account]);
  };

  // Growing delays instead of a lock: nobody can lock a colleague out by typing their email.
  const policies = loginThrottlePolicies(config.login);
  const now = new Date();
  const wait = Math.max(
    0,
    ...(await repo.throttleState(db, [keys.pair, keys.account])).map((r) =>
      secondsToWait(r.failures, r.lastFailureAt, now, r.key === keys.pair ? policies.pair : policies.account),
    ),
  );
  if (wait > 0) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await fail('throttled');
    throw INVALID();
  }
  if (!user || !user.active) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await fail(user ? 'inactive' : 'unknown_email');
    throw INVALID();
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await fail('bad_password');
    throw INVALID();
  }
  let factor: 'totp' | 'recovery' | null = null;
  if (user.totpEnabled) {
    if (!input.totp) throw unauthorized('Enter the 6-digit code from your authenticator app (or a recovery code).', 'totp_required');
    factor = user.totpSecret ? await secondFactorOk(db, user.id, user.totpSecret, input.totp) : null;
    if (!factor) {
      await fail('bad_totp');
      throw unauthorized('The authenticator code is not correct, or was already used: wait for the next one.', 'invalid_totp');
    }
  }
  await repo.clearThrottle(db, [keys.pair, keys.account]);
  await repo.recordSuccessfulLogin(db, user.id);
  const state = user.role === 'admin' && !user.totpEnabled ? 'mfa_enrollment' : 'active';
  const created = await deps.sessions.create(user.id, state, { ip: ctx.ip, userAgent: ctx.userAgent });
  const session = await deps.sessions.resolve(created.token);
  if (!session) throw new Error('session vanished right after creation');
  audit.record(
    { ...ctx, actor: { id: user.id, email: user.email, role: user.role } },
    {
      action: 'auth.login',
      outcome: 'success',
      entityType: 'user',
      entityId: user.id,
      details: { mfa: user.totpEnabled, ...(factor === 'recovery' ? { recoveryCode: true } : {}) },
    },
  );
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

export async function startTotpSetup(deps: AuthDeps, session: ResolvedSession): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
  const user = await repo.findUserById(deps.db, session.user.id);
  if (!user) throw unauthorized();
  if (user.totpEnabled) throw conflict('Two-factor authentication is already on. Turn it off first to enrol a new device.', 'totp_already_enabled');
  const secret = newTotpSecret();
  await repo.setTotpSecret(deps.db, user.id, secret, false);
  const otpauthUrl = totpUri(secret, user.email);
  return { secret, otpauthUrl, qrCodeDataUrl: await totpQrCode(otpauthUrl) };
}

/** Turns the second factor on and returns ten one-time recovery codes, shown this once (only their hashes are kept). */
export async function enableTotp(
  deps: AuthDeps,
  session: ResolvedSession,
  code: string,
  ctx: AuditContext,
): Promise<{ session: ResolvedSession; recoveryCodes: string[] }> {
  const user = await repo.findUserById(deps.db, session.user.id);
  if (!user?.totpSecret) throw conflict('Start the set-up first (POST /api/auth/totp/setup).', 'totp_not_started');
  if (user.totpEnabled) throw conflict('Two-factor authentication is already on.', 'totp_already_enabled');
  const step = await verifyTotpStep(user.totpSecret, code);
  if (step === null || !(await repo.claimTotpStep(deps.db, user.id, step))) throw fieldError('code', 'is not the current code from your authenticator app');
  const recoveryCodes = newRecoveryCodes();
  await repo.replaceRecoveryCodes(deps.db, user.id, recoveryCodes.map(recoveryCodeHash));
  await repo.setTotpSecret(deps.db, user.id, user.totpSecret, true);
  // Other sessions were opened with the password alone; end them now that a second factor is required.
  await deps.sessions.destroyAllForUser(user.id, session.tokenHash);
  if (session.state === 'mfa_enrollment') await deps.sessions.setState(session.tokenHash, 'active');
  deps.audit.record(ctx, {
    action: 'auth.totp.enable',
    outcome: 'success',
    entityType: 'user',
    entityId: user.id,
    details: { recoveryCodes: recoveryCodes.length },
  });
  return { session, recoveryCodes };
}

export async function disableTotp(deps: AuthDeps, session: ResolvedSession, code: string, ctx: AuditContext): Promise<void> {
  if (session.user.role === 'admin') throw forbidden('Administrators must keep two-factor authentication on.');
  const user = await repo.findUserById(deps.db, session.user.id);
  if (!user?.totpEnabled || !user.totpSecret) throw conflict('Two-factor authentication is not on.', 'totp_not_enabled');
  if (!(await secondFactorOk(deps.db, user.id, user.totpSecret, code))) throw fieldError('code', 'is not the current code from your authenticator app');
  await repo.setTotpSecret(deps.db, user.id, null, false);
  await repo.replaceRecoveryCodes(deps.db, user.id, []);
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
