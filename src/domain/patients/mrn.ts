/**
 * Medical record numbers: a prefix letter, eight digits and a Luhn check digit ("S123456782"). The check digit
 * catches the single-digit typos and swaps people make reading an MRN over the phone.
 */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export const MRN_PATTERN = /^S\d{9}$/;

/** Builds an MRN from a sequence number (1..99,999,999). */
export function formatMrn(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999_999) throw new RangeError(`MRN sequence out of range: ${sequence}`);
  const body = String(sequence).padStart(8, '0');
  return `S${body}${luhnCheckDigit(body)}`;
}

/** True when the string is a well-formed MRN with a correct check digit. */
export function isValidMrn(mrn: string): boolean {
  if (!MRN_PATTERN.test(mrn)) return false;
  return luhnCheckDigit(mrn.slice(1, 9)) === Number(mrn[9]);
}
