import { describe, expect, it } from 'vitest';
import { splitName } from '../leads/names.js';
import { isPlausibleWeightGrams, weightProblem, weightToGrams } from './weight.js';

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

describe('the one weight rule', () => {
  // Written by hand: 20-350 kg inclusive, in either unit.
  it.each<[number, 'kg' | 'lb', boolean]>([
    [0, 'kg', false],
    [0.0005, 'kg', false],
    [19.999, 'kg', false],
    [20, 'kg', true],
    [80.5, 'kg', true],
    [350, 'kg', true],
    [350.001, 'kg', false],
    [700, 'kg', false],
    [44, 'lb', false],
    [45, 'lb', true],
    [771, 'lb', true],
    [772, 'lb', false],
    [Number.NaN, 'kg', false],
    [Number.POSITIVE_INFINITY, 'lb', false],
  ])('%d %s allowed: %s', (value, unit, allowed) => {
    expect(weightProblem(value, unit) === null).toBe(allowed);
  });

  it('checks grams the same way', () => {
    expect(isPlausibleWeightGrams(0)).toBe(false);
    expect(isPlausibleWeightGrams(20_000)).toBe(true);
    expect(isPlausibleWeightGrams(350_000)).toBe(true);
    expect(isPlausibleWeightGrams(700_000)).toBe(false);
    expect(isPlausibleWeightGrams(80_000.5)).toBe(false);
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
