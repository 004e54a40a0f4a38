import { describe, expect, it } from 'vitest';
import { addDays, clinicDateOf, clinicDaysRange, clinicToday, daysFromTo } from './clinic-today.js';

// Expected dates written by hand from the wall clocks.
const cases: [label: string, zone: string, instant: string, expected: string][] = [
  ['16:30 Pacific (PST) is still today, though UTC has moved on', 'America/Los_Angeles', '2026-11-30T00:30:00Z', '2026-11-29'],
  ['23:59 Pacific on the last day of the year', 'America/Los_Angeles', '2027-01-01T07:59:00Z', '2026-12-31'],
  ['00:00 Pacific is the new day', 'America/Los_Angeles', '2027-01-01T08:00:00Z', '2027-01-01'],
  ['16:30 Pacific in summer (PDT)', 'America/Los_Angeles', '2026-07-15T23:30:00Z', '2026-07-15'],
  ['spring forward: 01:59 PST, then 03:00 PDT on 2026-03-08', 'America/Los_Angeles', '2026-03-08T09:59:00Z', '2026-03-08'],
  ['spring forward: the evening of the short day', 'America/Los_Angeles', '2026-03-09T06:30:00Z', '2026-03-08'],
  ['fall back: 23:30 PST on 2026-11-01 (the long day)', 'America/Los_Angeles', '2026-11-02T07:30:00Z', '2026-11-01'],
  ['Central time late afternoon', 'America/Chicago', '2026-11-30T23:30:00Z', '2026-11-30'],
  ['Central time after 18:00 is still today', 'America/Chicago', '2026-12-01T05:59:00Z', '2026-11-30'],
  ['Eastern 19:30 is today while UTC is tomorrow', 'America/New_York', '2026-12-01T00:30:00Z', '2026-11-30'],
];

describe('clinicToday', () => {
  it.each(cases)('%s', (_label, zone, instant, expected) => {
    expect(clinicToday(zone, new Date(instant))).toBe(expected);
    expect(clinicDateOf(zone, instant)).toBe(expected);
  });

  it('refuses an unknown zone rather than guessing UTC', () => {
    expect(() => clinicToday('Mars/Olympus_Mons', new Date())).toThrow(/time zone/);
  });

  it('adds and counts calendar days across DST', () => {
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-10-31', 2)).toBe('2026-11-02');
    expect(daysFromTo('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysFromTo('2026-11-30', '2026-11-01')).toBe(-29);
  });
});

// Written by hand: Pacific midnight is 08:00Z in winter, 07:00Z in summer; 2027-03-14 springs forward, 2026-11-01 falls back.
describe('clinicDaysRange', () => {
  it.each([
    ['a winter day', 'America/Los_Angeles', '2026-12-01', 1, '2026-12-01T08:00:00.000Z', '2026-12-02T08:00:00.000Z'],
    ['the 23-hour spring-forward day', 'America/Los_Angeles', '2027-03-14', 1, '2027-03-14T08:00:00.000Z', '2027-03-15T07:00:00.000Z'],
    ['the 25-hour fall-back day', 'America/Los_Angeles', '2026-11-01', 1, '2026-11-01T07:00:00.000Z', '2026-11-02T08:00:00.000Z'],
    ['a week across spring forward', 'America/New_York', '2027-03-08', 7, '2027-03-08T05:00:00.000Z', '2027-03-15T04:00:00.000Z'],
  ] as const)('%s', (_name, zone, date, days, start, end) => {
    const range = clinicDaysRange(zone, date, days);
    expect(range.start.toISOString()).toBe(start);
    expect(range.end.toISOString()).toBe(end);
  });
});
