import { normalizeUsPhone } from './phone.js';
import { MRN_PATTERN } from './mrn.js';
import { defined } from '../defined.js';

/** What a free-text patient search means: one of these is looked up, never a full scan. */
export type PatientSearch =
  | { kind: 'mrn'; mrn: string }
  | { kind: 'dob'; dateOfBirth: string }
  | { kind: 'phone'; e164: string }
  | { kind: 'name'; family: string; given: string | null }
  | { kind: 'all' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function validDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Interprets a search box entry the way front-desk staff type it, as EHR patient lookups do: an MRN, a date of
 * birth (2001-04-09 or 4/9/2001), a phone number, "family, given", "given family", or a single word taken as
 * the start of the last name. Every form maps to one index lookup.
 */
export function parsePatientSearch(raw: string | undefined): PatientSearch {
  const q = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (q === '') return { kind: 'all' };
  const upper = q.toUpperCase();
  if (MRN_PATTERN.test(upper)) return { kind: 'mrn', mrn: upper };
  let m = ISO_DATE.exec(q);
  if (m) {
    const d = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) return { kind: 'dob', dateOfBirth: d };
  }
  m = US_DATE.exec(q);
  if (m) {
    const d = validDate(Number(m[3]), Number(m[1]), Number(m[2]));
    if (d) return { kind: 'dob', dateOfBirth: d };
  }
  if (/^[\d\s().+-]+$/.test(q) && q.replace(/\D/g, '').length >= 10) {
    const phone = normalizeUsPhone(q);
    if (phone.ok) return { kind: 'phone', e164: phone.e164 };
  }
  const lower = q.toLowerCase();
  if (lower.includes(',')) {
    const [family, given] = lower.split(',').map((s) => s.trim());
    return { kind: 'name', family: family ?? '', given: given ? given : null };
  }
  const parts = lower.split(' ');
  if (parts.length >= 2) return { kind: 'name', family: parts.slice(1).join(' '), given: defined(parts[0]) };
  return { kind: 'name', family: lower, given: null };
}

/** Escapes LIKE wildcards so a typed % or _ matches itself. */
export function escapeLikePrefix(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The half-open range [lo, hi) of strings that start with `prefix` in code-point order (PostgreSQL's "C"
 * collation). Written as `col >= lo and col < hi`, a prefix search keeps its index range even in a generic
 * (prepared) plan, where `col like $1` would not.
 */
export function prefixRange(prefix: string): { lo: string; hi: string } | null {
  const chars = Array.from(prefix);
  if (chars.length === 0) return null;
  const last = defined(defined(chars.pop()).codePointAt(0));
  if (last >= 0x10ffff) return null;
  return { lo: prefix, hi: chars.join('') + String.fromCodePoint(last + 1) };
}
