import { describe, expect, it } from 'vitest';
import { VITAL_SIGNS, vitalSign } from './vitals.js';

describe('vital-sign codes (written by hand from LOINC)', () => {
  it.each([
    ['systolic', '8480-6', 'mm[Hg]'],
    ['diastolic', '8462-4', 'mm[Hg]'],
    ['heartRate', '8867-4', '/min'],
    ['spo2', '59408-5', '%'],
    ['respiratoryRate', '9279-1', '/min'],
  ] as const)('%s is LOINC %s in %s', (key, loinc, unit) => {
    expect(vitalSign(key)).toMatchObject({ loinc, unit });
  });

  it('has one entry per key and per code', () => {
    expect(new Set(VITAL_SIGNS.map((v) => v.key)).size).toBe(VITAL_SIGNS.length);
    expect(new Set(VITAL_SIGNS.map((v) => v.loinc)).size).toBe(VITAL_SIGNS.length);
  });
});
