import { canMovePriorAuthorization } from './authorization.js';
import { describe, expect, it } from 'vitest';
import { approvalStatus } from './authorization.js';
import { estimateCourse, paymentPlan, percentOf, splitCents, type EstimateInput } from './estimate.js';
import { coverageOutlook, evaluateCriteria, type ChartFacts, type PolicyTerms } from './policy.js';

const chart: ChartFacts = {
  ageYears: 44,
  diagnoses: ['F33.2'],
  failedTrials: [
    { drug: 'sertraline', class: 'ssri', dose: '150 mg/day', dates: '2024-01-10 to 2024-04-10', outcome: 'no response' },
    { drug: 'bupropion', class: 'ndri', dose: '300 mg/day', dates: '2024-05-01 to 2024-08-01', outcome: 'partial response' },
  ],
  augmentationTrials: [],
  psychotherapy: { modality: 'CBT', sessions: 16, dates: '2023-01-01 to 2023-06-01' },
  phq9: { total: 18, takenOn: '2026-11-20' },
};
const tmsPolicy: PolicyTerms = {
  covered: true,
  priorAuthorizationRequired: true,
  criteria: { minFailedTrials: 2, minDistinctClasses: 2, psychotherapyTrialRequired: true, minPhq9: 15, minAge: 18, diagnosisCodes: ['F32', 'F33'] },
  payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true },
  approval: { sessions: 36, days: 90 },
  documents: ['Letter of medical necessity', 'Medication trial history'],
};

describe('policy criteria', () => {
  it.each<[string, Partial<ChartFacts>, Record<string, boolean | null>]>([
    ['all met', {}, { diagnosis: true, age: true, failed_trials: true, classes: true, psychotherapy: true, severity: true }],
    ['one trial only', { failedTrials: chart.failedTrials.slice(0, 1) }, { failed_trials: false, classes: false }],
    [
      'two trials of one class',
      { failedTrials: [chart.failedTrials[0]!, { ...chart.failedTrials[0]!, drug: 'fluoxetine' }] },
      { failed_trials: true, classes: false },
    ],
    ['no PHQ-9', { phq9: null }, { severity: null }],
    ['PHQ-9 below the floor', { phq9: { total: 14, takenOn: '2026-11-20' } }, { severity: false }],
    ['no psychotherapy', { psychotherapy: null }, { psychotherapy: false }],
    ['a minor', { ageYears: 16 }, { age: false }],
    ['GAD only', { diagnoses: ['F41.1'] }, { diagnosis: false }],
    ['no diagnosis', { diagnoses: [] }, { diagnosis: null }],
  ])('%s', (_name, o, expected) => {
    const r = evaluateCriteria(tmsPolicy.criteria, { ...chart, ...o });
    for (const [criterion, met] of Object.entries(expected)) expect(r.find((c) => c.criterion === criterion)?.met, criterion).toBe(met);
  });

  it('gives the outlook with documents still needed', () => {
    expect(coverageOutlook(tmsPolicy, chart)).toMatchObject({
      status: 'covered_with_prior_authorization',
      documentsNeeded: ['Letter of medical necessity', 'Medication trial history'],
    });
    const missing = coverageOutlook(tmsPolicy, { ...chart, phq9: null });
    expect(missing.status).toBe('information_missing');
    expect(missing.documentsNeeded).toContain('Evidence for: PHQ-9 of at least 15');
    expect(coverageOutlook({ ...tmsPolicy, covered: false, note: 'off-label' }, chart).status).toBe('not_covered');
    expect(coverageOutlook(tmsPolicy, { ...chart, psychotherapy: null }).status).toBe('criteria_not_met');
  });
});

describe('estimate arithmetic in integer cents', () => {
  it('says "capped by the out-of-pocket maximum" only when the cap was reached', () => {
    const capped = (oop: number | null) =>
      estimateCourse({
        priceCents: 60_000,
        sessions: 6,
        covered: true,
        payment: { kind: 'coinsurance', patientPercent: 50, deductibleApplies: false },
        deductibleRemainingCents: 0,
        outOfPocketRemainingCents: oop,
      }).steps.some((x) => x.startsWith('Capped by the out-of-pocket maximum'));
    expect(capped(100_000)).toBe(true);
    expect(capped(0)).toBe(true);
    expect(capped(500_000)).toBe(false);
    expect(capped(180_000)).toBe(false);
    expect(capped(null)).toBe(false);
  });

  const base: EstimateInput = {
    priceCents: 60_000,
    sessions: 6,
    covered: true,
    payment: { kind: 'coinsurance', patientPercent: 50, deductibleApplies: false },
    deductibleRemainingCents: 0,
    outOfPocketRemainingCents: null,
  };
  it.each<[string, Partial<EstimateInput>, number]>([
    ['self-pay: full price', { covered: false }, 360_000],
    ['50% coinsurance, no deductible', {}, 180_000],
    [
      '20% after a $500 deductible',
      { payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true }, deductibleRemainingCents: 50_000 },
      50_000 + percentOf(360_000 - 50_000, 20),
    ],
    [
      'deductible larger than the course',
      { payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true }, deductibleRemainingCents: 1_000_000 },
      360_000,
    ],
    ['out-of-pocket maximum caps it', { outOfPocketRemainingCents: 100_000 }, 100_000],
    ['out-of-pocket maximum already met', { outOfPocketRemainingCents: 0 }, 0],
    ['copay per session', { payment: { kind: 'copay', copayCents: 4_000 } }, 24_000],
    ['copay larger than the price', { priceCents: 3_000, payment: { kind: 'copay', copayCents: 4_000 } }, 18_000],
    ['package price, self-pay (Stella 6 infusions $3,475)', { covered: false, packagePriceCents: 347_500 }, 347_500],
    [
      'package with 33% coinsurance, odd cents',
      { packagePriceCents: 100_001, payment: { kind: 'coinsurance', patientPercent: 33, deductibleApplies: false } },
      splitCents(100_001, 6).reduce((a, c) => a + percentOf(c, 33), 0),
    ],
    ['0% coinsurance', { payment: { kind: 'coinsurance', patientPercent: 0, deductibleApplies: false } }, 0],
    ['payment kind none', { payment: { kind: 'none' } }, 360_000],
    ['out-of-pocket maximum larger than the course: not reached', { outOfPocketRemainingCents: 500_000 }, 180_000],
  ])('%s', (_name, o, patient) => {
    const e = estimateCourse({ ...base, ...o });
    expect(e.patientCents).toBe(patient);
    expect(e.patientCents + e.payerCents).toBe(e.chargeCents);
    for (const l of e.lines) {
      expect(Number.isInteger(l.patientCents)).toBe(true);
      expect(l.deductibleCents + l.coinsuranceCents + l.copayCents).toBe(l.patientCents);
    }
  });
  it('rounds half up and splits exactly', () => {
    expect(percentOf(1, 50)).toBe(1);
    expect(percentOf(3, 33)).toBe(1);
    expect(splitCents(100, 3)).toEqual([34, 33, 33]);
    expect(() => splitCents(10.5, 2)).toThrow();
    expect(() => estimateCourse({ ...base, priceCents: 1.5 })).toThrow(/priceCents/);
  });
  it('plans monthly installments that add up, clamping to month ends', () => {
    const plan = paymentPlan(347_500, 4, '2027-01-31');
    expect(plan.map((p) => p.amountCents)).toEqual([86_875, 86_875, 86_875, 86_875]);
    expect(plan.map((p) => p.dueDate)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(paymentPlan(100, 3, '2026-12-15').map((p) => [p.dueDate, p.amountCents])).toEqual([
      ['2026-12-15', 34],
      ['2027-01-15', 33],
      ['2027-02-15', 33],
    ]);
  });
});

describe('authorization counting', () => {
  const approval = { approvedSessions: 36, startDate: '2026-11-01', endDate: '2027-01-29' };
  it.each<[string, number, string, Parameters<typeof approvalStatus>[3], Partial<ReturnType<typeof approvalStatus>>]>([
    ['fresh', 0, '2026-11-02', undefined, { remainingSessions: 36, active: true, expiringSoon: false }],
    [
      'plan runs past the sessions',
      30,
      '2026-12-20',
      { remainingSessions: 8 },
      { remainingSessions: 6, warnings: ['The plan has 8 more sessions, but only 6 are approved.'] },
    ],
    [
      'plan runs past the end date',
      10,
      '2026-12-01',
      { remainingSessions: 20, lastDate: '2027-02-10' },
      { warnings: ['The plan runs to 2027-02-10, past the approval end 2027-01-29.'] },
    ],
    ['ends within two weeks', 20, '2027-01-20', undefined, { daysLeft: 9, expiringSoon: true }],
    ['runs out within two weeks at 5 a week', 28, '2026-12-10', { remainingSessions: 8, sessionsPerWeek: 5 }, { runningOutSoon: true }],
    [
      'three left (issue 9: the biller is told)',
      33,
      '2026-12-20',
      undefined,
      { remainingSessions: 3, fewLeft: true, warnings: ['Only 3 approved session(s) left: request an extension.'] },
    ],
    ['four left', 32, '2026-12-20', undefined, { remainingSessions: 4, fewLeft: false, warnings: [] }],
    ['used up', 36, '2026-12-20', undefined, { remainingSessions: 0, active: false, fewLeft: false }],
    ['expired', 10, '2027-02-01', undefined, { active: false, expiringSoon: false }],
    ['not started', 0, '2026-10-20', undefined, { active: false }],
  ])('%s', (_name, used, today, plan, expected) => {
    expect(approvalStatus(approval, used, today, plan)).toMatchObject(expected);
  });
  it('handles visit-unlimited referrals', () => {
    expect(approvalStatus({ approvedSessions: null, startDate: '2026-11-01', endDate: '2027-10-31' }, 50, '2026-12-01')).toMatchObject({
      remainingSessions: null,
      active: true,
    });
  });
});

describe('prior authorization transitions (written by hand)', () => {
  it.each<[string, string, boolean]>([
    ['draft', 'submitted', true],
    ['draft', 'approved', false],
    ['submitted', 'more_info_requested', true],
    ['submitted', 'approved', true],
    ['submitted', 'denied', true],
    ['submitted', 'draft', false],
    ['more_info_requested', 'submitted', true],
    ['more_info_requested', 'approved', true],
    ['approved', 'denied', false],
    ['approved', 'submitted', false],
    ['denied', 'submitted', true],
    ['denied', 'approved', false],
    ['unknown', 'submitted', false],
  ])('%s -> %s: %s', (from, to, allowed) => {
    expect(canMovePriorAuthorization(from, to)).toBe(allowed);
  });
});
