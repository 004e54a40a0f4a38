import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../platform/auth/totp.js';
import { createTestApp, loginAgent, TEST_PASSWORD, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let adminTotpSecret = '';
beforeAll(async () => {
  t = await createTestApp({ login: { maxFailures: 3, lockMs: 60_000, ratePerMinute: 1000 } });
});
afterAll(async () => t.close());

const login = (email: string, password: string, totp?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password, ...(totp ? { totp } : {}) } });

describe('login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns the user and CSRF token', async () => {
    const res = await login('Coordinator@Demo.Stepwise.Test', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'stepwise_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const body = res.json();
    expect(body.user.role).toBe('coordinator');
    expect(body.user.locationIds).toHaveLength(4);
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    // Only the token's hash is stored.
    const stored = await t.database.db.execute(sql`select token_hash from sessions`);
    expect(JSON.stringify(stored)).not.toContain(cookie.value);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await login('nobody@demo.stepwise.test', TEST_PASSWORD);
    const wrong = await login('provider@demo.stepwise.test', 'wrong-password-1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('names the bad fields of a malformed login', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email' } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('locks an account after repeated failures, refuses even the right password, and an admin can unlock it', async () => {
    for (let i = 0; i < 3; i++) expect((await login('manager@demo.stepwise.test', 'wrong-password-x')).statusCode).toBe(401);
    const locked = await login('manager@demo.stepwise.test', TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

    const admin = await t.loginAdmin();
    adminTotpSecret = admin.totpSecret;
    const staff = (await admin.get('/api/staff')).json().items as { id: string; email: string; lockedUntil: string | null }[];
    const manager = staff.find((s) => s.email === 'manager@demo.stepwise.test')!;
    expect(manager.lockedUntil).not.toBeNull();
    expect((await admin.post(`/api/staff/${manager.id}/unlock`)).statusCode).toBe(200);
    expect((await login('manager@demo.stepwise.test', TEST_PASSWORD)).statusCode).toBe(200);

    // A second factor is now required for the admin.
    const noCode = await login('admin@demo.stepwise.test', TEST_PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    const badCode = await login('admin@demo.stepwise.test', TEST_PASSWORD, '000000');
    expect(badCode.json().error.code).toBe('invalid_totp');
    const ok = await login('admin@demo.stepwise.test', TEST_PASSWORD, await currentTotp(admin.totpSecret));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().mfaEnrollmentRequired).toBe(false);
  });
});

describe('sessions', () => {
  it('logout ends the session for real', async () => {
    const agent = await t.login('nurse');
    expect((await agent.get('/api/auth/me')).statusCode).toBe(200);
    expect((await agent.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await agent.get('/api/auth/me')).statusCode).toBe(401);
    expect((await agent.get('/api/patients')).statusCode).toBe(401);
  });

  it('expires a session left idle, and one past its absolute lifetime', async () => {
    const idle = await t.login('biller');
    await t.database.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = ${idle.userId}`);
    t.context.sessions.clearCache();
    expect((await idle.get('/api/auth/me')).statusCode).toBe(401);

    const old = await t.login('provider');
    await t.database.db.execute(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${old.userId}`);
    t.context.sessions.clearCache();
    expect((await old.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends every session of a deactivated account at once', async () => {
    const nurse = await t.login('nurse.austin');
    expect((await nurse.get('/api/patients')).statusCode).toBe(200);
    const admin = await loginAgent(t.app, 'admin@demo.stepwise.test', TEST_PASSWORD, await currentTotp(adminTotpSecret));
    const staff = (await admin.get('/api/staff')).json().items as { id: string; email: string; version: number }[];
    const target = staff.find((s) => s.email === 'nurse.austin@demo.stepwise.test')!;
    expect((await admin.patch(`/api/staff/${target.id}`, { active: false, version: target.version })).statusCode).toBe(200);
    expect((await nurse.get('/api/patients')).statusCode).toBe(401);
    expect((await login('nurse.austin@demo.stepwise.test', TEST_PASSWORD)).statusCode).toBe(401);
  });

});

describe('password change', () => {
  it('requires the current password and ends the other sessions', async () => {
    const first = await t.login('coordinator');
    const second = await t.login('coordinator');
    const wrong = await first.post('/api/auth/password', { currentPassword: 'nope-nope-nope', newPassword: 'a-brand-new-password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('currentPassword');
    const short = await first.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields[0].path).toBe('newPassword');
    expect((await first.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' })).statusCode).toBe(200);
    expect((await first.get('/api/auth/me')).statusCode).toBe(200);
    expect((await second.get('/api/auth/me')).statusCode).toBe(401);
    expect((await login('coordinator@demo.stepwise.test', 'a-brand-new-password')).statusCode).toBe(200);
  });
});

describe('login rate limit', () => {
  it('answers 429 past the per-minute limit', async () => {
    const limited = await createTestApp({ login: { maxFailures: 100, lockMs: 60_000, ratePerMinute: 3 } }, { patients: 0 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@demo.stepwise.test', password: 'whatever-123' } })).statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
