import { describe, expect, it } from 'vitest';
import type { WeeklyHours } from '../scheduling/opening-hours.js';
import { callbackPromise, describeCallbackPromise, isKnownTimeZone } from './callback-promise.js';

const weekdays = [{ open: '08:00', close: '18:00' }];
const HOURS: WeeklyHours = { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [], sun: [] };
const LA = 'America/Los_Angeles';
const none = new Set<string>();

describe('callback promise', () => {
  it.each([
    // [name, requested (UTC), due (UTC), within hours]
    ['Monday 10:00 Pacific: 10 minutes', '2026-11-23T18:00:00Z', '2026-11-23T18:10:00Z', true],
    ['Monday 17:55 Pacific: still inside, due after close', '2026-11-24T01:55:00Z', '2026-11-24T02:05:00Z', true],
    ['Monday 18:00 Pacific: closed, next opening Tuesday 08:00', '2026-11-24T02:00:00Z', '2026-11-24T16:10:00Z', false],
    ['Saturday noon Pacific: Monday 08:10', '2026-11-28T20:00:00Z', '2026-11-30T16:10:00Z', false],
    ['Friday 07:59 Pacific: 08:10 the same day', '2026-11-27T15:59:00Z', '2026-11-27T16:10:00Z', false],
    // DST: clocks go back on Sunday 2026-11-01, so Monday 08:00 PST is 16:00 UTC, not 15:00.
    ['Sunday before the fall-back change', '2026-11-01T12:00:00Z', '2026-11-02T16:10:00Z', false],
    // Spring forward on Sunday 2027-03-14: Monday 08:00 PDT is 15:00 UTC.
    ['Sunday of the spring-forward change', '2027-03-14T12:00:00Z', '2027-03-15T15:10:00Z', false],
  ])('%s', (_name, requested, due, within) => {
    const p = callbackPromise(HOURS, LA, none, new Date(requested));
    expect(p.dueAt.toISOString()).toBe(new Date(due).toISOString());
    expect(p.withinCallingHours).toBe(within);
  });

  it('skips a holiday in the clinic zone', () => {
    const p = callbackPromise(HOURS, LA, new Set(['2026-11-26', '2026-11-27']), new Date('2026-11-26T18:00:00Z'));
    expect(p.dueAt.toISOString()).toBe('2026-11-30T16:10:00.000Z');
  });

  it('states the time in the visitor zone, named', () => {
    const now = new Date('2026-11-23T18:00:00Z');
    const inside = callbackPromise(HOURS, LA, none, now);
    expect(describeCallbackPromise(inside, 'America/New_York', now)).toBe('We will call you within 10 minutes, by 1:10 PM Eastern Standard Time.');
    const later = new Date('2026-11-24T03:00:00Z'); // Monday 19:00 Pacific, Monday 22:00 Eastern
    const outside = callbackPromise(HOURS, LA, none, later);
    expect(describeCallbackPromise(outside, 'America/New_York', later)).toBe(
      'Our team is outside calling hours right now. We will call you when we open: by 11:10 AM tomorrow (Eastern Standard Time).',
    );
  });

  it('knows real zones', () => {
    expect(isKnownTimeZone('America/Chicago')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
