import { DateTime } from 'luxon';
import { defined } from '../defined.js';

/**
 * The clinic's wall-clock date ("today") in its IANA zone, as an ISO date. Never the UTC date: at 16:30 in
 * California it is already tomorrow in UTC, and score recency, the policy in force and days left on an
 * authorization would all be a day off.
 */
export function clinicToday(zone: string, now: Date = new Date()): string {
  const d = DateTime.fromJSDate(now, { zone });
  if (!d.isValid) throw new Error(`unknown time zone ${zone}`);
  return d.toISODate();
}

/** The clinic-local date of an instant (ISO timestamp or Date). */
export function clinicDateOf(zone: string, instant: string | Date): string {
  return clinicToday(zone, typeof instant === 'string' ? new Date(instant) : instant);
}

/** An ISO date plus (or minus) whole days, on the calendar (no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  return defined(DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ days }).toISODate());
}

/** Whole calendar days from `a` to `b` (ISO dates). */
export function daysFromTo(a: string, b: string): number {
  return Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);
}

/**
 * The instants bounding `days` whole clinic days from `date` (midnight to midnight on the clinic's wall clock): a
 * day board's or a calendar's range. A DST day is 23 or 25 hours long.
 */
export function clinicDaysRange(zone: string, date: string, days = 1): { start: Date; end: Date } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  if (!start.isValid) throw new Error(`not a date in a known zone: ${date} ${zone}`);
  return { start: start.toJSDate(), end: DateTime.fromISO(addDays(date, days), { zone }).startOf('day').toJSDate() };
}
