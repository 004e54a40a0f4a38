import { ageOn } from '../../domain/patients/age.js';
import { addDays, clinicToday } from '../../domain/time/clinic-today.js';

let userTimeZone: string | null = null;
/** The signed-in user's zone (their clinic's, from the session); null when signed out. Set by the session provider. */
export function setUserTimeZone(zone: string | null) {
  userTimeZone = zone;
}

/**
 * Today on the signed-in user's clinic wall clock, never the UTC date nor the browser's zone (a browser set to UTC, or a
 * laptop that travelled, would date a form tomorrow late in a Pacific afternoon). Before sign-in: the browser's zone.
 */
export function localToday(offsetDays = 0): string {
  const today = clinicToday(userTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
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
