import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientWithIntake } from '../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../testing/test-app.js';

/** The bad inputs found in testing (issue 8): each must answer 400 naming the field, never 500, and change nothing. */
let t: TestApp;
let coordinator: Agent;
let provider: Agent;
let biller: Agent;
let admin: Agent;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp({ publicForms: { ratePerMinutePerIp: 10_000, requestsPerPhonePerDay: 100 } });
  coordinator = await t.login('coordinator');
  provider = await t.login('provider');
  biller = await t.login('biller');
  admin = await t.loginAdmin();
  patientId = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
});
afterAll(async () => t.close());

const fieldsOf = (body: string) => ((JSON.parse(body) as { error: { fields?: { path: string }[] } }).error.fields ?? []).map((f) => f.path);

describe('bad input gets 400 naming the field', () => {
  it('NUL characters in a text field, a nested field and a query value, with and without a login', async () => {
    const before = (await coordinator.get(`/api/patients/${patientId}`)).json();
    const cases: [Promise<{ statusCode: number; body: string }>, string][] = [
      [coordinator.patch(`/api/patients/${patientId}`, { version: before.version, preferredName: 'Nul\u0000Name' }), 'preferredName'],
      [
        coordinator.patch(`/api/patients/${patientId}`, {
          version: before.version,
          address: { line1: 'a\u0000', city: 'SF', state: 'CA', postalCode: '94110' },
        }),
        'address.line1',
      ],
      [coordinator.get(`/api/patients?q=${encodeURIComponent('smi\u0000th')}`), 'q'],
      [
        provider.post(`/api/patients/${patientId}/intake-assessments`, { content: { allergies: [{ substance: 'pea\u0000nut' }] } }),
        'content.allergies.0.substance',
      ],
      [
        t.app.inject({
          method: 'POST',
          url: '/api/public/callback-requests',
          payload: { name: 'A\u0000B', phone: '(415) 555-0123', state: 'CA', consentToCall: true },
        }),
        'name',
      ],
      [
        t.app.inject({
          method: 'POST',
          url: '/api/public/screenings',
          payload: {
            responses: { 'PHQ-9': [0, 0, 0, 0, 0, 0, 0, 0, 0] },
            contact: { name: 'Zed', phone: '(415) 555-0124\u0000', state: 'CA', consentToCall: true },
          },
        }),
        'contact.phone',
      ],
      [t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'coordinator@demo.stepwise.test\u0000', password: 'x' } }), 'email'],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldsOf(res.body), res.body).toContain(field);
    }
    expect((await coordinator.get(`/api/patients/${patientId}`)).json()).toMatchObject({ version: before.version, preferredName: before.preferredName });
  });

  it('integers past 32 bits', async () => {
    const res = await coordinator.patch(`/api/patients/${patientId}`, { version: 2_147_483_648, preferredName: 'Big' });
    expect(res.statusCode, res.body).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['version']);
    const sign = await provider.post('/api/intake-assessments/00000000-0000-4000-8000-000000000000/sign', { version: Number.MAX_SAFE_INTEGER + 2 });
    expect(sign.statusCode).toBe(400);
    expect(new Set(fieldsOf(sign.body))).toEqual(new Set(['version']));
  });

  it('a PATCH with no known field', async () => {
    const { version } = (await coordinator.get(`/api/patients/${patientId}`)).json();
    for (const [agent, url, body] of [
      [coordinator, `/api/patients/${patientId}`, { version }],
      [admin, `/api/locations/${t.clinics.get('SF')}`, { version: 1, unknownField: 'x' }],
      [admin, `/api/staff/${admin.userId}`, { version: 1 }],
    ] as const) {
      const res = await agent.patch(url, body);
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expect(fieldsOf(res.body).length, res.body).toBeGreaterThan(0);
    }
    expect((await coordinator.get(`/api/patients/${patientId}`)).json().version).toBe(version);
  });

  it('dates like 0001-01-01 and 9999-12-31 for measurements and coverage spans', async () => {
    for (const takenOn of ['0001-01-01', '9999-12-31']) {
      const res = await provider.post(`/api/patients/${patientId}/intake-assessments`, {
        content: { measures: { 'PHQ-9': { answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], takenOn } } },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldsOf(res.body)).toContain('content.measures.PHQ-9.takenOn');
    }
    for (const measuredAt of ['0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z']) {
      const res = await (await t.login('nurse')).post(`/api/patients/${patientId}/weights`, { value: 70, unit: 'kg', measuredAt });
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldsOf(res.body)).toContain('measuredAt');
    }
    const payer = (await biller.get('/api/payers')).json().items[0];
    for (const [effectiveFrom, effectiveTo, field] of [
      ['0001-01-01', undefined, 'effectiveFrom'],
      ['2026-01-01', '9999-12-31', 'effectiveTo'],
    ] as const) {
      const res = await biller.post(`/api/patients/${patientId}/coverages`, {
        payerId: payer.id,
        priority: 'secondary',
        memberId: 'M1',
        effectiveFrom,
        ...(effectiveTo ? { effectiveTo } : {}),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldsOf(res.body)).toContain(field);
    }
  });
});
