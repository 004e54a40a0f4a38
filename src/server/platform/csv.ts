/**
 * One CSV cell as RFC 4180 quotes it (only when it holds a quote, comma or line break). Text starting with =, +, - or @
 * is prefixed with ' so a spreadsheet never runs it as a formula; a plain number written as text ("-12.50") is data,
 * not a formula, and stays as it is.
 */
export function csvCell(v: string | number | null | undefined): string {
  if (typeof v === 'number') return String(v);
  const s = v ?? '';
  const safe = /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
