import { describe, expect, it } from 'vitest';
import { ndc11, npiValid, vaReferralNumberValid } from './npi.js';
import { formatCents } from '../coverage/estimate.js';
import { centsOf, x12Amount } from './money.js';

describe('NPI check digit (Luhn over 80840 + 9 digits)', () => {
  it.each([
    ['1234567893', true],
    ['1234567890', false],
    ['1245319599', true],
    ['1245319598', false],
    ['123456789', false],
    ['12345678931', false],
    ['123456789X', false],
    ['', false],
  ])('%s -> %s', (npi, ok) => expect(npiValid(npi)).toBe(ok));
});

describe('NDC to 11 digits (5-4-2)', () => {
  it.each([
    ['50458-028-02', '50458002802'],
    ['50458-028-03', '50458002803'],
    ['0409-2051-05', '00409205105'],
    ['12345-6789-1', '12345678901'],
    ['50458002802', '50458002802'],
    ['5045-028-02', null],
    ['abc', null],
  ])('%s -> %s', (ndc, out) => expect(ndc11(ndc)).toBe(out));
});

describe('VA referral number formats (B7.5)', () => {
  it.each([
    ['402-123456-12', true],
    ['402-PC-1234567', true],
    ['VA1234567890', true],
    ['VA0012345', true],
    ['Auth # VA0012345', false],
    ['VA 0012345', false],
    ['402123456', false],
  ])('%s -> %s', (n, ok) => expect(vaReferralNumberValid(n)).toBe(ok));
});

describe('money', () => {
  it.each([
    [70000, '700'],
    [35050, '350.5'],
    [35005, '350.05'],
    [29, '0.29'],
    [-2000, '-20'],
    [0, '0'],
  ])('%i cents -> %s', (c, s) => expect(x12Amount(c)).toBe(s));
  it.each([
    ['700', 70000],
    ['350.5', 35050],
    ['350.50', 35050],
    ['0.29', 29],
    ['.5', 50],
    ['-20', -2000],
    ['1.005', null],
    ['12a', null],
    ['', null],
  ])('%s -> %s cents', (s, c) => expect(centsOf(s)).toBe(c));
  it('formats dollars for people', () => {
    expect(formatCents(123450)).toBe('$1,234.50');
    expect(formatCents(-2000)).toBe('-$20.00');
  });
});
