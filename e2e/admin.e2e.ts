import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { currentTotp } from '../src/server/platform/auth/totp.js';
import { logIn, seriousA11yViolations, startHarness, withPage, type Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => (h as Harness | undefined)?.close());

describe('an administrator', () => {
  it('must enrol an authenticator, then manages staff, sees clinics and reads the audit trail', () =>
    withPage(h, 'must enrol an authenticator, then manage', async (page) => {
      await logIn(page, 'admin@demo.stepwise.test');
      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
      await page.getByLabel('Current 6-digit code').pressSequentially(await currentTotp(secret));
      await page.getByRole('button', { name: 'Turn on' }).click();
      // Ten one-time recovery codes, shown once, before the app opens.
      await expect(page.getByTestId('recovery-codes').getByRole('listitem').count()).resolves.toBe(10);
      expect(await seriousA11yViolations(page), 'recovery codes accessibility').toEqual([]);
      await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
      await page.getByRole('heading', { name: 'Patients' }).waitFor();

      await page.getByRole('link', { name: 'Clinics' }).click();
      for (const name of ['Stepwise San Francisco', 'Stepwise Austin', 'Stepwise Seattle', 'Stepwise Atlanta']) {
        await page.getByRole('heading', { name }).waitFor();
      }
      await expect(page.getByText('America/Chicago').count()).resolves.toBeGreaterThan(0);
      expect(await seriousA11yViolations(page), 'clinics page accessibility').toEqual([]);

      await page.getByRole('link', { name: 'Staff', exact: true }).click();
      await page.getByRole('button', { name: 'New account' }).click();
      await page.getByLabel(/^Email/).fill('new.coordinator@demo.stepwise.test');
      await page.getByLabel(/^Name/).fill('Noor Coordinator');
      await page.getByLabel(/Initial password/).fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText('must be at least 12 characters').waitFor();
      await page.getByLabel(/Initial password/).fill('a-long-enough-password');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('cell', { name: /Noor Coordinator/ }).waitFor();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await seriousA11yViolations(page), 'staff page accessibility').toEqual([]);

      // A provider's individual NPI for claims: a mistyped check digit is caught, the right one saved.
      await page
        .getByRole('row', { name: /Dr\. Kwame Mensah/ })
        .getByRole('button', { name: 'Edit' })
        .click();
      const npi = page.getByRole('dialog').getByLabel('NPI (individual)');
      await npi.click();
      await npi.press('Control+A');
      await npi.press('Backspace');
      await npi.pressSequentially('1245319598');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('must be a 10-digit NPI with a valid check digit').waitFor();
      await npi.click();
      await npi.press('End');
      await npi.press('Backspace');
      await npi.pressSequentially('9');
      expect(await npi.inputValue()).toBe('1245319599');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.getByRole('link', { name: 'Audit trail' }).click();
      await page.getByRole('cell', { name: 'staff.create' }).first().waitFor();
      await page.getByRole('button', { name: 'Verify hash chain' }).click();
      await page.getByText(/Chain intact/).waitFor();
      expect(await seriousA11yViolations(page), 'audit page accessibility').toEqual([]);

      // The background jobs run on the queue; their runs are listed for the administrator.
      await h.context.jobs.start();
      await page.getByRole('link', { name: 'Background jobs' }).click();
      const runs = page.getByRole('table', { name: 'Job runs' });
      await runs.getByText('Overdue callbacks (escalation)').first().waitFor({ timeout: 25_000 });
      await runs
        .getByText(/\d+ handled/)
        .first()
        .waitFor();
      expect(await seriousA11yViolations(page), 'jobs page accessibility').toEqual([]);

      // Payer policies are data: publishing a change adds a version and keeps the old one.
      await page.getByRole('link', { name: 'Payer policies' }).click();
      await page.getByRole('button', { name: /Blue Horizon Commercial/ }).click();
      const form = page.getByRole('form', { name: 'Publish a Blue Horizon Commercial policy version' });
      await form.getByLabel('Min. PHQ-9').fill('18');
      await form.getByLabel('Source (policy number, date)').fill('BH-TMS-2027 revision');
      await form.getByRole('button', { name: 'Publish version 2' }).click();
      await form.getByText('Published as a new version.').waitFor();
      const tmsRows = page.getByRole('table', { name: 'Blue Horizon Commercial policies' }).getByRole('row').filter({ hasText: 'TMS' });
      // The list refreshes after the confirmation: wait for the new version's row, then both versions are listed.
      await tmsRows.filter({ hasText: 'BH-TMS-2027 revision' }).waitFor();
      await expect(tmsRows.count()).resolves.toBe(2);
      expect(await seriousA11yViolations(page), 'payers page accessibility').toEqual([]);
      await page.getByRole('link', { name: 'Price lists' }).click();
      await page.getByRole('cell', { name: 'KET-6', exact: true }).waitFor();
      expect(await seriousA11yViolations(page), 'price list accessibility').toEqual([]);

      // Treatment protocols are data, each with its source.
      await page.getByRole('link', { name: 'Treatment protocols' }).click();
      await page.getByRole('button', { name: /TMS, standard 10 Hz/ }).click();
      const phases = page.getByRole('table', { name: 'TMS, standard 10 Hz (36 sessions): phases' });
      await phases.getByRole('cell', { name: 'Acute', exact: true }).waitFor();
      await expect(phases.getByRole('row').filter({ hasText: 'Acute' }).textContent()).resolves.toContain('30');
      await page
        .getByText(/Remove metal and magnetic objects/)
        .first()
        .waitFor();
      await page.screenshot({ path: 'test-results/protocols-desktop.png', fullPage: true });
      expect(await seriousA11yViolations(page), 'protocols page accessibility').toEqual([]);

      // Logging out really ends the session.
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('button', { name: 'Log in' }).waitFor();
      await page.goto('/staff');
      await page.getByRole('button', { name: 'Log in' }).waitFor();
    }));

  it('the second factor is then required at login', () =>
    withPage(h, 'the second factor is then required at lo', async (page) => {
      await logIn(page, 'admin@demo.stepwise.test');
      await page.getByLabel('Authenticator code').waitFor();
    }));
});

describe('a session that ends while the page is open', () => {
  it('sends the person back to the login page on their next action', () =>
    withPage(h, 'session ended', async (page) => {
      await logIn(page, 'coordinator@demo.stepwise.test');
      // Coordinators start at the lead queue.
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      await page.getByRole('link', { name: 'Patients' }).click();
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      // The session ends on the server (idle expiry, or an administrator deactivating the account).
      await h.database.db.execute(sql`delete from sessions`);
      h.context.sessions.clearCache();
      // Typing is the next action; a background refresh (notifications) may notice the ended session first, which
      // ends on the same login page: either way the person lands there.
      await page
        .getByLabel('Search patients')
        .fill('zz', { timeout: 5_000 })
        .catch(() => undefined);
      await page.getByRole('button', { name: 'Log in' }).waitFor();
    }));
});
