import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/server/platform/auth/totp.js';
import { logIn, startHarness, withPage, type Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('an administrator', () => {
  it('must enrol an authenticator, then manages staff, sees clinics and reads the audit trail', () =>
    withPage(h, 'must enrol an authenticator, then manage', async (page) => {
    await logIn(page, 'admin@demo.stepwise.test');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Current 6-digit code').fill(await currentTotp(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Patients' }).waitFor();

    await page.getByRole('link', { name: 'Clinics' }).click();
    for (const name of ['Stepwise San Francisco', 'Stepwise Austin', 'Stepwise Seattle', 'Stepwise Atlanta']) {
      await page.getByRole('heading', { name }).waitFor();
    }
    await expect(page.getByText('America/Chicago').count()).resolves.toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('button', { name: 'New account' }).click();
    await page.getByLabel(/^Email/).fill('new.coordinator@demo.stepwise.test');
    await page.getByLabel(/^Name/).fill('Noor Coordinator');
    await page.getByLabel(/Initial password/).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('must be at least 12 characters').waitFor();
    await page.getByLabel(/Initial password/).fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('cell', { name: /Noor Coordinator/ }).waitFor();

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('cell', { name: 'staff.create' }).first().waitFor();
    await page.getByRole('button', { name: 'Verify hash chain' }).click();
    await page.getByText(/Chain intact/).waitFor();

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
