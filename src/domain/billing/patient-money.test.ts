import { describe, expect, it } from 'vitest';
import { installmentStanding, installmentsToRemind, nsaCheck, patientShareAllowed } from './patient-money.js';

describe('No Surprises Act: $400 above the Good Faith Estimate (B8)', () => {
  it.each([
    [150000, 110000, true],
    [150000, 110001, false],
    [149999, 110000, false],
    [100000, 110000, false],
  ])('billed %i against GFE %i -> eligible %s', (billed, gfe, eligible) => expect(nsaCheck(billed, gfe, '2026-12-01').disputeEligible).toBe(eligible));
  it('states the 120-day window from the bill', () => {
    const c = nsaCheck(200000, 100000, '2026-12-01');
    expect(c).toMatchObject({ overCents: 100000, disputeBy: '2027-03-31' });
    expect(c.notice).toMatch(/\$25/);
    expect(c.notice).toMatch(/collections/);
  });
});

describe('payment plan installments', () => {
  const plan = {
    installments: [
      { dueOn: '2026-11-01', amountCents: 10000 },
      { dueOn: '2026-12-01', amountCents: 10000 },
      { dueOn: '2027-01-01', amountCents: 10000 },
    ],
  };
  it.each([
    [0, '2026-12-01', 20000, { dueOn: '2027-01-01', amountCents: 10000 }],
    [15000, '2026-12-01', 5000, { dueOn: '2027-01-01', amountCents: 10000 }],
    [25000, '2026-12-01', 0, { dueOn: '2027-01-01', amountCents: 5000 }],
    [30000, '2026-12-01', 0, null],
    [0, '2026-10-31', 0, { dueOn: '2026-11-01', amountCents: 10000 }],
  ])('paid %i on %s: overdue %i', (paid, today, overdue, next) => {
    const s = installmentStanding(plan, paid, today);
    expect(s.overdueCents).toBe(overdue);
    expect(s.nextDue).toEqual(next);
  });
});

describe('installment reminders (3 days ahead, overdue ones once)', () => {
  const plan = {
    installments: [
      { number: 1, dueOn: '2026-11-01', amountCents: 10000 },
      { number: 2, dueOn: '2026-12-01', amountCents: 10000 },
      { number: 3, dueOn: '2027-01-01', amountCents: 10000 },
    ],
  };
  it.each([
    ['nothing paid, the first overdue, the second due in 3 days', 0, '2026-11-28', ['1:10000:overdue', '2:10000:due']],
    ['the first paid, the second due in 4 days', 10000, '2026-11-27', []],
    ['the first paid, the second due in 3 days', 10000, '2026-11-28', ['2:10000:due']],
    ['half of the second paid', 15000, '2026-11-30', ['2:5000:due']],
    ['all paid', 30000, '2027-01-05', []],
    ['the last overdue', 20000, '2027-01-05', ['3:10000:overdue']],
  ])('%s', (_n, paid, today, out) =>
    expect(installmentsToRemind(plan, paid, today).map((i) => `${i.number}:${i.amountCents}:${i.overdue ? 'overdue' : 'due'}`)).toEqual(out),
  );
});

describe('who may be billed a patient share (B7.5)', () => {
  it.each([
    ['commercial', true],
    ['medicare', true],
    ['medicaid', true],
    ['va_community_care', false],
  ])('%s -> %s', (kind, allowed) => expect(patientShareAllowed(kind)).toBe(allowed));
});
