import { describe, expect, it } from 'vitest';
import { addDays, clinicDateOf, clinicToday, daysFromTo } from './clinic-today.js';

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
