import { DateTime } from 'luxon';
import { defined } from '../defined.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening intervals in the clinic's local wall-clock time, "HH:MM" 24-hour; an empty list means closed. */
export type DayHours = { open: string; close: string }[];
/** Days missing from stored hours are closed. */
export type WeeklyHours = Partial<Record<Weekday, DayHours>>;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of a "HH:MM" wall-clock time; throws on anything else. */
export function minutesOf(hhmm: string): number {
  const m = TIME.exec(hhmm);
  if (!m) throw new Error(`not a HH:MM time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Returns the problems with a week of opening hours (bad times, close before open, overlaps), empty when valid. */
export function validateWeeklyHours(hours: WeeklyHours): { day: Weekday; index: number; message: string }[] {
  const problems: { day: Weekday; index: number; message: string }[] = [];
  for (const day of WEEKDAYS) {
    const intervals = hours[day] ?? [];
    let previousClose = -1;
    intervals.forEach((iv, index) => {
      if (!TIME.test(iv.open) || !TIME.test(iv.close)) {
        problems.push({ day, index, message: 'times must be HH:MM (24-hour)' });
        return;
      }
      const open = minutesOf(iv.open);
      const close = minutesOf(iv.close);
      if (close <= open) problems.push({ day, index, message: 'close must be after open' });
      if (open < previousClose) problems.push({ day, index, message: 'intervals must be in order and not overlap' });
      previousClose = close;
    });
  }
  return problems;
}

/**
 * Whether the clinic is open at an instant, judged on the clinic's own wall clock (so DST shifts move the
 * opening instant, not the opening hour), and closed all day on a holiday (ISO dates in the clinic's zone).
 */
export function isOpenAt(hours: WeeklyHours, timeZone: string, holidays: ReadonlySet<string>, instant: Date): boolean {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) throw new Error(`invalid time zone: ${timeZone}`);
  if (holidays.has(local.toISODate())) return false;
  const day = defined(WEEKDAYS[local.weekday - 1]);
  const minute = local.hour * 60 + local.minute;
  return (hours[day] ?? []).some((iv) => minute >= minutesOf(iv.open) && minute < minutesOf(iv.close));
}

/**
 * The next instant at or after `from` when the clinic is open, searching up to `horizonDays` ahead; null when it
 * never opens in that window. An opening time that falls in a DST gap resolves to the first valid instant after it.
 */
export function nextOpening(hours: WeeklyHours, timeZone: string, holidays: ReadonlySet<string>, from: Date, horizonDays = 21): Date | null {
  if (isOpenAt(hours, timeZone, holidays, from)) return from;
  const start = DateTime.fromJSDate(from, { zone: timeZone });
  for (let offset = 0; offset <= horizonDays; offset++) {
    const day = start.plus({ days: offset }).startOf('day');
    if (holidays.has(defined(day.toISODate()))) continue;
    const intervals = hours[defined(WEEKDAYS[day.weekday - 1])] ?? [];
    for (const iv of intervals) {
      const [h, m] = iv.open.split(':').map(Number) as [number, number];
      const opening = day.set({ hour: h, minute: m });
      if (opening.toMillis() >= from.getTime()) return opening.toJSDate();
    }
  }
  return null;
}

/**
 * Why a visit from `start` to `end` does not fit the clinic's hours, or null when it does: it must lie inside one
 * opening interval of a day that is not a holiday, on the clinic's wall clock (DST moves the instant, not the hour).
 */
export function visitOutsideHours(hours: WeeklyHours, timeZone: string, holidays: ReadonlySet<string>, start: Date, end: Date): string | null {
  if (end.getTime() <= start.getTime()) return 'ends before it starts';
  const from = DateTime.fromJSDate(start, { zone: timeZone });
  const to = DateTime.fromJSDate(end, { zone: timeZone });
  if (!from.isValid) throw new Error(`invalid time zone: ${timeZone}`);
  const date = from.toISODate();
  if (holidays.has(date)) return `the clinic is closed on ${date} (holiday)`;
  if (to.toISODate() !== date) return 'runs past the end of the day';
  const day = defined(WEEKDAYS[from.weekday - 1]);
  const intervals = hours[day] ?? [];
  if (intervals.length === 0) return `the clinic is closed on ${from.toFormat('cccc')}s`;
  const startMinute = from.hour * 60 + from.minute;
  const endMinute = to.hour * 60 + to.minute;
  const fits = intervals.some((iv) => startMinute >= minutesOf(iv.open) && endMinute <= minutesOf(iv.close));
  if (fits) return null;
  return `is outside opening hours (${intervals.map((iv) => `${iv.open}-${iv.close}`).join(', ')} on ${from.toFormat('cccc')}, ${timeZone})`;
}
