import { describe, expect, it } from 'vitest';
import { absoluteIntensity, motorThresholdRecheck, tmsCptCode } from './tms.js';

describe('TMS CPT (NeuroStar coding guide: 90867 once per course, 90869 on re-determination, else 90868)', () => {
  it.each([
    [true, false, '90867'],
    [true, true, '90867'],
    [false, true, '90869'],
    [false, false, '90868'],
  ] as const)('first %s, re-determined %s -> %s', (firstOfCourse, thresholdRedetermined, code) => {
    expect(tmsCptCode({ firstOfCourse, thresholdRedetermined }).code).toBe(code);
  });
});

describe('intensity', () => {
  it.each([
    [55, 120, 66],
    [62, 110, 68],
    [48, 90, 43],
  ])('MT %i%% at %i%% MT = %i%% output', (mt, pct, abs) => expect(absoluteIntensity(mt, pct)).toBe(abs));
});

describe('motor threshold re-check prompt (weekly; medication or sleep change)', () => {
  const base = { today: '2026-12-08', recheckDays: 7, medicationChange: false, sleepChange: false };
  it.each([
    ['none recorded', { ...base, lastDeterminedOn: null }, true],
    ['6 days old', { ...base, lastDeterminedOn: '2026-12-02' }, false],
    ['7 days old', { ...base, lastDeterminedOn: '2026-12-01' }, true],
    ['medication change', { ...base, lastDeterminedOn: '2026-12-07', medicationChange: true }, true],
    ['sleep change', { ...base, lastDeterminedOn: '2026-12-07', sleepChange: true }, true],
  ] as const)('%s', (_n, f, due) => expect(motorThresholdRecheck(f).due).toBe(due));
});
