import { describe, expect, it } from 'vitest';
import { spacingProblems, type SeriesVisit } from './spacing.js';

// Written by hand from the protocols' spacing (domain.md §2.1, §4.1): TMS acute daily on weekdays, at most 5 a
// week; Spravato induction twice a week with 2-5 days between visits.
const tms = { minGapDays: 1, maxGapDays: 4, perWeek: 5, weekdaysOnly: true };
const spravato = { minGapDays: 2, maxGapDays: 5, perWeek: 2, weekdaysOnly: false };
const v = (date: string, spacing = tms, phase = 'Acute'): SeriesVisit => ({ phase, spacing, date });

const CASES: [string, string[], SeriesVisit[], { index: number; match: RegExp }[]][] = [
  ['a weekday week of TMS', [], ['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08'].map((d) => v(d)), []],
  ['TMS on a Saturday', [], [v('2027-01-08'), v('2027-01-09')], [{ index: 1, match: /weekend/ }]],
  ['two TMS visits on one day', [], [v('2027-01-04'), v('2027-01-04')], [{ index: 1, match: /at least 1/ }]],
  ['a six-day gap in TMS', [], [v('2027-01-04'), v('2027-01-11')], [{ index: 1, match: /at most 4/ }]],
  ['earlier visits count toward the week', ['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07'], [v('2027-01-08')], []],
  ['Spravato three in a week', ['2027-01-04', '2027-01-06'], [v('2027-01-08', spravato, 'Induction')], [{ index: 0, match: /at most 2 a week/ }]],
  ['Spravato one day after the last', ['2027-01-04'], [v('2027-01-05', spravato, 'Induction')], [{ index: 0, match: /at least 2/ }]],
  ['Spravato Monday and Thursday', ['2027-01-04'], [v('2027-01-07', spravato, 'Induction')], []],
];

describe('spacing of chosen visits', () => {
  it.each(CASES)('%s', (_name, earlier, visits, expected) => {
    const problems = spacingProblems(earlier, visits);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(problems[i]?.index).toBe(e.index);
      expect(problems[i]?.message).toMatch(e.match);
    });
  });
});
