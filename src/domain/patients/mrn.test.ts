import { describe, expect, it } from 'vitest';
import { formatMrn, isValidMrn, luhnCheckDigit } from './mrn.js';

describe('MRNs', () => {
  it.each([
    [1, 'S000000018'],
    [1000, 'S000010009'],
    [12_345_678, 'S123456782'],
    [99_999_999, 'S999999998'],
  ])('formats sequence %i as %s', (seq, mrn) => {
    expect(formatMrn(seq)).toBe(mrn);
    expect(isValidMrn(mrn)).toBe(true);
  });

  it('computes the Luhn digit of the textbook example', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it.each([
    ['a single wrong digit', 'S123456783'],
    ['two adjacent digits swapped', 'S213456782'],
    ['a missing prefix', '1234567820'],
    ['a short number', 'S12345678'],
    ['lower-case prefix', 's123456782'],
  ])('rejects %s', (_why, mrn) => {
    expect(isValidMrn(mrn)).toBe(false);
  });

  it('refuses sequences out of range', () => {
    expect(() => formatMrn(0)).toThrow(RangeError);
    expect(() => formatMrn(100_000_000)).toThrow(RangeError);
    expect(() => formatMrn(1.5)).toThrow(RangeError);
  });
});
