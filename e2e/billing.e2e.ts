import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SIGNED_INTAKE } from '../src/server/testing/builders.js';
import { apiFor, logIn, seriousA11yViolations, startHarness, withPage, type Harness } from './support.js';

// The biller's day: a TMS session signed at the chair becomes a charge to review; the biller approves it, makes the
// claim, sends the batch, imports the payer's remittance (which denies it), appeals the denial with the letter drafted
// from the chart, and prints the patient's superbill.

let h: Harness;
let sf = '';
const MIN = 60_000;
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  h = await startHarness();
  const res = await h.app.inject({ method: 'GET', url: '/api/public/clinics' });
  sf = (res.json() as { items: { id: string; name: string }[] }).items.find((c) => c.name.includes('San Francisco'))!.id;
}, 60_000);
afterAll(async () => {
  vi.useRealTimers();
  await h.close();
});

/** A covered patient (Blue Horizon, approved authorization) whose first TMS session was charted and signed. */
async function signedTmsSession(family: string) {
  const coordinator = await apiFor(h, 'coordinator@demo.stepwise.test');
  const provider = await apiFor(h, 'provider@demo.stepwise.test');
  const biller = await apiFor(h, 'biller@demo.stepwise.test');
  const patient = await coordinator('POST', '/api/patients', {
    legalGivenName: 'Robin',
    legalFamilyName: family,
    dateOfBirth: '1981-02-03',
    sexAssignedAtBirth: 'female',
    locationIds: [sf],
  });
  const draft = await provider('POST', `/api/patients/${patient.id}/intake-assessments`, { content: SIGNED_INTAKE });
  await provider('POST', `/api/intake-assessments/${draft.id}/sign`, { version: draft.version });
  const payers = await coordinator<{ items: { id: string; name: string; plans: { id: string }[] }[] }>('GET', '/api/payers');
  const payer = payers.items.find((p) => p.name === 'Blue Horizon Commercial')!;
  await coordinator('POST', `/api/patients/${patient.id}/coverages`, {
    payerId: payer.id,
    planId: payer.plans[0]!.id,
    priority: 'primary',
    memberId: 'BH7788990',
    effectiveFrom: '2026-01-01',
  });
  const pa = await biller('POST', `/api/patients/${patient.id}/prior-authorizations`, { treatment: 'tms' });
  await h.database.db.execute(
    sql`update prior_authorizations set status = 'approved', authorization_number = 'PA-TMS-4411', approved_sessions = 36, approved_from = current_date - 7, approved_to = current_date + 120 where id = ${pa.id}`,
  );
  const protocols = await provider<{ items: { id: string; code: string }[] }>('GET', '/api/protocols');
  const course = await provider('POST', `/api/patients/${patient.id}/courses`, {
    protocolId: protocols.items.find((p) => p.code === 'tms-10hz-standard')!.id,
    locationId: sf,
    differReason: 'Chosen with the patient.',
    priorAuthorizationId: pa.id,
  });
  const plan = await coordinator<{ visits: { index: number; date: string; localStart: string; resource: { id: string } | null; staff: { id: string }[] }[] }>(
    'POST',
    `/api/courses/${course.id}/plan`,
    {},
  );
  const v = plan.visits[0]!;
  const booked = await coordinator<{ course: { items: { id: string; startsAt: string; version: number; date: string }[] } }>(
    'POST',
    `/api/courses/${course.id}/appointments`,
    {
      visits: [{ index: v.index, date: v.date, localStart: v.localStart, resourceId: v.resource?.id ?? null, staffIds: v.staff.map((s) => s.id) }],
    },
  );
  const visit = booked.course.items[0]!;
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(new Date(visit.startsAt).getTime() - 5 * MIN), shouldAdvanceTime: true });
  const desk = await apiFor(h, 'coordinator@demo.stepwise.test');
  const nurse = await apiFor(h, 'nurse@demo.stepwise.test');
  const doctor = await apiFor(h, 'provider@demo.stepwise.test');
  await desk('POST', `/api/appointments/${visit.id}/status`, { status: 'checked_in', version: visit.version });
  let c = await nurse('POST', '/api/treatment-sessions', { appointmentId: visit.id });
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
  c = await nurse('POST', `/api/treatment-sessions/${c.id}/pre-check`, { ...pre, version: c.version });
  c = await nurse('POST', `/api/treatment-sessions/${c.id}/risk-check`, { phq9Item9: 0, version: c.version });
  c = await doctor('POST', `/api/treatment-sessions/${c.id}/motor-threshold`, { valuePercent: 55, method: 'visual', reason: 'Initial mapping' });
  c = await nurse('POST', `/api/treatment-sessions/${c.id}/start`, { version: c.version });
  vi.setSystemTime(new Date(visit.startsAt).getTime() + 38 * MIN);
  // Sessions end when idle: sign in again after the clock moves.
  const nurseLater = await apiFor(h, 'nurse@demo.stepwise.test');
  c = await nurseLater('POST', `/api/treatment-sessions/${c.id}/tms`, {
    protocol: '10hz_standard',
    frequencyHz: 10,
    pulsesPerTrain: 40,
    interTrainSeconds: 26,
    coilPosition: 'Head-holder 5.2 / 12.0 / L',
    targetingMethod: '5cm_rule',
    percentMt: 120,
    pulsesPlanned: 3000,
    pulsesDelivered: 3000,
    trainsCompleted: 75,
    interruptions: 0,
    interruptionNote: null,
    scalpDiscomfort: 2,
    seizure: false,
    sideEffects: [],
    version: c.version,
  });
  c = await nurseLater('POST', `/api/treatment-sessions/${c.id}/end`, { version: c.version });
  const checklist = {
    vitalsWithinLimits: true,
    alertAndOriented: true,
    walkingSteadily: true,
    sedationResolved: true,
    dissociationResolved: true,
    breathingNormal: true,
    escortName: null,
    noDrivingAdvised: false,
  };
  c = await nurseLater('POST', `/api/treatment-sessions/${c.id}/discharge`, { ...checklist, version: c.version });
  await nurseLater('POST', `/api/treatment-sessions/${c.id}/sign`, { version: c.version });
  vi.useRealTimers();
  return { patientId: patient.id as string, month: visit.date.slice(0, 7) };
}

/** The payer's 835 for one claim: denied CO-50 (not medically necessary), as a clearinghouse would hand it over. */
function denial835(pcn: string, line: { code: string; chargeCents: number; controlNumber: string; dateOfService: string }) {
  const charge = String(line.chargeCents / 100);
  const st = [
    'ST*835*0001',
    'BPR*H*0*C*NON************20261220',
    'TRN*1*NOPAY-77*1512345678',
    'N1*PR*BLUE HORIZON',
    'PER*BL*EDI SUPPORT*TE*8005551212',
    'N1*PE*STEPWISE CLINIC*XX*1234567893',
    'LX*1',
    `CLP*${pcn}*4*${charge}*0*0*CI*BH-CLM-5521`,
    'NM1*QC*1*DOE*ROBIN****MI*BH7788990',
    `SVC*HC:${line.code}*${charge}*0**1`,
    `DTM*472*${line.dateOfService.replaceAll('-', '')}`,
    `CAS*CO*50*${charge}`,
    `REF*6R*${line.controlNumber}`,
  ];
  return (
    [
      'ISA*00*          *00*          *ZZ*BLUEHORIZON    *ZZ*STEPWISE       *261220*0900*^*00501*000000077*0*T*:',
      'GS*HP*BLUEHORIZON*STEPWISE*20261220*0900*77*X*005010X221A1',
      ...st,
      `SE*${st.length + 1}*0001`,
      'GE*1*77',
      'IEA*1*000000077',
    ].join('~\n') + '~\n'
  );
}

describe('the biller’s day', () => {
  it('reviews the charge, sends the claim, imports the remittance, appeals the denial and prints a superbill', async () => {
    const family = `Billing${Date.now() % 100000}`;
    const { patientId, month } = await signedTmsSession(family);
    const patientName = `${family}, Robin`;
    let claimId = '';

    await withPage(h, 'biller journey', async (page) => {
      await logIn(page, 'biller@demo.stepwise.test');
      await page.getByRole('link', { name: 'Charges' }).waitFor();
      await page.goto('/billing/charges');
      // The signed session was coded when the list was read: 90867 (first session of the course) at the clinic's fee.
      const table = page.getByRole('table', { name: 'Charges to review' });
      const row = table.getByRole('row').filter({ hasText: patientName });
      await row.getByText('90867', { exact: true }).waitFor();
      await row.getByText('$450.00').first().waitFor();
      await row.getByText(/First session of the course/).waitFor();
      expect(await seriousA11yViolations(page), 'charges accessibility').toEqual([]);
      await page.screenshot({ path: 'test-results/billing-charges-desktop.png', fullPage: true });
      await row.getByRole('checkbox').check();
      await page.getByRole('button', { name: /^Approve selected/ }).click();
      await page
        .getByRole('status')
        .getByText(/Approved 1 insured charge/)
        .waitFor();

      await page.getByText('Approved, not on a claim').click();
      const approved = page.getByRole('table', { name: 'Approved charges' }).getByRole('row').filter({ hasText: patientName });
      await approved.getByRole('checkbox').check();
      await page.getByRole('button', { name: /^Make claims from selected/ }).click();
      // The claim opens: the scrubber finds nothing a payer would deny; the biller marks it ready.
      await page.getByRole('heading', { name: /^Claim SW\d+/ }).waitFor();
      claimId = /\/billing\/claims\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      await page.getByText('The scrubber finds nothing a payer would deny.').waitFor();
      await page.getByText(/authorization PA-TMS-4411/).waitFor();
      await page.getByRole('button', { name: 'Mark ready to send' }).click();
      await page.getByText('ready', { exact: true }).first().waitFor();

      await page.goto('/billing/claims');
      const claims = page.getByRole('table', { name: 'Claims' });
      const pcn = (await page.request.get(`/api/claims/${claimId}`).then((r) => r.json())) as { patientControlNumber: string };
      await claims.getByRole('checkbox', { name: `Send claim ${pcn.patientControlNumber}` }).check();
      await page.getByRole('button', { name: /^Send batch/ }).click();
      await page
        .getByRole('status')
        .getByText(/Sent 1 claim\(s\) in 1 batch/)
        .waitFor();
      const batchLink = page.getByRole('link', { name: /^837P-\d{9}\.x12$/ }).first();
      const file = await page.request.get((await batchLink.getAttribute('href'))!);
      expect(await file.text()).toContain(`CLM*${pcn.patientControlNumber}*450***11:B:1`);

      // The remittance arrives: the biller uploads the 835; the payer denied it CO-50.
      const detail = (await page.request.get(`/api/claims/${claimId}`).then((r) => r.json())) as {
        lines: { code: string; chargeCents: number; controlNumber: string; dateOfService: string }[];
      };
      await page.goto('/billing/remittances');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel('835 file').click()]);
      await chooser.setFiles({ name: 'blue-horizon.835', mimeType: 'text/plain', buffer: Buffer.from(denial835(pcn.patientControlNumber, detail.lines[0]!)) });
      await page.getByText('blue-horizon.835').waitFor();
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByRole('status').getByText('Posted').waitFor();

      // The denials worklist: the code, what it means, the fix and the deadline; the biller appeals.
      await page.goto('/billing/denials');
      const card = page.getByRole('article', { name: `Denial CO-50 on claim ${pcn.patientControlNumber}` });
      await card.getByText('Not deemed a medical necessity by the payer').waitFor();
      await card.getByText(/Appeal by \d{2}\/\d{2}\/\d{4} \(\d+ days\)/).waitFor();
      await card.getByText(/Likely fix: Appeal with the chart/).waitFor();
      expect(await seriousA11yViolations(page), 'denials accessibility').toEqual([]);
      await card.getByRole('button', { name: 'Appeal' }).click();
      const editor = page.getByRole('region', { name: 'Appeal letter' });
      await editor.getByText(/Internal appeal \(level 1\) · due \d{2}\/\d{2}\/\d{4} · draft/).waitFor();
      const letter = editor.getByRole('textbox', { name: 'Why the denial should be reversed' });
      expect(await editor.getByRole('textbox', { name: 'Treatment history' }).inputValue()).toMatch(/sertraline/);
      await letter.click();
      await page.keyboard.press('Control+End');
      await letter.pressSequentially(' Two adequate trials failed; PHQ-9 16 at baseline.');
      expect(await letter.inputValue()).toMatch(/chart notes. Two adequate trials failed; PHQ-9 16 at baseline.$/);
      await editor.getByRole('button', { name: 'Save letter' }).click();
      await editor.getByText('Letter saved.').waitFor();
      await editor.getByRole('button', { name: 'Mark sent' }).click();
      await editor.getByText('Marked as sent.').waitFor();
      await editor.getByText(/· submitted$/).waitFor();
      const pdfHref = await editor.getByRole('link', { name: 'Letter (PDF)' }).getAttribute('href');
      const pdf = await page.request.get(pdfHref!);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await page.screenshot({ path: 'test-results/billing-denials-desktop.png', fullPage: true });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: 'test-results/billing-denials-phone.png', fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });

      // The superbill, from the patient's page, for the month of the visit.
      await page.goto(`/patients/${patientId}`);
      const billing = page.getByRole('region', { name: 'Billing' });
      await billing.getByText(/Insurance owes/).waitFor();
      const monthField = billing.getByLabel('Superbill month');
      await monthField.click();
      await monthField.press('Control+A');
      await monthField.press('Backspace');
      await monthField.pressSequentially(month);
      const link = billing.getByRole('link', { name: 'Superbill (PDF)' });
      expect(await link.getAttribute('href')).toBe(`/api/patients/${patientId}/superbill.pdf?month=${month}`);
      const superbill = await page.request.get((await link.getAttribute('href'))!);
      expect(await seriousA11yViolations(page), 'patient billing accessibility').toEqual([]);
      await page.setViewportSize(PHONE);
      await billing.screenshot({ path: 'test-results/billing-patient-phone.png' });
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(superbill.headers()['content-type']).toBe('application/pdf');
      expect((await superbill.body()).subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});
