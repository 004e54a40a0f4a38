import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SIGNED_INTAKE } from '../src/server/testing/builders.js';
import { logIn, PASSWORD, seriousA11yViolations, startHarness, withPage, type Harness } from './support.js';

let h: Harness;
let patientId = '';

async function apiAs(email: string) {
  const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
  const cookie = `stepwise_session=${login.cookies.find((c) => c.name === 'stepwise_session')!.value}`;
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  return async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await h.app.inject({ method, url, payload: payload as object, headers: { cookie, 'x-csrf-token': csrf } });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown> & { id: string; version: number; items: { id: string; name: string; plans: { id: string }[] }[] };
  };
}

beforeAll(async () => {
  h = await startHarness();
  // A patient with two failed adequate antidepressant trials, a signed intake and a commercial plan.
  const coordinator = await apiAs('coordinator@demo.stepwise.test');
  const provider = await apiAs('provider@demo.stepwise.test');
  const locations = (await coordinator('GET', '/api/locations')).items as unknown as { id: string; code: string }[];
  const patient = await coordinator('POST', '/api/patients', {
    legalGivenName: 'Jordan',
    legalFamilyName: 'Careway',
    dateOfBirth: '1979-05-06',
    sexAssignedAtBirth: 'male',
    locationIds: [locations.find((l) => l.code === 'SF')!.id],
  });
  patientId = patient.id;
  const draft = await provider('POST', `/api/patients/${patientId}/intake-assessments`, { content: SIGNED_INTAKE });
  await provider('POST', `/api/intake-assessments/${draft.id}/sign`, { version: draft.version });
  const payers = (await coordinator('GET', '/api/payers')).items;
  const blue = payers.find((p) => p.name === 'Blue Horizon Commercial')!;
  await coordinator('POST', `/api/patients/${patientId}/coverages`, {
    payerId: blue.id,
    planId: blue.plans[0]!.id,
    priority: 'primary',
    memberId: 'BH998877',
    groupId: 'G-42',
    effectiveFrom: '2026-01-01',
  });
});
afterAll(async () => (h as Harness | undefined)?.close());

describe('care path, coverage and prior authorization', () => {
  it('a provider sees TMS recommended with prior authorization required, lists the documents, and drafts and signs the letter', () =>
    withPage(h, 'provider care path', async (page) => {
      await logIn(page, 'provider@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(`/patients/${patientId}`);
      await page.getByRole('link', { name: 'Care path, coverage and cost' }).click();
      const tms = page.getByTestId('option-tms');
      await tms.getByText('Recommended next step').waitFor();
      await tms.getByText(/Major depressive disorder with 2 failed trial\(s\) in the current episode/).waitFor();
      expect(await seriousA11yViolations(page), 'care path accessibility').toEqual([]);

      await page.getByRole('tab', { name: 'Coverage' }).click();
      const outlook = page.getByTestId('outlook-tms');
      await outlook.getByText('Covered with prior authorization').waitFor();
      await outlook.getByText('Prior authorization required').waitFor();
      await outlook.getByText('Letter of medical necessity signed by the treating psychiatrist').waitFor();
      await outlook.getByText(/sertraline 150 mg\/day for 8 weeks/).waitFor();
      await page.getByTestId('outlook-iv_ketamine').getByText('Not covered', { exact: true }).waitFor();
      expect(await seriousA11yViolations(page), 'coverage accessibility').toEqual([]);

      await page.getByRole('tab', { name: 'Authorizations' }).click();
      await page.getByRole('button', { name: 'Start prior authorization' }).click();
      const pa = page.getByTestId('prior-authorization');
      await pa.getByText('Letter of medical necessity (draft)').waitFor();
      await expect(pa.getByLabel('Failed antidepressant trials in the current episode').inputValue()).resolves.toContain(
        'sertraline (SSRI), 150 mg/day for 8 weeks, 2024-01-10 to 2024-04-10: no response',
      );
      await pa.getByLabel('Medical necessity').fill('');
      await pa.getByLabel('Medical necessity').pressSequentially('TMS is medically necessary after two failed adequate trials, and partial response to CBT.');
      await pa.getByRole('button', { name: 'Sign letter' }).click();
      await pa.getByText(/signed by Dr\. Priya Raman/).waitFor();
      // A signed letter changes only by an amendment with a reason; the signed original is kept.
      await pa.getByRole('button', { name: 'Amend letter' }).click();
      await pa.getByLabel('Symptom severity').press('End');
      await pa.getByLabel('Symptom severity').pressSequentially(' Latest PHQ-9 confirmed by phone.');
      await pa.getByLabel('Reason for the amendment').pressSequentially('Added the latest PHQ-9');
      await pa.getByRole('button', { name: 'Save amendment' }).click();
      await pa.getByText(/Amendment 1 by Dr\. Priya Raman, .*: Added the latest PHQ-9/).waitFor();
      expect(await seriousA11yViolations(page), 'amended letter accessibility').toEqual([]);
      const href = await pa.getByRole('link', { name: 'Letter PDF' }).getAttribute('href');
      const pdf = await page.request.get(href!);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await pa.getByRole('button', { name: 'Mark submitted' }).click();
      await pa.getByText('Submitted', { exact: true }).first().waitFor();
      expect(await seriousA11yViolations(page), 'authorizations accessibility').toEqual([]);
    }));

  it('a biller records the approval, and sessions are counted against it', () =>
    withPage(h, 'biller approval', async (page) => {
      await logIn(page, 'biller@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(`/patients/${patientId}/care`);
      await page.getByRole('tab', { name: 'Authorizations' }).click();
      const pa = page.getByTestId('prior-authorization');
      await pa.getByLabel('Authorization number').fill('BH-AUTH-2026-001');
      await pa.getByLabel('Approved sessions').fill('37');
      // The approval starts today on the clinic's (San Francisco's) calendar, not the UTC date, which is already
      // tomorrow late in a Pacific afternoon.
      const laDate = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
      const from = laDate(Date.now());
      const to = laDate(Date.now() + 89 * 86_400_000);
      await pa.getByLabel('From', { exact: true }).fill(from);
      await pa.getByLabel('To', { exact: true }).fill(to);
      await pa.getByRole('button', { name: 'Record approval' }).click();
      await pa.getByText('Approved', { exact: true }).first().waitFor();
      await pa.getByText(/authorization BH-AUTH-2026-001/).waitFor();
      await pa.getByRole('button', { name: 'Count a session today' }).click();
      await pa.getByText(/Sessions used 1 of 37/).waitFor();

      await page.getByRole('tab', { name: 'Cost estimate' }).click();
      await page.getByLabel('Service or package').first().click();
      await page.getByRole('option', { name: /TMS course/ }).click();
      await page.getByRole('form', { name: 'New estimate' }).getByLabel('Coverage', { exact: true }).first().click();
      await page.getByRole('option', { name: /Blue Horizon Commercial/ }).click();
      await page.getByRole('button', { name: 'Estimate' }).click();
      await page
        .getByTestId('estimate')
        .getByText(/^Patient pays \$/)
        .first()
        .waitFor();
      expect(await seriousA11yViolations(page), 'estimate accessibility').toEqual([]);
    }));

  it('a provider starts a TMS course from the care path; the coordinator books 36 visits, moves one, the 37th is refused, and the day board checks the patient in', async () => {
    const provider = await apiAs('provider@demo.stepwise.test');
    await provider('POST', `/api/patients/${patientId}/care-path/recommendations`, {});

    await withPage(h, 'provider starts a course', async (page) => {
      await logIn(page, 'provider@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(`/patients/${patientId}/care`);
      await page.getByRole('tab', { name: 'Courses' }).click();
      const form = page.getByRole('form', { name: 'Start a treatment course' });
      await form.getByLabel('Protocol', { exact: false }).first().click();
      await page.getByRole('option', { name: /TMS, standard 10 Hz/ }).click();
      await form.getByLabel('Clinic', { exact: false }).first().click();
      await page.getByRole('option', { name: 'Stepwise San Francisco' }).click();
      await form.getByLabel('Counts against', { exact: false }).first().click();
      await page.getByRole('option', { name: /Prior authorization BH-AUTH-2026-001/ }).click();
      await form.getByRole('button', { name: 'Start course' }).click();
      const course = page.getByRole('region', { name: /Course: TMS, standard 10 Hz/ });
      await course.getByText(/0 done, 0 booked of 37 visits/).waitFor();
      await course.getByText(/Prior authorization: 1 of 37 sessions used/).waitFor();
      expect(await seriousA11yViolations(page), 'courses tab accessibility').toEqual([]);
    });

    await withPage(h, 'coordinator books the course', async (page) => {
      await logIn(page, 'coordinator@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      await page.goto(`/patients/${patientId}/care`);
      await page.getByRole('tab', { name: 'Courses' }).click();
      await page
        .getByRole('region', { name: /Course: TMS, standard 10 Hz/ })
        .getByRole('link', { name: 'Open course' })
        .click();
      await page.getByRole('heading', { name: /TMS, standard 10 Hz/ }).waitFor();
      const planning = page.getByRole('region', { name: 'Plan the visits' });
      await planning.getByRole('button', { name: 'Propose visits' }).click();
      // 37 approved, 1 counted by hand: 36 visits fit, the 37th is refused with the authorization's reason.
      await planning
        .getByRole('status')
        .getByText(/^36 visits proposed/)
        .waitFor();
      await planning.getByText(/Visit 37 cannot be placed/).waitFor();
      await expect(planning.getByRole('table', { name: 'Proposed visits' }).getByRole('row').count()).resolves.toBe(37);
      await page.screenshot({ path: 'test-results/course-plan-desktop.png', fullPage: false });
      expect(await seriousA11yViolations(page), 'plan accessibility').toEqual([]);
      await planning.getByRole('button', { name: 'Book 36 visits' }).click();
      await planning.getByText('36 visits booked.').waitFor();
      await page
        .getByRole('region', { name: 'Authorization meter' })
        .getByText(/1 used, 36 booked, 0 left of 37/)
        .waitFor();
      const timeline = page.getByRole('table', { name: 'Course visits' });
      await expect(timeline.getByRole('row').count()).resolves.toBe(37);

      // Move visit 5 to the afternoon of the same day, typing the time.
      await timeline.getByRole('button', { name: /^Move visit 5 on/ }).click();
      const time = timeline.getByLabel('New time');
      await time.focus(); // the hour segment, as a Tab into the field would leave it
      await time.pressSequentially('0330P');
      await timeline.getByRole('button', { name: 'Save' }).click();
      await timeline
        .getByRole('row')
        .nth(5)
        .getByText(/^15:30–/)
        .waitFor();

      // Past the approved count: the next proposal places nothing and says why.
      await planning.getByRole('button', { name: 'Propose visits' }).click();
      await planning.getByText(/Visit 37 cannot be placed/).waitFor();
      await planning.getByText(/0 sessions left/).waitFor();
      expect(await seriousA11yViolations(page), 'course page accessibility').toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(500); // the navigation drawer's slide-out, for the screenshot only
      await page.screenshot({ path: 'test-results/course-page-phone.png', fullPage: false });
    });

    // The mapping visit is today (set in the database: the plan starts tomorrow at the earliest).
    const sf = ((await provider('GET', '/api/locations')).items as unknown as { id: string; code: string }[]).find((l) => l.code === 'SF')!.id;
    const todayLa = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
    await h.database.db.execute(
      sql`update appointments set starts_at = (${todayLa}::date + time '07:00') at time zone 'America/Los_Angeles',
                 staff_ends_at = (${todayLa}::date + time '07:00') at time zone 'America/Los_Angeles' + (staff_ends_at - starts_at),
                 ends_at = (${todayLa}::date + time '07:00') at time zone 'America/Los_Angeles' + (ends_at - starts_at)
           where id = (select id from appointments where patient_id = ${patientId} and kind = 'tms_mapping' order by starts_at limit 1)`,
    );

    await withPage(h, 'coordinator checks the patient in', async (page) => {
      await logIn(page, 'coordinator@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      await page.getByRole('link', { name: 'Day board' }).click();
      await page.goto(`/board?clinic=${sf}`);
      await page
        .getByText(/Jordan C\./)
        .first()
        .waitFor();
      const visit = page.locator('[aria-label^="07:00 Jordan C."]');
      await visit.getByText('expected').waitFor();
      await visit.getByRole('button', { name: 'Check in' }).click();
      await visit.getByText('checked in').waitFor();
      expect(await seriousA11yViolations(page), 'day board accessibility').toEqual([]);
      await page.screenshot({ path: 'test-results/day-board-desktop.png', fullPage: false });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: 'test-results/day-board-phone.png', fullPage: false });
    });
  });
});
