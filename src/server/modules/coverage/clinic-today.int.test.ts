import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays } from '../../../domain/time/clinic-today.js';
import { patientWithIntake, SIGNED_INTAKE } from '../../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

/**
 * "Today" is the clinic's today (issue 8): with the clock fixed at 16:30 in San Francisco, the UTC date is already
 * tomorrow. Score recency, the policy in force and the days left on an approval must all use the clinic's date.
 * The clock is the real Pacific date at 16:30 (only Date is faked, and it keeps running), so sessions and the
 * database stay consistent.
 */
const pacific = DateTime.now().setZone('America/Los_Angeles').set({ hour: 16, minute: 30, second: 0, millisecond: 0 });
const clinicDate = pacific.toISODate()!;
const utcDate = pacific.toUTC().toISODate()!;

let t: TestApp;
let provider: Agent;
let biller: Agent;
let admin: Agent;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: pacific.toJSDate(), shouldAdvanceTime: true });
  t = await createTestApp();
  provider = await t.login('provider');
  biller = await t.login('biller');
  admin = await t.loginAdmin();
});
afterAll(async () => {
  await t.close();
  vi.useRealTimers();
});

describe('at 16:30 in San Francisco', () => {
  it('the UTC date is already tomorrow (the premise of these tests)', () => {
    expect(utcDate).toBe(addDays(clinicDate, 1));
    expect(new Date().toISOString().slice(0, 10)).toBe(utcDate);
  });

  it('a PHQ-9 taken 30 clinic days ago is still current; the policy taking effect tomorrow is not yet in force', async () => {
    const id = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
    // Re-sign with a PHQ-9 exactly 30 days before the clinic's today (31 before the UTC date).
    const draft = await provider.post(`/api/patients/${id}/intake-assessments`, {
      content: {
        ...SIGNED_INTAKE,
        measures: { ...SIGNED_INTAKE.measures, 'PHQ-9': { answers: [2, 2, 2, 2, 2, 2, 2, 2, 0], takenOn: addDays(clinicDate, -30) } },
      },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await provider.post(`/api/intake-assessments/${draft.json().id}/sign`, { version: draft.json().version })).statusCode).toBe(200);

    const payer = (await admin.get('/api/payers')).json().items.find((p: { name: string }) => p.name === 'Blue Horizon Commercial');
    const v1 = payer.policies.find((p: { treatment: string; version: number }) => p.treatment === 'tms' && p.version === 1);
    const published = await admin.post(`/api/payers/${payer.id}/policies`, {
      treatment: 'tms',
      effectiveFrom: utcDate,
      terms: v1.terms,
      source: 'takes effect tomorrow in San Francisco',
    });
    expect(published.statusCode, published.body).toBe(201);

    const view = (await provider.get(`/api/patients/${id}/care-path`)).json();
    const tms = view.result.options.find((o: { option: string }) => o.option === 'tms');
    expect(tms.missing.join(' ')).not.toMatch(/PHQ-9 within 30 days/);
    expect(view.coverage.find((c: { treatment: string }) => c.treatment === 'tms').policy.version).toBe(1);
  });

  it("an approval that ends on the clinic's today is still in force, with 0 days left", async () => {
    const id = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
    const pa = await biller.post(`/api/patients/${id}/prior-authorizations`, { treatment: 'tms' });
    expect(pa.statusCode, pa.body).toBe(201);
    const paId = pa.json().id as string;
    const signed = await provider.post(`/api/prior-authorizations/${paId}/letter/sign`, { version: pa.json().version });
    expect(signed.statusCode, signed.body).toBe(200);
    const submitted = await biller.post(`/api/prior-authorizations/${paId}/status`, { version: signed.json().version, status: 'submitted' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const version = submitted.json().version as number;
    const approved = await biller.post(`/api/prior-authorizations/${paId}/status`, {
      version,
      status: 'approved',
      authorizationNumber: 'AUTH-CLINIC-DAY',
      approvedSessions: 10,
      approvedFrom: addDays(clinicDate, -20),
      approvedTo: clinicDate,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().usage).toMatchObject({ daysLeft: 0, active: true, expiringSoon: true });
    const session = await biller.post(`/api/prior-authorizations/${paId}/sessions`, { sessionDate: clinicDate });
    expect(session.statusCode, session.body).toBe(200);
  });
});
