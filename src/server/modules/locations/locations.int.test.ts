import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp({}, { patients: 0 });
  admin = await t.loginAdmin();
});
afterAll(async () => t.close());

const hours = {
  mon: [
    { open: '08:00', close: '12:00' },
    { open: '13:00', close: '17:00' },
  ],
  tue: [{ open: '08:00', close: '17:00' }],
  wed: [{ open: '08:00', close: '17:00' }],
  thu: [{ open: '08:00', close: '17:00' }],
  fri: [{ open: '08:00', close: '15:00' }],
  sat: [],
  sun: [],
};
const clinic = (overrides: Record<string, unknown> = {}) => ({
  code: 'PDX',
  name: 'Stepwise Portland',
  timeZone: 'America/Los_Angeles',
  phone: '503-555-0100',
  address: { line1: '1 SW Main St', city: 'Portland', state: 'OR', postalCode: '97204' },
  openingHours: hours,
  services: ['tms', 'esketamine'],
  ...overrides,
});

describe('clinics', () => {
  it('lists the four demo clinics with zones, hours, holidays, services and resources for any staff member', async () => {
    const nurse = await t.login('nurse');
    const { items } = (await nurse.get('/api/locations')).json();
    expect(items.map((l: { address: { state: string } }) => l.address.state).sort()).toEqual(['CA', 'GA', 'TX', 'WA']);
    const atl = items.find((l: { code: string }) => l.code === 'ATL');
    expect(atl.timeZone).toBe('America/New_York');
    expect(atl.openingHours.sat).toEqual([{ open: '09:00', close: '13:00' }]);
    expect(atl.holidays.map((h: { date: string }) => h.date)).toContain('2026-12-25');
    expect(atl.services).toEqual(expect.arrayContaining(['tms', 'esketamine', 'iv_ketamine']));
    expect(new Set(atl.resources.map((r: { kind: string }) => r.kind))).toEqual(new Set(['infusion_chair', 'tms_device', 'esketamine_room']));
  });

  it('lets an admin add a clinic, edit it with versions, add a holiday and a resource', async () => {
    const created = await admin.post('/api/locations', clinic());
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c.phone).toBe('+15035550100');
    const edited = await admin.patch(`/api/locations/${c.id}`, { version: 1, services: ['tms', 'esketamine', 'iv_ketamine'] });
    expect(edited.json().version).toBe(2);
    expect((await admin.patch(`/api/locations/${c.id}`, { version: 1, name: 'Stale' })).statusCode).toBe(409);
    const holiday = await admin.post(`/api/locations/${c.id}/holidays`, { date: '2026-12-24', name: 'Christmas Eve' });
    expect(holiday.statusCode).toBe(201);
    expect((await admin.post(`/api/locations/${c.id}/holidays`, { date: '2026-12-24', name: 'Again' })).statusCode).toBe(409);
    const chair = await admin.post(`/api/locations/${c.id}/resources`, { kind: 'infusion_chair', name: 'Chair A' });
    expect(chair.statusCode).toBe(201);
    const retired = await admin.patch(`/api/locations/${c.id}/resources/${chair.json().id}`, { active: false });
    expect(retired.json().active).toBe(false);
    expect((await admin.delete(`/api/locations/${c.id}/holidays/${holiday.json().id}`)).statusCode).toBe(200);
    const after = (await admin.get(`/api/locations/${c.id}`)).json();
    expect(after.holidays).toEqual([]);
    expect(after.resources).toHaveLength(1);
  });

  it('names each bad field: overlapping hours, bad zone, state, duplicate code', async () => {
    const bad = await admin.post(
      '/api/locations',
      clinic({
        code: 'x',
        timeZone: 'Mars/Olympus',
        openingHours: {
          ...hours,
          mon: [
            { open: '08:00', close: '12:00' },
            { open: '11:00', close: '17:00' },
          ],
          tue: [{ open: '17:00', close: '08:00' }],
          wed: [{ open: '8am', close: '17:00' }],
        },
        address: { line1: 'x', city: 'y', state: 'QQ', postalCode: '1' },
        services: ['acupuncture'],
      }),
    );
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'code',
        'timeZone',
        'openingHours.mon.1',
        'openingHours.tue.0',
        'openingHours.wed.0.open',
        'address.state',
        'address.postalCode',
        'services.0',
      ]),
    );
    const dup = await admin.post('/api/locations', clinic({ code: 'SF' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].path).toBe('code');
  });

  it('lets only admins manage clinics', async () => {
    const manager = await t.login('manager');
    expect((await manager.post('/api/locations', clinic({ code: 'MGR' }))).statusCode).toBe(403);
  });
});
