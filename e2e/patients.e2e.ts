import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, seriousA11yViolations, startHarness, withPage, type Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => (h as Harness | undefined)?.close());

describe('a coordinator registers, finds and edits a patient; a nurse of another clinic cannot open them', () => {
  let patientUrl = '';

  it('coordinator creates a patient at the Austin clinic', () =>
    withPage(h, 'coordinator creates a patient at the Aus', async (page) => {
      await logIn(page, 'coordinator@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      await page.getByRole('link', { name: 'Patients' }).click();
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.getByRole('link', { name: 'New patient' }).click();

      await page.getByLabel('Legal first name').fill('Marisol');
      await page.getByLabel('Legal last name').fill('Ventura-Quill');
      await page.getByLabel('Date of birth').fill('1988-06-14');
      await page.getByPlaceholder('Choose', { exact: true }).click();
      await page.getByRole('option', { name: 'Female' }).click();
      // A non-US number is refused next to the field, and nothing is saved.
      await page.getByLabel('Mobile phone (US)').fill('+44 20 7946 0958');
      await page.getByPlaceholder('Choose clinics').click();
      await page.getByRole('option', { name: /Stepwise Austin/ }).click();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Create patient' }).click();
      await expect(page.getByText('must be a US phone number').isVisible()).resolves.toBe(true);

      await page.getByLabel('Mobile phone (US)').fill('(512) 555-0144');
      await page.getByRole('button', { name: 'Create patient' }).click();
      await page.getByRole('heading', { name: /Ventura-Quill, Marisol/ }).waitFor();
      await expect(page.getByText('(512) 555-0144').isVisible()).resolves.toBe(true);
      patientUrl = new URL(page.url()).pathname;
      expect(patientUrl).toMatch(/^\/patients\/[0-9a-f-]{36}$/);

      // Search finds them by name, by phone and by date of birth.
      for (const q of ['ventura', '512-555-0144', '06/14/1988']) {
        await page.goto(`/patients?q=${encodeURIComponent(q)}`);
        await page.getByRole('link', { name: 'Ventura-Quill, Marisol' }).waitFor();
      }
      expect(await seriousA11yViolations(page), 'search page accessibility').toEqual([]);
      await page.getByRole('link', { name: 'Ventura-Quill, Marisol' }).click();
      await page.getByRole('heading', { name: /Ventura-Quill/ }).waitFor();
      expect(await seriousA11yViolations(page), 'patient page accessibility').toEqual([]);

      // Edit the preferred name.
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('Preferred name').fill('Mari');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Changes saved.').waitFor();
      await page.getByRole('heading', { name: /\("Mari"\)/ }).waitFor();
    }));

  it('a nurse of the San Francisco clinic cannot open the Austin patient', () =>
    withPage(h, 'a nurse of the San Francisco clinic cann', async (page) => {
      await logIn(page, 'nurse@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.getByLabel('Search patients').fill('Ventura');
      await page.getByText('No patients match.').waitFor();
      await page.goto(patientUrl);
      await page.getByText('You cannot open this patient').waitFor();
      await expect(page.getByText('Marisol').count()).resolves.toBe(0);
    }));

  it('the Austin nurse can open them and record a weight', () =>
    withPage(h, 'the Austin nurse can open them and recor', async (page) => {
      await logIn(page, 'nurse.austin@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(patientUrl);
      await page.getByRole('heading', { name: /Ventura-Quill/ }).waitFor();
      await page.getByRole('textbox', { name: 'Weight' }).fill('154');
      await page.getByRole('radiogroup', { name: 'Unit' }).getByText('lb', { exact: true }).click();
      await page.getByRole('button', { name: 'Record weight' }).click();
      await page.getByRole('cell', { name: '69.9' }).waitFor();
    }));
});
