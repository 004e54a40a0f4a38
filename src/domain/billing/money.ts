/**
 * Money in X12 files and on the ledger: integer cents inside Stepwise, decimal dollars ("350.5", "700") in X12's R
 * (decimal) elements. Parsing never goes through floating point, so "0.29" is 29 cents, never 28.99999.
 */

/** Cents as an X12 decimal: no trailing zeros, no thousands separators, a leading minus for negative amounts. */
export function x12Amount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error('cents must be a whole number');
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100);
  const rest = abs % 100;
  if (rest === 0) return `${sign}${dollars}`;
  return `${sign}${dollars}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

const DECIMAL = /^(-)?(\d{1,13})(?:\.(\d{0,2})0*)?$|^(-)?\.(\d{1,2})0*$/;

/** An X12 decimal as integer cents; null when it is not a plain decimal with at most two significant decimals. */
export function centsOf(text: string | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  const t = text.trim();
  if (t === '') return null;
  const m = DECIMAL.exec(t);
  if (!m) return null;
  if (m[5] !== undefined) {
    const c = Number(m[5].padEnd(2, '0'));
    return m[4] ? -c : c;
  }
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}
