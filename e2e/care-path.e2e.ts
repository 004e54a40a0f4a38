import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      await pa.getByLabel('Approved sessions').fill('36');
      const from = new Date().toISOString().slice(0, 10);
      const to = new Date(Date.now() + 89 * 86_400_000).toISOString().slice(0, 10);
      await pa.getByLabel('From', { exact: true }).fill(from);
      await pa.getByLabel('To', { exact: true }).fill(to);
      await pa.getByRole('button', { name: 'Record approval' }).click();
      await pa.getByText('Approved', { exact: true }).first().waitFor();
      await pa.getByText(/authorization BH-AUTH-2026-001/).waitFor();
      await pa.getByRole('button', { name: 'Count a session today' }).click();
      await pa.getByText(/Sessions used 1 of 36/).waitFor();

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

  it('a coordinator sees the TMS course and its authorization meter, and asks for a plan of every visit', async () => {
    // The provider starts the course from the recorded recommendation, linked to the approved authorization (API).
    const provider = await apiAs('provider@demo.stepwise.test');
    const protocols = (await provider('GET', '/api/protocols')).items as unknown as { id: string; code: string }[];
    const locations = (await provider('GET', '/api/locations')).items as unknown as { id: string; code: string }[];
    const recommendation = await provider('POST', `/api/patients/${patientId}/care-path/recommendations`, {});
    const pas = (await provider('GET', `/api/patients/${patientId}/prior-authorizations`)).items as unknown as { id: string; treatment: string }[];
    await provider('POST', `/api/patients/${patientId}/courses`, {
      protocolId: protocols.find((p) => p.code === 'tms-10hz-standard')!.id,
      locationId: locations.find((l) => l.code === 'SF')!.id,
      recommendationId: recommendation.id,
      priorAuthorizationId: pas.find((p) => p.treatment === 'tms')!.id,
    });

    await withPage(h, 'coordinator course plan', async (page) => {
      await logIn(page, 'coordinator@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      await page.goto(`/patients/${patientId}/care`);
      await page.getByRole('tab', { name: 'Courses' }).click();
      const course = page.getByRole('region', { name: /Course: TMS, standard 10 Hz/ });
      await course.getByText(/0 done, 0 booked of 37 visits/).waitFor();
      await course.getByText(/Prior authorization: 1 of 36 sessions used/).waitFor();
      await course.getByRole('button', { name: 'Propose visits' }).click();
      // 36 approved, 1 already counted: 35 visits fit; the 36th is refused with the authorization's reason.
      await course
        .getByRole('status')
        .getByText(/^35 visits proposed/)
        .waitFor();
      await course.getByText(/Visit 36 cannot be placed/).waitFor();
      await expect(course.getByRole('table', { name: 'Proposed visits' }).getByRole('row').count()).resolves.toBe(36);
      await page.screenshot({ path: 'test-results/course-plan-desktop.png', fullPage: false });
      expect(await seriousA11yViolations(page), 'courses accessibility').toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: 'test-results/course-plan-phone.png', fullPage: false });
    });
  });
});
