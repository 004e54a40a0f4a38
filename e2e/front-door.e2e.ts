import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, seriousA11yViolations, startHarness, withPage, type Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => (h as Harness | undefined)?.close());

const VISITOR = 'Quinn Crisis-Journey';

describe('front door: a visitor in crisis is seen first, called and converted', () => {
  it('the callback page refuses a non-US number next to the field, then confirms when to expect the call', () =>
    withPage(h, 'callback page', async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/callback');
      await page.getByRole('heading', { name: 'Request a callback' }).waitFor();
      expect(await seriousA11yViolations(page), 'callback page accessibility').toEqual([]);
      await page.getByLabel('Your name').fill('Casey Callback');
      await page.getByLabel(/Mobile or home phone/).fill('+44 20 7946 0958');
      await page.getByLabel('Your state').selectOption('TX');
      await page.getByLabel(/I agree to be called/).check();
      await page.getByRole('button', { name: 'Call me back' }).click();
      await page.getByText('must be a US phone number').waitFor();
      await page.getByLabel(/Mobile or home phone/).fill('(512) 555-0161');
      await page.getByRole('button', { name: 'Call me back' }).click();
      await page.getByText(/Your request is in\./).waitFor();
      await expect(
        page
          .getByText(/We will call you/)
          .first()
          .isVisible(),
      ).resolves.toBe(true);
    }));

  it('a visitor answers item 9 above "not at all", sees crisis resources at once, and asks for a call', () =>
    withPage(h, 'screening with crisis', async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/check');
      await page.getByRole('heading', { name: 'Free mental health check' }).waitFor();
      expect(await seriousA11yViolations(page), 'check page accessibility').toEqual([]);
      const phq = page.getByRole('region', { name: /Mood \(PHQ-9\)/ });
      const gad = page.getByRole('region', { name: /Anxiety \(GAD-7\)/ });
      const answer = async (region: typeof phq, item: number, label: string) =>
        region.getByRole('group').nth(item).getByRole('radio', { name: label, exact: true }).check();
      for (let i = 0; i < 8; i++) await answer(phq, i, i < 4 ? 'More than half the days' : 'Several days');
      await expect(page.getByRole('alert').filter({ hasText: '988' }).count()).resolves.toBe(0);
      await answer(phq, 8, 'Several days');
      // Crisis resources appear immediately, before anything is sent.
      const crisis = page.getByRole('alert').filter({ hasText: 'Call or text 988' });
      await crisis.waitFor();
      await expect(crisis.getByRole('link', { name: '911' }).getAttribute('href')).resolves.toBe('tel:911');
      for (let i = 0; i < 7; i++) await answer(gad, i, 'Several days');
      await page.getByRole('button', { name: 'See my results' }).click();

      await page.getByRole('heading', { name: 'Your results' }).waitFor();
      await page.getByText('Score 13 of 27: moderate').waitFor();
      await page.getByText('Score 7 of 21: mild').waitFor();
      await page.getByRole('alert').filter({ hasText: 'Call or text 988' }).waitFor();
      expect(await seriousA11yViolations(page), 'result page accessibility').toEqual([]);

      await page.getByLabel('Your name').fill(VISITOR);
      await page.getByLabel(/Mobile or home phone/).fill('(415) 555-0163');
      await page.getByLabel('Your state').selectOption('CA');
      await page.getByLabel(/I agree to be called/).check();
      await page.getByRole('button', { name: 'Call me about my results' }).click();
      await page.getByText(/Your request is in\./).waitFor();
    }));

  it('a coordinator sees that lead first, claims it, logs a call and converts it to a patient with an intake appointment', () =>
    withPage(h, 'coordinator converts the lead', async (page) => {
      await logIn(page, 'coordinator@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Lead queue' }).waitFor();
      const first = page.getByTestId('lead-row').first();
      await expect(first.getByRole('link').textContent()).resolves.toBe(VISITOR);
      await expect(first.getByText('Urgent').isVisible()).resolves.toBe(true);
      expect(await seriousA11yViolations(page), 'lead queue accessibility').toEqual([]);

      await first.getByRole('link', { name: VISITOR }).click();
      await page.getByRole('heading', { name: VISITOR }).waitFor();
      await page.getByText(/thoughts of self-harm/).waitFor();
      await page.getByText(/PHQ-9: 13 \(moderate\)/).waitFor();
      await page.getByRole('button', { name: 'Claim this lead' }).click();
      await page.getByText('Carmen Coordinator').first().waitFor();

      const log = page.getByRole('form', { name: 'Log a call' });
      await log.getByLabel('Notes').fill('Safety check done; wants a consultation');
      await log.getByRole('button', { name: 'Log call' }).click();
      await page.getByRole('cell', { name: 'Safety check done; wants a consultation' }).waitFor();
      expect(await seriousA11yViolations(page), 'lead page accessibility').toEqual([]);

      const convert = page.getByRole('form', { name: 'Convert to patient' });
      await convert.getByLabel('Given name').fill('Quinn');
      await convert.getByLabel('Family name').fill('Crisis-Journey');
      await convert.getByLabel('Date of birth').fill('1991-02-03');
      await convert.getByRole('button', { name: 'Find existing patients' }).click();
      await convert.getByText(/No existing patient found/).waitFor();
      await convert.getByLabel('Provider', { exact: true }).click();
      await page.getByRole('option', { name: /Priya Raman/ }).click();
      // The next weekday the San Francisco clinic is open (bookings outside opening hours and holidays are refused).
      const visitDay = nextOpenWeekday('America/Los_Angeles', ['2026-11-26', '2026-12-25', '2027-01-01', '2027-01-18', '2027-05-31', '2027-07-05']);
      await convert.getByLabel(/^Starts/).fill(`${visitDay}T10:00`);
      await convert.getByRole('button', { name: 'Convert and book' }).click();

      await page.getByRole('heading', { name: /Crisis-Journey, Quinn/ }).waitFor();
      await page.getByRole('cell', { name: 'Intake consultation' }).waitFor();
      await page.getByRole('cell', { name: /Priya Raman/ }).waitFor();
      await expect(page.getByRole('cell', { name: /10:00 AM PST|10:00 AM PDT/ }).count()).resolves.toBe(1);
    }));
});

describe('a provider records and signs the intake assessment', () => {
  it('fills the essentials, sees trial adequacy computed, signs, and the scores appear on the patient', () =>
    withPage(h, 'provider intake', async (page) => {
      await logIn(page, 'provider@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto('/patients?q=crisis-journey');
      await page.getByRole('link', { name: 'Crisis-Journey, Quinn' }).click();
      await page.getByRole('button', { name: 'Start intake assessment' }).click();
      await page.getByRole('heading', { name: 'Intake assessment' }).waitFor();

      // Signing an empty draft names what is missing.
      await page.getByRole('button', { name: 'Save and sign' }).click();
      await page.getByText(/diagnoses: needs at least one diagnosis/).waitFor();

      await page.getByRole('button', { name: 'Add diagnosis' }).click();
      await page.getByLabel('Diagnosis 1 (ICD-10-CM)').first().fill('F33.2');
      await page.getByRole('option', { name: /F33\.2 Major depressive disorder, recurrent severe/ }).click();
      await page.getByRole('button', { name: 'Add medication trial' }).click();
      await page.getByLabel('Drug 1').first().fill('sertraline');
      await page.getByRole('option', { name: 'sertraline', exact: true }).click();
      await page.getByLabel('Highest dose (mg/day)').fill('150');
      await page.getByLabel('Weeks at dose').fill('8');
      await page.getByLabel('Adherence').selectOption('good');
      for (const label of [
        'Aneurysmal',
        'History of intracerebral',
        'Hypersensitivity',
        'Uncontrolled hypertension',
        'Current or past psychosis',
        'Seizure disorder',
        'Metal or implanted',
        'Substance misuse',
        'Pregnant',
        'Active suicidal',
      ]) {
        await page
          .getByRole('radiogroup', { name: new RegExp(label) })
          .getByText('No', { exact: true })
          .click();
      }
      // Typed as a person types, key by key: separators and new lines must survive.
      await page.getByLabel('Current medications').pressSequentially('escitalopram, 20 mg daily');
      await page.getByLabel('Current medications').press('Enter');
      await page.getByLabel('Current medications').pressSequentially('lithium carbonate, 300 mg twice daily');
      await page.getByLabel('Substance use').pressSequentially('alcohol: past, stopped 2022');
      await page.getByLabel('No known allergies').check();
      await page.getByLabel('Systolic (mmHg)').pressSequentially('126');
      await page.getByLabel('Diastolic (mmHg)').pressSequentially('80');
      await page.getByLabel('Heart rate (/min)').pressSequentially('70');
      await page.getByLabel('Weight (kg)').pressSequentially('72.5');
      expect(await page.getByLabel('Current medications').inputValue()).toBe('escitalopram, 20 mg daily\nlithium carbonate, 300 mg twice daily');
      expect(await page.getByLabel('Substance use').inputValue()).toBe('alcohol: past, stopped 2022');
      await page.getByRole('button', { name: /Patient Health Questionnaire/ }).click();
      for (let i = 0; i < 9; i++)
        await page
          .getByRole('combobox', { name: new RegExp(`^${i + 1}\\. `) })
          .first()
          .selectOption(i === 8 ? '1' : '2');
      await page.getByRole('button', { name: /Ask Suicide-Screening/ }).click();
      const asq = page.getByRole('region', { name: /Ask Suicide-Screening/ });
      for (let i = 0; i < 4; i++)
        await asq
          .getByRole('combobox')
          .nth(i)
          .selectOption(i === 0 ? '1' : '0');
      await asq.getByRole('combobox').nth(4).selectOption('0');

      // The draft saves itself as the provider works; a reload shows what was typed.
      await page.getByText('All changes saved').waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Intake assessment' }).waitFor();
      expect(await page.getByLabel('Current medications').inputValue()).toBe('escitalopram, 20 mg daily\nlithium carbonate, 300 mg twice daily');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('Draft saved.').waitFor();
      await page.getByText(/Adequate: yes/).waitFor();
      await page.getByRole('button', { name: 'Save and sign' }).click();
      await page.getByText('Signed and locked.').waitFor();
      await page.getByText(/Signed by Dr\. Priya Raman/).waitFor();
      expect(await seriousA11yViolations(page), 'intake page accessibility').toEqual([]);

      await page.getByRole('link', { name: 'Back to patient' }).click();
      await page.getByRole('cell', { name: 'PHQ-9 (LOINC 44261-6)' }).waitFor();
      await page.getByRole('cell', { name: '17' }).first().waitFor();
    }));
});

/** The next weekday (after today) that is not one of the given holidays, on the clinic's calendar. */
function nextOpenWeekday(zone: string, holidays: string[]): string {
  let day = DateTime.now().setZone(zone).plus({ days: 1 });
  while (day.weekday > 5 || holidays.includes(day.toISODate()!)) day = day.plus({ days: 1 });
  return day.toISODate()!;
}
