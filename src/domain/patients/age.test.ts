import { describe, expect, it } from 'vitest';
import { ageOn } from './age.js';

describe('age on a day', () => {
  it.each([
    ['1980-05-06', '2026-05-05', 45],
    ['1980-05-06', '2026-05-06', 46],
    ['1980-05-06', '2026-12-31', 46],
    ['2000-02-29', '2026-02-28', 25],
    ['2000-02-29', '2026-03-01', 26],
  ])('born %s, on %s: %i', (dob, today, age) => {
    expect(ageOn(dob, today)).toBe(age);
  });
});
