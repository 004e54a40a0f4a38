import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMrn } from '../../../domain/patients/mrn.js';
import { queryRows } from '../../db/sql-values.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let coordinator: Agent;
beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
});
afterAll(async () => t.close());

const newPatient = (overrides: Record<string, unknown> = {}) => ({
  legalGivenName: 'Rosalind',
  legalFamilyName: 'Quintero-Hale',
  preferredName: 'Roz',
  dateOfBirth: '1984-03-09',
  sexAssignedAtBirth: 'female',
  genderIdentity: 'woman',
  pronouns: 'she/her',
  email: 'roz@example.com',
  phoneMobile: '(512) 555-0177',
  address: { line1: '600 Congress Ave', city: 'Austin', state: 'TX', postalCode: '78701' },
  emergencyContact: { name: 'Sam Hale', relationship: 'spouse', phone: '512.555.0178' },
  veteranStatus: 'veteran',
  locationIds: [t.clinics.get('AUS')],
  ...overrides,
});

async function countPatients(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from patients`);
  return row!.n;
}

describe('registering a patient', () => {
  it('stores phones as E.164, issues a valid MRN and returns the full record', async () => {
    const res = await coordinator.post('/api/patients', newPatient());
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(isValidMrn(p.mrn)).toBe(true);
    expect(p.phoneMobile).toBe('+15125550177');
    expect(p.emergencyContact).toEqual({ name: 'Sam Hale', relationship: 'spouse', phone: '+15125550178' });
    expect(p.locations.map((l: { code: string }) => l.code)).toEqual(['AUS']);
    expect(p.version).toBe(1);
    expect(p.veteranStatus).toBe('veteran');
    expect(p).not.toHaveProperty('organizationId');
  });

  it('names every bad field and stores nothing', async () => {
    const before = await countPatients();
    const res = await coordinator.post(
      '/api/patients',
      newPatient({
        legalGivenName: '',
        dateOfBirth: '2999-01-01',
        phoneMobile: '+44 20 7946 0958',
        sexAssignedAtBirth: 'x',
        address: { line1: '1 Main', city: 'Austin', state: 'ZZ', postalCode: '7870' },
        locationIds: [],
      }),
    );
    expect(res.statusCode).toBe(400);
    const fields = Object.fromEntries(res.json().error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(fields['legalGivenName']).toBe('is required');
    expect(fields['dateOfBirth']).toBe('cannot be in the future');
    expect(fields['phoneMobile']).toBe('must be a US phone number');
    expect(fields['sexAssignedAtBirth']).toBeDefined();
    expect(fields['address.state']).toBe('must be a two-letter US state code');
    expect(fields['address.postalCode']).toMatch(/ZIP/);
    expect(fields['locationIds']).toBe('must list at least one clinic');
    expect(await countPatients()).toBe(before);
  });

  it('refuses unknown fields, unknown clinics, and an invalid JSON body with 4xx', async () => {
    expect((await coordinator.post('/api/patients', newPatient({ ssn: '123-45-6789' }))).statusCode).toBe(400);
    const unknownClinic = await coordinator.post('/api/patients', newPatient({ locationIds: ['00000000-0000-4000-8000-000000000000'] }));
    expect(unknownClinic.statusCode).toBe(400);
    expect(unknownClinic.json().error.fields[0].path).toBe('locationIds.0');
    const broken = await coordinator.request({
      method: 'POST',
      url: '/api/patients',
      payload: '{"legalGivenName":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
  });

  it('will not let clinic staff register a patient only at clinics they do not work at', async () => {
    const manager = await t.login('manager'); // works at SF only
    const res = await manager.post('/api/patients', newPatient({ locationIds: [t.clinics.get('ATL')] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('locationIds');
  });
});

describe('search', () => {
  let created: { id: string; mrn: string };
  beforeAll(async () => {
    created = (
      await coordinator.post(
        '/api/patients',
        newPatient({
          legalGivenName: 'Ingrid',
          legalFamilyName: 'Zabriskie',
          preferredName: null,
          dateOfBirth: '1971-12-30',
          phoneMobile: '404-555-0111',
          locationIds: [t.clinics.get('ATL')],
        }),
      )
    ).json();
  });

  it.each([
    ['family prefix', 'zabr'],
    ['"family, given"', 'Zabriskie, Ing'],
    ['"given family"', 'ingrid zabriskie'],
    ['date of birth ISO', '1971-12-30'],
    ['date of birth US', '12/30/1971'],
    ['phone', '(404) 555-0111'],
  ])('finds by %s', async (_label, q) => {
    const res = await coordinator.get(`/api/patients?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { id: string }) => i.id)).toContain(created.id);
  });

  it('finds by MRN, exactly', async () => {
    const res = (await coordinator.get(`/api/patients?q=${created.mrn.toLowerCase()}`)).json();
    expect(res.interpretedAs).toBe('mrn');
    expect(res.items).toHaveLength(1);
    expect(res.items[0].id).toBe(created.id);
  });

  it('pages in name order without gaps or repeats', async () => {
    const seen: string[] = [];
    let offset = 0;
    for (;;) {
      const page = (await coordinator.get(`/api/patients?limit=5&offset=${offset}`)).json();
      seen.push(...page.items.map((i: { legalFamilyName: string; id: string }) => i.id));
      if (!page.hasMore) break;
      offset += 5;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await countPatients());
  });

  it('treats % and _ literally', async () => {
    expect((await coordinator.get('/api/patients?q=%25')).json().items).toEqual([]);
  });

  it('limits clinic staff to their clinics', async () => {
    const nurse = await t.login('nurse'); // SF only
    const res = (await nurse.get('/api/patients?q=zabriskie')).json();
    expect(res.items).toEqual([]);
    const all = (await nurse.get('/api/patients?limit=100')).json().items as { id: string }[];
    const [{ n }] = (await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(distinct patient_id)::int as n from patient_locations where location_id = ${t.clinics.get('SF')!}`,
    )) as [{ n: number }];
    expect(all.length).toBe(n);
  });

  it('rejects a bad limit with a 400 naming it', async () => {
    const res = await coordinator.get('/api/patients?limit=5000');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('limit');
  });
});

describe('reading and editing', () => {
  it("lets staff of the patient's clinic read, and refuses a nurse of another clinic", async () => {
    const p = (await coordinator.post('/api/patients', newPatient({ locationIds: [t.clinics.get('AUS')] }))).json();
    expect((await (await t.login('nurse.austin')).get(`/api/patients/${p.id}`)).statusCode).toBe(200);
    const other = await (await t.login('nurse')).get(`/api/patients/${p.id}`);
    expect(other.statusCode).toBe(403);
    expect((await coordinator.get(`/api/patients/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/patients/not-a-uuid`)).statusCode).toBe(400);
  });

  it('applies an edit with the current version and refuses a stale one with 409, keeping the first edit', async () => {
    const p = (await coordinator.post('/api/patients', newPatient())).json();
    const first = await coordinator.patch(`/api/patients/${p.id}`, { version: 1, preferredName: 'Rosa', phoneHome: '512 555 0190' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().version).toBe(2);
    expect(first.json().phoneHome).toBe('+15125550190');
    const stale = await coordinator.patch(`/api/patients/${p.id}`, { version: 1, preferredName: 'Overwritten' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const now = (await coordinator.get(`/api/patients/${p.id}`)).json();
    expect(now.preferredName).toBe('Rosa');
    expect(now.version).toBe(2);
  });

  it('clears optional fields sent as null or empty, and leaves data untouched on a bad edit', async () => {
    const p = (await coordinator.post('/api/patients', newPatient())).json();
    const bad = await coordinator.patch(`/api/patients/${p.id}`, { version: 1, preferredName: null, email: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('email');
    expect((await coordinator.get(`/api/patients/${p.id}`)).json().preferredName).toBe('Roz');
    const cleared = await coordinator.patch(`/api/patients/${p.id}`, { version: 1, preferredName: '', emergencyContact: null, address: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ preferredName: null, emergencyContact: null, address: null });
  });

  it('moves a patient between clinics', async () => {
    const p = (await coordinator.post('/api/patients', newPatient())).json();
    const moved = await coordinator.patch(`/api/patients/${p.id}`, { version: 1, locationIds: [t.clinics.get('SF'), t.clinics.get('SEA')] });
    expect(moved.json().locations.map((l: { code: string }) => l.code)).toEqual(['SEA', 'SF']);
  });

  it('is safe under concurrent edits: exactly one of two racing writers wins', async () => {
    const p = (await coordinator.post('/api/patients', newPatient())).json();
    const [a, b] = await Promise.all([
      coordinator.patch(`/api/patients/${p.id}`, { version: 1, pronouns: 'she/they' }),
      coordinator.patch(`/api/patients/${p.id}`, { version: 1, pronouns: 'they/them' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });
});

describe('weights', () => {
  it('records weight in kg or lb as integer grams, newest first, and shows the latest on the patient', async () => {
    const p = (await coordinator.post('/api/patients', newPatient({ locationIds: [t.clinics.get('SF')] }))).json();
    const nurse = await t.login('nurse');
    expect((await nurse.post(`/api/patients/${p.id}/weights`, { value: 70.25, unit: 'kg', measuredAt: '2026-01-10T15:00:00Z' })).statusCode).toBe(201);
    const lb = await nurse.post(`/api/patients/${p.id}/weights`, { value: 150, unit: 'lb' });
    expect(lb.json().weightGrams).toBe(68039);
    const list = (await nurse.get(`/api/patients/${p.id}/weights`)).json().items;
    expect(list.map((w: { weightGrams: number }) => w.weightGrams)).toEqual([68039, 70250]);
    expect((await nurse.get(`/api/patients/${p.id}`)).json().latestWeight.weightKg).toBe(68);
  });

  it('refuses impossible weights and coordinators recording them', async () => {
    const p = (await coordinator.post('/api/patients', newPatient({ locationIds: [t.clinics.get('SF')] }))).json();
    const nurse = await t.login('nurse');
    const res = await nurse.post(`/api/patients/${p.id}/weights`, { value: 900, unit: 'kg' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('value');
    expect((await nurse.post(`/api/patients/${p.id}/weights`, { value: 70, unit: 'stone' })).json().error.fields[0].path).toBe('unit');
    expect((await coordinator.post(`/api/patients/${p.id}/weights`, { value: 70, unit: 'kg' })).statusCode).toBe(403);
  });
});

describe('concurrent requests that share one database round trip', () => {
  it('answers each of many simultaneous reads with its own patient, and still refuses the out-of-clinic one', async () => {
    const ids = ((await coordinator.get('/api/patients?limit=20')).json().items as { id: string }[]).map((i) => i.id);
    const answers = await Promise.all(ids.map((id) => coordinator.get(`/api/patients/${id}`)));
    expect(answers.map((a) => a.json().id)).toEqual(ids);

    const austin = (await coordinator.post('/api/patients', newPatient({ locationIds: [t.clinics.get('AUS')] }))).json();
    const sf = (await coordinator.post('/api/patients', newPatient({ locationIds: [t.clinics.get('SF')] }))).json();
    const nurse = await t.login('nurse'); // SF only
    const [a, b, c] = await Promise.all([nurse.get(`/api/patients/${sf.id}`), nurse.get(`/api/patients/${austin.id}`), nurse.get(`/api/patients/${sf.id}`)]);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 403, 200]);
  });

  it('answers each of many simultaneous searches of one shape with its own results', async () => {
    const people = ['Abernathy', 'Bustamante', 'Castellanos', 'Dimitrov'];
    for (const family of people) await coordinator.post('/api/patients', newPatient({ legalFamilyName: family, legalGivenName: 'Kit' }));
    const results = await Promise.all(people.map((f) => coordinator.get(`/api/patients?q=${f.slice(0, 4)}`)));
    results.forEach((r, i) => {
      const names = (r.json().items as { legalFamilyName: string }[]).map((x) => x.legalFamilyName);
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.toLowerCase().startsWith(people[i]!.slice(0, 4).toLowerCase()))).toBe(true);
    });
  });
});
