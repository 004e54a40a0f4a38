import { describe, expect, it } from 'vitest';
import { appealability, appealDeadline, filingStatus, timelyFilingDeadline } from './deadlines.js';

describe('timely filing (B7.3)', () => {
  it.each([
    ['Medicare: one calendar year', '2026-03-15', { kind: 'medicare' as const }, '2027-03-15'],
    ['Medicare: Feb 29 is due Feb 28', '2028-02-29', { kind: 'medicare' as const }, '2029-02-28'],
    ['VA CCN: 180 days', '2026-11-25', { kind: 'va_community_care' as const }, '2027-05-24'],
    ['commercial: clinic default 90 days', '2026-11-25', { kind: 'commercial' as const }, '2027-02-23'],
    ['commercial: contract says 180', '2026-11-25', { kind: 'commercial' as const, filingDays: 180 }, '2027-05-24'],
    ['commercial across the DST change (dates, not hours)', '2026-03-07', { kind: 'commercial' as const, filingDays: 1 }, '2026-03-08'],
  ])('%s', (_n, dos, rule, deadline) => expect(timelyFilingDeadline(dos, rule)).toBe(deadline));

  it.each([
    ['2026-12-01', 'ok', 84],
    ['2027-02-09', 'near', 14],
    ['2027-02-23', 'near', 0],
    ['2027-02-24', 'past', -1],
  ] as const)('on %s a 90-day claim from 2026-11-25 is %s', (today, state, daysLeft) => {
    expect(filingStatus('2026-11-25', { kind: 'commercial' }, today)).toEqual({ deadline: '2027-02-23', daysLeft, state });
  });
});

describe('appeal deadlines (domain.md §8.5, B7.4)', () => {
  it.each([
    ['erisa', 1, '2026-12-15', '2027-06-13'],
    ['erisa', 2, '2026-08-31', '2026-12-31'],
    ['medicare', 1, '2026-12-15', '2027-04-14'],
    ['medicare', 2, '2026-12-15', '2027-06-13'],
    ['medicare', 3, '2026-12-15', '2027-02-13'],
    ['medicare', 5, '2026-12-15', '2027-02-13'],
    ['medicare_advantage', 1, '2026-12-15', '2027-02-13'],
    ['va_ccn', 1, '2026-12-15', '2027-03-15'],
    ['medicaid', 1, '2026-12-15', '2027-03-15'],
  ] as const)('%s level %i from %s -> %s', (rules, level, decided, deadline) => expect(appealDeadline(rules, level, decided)?.deadline).toBe(deadline));

  it('Medicare has five levels, the ALJ needs $190 in controversy', () => {
    expect(appealDeadline('medicare', 3, '2026-01-01')?.level.minimumInControversyCents).toBe(19000);
    expect(appealDeadline('medicare', 6, '2026-01-01')).toBeNull();
    expect(appealDeadline('erisa', 3, '2026-01-01')).toBeNull();
  });

  it.each([
    ['medicare', '29', false],
    ['erisa', '29', true],
    ['medicare', '50', true],
    ['va_ccn', '197', true],
  ] as const)('%s CARC %s appealable: %s', (rules, carc, ok) => expect(appealability(rules, carc).appealable).toBe(ok));
});
