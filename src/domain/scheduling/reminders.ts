import { DateTime } from 'luxon';

/**
 * Visit reminders (issue 9): what a reminder says, and how a patient's text reply is read. Pure.
 *
 * Minimum necessary: a reminder carries the visit's time, the clinic's name and address, the preparation steps and the
 * ways to answer, never the treatment's name, a diagnosis or a score (SMS and email are not secure channels).
 */

export type ReminderVisit = {
  clinicName: string;
  clinicAddress: string;
  clinicPhone: string | null;
  timeZone: string;
  startsAt: Date;
  /** The visit type's readiness checklist (protocol data, each item with its source); empty for a consultation. */
  preparation: readonly string[];
  confirmUrl: string;
};

/** "Tue, Dec 1 at 8:00 AM PST": the clinic's wall clock, with the zone's abbreviation. */
export function visitTimeText(startsAt: Date, timeZone: string): string {
  return DateTime.fromJSDate(startsAt, { zone: timeZone }).setLocale('en-US').toFormat("ccc, LLL d 'at' h:mm a ZZZZ");
}

export function reminderSms(v: ReminderVisit): string {
  const prep = v.preparation.length ? ` Before you come: ${v.preparation.join(' ')}` : '';
  return (
    `${v.clinicName}: reminder of your visit ${visitTimeText(v.startsAt, v.timeZone)}, ${v.clinicAddress}.${prep}` +
    ` Reply C to confirm or R and we will call you to reschedule. Or: ${v.confirmUrl}`
  );
}

export function reminderEmail(v: ReminderVisit): { subject: string; text: string } {
  const lines = [`This is a reminder of your visit at ${v.clinicName}:`, ``, `  ${visitTimeText(v.startsAt, v.timeZone)}`, `  ${v.clinicAddress}`, ``];
  if (v.preparation.length) lines.push(`Before you come:`, ...v.preparation.map((p) => `  - ${p}`), ``);
  lines.push(`Confirm, or ask us to call you to reschedule: ${v.confirmUrl}`);
  if (v.clinicPhone) lines.push(`Questions: call ${v.clinicPhone}.`);
  lines.push(``, `The attached calendar file adds the visit to your calendar.`);
  return { subject: `Your visit at ${v.clinicName}, ${visitTimeText(v.startsAt, v.timeZone)}`, text: lines.join('\n') };
}

export type Reply = 'confirm' | 'reschedule' | null;

/** "C" confirms and "R" asks for a call (issue 9), read forgivingly (case, spaces, punctuation, the whole word); anything else is for a person. */
export function interpretReply(body: string): Reply {
  const word = body
    .trim()
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  if (word === 'C' || word === 'CONFIRM' || word === 'CONFIRMED') return 'confirm';
  if (word === 'R' || word === 'RESCHEDULE') return 'reschedule';
  return null;
}

/** Whether a visit's reminder is due: it starts within the clinic's lead time from now, and has not started. */
export function reminderDue(startsAt: Date, leadHours: number, now: Date): boolean {
  const ms = startsAt.getTime() - now.getTime();
  return ms > 0 && ms <= leadHours * 3_600_000;
}
