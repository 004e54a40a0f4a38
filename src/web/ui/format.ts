import { ageOn } from '../../domain/patients/age.js';
import { addDays, clinicToday } from '../../domain/time/clinic-today.js';

/** Today on the wall clock where the user is (the clinic, for staff at the chair), never the UTC date. */
export function localToday(offsetDays = 0): string {
  const today = clinicToday(Intl.DateTimeFormat().resolvedOptions().timeZone);
  return offsetDays ? addDays(today, offsetDays) : today;
}

export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** A stored YYYY-MM-DD date as people read it in the US: 03/09/1984. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : iso;
}

/** Age today (the browser's local date). */
export function ageToday(dateOfBirth: string): number {
  return ageOn(dateOfBirth, localToday());
}

export function formatDateTime(iso: string, timeZone?: string): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}
