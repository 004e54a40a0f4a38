import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { apiFor, bookCourse, logIn, seriousA11yViolations, startHarness, withPage, type Harness } from './support.js';

// Charting at the chair, as nurses do it on a tablet: typed into the fields, with the server's clock and the tablet's
// moved together through the visit (the app runs in this process, so faking Date here moves the server's clock).

let h: Harness;
let sf = '';
const MIN = 60_000;
const TABLET = { width: 820, height: 1180 };

const apiAs = (email: string) => apiFor(h, email);
const bookedCourse = (code: string, family: string, n = 1) => bookCourse(h, sf, code, family, n);

/** Moves the server's clock and the tablet's together. */
async function advance(page: Page, ms: number) {
  vi.setSystemTime(Date.now() + ms);
  await page.clock.fastForward(ms);
}

async function typeInto(page: Page, label: string, value: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.pressSequentially(value);
}

async function saveReading(page: Page, values: Record<string, string>) {
  const section = page.getByRole('region', { name: 'Record a reading' });
  for (const [label, value] of Object.entries(values)) {
    const field = section.getByLabel(label, { exact: true });
    await field.click();
    await field.pressSequentially(value);
  }
  await section.getByRole('button', { name: 'Save reading' }).click();
}

beforeAll(async () => {
  h = await startHarness();
  const coordinator = await apiAs('coordinator@demo.stepwise.test');
  sf = (await coordinator<{ items: { id: string; code: string }[] }>('GET', '/api/locations')).items.find((l) => l.code === 'SF')!.id;
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => (h as Harness | undefined)?.close());

describe('charting at the chair', () => {
  it('a nurse charts a whole IV ketamine infusion: dose confirmed, a blood-pressure alert acted on, discharge when recovered, signed', async () => {
    const { visits } = await bookedCourse('iv-ketamine-series', 'Infusion');
    const visit = visits[0]!;
    const start = new Date(visit.startsAt).getTime();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(start - 10 * MIN), shouldAdvanceTime: true });
    const coordinator = await apiAs('coordinator@demo.stepwise.test');
    await coordinator('POST', `/api/appointments/${visit.id}/status`, { status: 'checked_in', version: visit.version });
    // The provider's order (the nurse confirms the dose it computes, as the second person).
    const nurseApi = await apiAs('nurse@demo.stepwise.test');
    const provider = await apiAs('provider@demo.stepwise.test');
    const opened = await nurseApi('POST', '/api/treatment-sessions', { appointmentId: visit.id });
    await provider('POST', `/api/treatment-sessions/${opened.id}/order`, {
      mgPerKg: 0.5,
      infusionMinutes: 40,
      concentrationMgPerMl: 1,
      maxDoseMg: 100,
      version: opened.version,
    });

    await withPage(h, 'iv ketamine chart', async (page) => {
      await page.setViewportSize(TABLET);
      await page.clock.install({ time: new Date(Date.now()) });
      await logIn(page, 'nurse@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(`/board?clinic=${sf}&date=${visit.date}`);
      await page.getByRole('button', { name: 'Chart' }).first().click();
      await page.getByRole('heading', { name: 'IV ketamine · session 1' }).waitFor();

      const pre = page.getByRole('region', { name: 'Pre-treatment check' });
      await pre.getByLabel('Identity confirmed (name and date of birth)').check();
      await pre.getByLabel('Consent on file').check();
      await pre.getByLabel('Today’s readiness answers reviewed').check();
      await pre.getByRole('button', { name: 'Save check' }).click();
      await page.getByRole('status').getByText('Pre-treatment check saved.').waitFor();
      const risk = page.getByRole('region', { name: 'Suicide-risk check' });
      await risk.getByRole('radio', { name: '0 · Not at all' }).click();
      await risk.getByRole('button', { name: 'Save risk check' }).click();
      await risk.getByText('Negative screen recorded.').waitFor();
      const dose = page.getByRole('region', { name: 'Order and dose' });
      await dose.getByText('39.0 mg · 39.00 mL · 58.5 mL/h').waitFor();
      await dose.getByText('0.5 mg/kg × 78 kg = 39.0 mg (rounded to the nearest 0.1 mg).').waitFor();
      await dose.getByRole('button', { name: 'Confirm the dose (second person)' }).click();
      await page.getByRole('status').getByText('Dose confirmed.').waitFor();
      expect(await seriousA11yViolations(page), 'chart before treatment accessibility').toEqual([]);
      await page.screenshot({ path: 'test-results/chart-before-infusion-tablet.png', fullPage: true });

      await advance(page, 10 * MIN);
      await page.getByRole('button', { name: 'Start infusion' }).click();
      await page.getByText('In treatment', { exact: true }).waitFor();
      await page.getByText(/^in \d+:\d\d \(at /).waitFor();
      await saveReading(page, { Systolic: '128', Diastolic: '82', 'Heart rate': '74', 'SpO2 %': '98' });
      await page.getByRole('table', { name: 'Vital signs timeline' }).getByText('128/82').waitFor();

      await advance(page, 10 * MIN);
      await saveReading(page, { Systolic: '186', Diastolic: '104', 'Heart rate': '92' });
      const alert = page.getByRole('region', { name: 'Alerts' });
      await alert.getByText('Systolic 186 mmHg is above 180').waitFor();
      await page.screenshot({ path: 'test-results/chart-bp-alert-tablet.png', fullPage: true });
      await alert.getByRole('radio', { name: 'Provider called' }).click();
      await typeInto(page, 'Action note', 'Dr. Raman called; infusion slowed, BP rechecked.');
      await alert.getByRole('button', { name: 'Save action' }).click();
      await alert.getByText(/provider called: Dr\. Raman called/).waitFor();

      for (const bp of ['150', '138', '134']) {
        await advance(page, 10 * MIN);
        await saveReading(page, { Systolic: bp, Diastolic: '86', 'Heart rate': '80', 'SpO2 %': '97' });
        await page.getByRole('table', { name: 'Vital signs timeline' }).getByText(`${bp}/86`).waitFor();
        if (bp === '138') {
          await page.getByRole('button', { name: 'Stop infusion' }).click();
          await page.getByText('Observing', { exact: true }).waitFor();
        }
      }
      // 20 minutes into recovery: discharge is refused, saying how long is left.
      await advance(page, 10 * MIN);
      await saveReading(page, { Systolic: '128', Diastolic: '80', 'Heart rate': '72', 'SpO2 %': '98' });
      const discharge = page.getByRole('region', { name: 'Discharge' });
      for (const label of ['Vital signs back within limits', 'Alert and oriented', 'Walking steadily', 'Told not to drive until the next day'])
        await discharge.getByLabel(label).check();
      await typeInto(page, 'Escort (name)', 'Sam Rivera');
      await discharge.getByRole('button', { name: 'Discharge' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'Not saved' })
        .getByText(/more minute\(s\) of recovery/)
        .first()
        .waitFor();

      await advance(page, 12 * MIN);
      await saveReading(page, { Systolic: '124', Diastolic: '78', 'Heart rate': '70', 'SpO2 %': '98' });
      await discharge.getByRole('button', { name: 'Discharge' }).click();
      await page.getByText(/^Discharged at .* with Sam Rivera\.$/).waitFor();
      await typeInto(page, 'Note', 'Tolerated the infusion; transient hypertension at 10 minutes, settled.');
      await page.getByRole('button', { name: 'Sign and lock' }).click();
      await page.getByText(/awaiting the provider’s co-signature/).waitFor();
      expect(await seriousA11yViolations(page), 'signed chart accessibility').toEqual([]);
      await page.screenshot({ path: 'test-results/chart-signed-tablet.png', fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'no horizontal scroll on a phone').toBeLessThanOrEqual(0);
      await page.screenshot({ path: 'test-results/chart-signed-phone.png', fullPage: true });
    });
  });

  it('a reading typed while the connection is down is kept on the tablet and sent once when it returns', async () => {
    const { visits } = await bookedCourse('iv-ketamine-series', 'Offline');
    const visit = visits[0]!;
    const start = new Date(visit.startsAt).getTime();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(start), shouldAdvanceTime: true });
    const coordinator = await apiAs('coordinator@demo.stepwise.test');
    await coordinator('POST', `/api/appointments/${visit.id}/status`, { status: 'checked_in', version: visit.version });
    const nurseApi = await apiAs('nurse@demo.stepwise.test');
    const provider = await apiAs('provider@demo.stepwise.test');
    let c = await nurseApi('POST', '/api/treatment-sessions', { appointmentId: visit.id });
    c = await provider('POST', `/api/treatment-sessions/${c.id}/order`, {
      mgPerKg: 0.5,
      infusionMinutes: 40,
      concentrationMgPerMl: 1,
      maxDoseMg: 100,
      version: c.version,
    });
    c = await nurseApi('POST', `/api/treatment-sessions/${c.id}/dose-confirmation`, { version: c.version });
    c = await nurseApi('POST', `/api/treatment-sessions/${c.id}/pre-check`, {
      identityConfirmed: true,
      consentOnFile: true,
      readinessReviewed: true,
      newMedications: null,
      medicationChange: false,
      sleepChange: false,
      pregnancyStatus: 'not_applicable',
      version: c.version,
    });
    c = await nurseApi('POST', `/api/treatment-sessions/${c.id}/risk-check`, { phq9Item9: 0, version: c.version });
    c = await nurseApi('POST', `/api/treatment-sessions/${c.id}/start`, { version: c.version });

    await withPage(h, 'offline reading', async (page) => {
      await page.setViewportSize(TABLET);
      await page.clock.install({ time: new Date(Date.now()) });
      await logIn(page, 'nurse@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(`/sessions/${c.id}`);
      await page.getByRole('heading', { name: 'Record a reading' }).waitFor();
      await page.context().setOffline(true);
      await saveReading(page, { Systolic: '131', Diastolic: '83' });
      await page.getByText('1 reading(s) kept on this tablet until the connection returns; they will be sent once.').waitFor();
      await page.context().setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.getByRole('table', { name: 'Vital signs timeline' }).getByText('131/83').waitFor();
      await page.getByText(/reading\(s\) kept on this tablet/).waitFor({ state: 'detached' });
    });
    const chart = await nurseApi<{ vitals: { systolic: number }[] }>('GET', `/api/treatment-sessions/${c.id}`);
    expect(chart.vitals.filter((v) => v.systolic === 131)).toHaveLength(1);
  });

  it('a Spravato visit: a device too soon is refused, discharge before 2 hours is refused, the Patient Monitoring Form is produced', async () => {
    const { visits, patientId } = await bookedCourse('spravato-trd', 'Spray');
    const visit = visits[0]!;
    const start = new Date(visit.startsAt).getTime();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(start - 5 * MIN), shouldAdvanceTime: true });
    const coordinator = await apiAs('coordinator@demo.stepwise.test');
    const nurseApi = await apiAs('nurse@demo.stepwise.test');
    const manager = await apiAs('manager@demo.stepwise.test');
    await coordinator('POST', `/api/appointments/${visit.id}/status`, { status: 'checked_in', version: visit.version });
    await manager('PUT', `/api/locations/${sf}/rems-certification`, {
      certificationId: 'HCS-778812',
      certifiedOn: '2026-01-15',
      authorizedRepresentative: 'Morgan Manager',
    });
    await nurseApi('PUT', `/api/patients/${patientId}/rems-enrollment`, { enrollmentId: 'PT-5521904', enrolledOn: visit.date });
    let c = await nurseApi('POST', '/api/treatment-sessions', { appointmentId: visit.id });
    c = await nurseApi('POST', `/api/treatment-sessions/${c.id}/pre-check`, {
      identityConfirmed: true,
      consentOnFile: true,
      readinessReviewed: true,
      newMedications: null,
      medicationChange: false,
      sleepChange: false,
      pregnancyStatus: 'not_pregnant',
      fastingConfirmed: true,
      concomitant: { benzodiazepines: false, sedativeHypnotics: false, psychostimulants: false, maois: false, opioids: false },
      version: c.version,
    });
    c = await nurseApi('POST', `/api/treatment-sessions/${c.id}/risk-check`, { phq9Item9: 0, version: c.version });

    await withPage(h, 'spravato chart', async (page) => {
      await page.setViewportSize(TABLET);
      await page.clock.install({ time: new Date(Date.now()) });
      await logIn(page, 'nurse@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(`/sessions/${c.id}`);
      const doseSection = page.getByRole('region', { name: 'Dose and pre-dose blood pressure' });
      await doseSection.getByText('56 mg (2 devices)').click();
      await typeInto(page, 'Systolic', '132');
      await typeInto(page, 'Diastolic', '84');
      await doseSection.getByRole('button', { name: 'Save dose and blood pressure' }).click();
      await page.getByRole('status').getByText('Dose and blood pressure saved.').waitFor();
      await advance(page, 5 * MIN);
      const devices = page.getByRole('region', { name: /^Devices/ });
      await typeInto(page, 'Lot number', 'SPV-1001');
      await devices.getByRole('button', { name: 'Device 1 given now' }).click();
      await devices.getByText(/^Device 1 · lot SPV-1001/).waitFor();
      await advance(page, 2 * MIN);
      await devices.getByRole('button', { name: 'Device 2 given now' }).click();
      await page
        .getByRole('alert')
        .getByText(/Wait 5 minutes between devices/)
        .waitFor();
      await advance(page, 3 * MIN);
      await devices.getByRole('button', { name: 'Device 2 given now' }).click();
      await devices.getByText(/^Device 2 · lot SPV-1001/).waitFor();
      await page.getByText(/left of the REMS minimum/).waitFor();
      for (const step of [10, 10, 10]) {
        await advance(page, step * MIN);
        await saveReading(page, { Systolic: '138', Diastolic: '86', 'SpO2 %': '97', 'MOAA/S 0-5': '4' });
      }
      // Two hours after the last device less a few minutes: refused, whoever asks, with the minutes left named.
      for (let i = 0; i < 4; i++) {
        await advance(page, 20 * MIN);
        await saveReading(page, { Systolic: '128', Diastolic: '80', 'SpO2 %': '98', 'MOAA/S 0-5': '5' });
      }
      const discharge = page.getByRole('region', { name: 'Discharge' });
      for (const label of [
        'Vital signs back within limits',
        'Alert and oriented',
        'Walking steadily',
        'Sedation resolved',
        'Dissociation resolved',
        'Breathing normal, no respiratory depression',
        'Told not to drive until the next day',
      ])
        await discharge.getByLabel(label).check();
      await typeInto(page, 'Escort (name)', 'Alex Rivera');
      await discharge.getByRole('button', { name: 'Discharge' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'Not saved' })
        .getByText(/more minute\(s\) of observation: the REMS requires at least 120 minutes/)
        .waitFor();
      await page.screenshot({ path: 'test-results/spravato-early-discharge-tablet.png', fullPage: true });
      await advance(page, 12 * MIN);
      await saveReading(page, { Systolic: '124', Diastolic: '78', 'SpO2 %': '98' });
      await discharge.getByRole('button', { name: 'Discharge' }).click();
      await page.getByText(/^Discharged at .* with Alex Rivera\.$/).waitFor();
      await page.getByRole('button', { name: 'Sign and lock' }).click();
      const pdfLink = page.getByRole('link', { name: 'REMS Patient Monitoring Form (PDF)' });
      await pdfLink.waitFor();
      const pdf = await page.request.get(`/api/treatment-sessions/${c.id}/rems-monitoring-form`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      expect(await seriousA11yViolations(page), 'Spravato chart accessibility').toEqual([]);
    });
  });

  it('a TMS session with a motor-threshold re-check after a medication change bills 90869', async () => {
    const { visits } = await bookedCourse('tms-10hz-standard', 'Coil', 2);
    const [mapping, second] = visits;
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(new Date(mapping!.startsAt).getTime() - 5 * MIN), shouldAdvanceTime: true });
    const coordinator = await apiAs('coordinator@demo.stepwise.test');
    const nurseApi = await apiAs('nurse@demo.stepwise.test');
    const provider = await apiAs('provider@demo.stepwise.test');
    await coordinator('POST', `/api/appointments/${mapping!.id}/status`, { status: 'checked_in', version: mapping!.version });
    let c = await nurseApi('POST', '/api/treatment-sessions', { appointmentId: mapping!.id });
    const pre = {
      identityConfirmed: true,
      consentOnFile: true,
      readinessReviewed: true,
      newMedications: null,
      medicationChange: false,
      sleepChange: false,
      pregnancyStatus: 'not_pregnant',
      metalScreenClear: true,
    };
    c = await nurseApi('POST', `/api/treatment-sessions/${c.id}/pre-check`, { ...pre, version: c.version });
    c = await nurseApi('POST', `/api/treatment-sessions/${c.id}/risk-check`, { phq9Item9: 0, version: c.version });
    c = await provider('POST', `/api/treatment-sessions/${c.id}/motor-threshold`, { valuePercent: 55, method: 'visual', reason: 'Initial mapping' });
    await nurseApi('POST', `/api/treatment-sessions/${c.id}/start`, { version: c.version });

    vi.setSystemTime(new Date(second!.startsAt).getTime() - 5 * MIN);
    const desk = await apiAs('coordinator@demo.stepwise.test');
    await desk('POST', `/api/appointments/${second!.id}/status`, { status: 'checked_in', version: second!.version });

    await withPage(h, 'tms chart', async (page) => {
      await page.setViewportSize(TABLET);
      await page.clock.install({ time: new Date(Date.now()) });
      await logIn(page, 'nurse@demo.stepwise.test');
      await page.getByRole('heading', { name: 'Patients' }).waitFor();
      await page.goto(`/board?clinic=${sf}&date=${(await desk<{ date: string }>('GET', `/api/appointments/${second!.id}`)).date}`);
      await page.getByRole('button', { name: 'Open chart' }).first().click();
      await page.getByRole('heading', { name: 'TMS · session 2' }).waitFor();
      await page.getByRole('region', { name: 'TMS · bills 90868' }).waitFor();
      const check = page.getByRole('region', { name: 'Pre-treatment check' });
      for (const label of [
        'Identity confirmed (name and date of birth)',
        'Consent on file',
        'Today’s readiness answers reviewed',
        'Metal screen clear (nothing ferromagnetic within 30 cm of the coil)',
        'Medication changed since the last visit',
      ])
        await check.getByLabel(label).check();
      await check.getByRole('button', { name: 'Save check' }).click();
      const tms = page.getByRole('region', { name: /^TMS · bills/ });
      await tms.getByText('a medication change was reported at check-in').waitFor();
      await typeInto(page, 'Motor threshold (% output)', '58');
      await typeInto(page, 'Reason', 'Sertraline dose increased');
      await tms.getByRole('button', { name: 'Record threshold' }).click();
      await page.getByRole('region', { name: 'TMS · bills 90869' }).waitFor();
      await page
        .getByRole('region', { name: 'TMS · bills 90869' })
        .getByText(/58% machine output/)
        .waitFor();
      expect(await seriousA11yViolations(page), 'TMS chart accessibility').toEqual([]);
      await page.screenshot({ path: 'test-results/tms-recheck-tablet.png', fullPage: true });
    });
  });
});
