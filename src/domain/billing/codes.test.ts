import { describe, expect, it } from 'vitest';
import { additionalHourUnits, codeSession, type SessionForCoding } from './codes.js';

const summary = (s: SessionForCoding) =>
  codeSession(s).map((l) => `${l.code}x${l.units}${l.drug ? `[${l.drug.ndc ?? 'no NDC'} ${l.drug.quantity}${l.drug.unit}]` : ''}`);

describe('96366 units: each hour past the first, counted only beyond 30 minutes (CPT; A3.5)', () => {
  it.each([
    [40, 0],
    [60, 0],
    [89, 0],
    [90, 0],
    [91, 1],
    [120, 1],
    [150, 1],
    [151, 2],
    [210, 2],
    [211, 3],
  ])('%i minutes -> %i', (minutes, units) => expect(additionalHourUnits(minutes)).toBe(units));
});

describe('codes for a signed session', () => {
  const base = { dateOfService: '2026-11-25', payerKind: 'commercial' as const };
  it.each<[string, SessionForCoding, string[]]>([
    ['TMS first session', { ...base, modality: 'tms', tmsCode: '90867' }, ['90867x1']],
    ['TMS later session', { ...base, modality: 'tms', tmsCode: '90868' }, ['90868x1']],
    ['TMS re-determination', { ...base, modality: 'tms', tmsCode: '90869' }, ['90869x1']],
    ['Spravato 56 mg, commercial: G2082 + J0013 x56', { ...base, modality: 'spravato', spravatoMgGiven: 56 }, ['G2082x1', 'J0013x56[50458002802 2UN]']],
    ['Spravato 84 mg, commercial: G2083 + J0013 x84', { ...base, modality: 'spravato', spravatoMgGiven: 84 }, ['G2083x1', 'J0013x84[50458002803 3UN]']],
    ['Spravato 84 mg, Medicare: G2083 only', { ...base, payerKind: 'medicare', modality: 'spravato', spravatoMgGiven: 84 }, ['G2083x1']],
    ['Spravato, VA (Medicare rules): G2082 only', { ...base, payerKind: 'va_community_care', modality: 'spravato', spravatoMgGiven: 56 }, ['G2082x1']],
    [
      'Spravato 2025 date: S0013',
      { ...base, dateOfService: '2025-12-31', modality: 'spravato', spravatoMgGiven: 56 },
      ['G2082x1', 'S0013x56[50458002802 2UN]'],
    ],
    ['Spravato payer setting off', { ...base, modality: 'spravato', spravatoMgGiven: 56, spravatoDrugLine: false }, ['G2082x1']],
    ['Spravato 28 mg (one device, stopped)', { ...base, payerKind: 'medicare', modality: 'spravato', spravatoMgGiven: 28 }, ['G2082x1']],
    [
      'IV ketamine 40 minutes',
      { ...base, modality: 'iv_ketamine', infusionMinutes: 40, ketamineDoseTenthsMg: 375, ketamineNdc: '00409205105' },
      ['96365x1', 'J3490x1[00409205105 37.5ME]'],
    ],
    [
      'IV ketamine 100 minutes',
      { ...base, modality: 'iv_ketamine', infusionMinutes: 100, ketamineDoseTenthsMg: 500, ketamineNdc: '00409205105' },
      ['96365x1', '96366x1', 'J3490x1[00409205105 50ME]'],
    ],
    [
      'IV ketamine 12 minutes: push',
      { ...base, modality: 'iv_ketamine', infusionMinutes: 12, ketamineDoseTenthsMg: 350, ketamineNdc: null },
      ['96374x1', 'J3490x1[no NDC 35ME]'],
    ],
    ['IM ketamine', { ...base, modality: 'im_ketamine', ketamineDoseTenthsMg: 500, ketamineNdc: '00409205105' }, ['96372x1', 'J3490x1[00409205105 50ME]']],
    ['therapy: coded by hand', { ...base, modality: 'therapy' }, []],
  ])('%s', (_name, s, lines) => expect(summary(s)).toEqual(lines));

  it('a J3490 line without an NDC asks for review', () => {
    const line = codeSession({ ...base, modality: 'iv_ketamine', infusionMinutes: 40, ketamineDoseTenthsMg: 350, ketamineNdc: null }).find(
      (l) => l.code === 'J3490',
    );
    expect(line?.review).toMatch(/NDC/);
  });
});
