import { describe, expect, it } from 'vitest';
import { pathOfNul } from './input-guard.js';

describe('pathOfNul', () => {
  it.each<[unknown, string[] | null]>([
    ['plain', null],
    ['a\u0000b', []],
    [{ name: 'ok', notes: 'bad\u0000' }, ['notes']],
    [{ content: { allergies: [{ substance: 'x' }, { substance: '\u0000' }] } }, ['content', 'allergies', '1', 'substance']],
    [{ ['k\u0000']: 1 }, ['k\\u0000']],
    [[1, 2, 'x'], null],
    [null, null],
    [42, null],
  ])('%j', (value, expected) => {
    expect(pathOfNul(value)).toEqual(expected);
  });
});
