import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_INTAKE } from '../src/server/testing/builders.js';
import { logIn, PASSWORD, seriousA11yViolations, startHarness, withPage, type Harness } from './support.js';

// Readiness before visits, as people use it: the patient confirms from a phone, the coordinator sees it on the
// readiness list, a nurse finds the visit on the calendar, a manager sets a nurse's hours.

let h: Harness;
let token = '';
let visitDate = '';
let sf = '';

async function apiAs(email: string) {
  const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
  const cookie = `stepwise_session=${login.cookies.find((c) => c.name === 'stepwise_session')!.value}`;
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  return async <T = Record<string, unknown> & { id: string; version: number }>(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const res = await h.app.inject({ method, url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
}

beforeAll(async () => {
  h = await startHarness();
  const coordinator = await apiAs('coordinator@demo.stepwise.test');
  const provider = await apiAs('provider@demo.stepwise.test');
  const locations = await coordinator<{ items: { id: string; code: string }[] }>('GET', '/api/locations');
  sf = locations.items.find((l) => l.code === 'SF')!.id;
  const patient = await coordinator('POST', '/api/patients', {
    legalGivenName: 'Robin',
    legalFamilyName: 'Readiness',
    dateOfBirth: '1988-02-03',
    sexAssignedAtBirth: 'female',
    phoneMobile: '(415) 555-0188',
    reminderSms: true,
    locationIds: [sf],
  });
  const draft = await provider('POST', `/api/patients/${patient.id}/intake-assessments`, { content: SIGNED_INTAKE });
  await provider('POST', `/api/intake-assessments/${draft.id}/sign`, { version: draft.version });
  const protocols = await provider<{ items: { id: string; code: string }[] }>('GET', '/api/protocols');
  const course = await provider('POST', `/api/patients/${patient.id}/courses`, {
    protocolId: protocols.items.find((p) => p.code === 'spravato-trd')!.id,
    locationId: sf,
    differReason: 'Esketamine chosen with the patient: cannot attend daily TMS.',
  });
  const plan = await coordinator<{ visits: { index: number; date: string; localStart: string; resource: { id: string }; staff: { id: string }[] }[] }>(
    'POST',
    `/api/courses/${course.id}/plan`,
    {},
  );
  const booked = await coordinator<{ course: { items: { id: string; date: string }[] } }>('POST', `/api/courses/${course.id}/appointments`, {
    visits: plan.visits
      .slice(0, 2)
      .map((v) => ({ index: v.index, date: v.date, localStart: v.localStart, resourceId: v.resource.id, staffIds: v.staff.map((s) => s.id) })),
  });
  const visit = booked.course.items[0]!;
  visitDate = visit.date;
  // The link a reminder would carry (the reminder job makes the same kind of token; here the test keeps the raw one).
  token = randomBytes(32).toString('base64url');
  await h.database.db.execute(
    sql`insert into access_tokens (token_hash, purpose, appointment_id, expires_at)
        values (${createHash('sha256').update(token).digest('hex')}, 'visit_confirmation', ${visit.id}, now() + interval '10 days')`,
  );
});
afterAll(async () => (h as Harness | undefined)?.close());

describe('readiness before the visit', () => {
  it('the patient opens the reminder link on a phone and confirms, without logging in', () =>
    withPage(h, 'patient confirms', async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`/visit/${token}`);
      await page.getByRole('heading', { name: 'Your visit at Stepwise San Francisco' }).waitFor();
      await page.getByRole('heading', { name: 'Before you come' }).waitFor();
      await page.getByText(/ride/i).first().waitFor();
      expect(await seriousA11yViolations(page), 'confirmation page accessibility').toEqual([]);
      await page.screenshot({ path: 'test-results/visit-confirmation-phone.png', fullPage: true });
      await page.getByRole('button', { name: 'I will be there' }).click();
      await page.getByRole('status').getByText('Thank you: your visit is confirmed.').waitFor();
      expect(await seriousA11yViolations(page), 'confirmed page accessibility').toEqual([]);
    }));

  it('the coordinator sees the visit confirmed, its reminder consent and checklist on the readiness list', () =>
    withPage(h, 'coordinator readiness', async (page) => {
      await logIn(page, 'coordinator@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      await page.getByRole('link', { name: 'Visit readiness' }).click();
      await page.goto(`/readiness?clinic=${sf}&date=${visitDate}`);
      const table = page.getByRole('table', { name: 'Visits and their readiness' });
      const row = table.getByRole('row').filter({ hasText: 'Robin Readiness' });
      await row.getByText('confirmed').waitFor();
      await row.getByText(/No food for 2 hours/i).waitFor();
      expect(await seriousA11yViolations(page), 'readiness accessibility').toEqual([]);
      await page.screenshot({ path: 'test-results/readiness-desktop.png', fullPage: false });
    }));

  it('a nurse finds the visit on the clinic’s week calendar and on the day view, filtered to its room', () =>
    withPage(h, 'nurse calendar', async (page) => {
      await logIn(page, 'nurse@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(`/calendar?clinic=${sf}&date=${visitDate}`);
      await page
        .getByText(/Robin R\. · Observation room/)
        .first()
        .waitFor();
      expect(await seriousA11yViolations(page), 'calendar accessibility').toEqual([]);
      await page.screenshot({ path: 'test-results/calendar-week-desktop.png', fullPage: false });
      await page.getByRole('button', { name: 'Day', exact: true }).click();
      await page
        .getByText(/Robin R\./)
        .first()
        .waitFor();
      await page.getByRole('combobox', { name: 'Show' }).click();
      await page.getByRole('option', { name: 'Observation room 1' }).click();
      await page
        .getByText(/Robin R\./)
        .first()
        .waitFor();
    }));

  it('a manager sets a nurse’s working hours', () =>
    withPage(h, 'manager staff hours', async (page) => {
      await logIn(page, 'manager@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      await page.goto(`/staff-hours?clinic=${sf}`);
      const card = page.getByRole('region', { name: /, RN$/ }).first();
      await card.getByRole('button', { name: 'Edit hours' }).click();
      await card.getByRole('checkbox', { name: 'Sat' }).uncheck();
      await card.getByRole('checkbox', { name: 'Sun' }).uncheck();
      const from = card.getByLabel('Mon from');
      await from.focus();
      await from.pressSequentially('0700A');
      await card.getByRole('button', { name: 'Save hours' }).click();
      await card.getByText(/^Mon 07:00-/).waitFor();
      expect(await seriousA11yViolations(page), 'staff hours accessibility').toEqual([]);
    }));
});
