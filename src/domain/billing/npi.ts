/**
 * The National Provider Identifier's check digit: the Luhn formula over the nine digits prefixed with 80840 (the
 * health-industry card issuer prefix), as CMS's NPI standard defines it (delivery-and-billing.md B6.1, "NPI Luhn check
 * (prefix 80840)"; 1234567893 is the usual valid test NPI, §F).
 */
export function npiValid(npi: string | null | undefined): boolean {
  if (!npi || !/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  // Luhn: from the rightmost payload digit, double every other digit.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === npi.charCodeAt(9) - 48;
}

/** The 11-digit (5-4-2) NDC billed on claims, from a hyphenated 10-digit NDC in any of its three layouts. */
export function ndc11(ndc: string): string | null {
  const t = ndc.trim();
  if (/^\d{11}$/.test(t)) return t;
  const m = /^(\d{4,5})-(\d{3,4})-(\d{1,2})$/.exec(t);
  if (!m) return null;
  const [, labeler = '', product = '', pack = ''] = m;
  if (labeler.length + product.length + pack.length !== 10) return null;
  return labeler.padStart(5, '0') + product.padStart(4, '0') + pack.padStart(2, '0');
}

/** A VA Community Care referral or authorization number in a format the TPAs accept (B7.5: XXX-YYYYYY-ZZ, XXX-PC-YYYYYYY, VA + digits). */
export function vaReferralNumberValid(n: string | null | undefined): boolean {
  if (!n) return false;
  return /^(\d{3}-\d{6}-\d{2}|\d{3}-PC-\d{7}|VA\d+)$/.test(n);
}

/** The NPI whose first nine digits are `nine`, with its check digit (for synthetic test and demo identifiers). */
export function npiWithCheckDigit(nine: string): string {
  if (!/^\d{9}$/.test(nine)) throw new Error('nine digits expected');
  for (let d = 0; d <= 9; d++) if (npiValid(`${nine}${d}`)) return `${nine}${d}`;
  throw new Error('unreachable: one digit always checks');
}
