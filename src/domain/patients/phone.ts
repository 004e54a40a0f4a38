import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneCheck = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * Normalizes a US phone number to E.164. Only numbers that libphonenumber's full metadata knows as valid US
 * numbers pass: the practice can only call US numbers (domain.md §0, "we can only call valid US phone numbers").
 */
export function normalizeUsPhone(input: string): PhoneCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  if (!/^[\d\s().+-]+$/.test(trimmed)) return { ok: false, reason: 'may contain only digits, spaces and ( ) . - +' };
  const parsed = parsePhoneNumberFromString(trimmed, 'US');
  if (!parsed) return { ok: false, reason: 'is not a phone number' };
  if (parsed.country !== 'US') return { ok: false, reason: 'must be a US phone number' };
  if (!parsed.isValid()) return { ok: false, reason: 'is not a valid US phone number' };
  return { ok: true, e164: parsed.number };
}

/** Formats an E.164 US number for people: +14155550123 -> (415) 555-0123. */
export function formatUsPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatNational() : e164;
}
