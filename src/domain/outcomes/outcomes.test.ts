import { describe, expect, it } from 'vitest';
import { courseBaseline, courseOutcome, median, meetsImprovementThreshold, percentReduction, rate } from './outcomes.js';

const at = (iso: string) => new Date(`${iso}T15:00:00Z`);
const s = (iso: string, total: number) => ({ at: at(iso), total });

describe('percent reduction (positive = better)', () => {
  it.each([
    // baseline, latest, expected: worked by hand; domain §6.1's example first (20 -> 9 is 55%).
    [20, 9, 55],
    [20, 4, 80],
    [20, 10, 50],
    [20, 11, 45],
    [12, 9, 25],
    [9, 12, -33.3],
    [3, 0, 100],
    [0, 0, null],
    [0, 4, null],
  ])('%i -> %i is %s%%', (baseline, latest, expected) => {
    expect(percentReduction(baseline, latest)).toBe(expected);
  });
});

describe('the course baseline', () => {
  it.each([
    ['the last score before the first treatment', [s('2026-03-01', 18), s('2026-03-09', 21)], '2026-03-10', 21],
    ['a score on the day, before the infusion', [s('2026-03-10', 19)], '2026-03-10', 19],
    ['none older than 30 days', [s('2026-01-01', 22)], '2026-03-10', null],
    ['exactly 30 days back still counts', [{ at: new Date(at('2026-03-10').getTime() - 30 * 86_400_000), total: 17 }], '2026-03-10', 17],
    ['a score after the first treatment is not a baseline', [s('2026-03-12', 15)], '2026-03-10', null],
  ])('%s', (_, scores, first, expected) => {
    const b = courseBaseline(scores, at(first));
    expect(b.baseline?.total ?? null).toBe(expected);
  });
  it('before any treatment, the latest score so far', () => {
    expect(courseBaseline([s('2026-03-01', 18), s('2026-03-05', 16)], null).baseline?.total).toBe(16);
    expect(courseBaseline([], null).reason).toMatch(/No score/);
  });
});

describe('a course outcome', () => {
  const first = at('2026-03-10');
  const until = at('2026-04-30');
  it.each([
    // instrument, scores, response, remission, meaningful, % , days to response
    ['PHQ-9', [s('2026-03-09', 20), s('2026-03-20', 14), s('2026-04-01', 9)], true, false, null, 55, 22],
    ['PHQ-9', [s('2026-03-09', 20), s('2026-03-20', 9), s('2026-04-01', 4)], true, true, null, 80, 10],
    ['PHQ-9', [s('2026-03-09', 20), s('2026-04-01', 11)], false, false, null, 45, null],
    ['GAD-7', [s('2026-03-09', 12), s('2026-04-01', 4)], true, true, null, 66.7, 22],
    ['GAD-7', [s('2026-03-09', 12), s('2026-04-01', 5)], true, false, null, 58.3, 22],
    ['PCL-5', [s('2026-03-09', 50), s('2026-04-01', 40)], false, null, true, 20, null],
    ['PCL-5', [s('2026-03-09', 50), s('2026-04-01', 41)], false, null, false, 18, null],
    ['PCL-5', [s('2026-03-09', 50), s('2026-04-01', 24)], true, null, true, 52, 22],
  ] as const)('%s %j', (instrument, scores, response, remission, meaningful, pct, days) => {
    const o = courseOutcome(instrument, scores, first, until);
    expect(o.response).toBe(response);
    expect(o.remission).toBe(remission);
    expect(o.meaningfulChange).toBe(meaningful);
    expect(o.percentReduction).toBe(pct);
    expect(o.daysToResponse).toBe(days);
  });
  it('response is judged on the latest score: one that met it earlier is still counted in the time to response', () => {
    const o = courseOutcome('PHQ-9', [s('2026-03-09', 20), s('2026-03-20', 9), s('2026-04-01', 12)], first, until);
    expect(o).toMatchObject({ response: false, percentReduction: 40, daysToResponse: 10, followUps: 2 });
  });
  it('scores after the end of the course do not count', () => {
    const o = courseOutcome('PHQ-9', [s('2026-03-09', 20), s('2026-04-01', 12), s('2026-05-10', 3)], first, until);
    expect(o.latest?.total).toBe(12);
  });
  it('says why there is nothing to judge', () => {
    expect(courseOutcome('PHQ-9', [], first, until)).toMatchObject({ response: null, remission: null, baseline: null });
    expect(courseOutcome('PHQ-9', [s('2026-03-09', 20)], first, until).notes).toEqual(['No follow-up score since the baseline.']);
    expect(courseOutcome('PHQ-9', [s('2026-03-09', 0), s('2026-03-20', 0)], first, until)).toMatchObject({ response: null, remission: true });
  });
});

describe('payer thresholds, medians and rates', () => {
  it.each([
    [25, true],
    [24.9, false],
    [60, true],
    [null, null],
  ])('Medicare 25%%: %s -> %s', (pct, expected) => {
    expect(meetsImprovementThreshold(pct, 25)).toBe(expected);
  });
  it('medians', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
  it('a rate carries its counts', () => {
    expect(rate(3, 8)).toEqual({ n: 3, of: 8, percent: 37.5 });
    expect(rate(0, 0)).toEqual({ n: 0, of: 0, percent: null });
  });
});
