import { describe, expect, it } from 'vitest';
import { isOpenAt, nextOpening, validateWeeklyHours, visitOutsideHours, type WeeklyHours } from './opening-hours.js';

const hours: WeeklyHours = {
  mon: [
    { open: '08:00', close: '12:00' },
    { open: '13:00', close: '18:00' },
  ],
  tue: [{ open: '08:00', close: '18:00' }],
  wed: [{ open: '08:00', close: '18:00' }],
  thu: [{ open: '08:00', close: '18:00' }],
  fri: [{ open: '08:00', close: '17:00' }],
  sat: [{ open: '02:30', close: '04:00' }],
  sun: [{ open: '01:30', close: '03:00' }],
};
const none = new Set<string>();

describe('isOpenAt', () => {
  it.each([
    ['Monday 08:00 local (opening minute)', '2026-11-23T16:00:00Z', 'America/Los_Angeles', true],
    ['Monday 07:59 local', '2026-11-23T15:59:00Z', 'America/Los_Angeles', false],
    ['Monday lunch break 12:30', '2026-11-23T20:30:00Z', 'America/Los_Angeles', false],
    ['Monday 18:00 (closing minute is closed)', '2026-11-24T02:00:00Z', 'America/Los_Angeles', false],
    ['the same instant is 11:00 in Atlanta', '2026-11-23T16:00:00Z', 'America/New_York', true],
    ['summer time: 08:00 PDT is 15:00Z', '2026-07-06T15:00:00Z', 'America/Los_Angeles', true],
    ['summer time: 15:00Z in winter is 07:00 PST', '2026-11-23T15:00:00Z', 'America/Los_Angeles', false],
    // Regression: on the fall-back Sunday (2026-11-01) 01:30 happens twice in Los Angeles; both are open.
    ['fall back, first 01:30 (PDT)', '2026-11-01T08:30:00Z', 'America/Los_Angeles', true],
    ['fall back, second 01:30 (PST)', '2026-11-01T09:30:00Z', 'America/Los_Angeles', true],
  ])('%s', (_label, iso, zone, open) => {
    expect(isOpenAt(hours, zone, none, new Date(iso))).toBe(open);
  });

  it("is closed all day on a holiday in the clinic's own calendar", () => {
    // 2026-12-25 09:00 in Atlanta is still 2026-12-25 06:00 in Los Angeles.
    const instant = new Date('2026-12-25T14:00:00Z');
    const hol = new Set(['2026-12-25']);
    const friday: WeeklyHours = { ...hours, fri: [{ open: '00:00', close: '23:59' }] };
    expect(isOpenAt(friday, 'America/New_York', hol, instant)).toBe(false);
    expect(isOpenAt(friday, 'America/New_York', none, instant)).toBe(true);
  });
});

describe('nextOpening', () => {
  it.each([
    ['open now returns now', '2026-11-23T17:00:00Z', 'America/Los_Angeles', '2026-11-23T17:00:00.000Z'],
    ['lunch break -> 13:00 the same day', '2026-11-23T20:15:00Z', 'America/Los_Angeles', '2026-11-23T21:00:00.000Z'],
    ['Friday evening -> Saturday 02:30', '2026-11-28T02:00:00Z', 'America/Los_Angeles', '2026-11-28T10:30:00.000Z'],
    // Spring forward: on 2026-03-08 02:30 does not exist in Los Angeles; Sunday opens 01:30 anyway.
    ['spring-forward Sunday opens at 01:30 PST', '2026-03-08T08:00:00Z', 'America/Los_Angeles', '2026-03-08T09:30:00.000Z'],
    // Saturday 2026-03-07 02:30 exists; the following Saturday too.
    ['Saturday opening in Chicago', '2026-03-07T07:00:00Z', 'America/Chicago', '2026-03-07T08:30:00.000Z'],
  ])('%s', (_label, from, zone, expected) => {
    expect(nextOpening(hours, zone, none, new Date(from))?.toISOString()).toBe(expected);
  });

  it('skips holidays', () => {
    const weekdays: WeeklyHours = { ...hours, sat: [], sun: [] };
    // Thanksgiving Thursday 2026-11-26 closed: from Wednesday 18:00 next is Friday 08:00.
    const next = nextOpening(weekdays, 'America/New_York', new Set(['2026-11-26']), new Date('2026-11-25T23:30:00Z'));
    expect(next?.toISOString()).toBe('2026-11-27T13:00:00.000Z');
  });

  it('returns null when the clinic never opens in the horizon', () => {
    const closed: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(nextOpening(closed, 'America/Chicago', none, new Date('2026-11-23T00:00:00Z'))).toBeNull();
  });
});

describe('validateWeeklyHours', () => {
  it('accepts valid hours and names each problem', () => {
    expect(validateWeeklyHours(hours)).toEqual([]);
    const bad: WeeklyHours = {
      ...hours,
      mon: [{ open: '09:00', close: '08:00' }],
      tue: [
        { open: '08:00', close: '12:00' },
        { open: '11:00', close: '13:00' },
      ],
      wed: [{ open: '25:00', close: '26:00' }],
    };
    expect(validateWeeklyHours(bad)).toEqual([
      { day: 'mon', index: 0, message: 'close must be after open' },
      { day: 'tue', index: 1, message: 'intervals must be in order and not overlap' },
      { day: 'wed', index: 0, message: 'times must be HH:MM (24-hour)' },
    ]);
  });
});

describe('visitOutsideHours (booking refuses what the clinic cannot host)', () => {
  const christmas = new Set(['2026-12-25']);
  // Expected answers by hand from the hours table above (Los Angeles unless named).
  it.each<[label: string, start: string, minutes: number, zone: string, fits: boolean, message?: RegExp]>([
    ['Tuesday 09:00-10:00 PST', '2026-11-24T17:00:00Z', 60, 'America/Los_Angeles', true],
    ['Tuesday 17:00-18:00 ends at closing', '2026-11-25T01:00:00Z', 60, 'America/Los_Angeles', true],
    ['Tuesday 17:30-18:30 runs past closing', '2026-11-25T01:30:00Z', 60, 'America/Los_Angeles', false, /outside opening hours/],
    ['Monday 11:30-12:30 crosses the lunch break', '2026-11-23T19:30:00Z', 60, 'America/Los_Angeles', false, /outside opening hours/],
    ['Monday 13:00-14:00 after lunch', '2026-11-23T21:00:00Z', 60, 'America/Los_Angeles', true],
    ['03:00 on Christmas Day (a holiday, and closed at 3 am)', '2026-12-25T11:00:00Z', 60, 'America/Los_Angeles', false, /holiday/],
    ['Friday 10:00 on Christmas Day', '2026-12-25T18:00:00Z', 60, 'America/Los_Angeles', false, /holiday/],
    ['Tuesday 07:00 PST is before opening', '2026-11-24T15:00:00Z', 60, 'America/Los_Angeles', false, /outside/],
    ['the same instant is 10:00 in New York: open', '2026-11-24T15:00:00Z', 60, 'America/New_York', true],
    ['summer: 08:00 PDT is 15:00Z', '2026-07-07T15:00:00Z', 30, 'America/Los_Angeles', true],
    [
      'spring-forward Sunday 01:30-02:30 PST: the wall clock jumps to 03:30, past closing 03:00',
      '2026-03-08T09:30:00Z',
      60,
      'America/Los_Angeles',
      false,
      /outside/,
    ],
    ['spring-forward Sunday 01:30-02:00 (30 minutes, ends 03:00 PDT)', '2026-03-08T09:30:00Z', 30, 'America/Los_Angeles', true],
    ['runs into the next day', '2026-11-24T17:00:00Z', 24 * 60, 'America/Los_Angeles', false, /end of the day/],
  ])('%s', (_label, start, minutes, zone, fits, message) => {
    const s = new Date(start);
    const problem = visitOutsideHours(hours, zone, christmas, s, new Date(s.getTime() + minutes * 60_000));
    expect(problem === null, String(problem)).toBe(fits);
    if (message) expect(problem).toMatch(message);
  });
});
