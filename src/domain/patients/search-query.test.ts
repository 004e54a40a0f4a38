import { describe, expect, it } from 'vitest';
import { escapeLikePrefix, parsePatientSearch } from './search-query.js';

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
    ['Smith', { kind: 'name-any', prefix: 'smith' }],
    ['smith, jo', { kind: 'name', family: 'smith', given: 'jo' }],
    ['Smith,', { kind: 'name', family: 'smith', given: null }],
    ['John  Smith', { kind: 'name', family: 'smith', given: 'john' }],
    ['Maria del Rosario', { kind: 'name', family: 'del rosario', given: 'maria' }],
    ["O'Brien", { kind: 'name-any', prefix: "o'brien" }],
  ])('reads %j', (q, expected) => {
    expect(parsePatientSearch(q)).toEqual(expected);
  });

  it.each([
    ['an impossible date is a name search, not a crash', '2023-02-30', 'name-any'],
    ['a US date that does not exist', '13/45/2000', 'name-any'],
    ['a short number', '12345', 'name-any'],
    ['a non-US phone', '+44 20 7946 0958', 'name'],
  ])('%s', (_why, q, kind) => {
    expect(parsePatientSearch(q).kind).toBe(kind);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLikePrefix('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
