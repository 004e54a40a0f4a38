import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp({}, { patients: 0 });
  admin = await t.loginAdmin();
});
afterAll(async () => t.close());

describe('staff accounts', () => {
  it('creates an account that can log in and works only at its clinics', async () => {
    const res = await admin.post('/api/staff', {
      email: 'New.Nurse@Demo.Stepwise.Test',
      displayName: 'New Nurse',
      role: 'nurse',
      locationIds: [t.clinics.get('SEA')],
      password: 'a-long-enough-password',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email: 'new.nurse@demo.stepwise.test', role: 'nurse', active: true, totpEnabled: false });
    expect(res.json()).not.toHaveProperty('passwordHash');
    const nurse = await t.login('new.nurse@demo.stepwise.test', 'a-long-enough-password');
    expect((await nurse.get('/api/auth/me')).json().user.locationIds).toEqual([t.clinics.get('SEA')]);
  });

  it('refuses duplicates and bad input, naming the field', async () => {
    const dup = await admin.post('/api/staff', { email: 'nurse@demo.stepwise.test', displayName: 'X', role: 'nurse', password: 'a-long-enough-password' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].path).toBe('email');
    const bad = await admin.post('/api/staff', { email: 'x', displayName: '', role: 'janitor', password: 'short' });
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['displayName', 'email', 'password', 'role']);
  });

  it('changes role and clinics, taking effect on the next request of a logged-in user', async () => {
    const provider = await t.login('provider');
    const before = (await provider.get('/api/auth/me')).json().user;
    const staff = (await admin.get('/api/staff')).json().items.find((s: { id: string }) => s.id === before.id);
    const changed = await admin.patch(`/api/staff/${staff.id}`, { version: staff.version, role: 'manager', locationIds: [t.clinics.get('ATL')] });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = (await provider.get('/api/auth/me')).json().user;
    expect(after.role).toBe('manager');
    expect(after.locationIds).toEqual([t.clinics.get('ATL')]);
    expect((await admin.patch(`/api/staff/${staff.id}`, { version: staff.version, role: 'nurse' })).statusCode).toBe(409);
  });

  it('keeps an admin from removing their own access', async () => {
    const me = (await admin.get('/api/auth/me')).json().user;
    const self = (await admin.get('/api/staff')).json().items.find((s: { id: string }) => s.id === me.id);
    const res = await admin.patch(`/api/staff/${self.id}`, { version: self.version, active: false });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('self_lockout');
  });

  it("resets a password, ending that person's sessions", async () => {
    const biller = await t.login('biller');
    const id = (await biller.get('/api/auth/me')).json().user.id;
    expect((await admin.post(`/api/staff/${id}/password`, { password: 'another-long-password' })).statusCode).toBe(200);
    expect((await biller.get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.login('biller', 'another-long-password')).email).toBe('biller@demo.stepwise.test');
  });
});
