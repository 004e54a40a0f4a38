import { describe, expect, it } from 'vitest';
import { assessTrialAdequacy, findMedication, weeksBetween, type TrialFacts } from './medications.js';
import { findDiagnosisCode, searchDiagnosisCodes } from './diagnoses.js';

const trial = (o: Partial<TrialFacts>): TrialFacts => ({ drug: 'sertraline', highestDailyDose: 100, weeksAtDose: 8, adherence: 'good', ...o });

describe('medication trial adequacy (domain §5, §4.3: minimum effective dose, 6 weeks, good adherence)', () => {
  it.each<[string, Partial<TrialFacts>, boolean | null]>([
    ['sertraline 100 mg for 8 weeks, good adherence', {}, true],
    ['exactly the minimum dose and 6 weeks', { highestDailyDose: 50, weeksAtDose: 6 }, true],
    ['below the minimum dose', { highestDailyDose: 25 }, false],
    ['5 weeks is too short', { weeksAtDose: 5 }, false],
    ['partial adherence', { adherence: 'partial' }, false],
    ['poor adherence', { adherence: 'poor' }, false],
    ['unknown adherence', { adherence: 'unknown' }, null],
    ['missing dose', { highestDailyDose: null }, null],
    ['missing weeks', { weeksAtDose: null }, null],
    ['a drug with no known minimum dose', { drug: 'lamotrigine', highestDailyDose: 200 }, null],
    ['an unknown drug', { drug: 'notadrug' }, null],
    ['bupropion 150 mg is below 300', { drug: 'bupropion', highestDailyDose: 150 }, false],
    ['liothyronine 25 mcg', { drug: 'liothyronine (T3)', highestDailyDose: 25 }, true],
    ['too short beats unknown: failed, not unknown', { weeksAtDose: 3, adherence: 'unknown' }, false],
    ['case and spaces do not matter', { drug: '  Escitalopram ', highestDailyDose: 10 }, true],
  ])('%s', (_name, facts, adequate) => {
    const r = assessTrialAdequacy(trial(facts));
    expect(r.adequate).toBe(adequate);
    expect(r.reasons.length).toBeGreaterThan(0);
  });

  it('explains each fact', () => {
    expect(assessTrialAdequacy(trial({ highestDailyDose: 25, weeksAtDose: 4 })).reasons).toEqual([
      'dose 25 mg/day is below the minimum effective 50 mg/day',
      '4 weeks at that dose is shorter than 6 weeks',
    ]);
  });

  it('knows classes and counts weeks', () => {
    expect(findMedication('venlafaxine')?.class).toBe('snri');
    expect(weeksBetween('2026-01-01', '2026-02-12')).toBe(6);
  });
});

describe('ICD-10-CM search', () => {
  it.each([
    ['f33.2', ['F33.2']],
    ['recurrent severe without', ['F33.2']],
    ['ptsd chronic', ['F43.12']],
    ['chronic pain syndrome', ['G89.4']],
  ])('%s', (q, codes) => {
    expect(searchDiagnosisCodes(q).map((c) => c.code)).toEqual(codes);
  });
  it('finds a code exactly', () => {
    expect(findDiagnosisCode('f41.1')?.description).toBe('Generalized anxiety disorder');
    expect(findDiagnosisCode('Z99.9')).toBeUndefined();
  });
});
