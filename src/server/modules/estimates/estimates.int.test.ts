import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientWithIntake } from '../../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let biller: Agent;
let provider: Agent;
let prices: { id: string; code: string; priceCents: number }[];

beforeAll(async () => {
  t = await createTestApp();
  biller = await t.login('biller');
  provider = await t.login('provider');
  prices = (await biller.get(`/api/locations/${t.clinics.get('SF')}/price-list`)).json().items;
});
afterAll(async () => t.close());
const price = (code: string) => prices.find((p) => p.code === code)!;

describe('cost estimates', () => {
  it('gives a self-pay patient a Good Faith Estimate with the required content and a payment plan', async () => {
    const patientId = await patientWithIntake(t, provider, null);
    const res = await biller.post(`/api/patients/${patientId}/estimates`, {
      priceItemId: price('KET-6').id,
      plannedStart: '2026-12-07',
      installments: 4,
      firstDueDate: '2026-12-07',
    });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({
      goodFaith: true,
      chargeCents: 347_500,
      patientCents: 347_500,
      payerCents: 0,
      coverage: null,
      diagnosisCodes: ['F33.2'],
      plannedStart: '2026-12-07',
    });
    expect(e.provider).toMatchObject({ name: 'Stepwise San Francisco', npi: '1234567893', taxId: '12-3456789' });
    expect(e.item.serviceCodes).toEqual(['96365', 'J3490']);
    expect(e.lines).toHaveLength(6);
    expect(e.paymentPlan).toEqual([
      { number: 1, dueDate: '2026-12-07', amountCents: 86_875 },
      { number: 2, dueDate: '2027-01-07', amountCents: 86_875 },
      { number: 3, dueDate: '2027-02-07', amountCents: 86_875 },
      { number: 4, dueDate: '2027-03-07', amountCents: 86_875 },
    ]);
    expect(e.disclaimers.join(' ')).toMatch(/\$400 or more/);
    expect(e.hsaFsa).toMatch(/HSA.*FSA/);
    const pdf = await biller.get(`/api/estimates/${e.id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const doc = await PDFDocument.load(pdf.rawPayload);
    expect(doc.getTitle()).toBe('Good Faith Estimate');
    expect(doc.getAuthor()).toMatch(/^Stepwise (San Francisco|Austin|Seattle|Atlanta)$/);
  });

  it('applies a plan that pays 50% of ketamine', async () => {
    const patientId = await patientWithIntake(t, provider, 'Evergreen Health Plan');
    const coverage = (await biller.get(`/api/patients/${patientId}/coverages`)).json().items[0];
    const e = (await biller.post(`/api/patients/${patientId}/estimates`, { priceItemId: price('KET-6-IT').id, coverageId: coverage.id })).json();
    // $4,466 as 6 lines (2 x 74,434 + 4 x 74,433 cents); 50% of each, half-cents rounded up per line: 6 x 37,217.
    expect(e).toMatchObject({
      goodFaith: false,
      chargeCents: 446_600,
      patientCents: 223_302,
      payerCents: 223_298,
      coverage: { payerName: 'Evergreen Health Plan', covered: true, policyVersion: 1 },
    });
  });

  it('uses the deductible and out-of-pocket figures from the latest benefits check, in whole cents', async () => {
    const patientId = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
    const coverage = (await biller.get(`/api/patients/${patientId}/coverages`)).json().items[0];
    await biller.post(`/api/coverages/${coverage.id}/benefits-checks`, {
      treatment: 'tms',
      checkedOn: '2026-11-20',
      referenceNumber: 'BH-55',
      deductibleCents: 150_000,
      deductibleMetCents: 100_000,
      outOfPocketMaxCents: 400_000,
      outOfPocketMetCents: 150_000,
      coinsurancePercent: 20,
    });
    const e = (await biller.post(`/api/patients/${patientId}/estimates`, { priceItemId: price('TMS-36').id, coverageId: coverage.id, installments: 3 })).json();
    // $10,500 over 36 sessions (24 x 29,167 + 12 x 29,166 cents); the first $500 is deductible, then 20% of the rest,
    // rounded per session as a payer adjudicates each claim line: 50,000 + 1,667 + 34 x 5,833 = 249,989 cents,
    // under the $2,500 out-of-pocket still open.
    expect(e.patientCents).toBe(249_989);
    expect(e.coverage).toMatchObject({ deductibleRemainingCents: 50_000, outOfPocketRemainingCents: 250_000, benefitsReference: 'BH-55' });
    expect(e.paymentPlan.reduce((a: number, p: { amountCents: number }) => a + p.amountCents, 0)).toBe(249_989);
    // IV ketamine is not covered by this plan: the full price.
    const ket = (await biller.post(`/api/patients/${patientId}/estimates`, { priceItemId: price('KET-1').id, sessions: 6, coverageId: coverage.id })).json();
    expect(ket).toMatchObject({ patientCents: 6 * 57_500, coverage: { covered: false, note: expect.stringMatching(/off-label/) } });
    const list = (await biller.get(`/api/patients/${patientId}/estimates`)).json().items;
    expect(list).toHaveLength(2);
  });

  it('names bad input; managers keep their clinic price lists', async () => {
    const patientId = await patientWithIntake(t, provider, null);
    const bad = await biller.post(`/api/patients/${patientId}/estimates`, { priceItemId: 'x', installments: 30 });
    expect(bad.statusCode).toBe(400);
    expect((bad.json().error.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['installments', 'priceItemId']);
    const unknown = await biller.post(`/api/patients/${patientId}/estimates`, { priceItemId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.json().error.fields).toEqual([{ path: 'priceItemId', message: 'is not an active item of a clinic price list' }]);
    const manager = await t.login('manager');
    const added = await manager.post(`/api/locations/${t.clinics.get('SF')}/price-list`, {
      code: 'ESK-8',
      name: 'Esketamine induction, 8 sessions',
      kind: 'package',
      treatment: 'esketamine',
      sessions: 8,
      priceCents: 640_000,
      serviceCodes: ['G2083'],
    });
    expect(added.statusCode, added.body).toBe(201);
    const badPrice = await manager.patch(`/api/price-list/${added.json().id}`, { priceCents: 10.5 });
    expect(badPrice.statusCode).toBe(400);
    expect(
      (
        await manager.post(`/api/locations/${t.clinics.get('ATL')}/price-list`, {
          code: 'X-1',
          name: 'x',
          kind: 'session',
          treatment: 'tms',
          sessions: 1,
          priceCents: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect((await biller.post(`/api/locations/${t.clinics.get('SF')}/price-list`, {})).statusCode).toBe(403);
  });
});
