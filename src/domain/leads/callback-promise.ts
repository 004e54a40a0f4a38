import { DateTime } from 'luxon';
import { isOpenAt, nextOpening, type WeeklyHours } from '../scheduling/opening-hours.js';

/**
 * The practice promises a callback within 10 minutes ("Request a callback: we will call you within 10 minutes";
 * domain §0, Mindful Health Solutions). The promise holds inside the clinic's calling hours; outside them the
 * clock starts at the next opening.
 */
export const CALLBACK_MINUTES = 10;

export type CallbackPromise = {
  /** When the first call is due. */
  dueAt: Date;
  /** True when the request arrived inside calling hours (the 10-minute promise applies now). */
  withinCallingHours: boolean;
  /** The opening the clock starts from, when the request came outside calling hours. */
  opensAt: Date | null;
};

/** The callback deadline for a request made at `requestedAt`, judged on the clinic's calling hours and holidays. */
export function callbackPromise(hours: WeeklyHours, clinicZone: string, holidays: ReadonlySet<string>, requestedAt: Date): CallbackPromise {
  const minutes = CALLBACK_MINUTES * 60_000;
  if (isOpenAt(hours, clinicZone, holidays, requestedAt)) {
    return { dueAt: new Date(requestedAt.getTime() + minutes), withinCallingHours: true, opensAt: null };
  }
  const opens = nextOpening(hours, clinicZone, holidays, requestedAt, 21);
  // A clinic with no calling hours in three weeks is misconfigured; fall back to a day so the lead still escalates.
  const start = opens ?? new Date(requestedAt.getTime() + 24 * 3_600_000);
  return { dueAt: new Date(start.getTime() + minutes), withinCallingHours: false, opensAt: start };
}

/** Whether a string is an IANA time zone this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/**
 * The confirmation a visitor reads, with times stated in the visitor's own time zone (and named, so a visitor
 * in another zone is not misled).
 */
export function describeCallbackPromise(p: CallbackPromise, visitorZone: string, now: Date): string {
  const at = DateTime.fromJSDate(p.dueAt, { zone: visitorZone });
  const today = DateTime.fromJSDate(now, { zone: visitorZone }).toISODate();
  const time = at.toFormat('h:mm a');
  const zoneName = at.toFormat('ZZZZZ');
  if (p.withinCallingHours) {
    return `We will call you within ${CALLBACK_MINUTES} minutes, by ${time} ${zoneName}.`;
  }
  const day =
    at.toISODate() === today
      ? 'today'
      : at.toISODate() === DateTime.fromJSDate(now, { zone: visitorZone }).plus({ days: 1 }).toISODate()
        ? 'tomorrow'
        : at.toFormat('cccc, LLLL d');
  return `Our team is outside calling hours right now. We will call you when we open: by ${time} ${day} (${zoneName}).`;
}
