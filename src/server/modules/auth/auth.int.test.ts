import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-values.js';
import { currentTotp } from '../../platform/auth/totp.js';
import { createTestApp, loginAgent, TEST_PASSWORD, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let adminAgent: Agent;
let adminTotpSecret = '';
let adminRecoveryCodes: string[] = [];
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

  it('throttles with growing delays instead of locking: the answer is the same as a wrong password, another address still gets in, and the wait ends', async () => {
    const fromStranger = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.9', payload: { email: 'manager@demo.stepwise.test', password } });
    const wrong = await fromStranger('wrong-password-x');
    const unknown = await login('nobody@demo.stepwise.test', 'whatever-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    for (let i = 0; i < 3; i++) expect((await fromStranger('wrong-password-x')).statusCode).toBe(401);
    // Four failures from this address: the next attempt must wait a second, and is answered like a wrong password.
    const throttled = await fromStranger(TEST_PASSWORD);
    expect(throttled.statusCode).toBe(401);
    expect(throttled.json()).toEqual(unknown.json());
    expect(throttled.headers['retry-after']).toBeUndefined();
    // The manager, at the clinic's address, is not locked out by the stranger.
    expect((await login('manager@demo.stepwise.test', TEST_PASSWORD)).statusCode).toBe(200);
    // And the stranger's own wait ends: no lock.
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await fromStranger(TEST_PASSWORD)).statusCode).toBe(200);
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from login_throttle where key like 'pair:manager@%'`);
    expect(row!.n).toBe(0);
  });

  it('an administrator can clear the delays at once', async () => {
    const fromStranger = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.10', payload: { email: 'nurse@demo.stepwise.test', password } });
    for (let i = 0; i < 8; i++) await fromStranger('wrong-password-x');
    expect((await fromStranger(TEST_PASSWORD)).statusCode).toBe(401);
    const admin = await t.loginAdmin();
    adminTotpSecret = admin.totpSecret;
    adminAgent = admin;
    adminRecoveryCodes = admin.recoveryCodes;
    const staff = (await admin.get('/api/staff')).json().items as { id: string; email: string }[];
    const nurse = staff.find((s) => s.email === 'nurse@demo.stepwise.test')!;
    expect((await admin.post(`/api/staff/${nurse.id}/unlock`)).statusCode).toBe(200);
    expect((await fromStranger(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('shows the administrator an account held back by failures from many addresses, until unlocked', async () => {
    // Sixteen wrong passwords, each from a new address: no address is throttled, the account is (more than 3 x 5).
    for (let i = 0; i < 16; i++)
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: `198.51.100.${i + 1}`,
        payload: { email: 'biller@demo.stepwise.test', password: 'wrong-password-x' },
      });
    const admin = adminAgent;
    const biller = () =>
      admin
        .get('/api/staff')
        .then((r) => (r.json().items as { id: string; email: string; lockedUntil: string | null }[]).find((s) => s.email === 'biller@demo.stepwise.test')!);
    const held = await biller();
    expect(held.lockedUntil).not.toBeNull();
    expect(Date.parse(held.lockedUntil!)).toBeGreaterThan(Date.now());
    expect((await admin.post(`/api/staff/${held.id}/unlock`)).json().lockedUntil).toBeNull();
    expect((await biller()).lockedUntil).toBeNull();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '198.51.100.99',
          payload: { email: 'biller@demo.stepwise.test', password: TEST_PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('accepts a TOTP code once, and each recovery code once', async () => {
    const noCode = await login('admin@demo.stepwise.test', TEST_PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    const badCode = await login('admin@demo.stepwise.test', TEST_PASSWORD, '000000');
    expect(badCode.json().error.code).toBe('invalid_totp');
    const code = await currentTotp(adminTotpSecret, 1);
    const ok = await login('admin@demo.stepwise.test', TEST_PASSWORD, code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().mfaEnrollmentRequired).toBe(false);
    // A replay in the same window is refused.
    const replay = await login('admin@demo.stepwise.test', TEST_PASSWORD, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('invalid_totp');
    // Recovery codes: ten, distinct, each works once.
    expect(adminRecoveryCodes).toHaveLength(10);
    expect(new Set(adminRecoveryCodes).size).toBe(10);
    const recovery = adminRecoveryCodes[0]!;
    expect((await login('admin@demo.stepwise.test', TEST_PASSWORD, recovery)).statusCode).toBe(200);
    expect((await login('admin@demo.stepwise.test', TEST_PASSWORD, recovery)).json().error.code).toBe('invalid_totp');
    const stored = await t.database.db.execute(sql`select code_hash from user_recovery_codes`);
    expect(JSON.stringify(stored)).not.toContain(recovery);
  });

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
    const admin = await loginAgent(t.app, 'admin@demo.stepwise.test', TEST_PASSWORD, adminRecoveryCodes[1]);
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
        codes.push(
          (await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@demo.stepwise.test', password: 'whatever-123' } }))
            .statusCode,
        );
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
