import { afterEach, describe, expect, it, vi } from 'vitest';
import { measurementDateSchema } from './common.js';
import { patientCreateSchema } from './patients.js';

const dob = (d: string) => patientCreateSchema.shape.dateOfBirth.safeParse(d).success;
const measured = (d: string) => measurementDateSchema.safeParse(d).success;

describe('"not in the future" is one rule for every date a form sends', () => {
  afterEach(() => vi.useRealTimers());

  // 04:30 UTC on 30 November: 00:30 in Puerto Rico (the easternmost US zone), still 29 November in New York.
  it.each([
    ['2026-11-29', true],
    ['2026-11-30', true],
    ['2026-12-01', false],
  ])('on 30 Nov 00:30 Atlantic time, %s is accepted: %s (birth and measurement alike)', (date, ok) => {
    vi.useFakeTimers({ now: new Date('2026-11-30T04:30:00Z') });
    expect(dob(date)).toBe(ok);
    expect(measured(date)).toBe(ok);
  });
});
