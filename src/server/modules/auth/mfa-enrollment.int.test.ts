import { afterAll, beforeAll, expect, it } from 'vitest';
import { currentTotp } from '../../platform/auth/totp.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { patients: 2 });
});
afterAll(async () => t.close());

it('holds an admin without TOTP to enrolment, then lets them in once enrolled', async () => {
  const admin = await t.login('admin');
  const me = (await admin.get('/api/auth/me')).json();
  expect(me.mfaEnrollmentRequired).toBe(true);
  const blocked = await admin.get('/api/staff');
  expect(blocked.statusCode).toBe(403);
  expect(blocked.json().error.code).toBe('mfa_enrollment_required');

  expect((await admin.post('/api/auth/totp/enable', { code: '123456' })).json().error.code).toBe('totp_not_started');
  const setup = (await admin.post('/api/auth/totp/setup')).json();
  expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Stepwise:admin%40demo\.stepwise\.test\?secret=/);
  // A QR code to scan: a real PNG.
  expect(setup.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
  expect(Buffer.from(setup.qrCodeDataUrl.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
  const wrong = await admin.post('/api/auth/totp/enable', { code: '000000' });
  expect(wrong.statusCode).toBe(400);
  expect(wrong.json().error.fields[0].path).toBe('code');
  const enabled = await admin.post('/api/auth/totp/enable', { code: await currentTotp(setup.secret) });
  expect(enabled.statusCode).toBe(200);
  expect(enabled.json().mfaEnrollmentRequired).toBe(false);
  expect((await admin.get('/api/staff')).statusCode).toBe(200);
  // Admins may not switch the second factor off.
  expect((await admin.post('/api/auth/totp/disable', { code: await currentTotp(setup.secret) })).statusCode).toBe(403);
});
