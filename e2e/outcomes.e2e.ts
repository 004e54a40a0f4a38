import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bookCourse, logIn, seriousA11yViolations, startHarness, withPage, type Harness } from './support.js';

// Measurement-based care as people do it: the front desk invites a patient, the patient sets up the portal on a
// phone and answers a PHQ-9 with item 9 above 0 (crisis resources at once), the provider sees the alert and
// acknowledges it, and a manager opens the outcome report.

let h: Harness;
let sf = '';
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  h = await startHarness();
  const res = await h.app.inject({ method: 'GET', url: '/api/public/clinics' });
  sf = (res.json() as { items: { id: string; name: string }[] }).items.find((c) => c.name.includes('San Francisco'))!.id;
}, 60_000);
afterAll(async () => h.close());

async function typeInto(page: Page, label: string | RegExp, value: string) {
  const field = page.getByLabel(label, { exact: typeof label === 'string' });
  await field.click();
  await field.pressSequentially(value);
}

describe('measurement-based care', () => {
  it('a patient invited by the front desk answers a PHQ-9 on a phone, sees crisis resources, and the provider’s alert appears', async () => {
    const family = `Portal${Date.now() % 100000}`;
    const { patientId } = await bookCourse(h, sf, 'iv-ketamine-series', family, 2);
    const email = `${family.toLowerCase()}@example.test`;

    // The coordinator invites the patient from the patient's page.
    await withPage(h, 'invite to the portal', async (page) => {
      await logIn(page, 'coordinator@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      await page.goto(`/patients/${patientId}`);
      const card = page.getByRole('region', { name: 'Patient portal' });
      await card.getByText('Not invited yet.').waitFor();
      await typeInto(page, 'Email for the invitation', email);
      await card.getByRole('button', { name: 'Invite to the portal' }).click();
      await card.getByText(/Invitation sent to/).waitFor();
      // The front desk sees what is due, not scores.
      const q = page.getByRole('region', { name: 'Questionnaires' });
      await q.getByText('Baseline · due', { exact: false }).first().waitFor();
    });
    const invitation = h.patientMessages.findLast((m) => m.to === email)!;
    const link = /(\/portal\/welcome#[A-Za-z0-9_-]{43})/.exec(invitation.text)![1]!;

    // The patient, on a phone: chooses a password, answers the PHQ-9 by tapping, item 9 "Several days".
    const context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: PHONE, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    phone.setDefaultTimeout(15_000);
    try {
      await phone.goto(link);
      await typeInto(phone, 'Choose a password', 'my portal password 2026');
      await phone.getByRole('button', { name: 'Save password and continue' }).click();
      await phone.getByRole('heading', { name: /^Hello, Jordan/ }).waitFor();
      expect(await seriousA11yViolations(phone)).toEqual([]);
      await phone.screenshot({ path: 'test-results/portal-home-phone.png', fullPage: true });
      const due = phone.getByRole('region', { name: 'Questionnaires to answer' });
      await due.getByRole('link', { name: /Answer.*PHQ-9/ }).click();
      await phone.getByRole('heading', { name: /PHQ-9/ }).waitFor();
      // Sending early names what is missing.
      await phone.getByRole('button', { name: 'Send my answers' }).click();
      await phone
        .getByText(/Please answer every question \(9 left\)/)
        .first()
        .waitFor();
      const choices = [
        'More than half the days',
        'More than half the days',
        'Several days',
        'Several days',
        'More than half the days',
        'Several days',
        'Several days',
        'Several days',
        'Several days',
      ];
      for (const [i, choice] of choices.entries()) {
        const item = phone.getByRole('group', { name: new RegExp(`^${i + 1}\\. `) });
        await item.getByText(choice, { exact: true }).tap();
      }
      expect(await seriousA11yViolations(phone)).toEqual([]);
      await phone.screenshot({ path: 'test-results/portal-phq9-phone.png', fullPage: true });
      await phone.getByRole('button', { name: 'Send my answers' }).click();
      // Crisis resources at once (988 and 911), before anything else.
      const crisis = phone.getByRole('alert').filter({ hasText: 'help is available now' });
      await crisis.waitFor();
      expect(await crisis.getByRole('link', { name: '988' }).first().getAttribute('href')).toBe('tel:988');
      expect(await crisis.getByRole('link', { name: '911' }).getAttribute('href')).toBe('tel:911');
      await phone.getByText('Your score: 12 (moderate).').waitFor();
      expect(await seriousA11yViolations(phone)).toEqual([]);
      await phone.screenshot({ path: 'test-results/portal-crisis-phone.png', fullPage: true });
      // No horizontal scrolling on the phone.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // The progress page shows the score in plain words.
      await phone.getByRole('link', { name: 'Your progress' }).tap();
      await phone.getByRole('heading', { name: 'Depression (PHQ-9)' }).waitFor();
      await phone.getByText('moderate depression symptoms').waitFor();
    } finally {
      await context.close();
    }

    // The provider: the alert is on the risk alerts page; acknowledged with what was done.
    await withPage(h, 'provider acknowledges', async (page) => {
      await logIn(page, 'provider@demo.stepwise.test');
      await page.getByRole('link', { name: 'Risk alerts' }).waitFor();
      await page.getByRole('link', { name: 'Risk alerts' }).click();
      const card = page.getByRole('article', { name: new RegExp(`Alert for .*${family}`) });
      await card.getByText(/item 9 answered 1/).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await typeInto(page, 'What was done', 'Called the patient; safety plan reviewed.');
      await card.getByRole('button', { name: 'Acknowledge' }).click();
      await page.getByText(/Acknowledged by .*: Called the patient; safety plan reviewed\./).waitFor();
      // The outcome chart on the patient's page.
      await page.goto(`/patients/${patientId}`);
      const outcomes = page.getByRole('region', { name: 'Outcomes' });
      await outcomes.getByRole('img', { name: /PHQ-9 total/ }).waitFor();
      await page.screenshot({ path: 'test-results/patient-outcomes-desktop.png', fullPage: true });
    });
  }, 120_000);

  it('a manager opens the outcome report and can download it', async () => {
    await withPage(h, 'outcome report', async (page) => {
      await logIn(page, 'manager@demo.stepwise.test');
      await page.getByRole('link', { name: 'Outcome report' }).waitFor();
      await page.getByRole('link', { name: 'Outcome report' }).click();
      const table = page.getByRole('table', { name: 'Outcomes by treatment and clinic' });
      await table.getByRole('cell', { name: 'All', exact: true }).waitFor();
      expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toMatch(/format=csv/);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.screenshot({ path: 'test-results/outcome-report-desktop.png', fullPage: true });
    });
  }, 60_000);
});
