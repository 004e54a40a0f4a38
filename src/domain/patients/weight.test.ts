import { describe, expect, it } from 'vitest';
import { splitName } from '../leads/names.js';
import { weightToGrams } from './weight.js';

describe('weights in grams', () => {
  it.each<[number, 'kg' | 'lb', number]>([
    [80.5, 'kg', 80_500],
    [0.0005, 'kg', 1],
    [1, 'lb', 454],
    [150, 'lb', 68_039],
  ])('%d %s is %d g', (value, unit, grams) => {
    expect(weightToGrams(value, unit)).toBe(grams);
  });
});

describe('splitting a caller name', () => {
  it.each([
    ['Jane Q. Doe', 'Jane', 'Doe'],
    ['  Cher ', 'Cher', ''],
    ['Ana Maria de la Cruz', 'Ana', 'Cruz'],
  ])('%s', (name, given, family) => {
    expect(splitName(name)).toEqual({ givenName: given, familyName: family });
  });
});
