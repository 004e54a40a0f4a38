import { describe, expect, it } from 'vitest';
import { escapeLikePrefix, parsePatientSearch, prefixRange } from './search-query.js';

describe('parsePatientSearch', () => {
  it.each([
    ['', { kind: 'all' }],
    ['   ', { kind: 'all' }],
    [undefined, { kind: 'all' }],
    ['S123456782', { kind: 'mrn', mrn: 'S123456782' }],
    ['s123456782', { kind: 'mrn', mrn: 'S123456782' }],
    ['1984-03-09', { kind: 'dob', dateOfBirth: '1984-03-09' }],
    ['3/9/1984', { kind: 'dob', dateOfBirth: '1984-03-09' }],
    ['12/30/1971', { kind: 'dob', dateOfBirth: '1971-12-30' }],
    ['(415) 555-0123', { kind: 'phone', e164: '+14155550123' }],
    ['415-555-0123', { kind: 'phone', e164: '+14155550123' }],
    ['Smith', { kind: 'name', family: 'smith', given: null }],
    ['smith, jo', { kind: 'name', family: 'smith', given: 'jo' }],
    ['Smith,', { kind: 'name', family: 'smith', given: null }],
    ['John  Smith', { kind: 'name', family: 'smith', given: 'john' }],
    ['Maria del Rosario', { kind: 'name', family: 'del rosario', given: 'maria' }],
    ["O'Brien", { kind: 'name', family: "o'brien", given: null }],
  ])('reads %j', (q, expected) => {
    expect(parsePatientSearch(q)).toEqual(expected);
  });

  it.each([
    ['an impossible date is a name search, not a crash', '2023-02-30', 'name'],
    ['a US date that does not exist', '13/45/2000', 'name'],
    ['a short number', '12345', 'name'],
    ['a non-US phone', '+44 20 7946 0958', 'name'],
  ])('%s', (_why, q, kind) => {
    expect(parsePatientSearch(q).kind).toBe(kind);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLikePrefix('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});

describe('prefixRange', () => {
  it.each([
    ['smi', { lo: 'smi', hi: 'smj' }],
    ["o'b", { lo: "o'b", hi: "o'c" }],
    ['muñ', { lo: 'muñ', hi: 'muò' }],
    ['z', { lo: 'z', hi: '{' }],
    ['', null],
  ])('%j -> %j', (prefix, expected) => {
    expect(prefixRange(prefix)).toEqual(expected);
  });

  it('bounds exactly the strings that start with the prefix', () => {
    const { lo, hi } = prefixRange('smi')!;
    const inRange = (s: string) => s >= lo && s < hi;
    expect(['smi', 'smith', 'smizé'].every(inRange)).toBe(true);
    expect(['smh', 'smj', 'sm', 'sn'].some(inRange)).toBe(false);
  });
});
