import { describe, expect, it } from 'vitest';
import { explainResult, needsCrisisResponse, scoreInstrument, validateAnswers, type InstrumentId } from './instruments.js';

const rep = (n: number, v: number) => Array.from({ length: n }, () => v);

describe('PHQ-9 scoring (Kroenke 2001; domain §6.1)', () => {
  it.each([
    ['all zeros', rep(9, 0), 0, 'minimal', false],
    ['all maximums', rep(9, 3), 27, 'severe', true],
    ['worked example 2,2,1,1,2,1,1,1,1', [2, 2, 1, 1, 2, 1, 1, 1, 1], 12, 'moderate', true],
    ['item 9 alone at 1', [0, 0, 0, 0, 0, 0, 0, 0, 1], 1, 'minimal', true],
    ['item 9 alone at 3', [0, 0, 0, 0, 0, 0, 0, 0, 3], 3, 'minimal', true],
    ['top of minimal (4)', [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal', false],
    ['bottom of mild (5)', [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild', false],
    ['top of mild (9)', [1, 1, 1, 1, 1, 1, 1, 1, 1].map((v, i) => (i === 8 ? 0 : v)).map((v, i) => (i === 0 ? 2 : v)), 9, 'mild', false],
    ['bottom of moderate (10)', [2, 2, 2, 2, 2, 0, 0, 0, 0], 10, 'moderate', false],
    ['top of moderate (14)', [2, 2, 2, 2, 2, 2, 2, 0, 0], 14, 'moderate', false],
    ['bottom of moderately severe (15)', [3, 3, 3, 3, 3, 0, 0, 0, 0], 15, 'moderately severe', false],
    ['top of moderately severe (19)', [3, 3, 3, 3, 3, 3, 1, 0, 0], 19, 'moderately severe', false],
    ['bottom of severe (20)', [3, 3, 3, 3, 3, 3, 2, 0, 0], 20, 'severe', false],
  ])('%s', (_name, answers, total, severity, selfHarm) => {
    expect(scoreInstrument('PHQ-9', answers)).toEqual({ instrument: 'PHQ-9', total, severity, selfHarmThoughts: selfHarm });
  });
});

describe('GAD-7 scoring (Spitzer 2006; domain §6.2)', () => {
  it.each([
    ['all zeros', rep(7, 0), 0, 'minimal'],
    ['all maximums', rep(7, 3), 21, 'severe'],
    ['4', [1, 1, 1, 1, 0, 0, 0], 4, 'minimal'],
    ['5', [1, 1, 1, 1, 1, 0, 0], 5, 'mild'],
    ['9', [2, 2, 2, 1, 1, 1, 0], 9, 'mild'],
    ['10', [2, 2, 2, 2, 2, 0, 0], 10, 'moderate'],
    ['14', [2, 2, 2, 2, 2, 2, 2], 14, 'moderate'],
    ['15', [3, 3, 3, 3, 3, 0, 0], 15, 'severe'],
  ])('%s', (_name, answers, total, severity) => {
    expect(scoreInstrument('GAD-7', answers)).toEqual({ instrument: 'GAD-7', total, severity });
  });
});

describe('PCL-5 scoring (NCPTSD; domain §6.3)', () => {
  it.each([
    ['all zeros', rep(20, 0), 0, false, false],
    ['all maximums', rep(20, 4), 80, true, true],
    ['32: below the cut-point, no avoidance (C) so clusters not met', [...rep(5, 4), 0, 0, ...rep(6, 2), 0, ...rep(6, 0)], 32, false, false],
    ['33: at the cut-point', [...rep(5, 4), 0, 0, ...rep(6, 2), 1, ...rep(6, 0)], 33, true, false],
    // B1, C6, D8, D9, E15, E16 at 2 = 12 points, yet the DSM-5 cluster pattern is met.
    ['cluster rule with a low total', [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0], 12, false, true],
    ['one D symptom short of the cluster rule', [2, 0, 0, 0, 0, 2, 0, 2, 1, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0], 11, false, false],
  ])('%s', (_name, answers, total, cut, cluster) => {
    const r = scoreInstrument('PCL-5', answers);
    expect(r).toMatchObject({ total, meetsCutPoint: cut, meetsClusterRule: cluster, provisionalPtsd: cut || cluster, severity: null });
  });
});

describe('ASQ (NIMH)', () => {
  it.each([
    ['all no', [0, 0, 0, 0], 'negative'],
    ['past attempt only, not acute', [0, 0, 0, 1, 0], 'non-acute positive'],
    ['wished dead, thoughts now', [1, 0, 0, 0, 1], 'acute positive'],
    ['all yes, not now', [1, 1, 1, 1, 0], 'non-acute positive'],
  ])('%s', (_name, answers, severity) => {
    expect(scoreInstrument('ASQ', answers).severity).toBe(severity);
  });
  it('requires question 5 when any of 1-4 is yes', () => {
    expect(validateAnswers('ASQ', [1, 0, 0, 0])).toEqual([{ index: 4, message: 'is required (0 or 1) when any of questions 1-4 is yes' }]);
  });
});

describe('answer validation', () => {
  it.each<[InstrumentId, (number | null)[], { index: number | null; message: string }[]]>([
    ['PHQ-9', rep(8, 0), [{ index: null, message: 'must have exactly 9 answers' }]],
    ['PHQ-9', [...rep(8, 0), 4], [{ index: 8, message: 'must be a whole number from 0 to 3' }]],
    [
      'GAD-7',
      [0, 0, -1, 0, 0, 0, 1.5],
      [
        { index: 2, message: 'must be a whole number from 0 to 3' },
        { index: 6, message: 'must be a whole number from 0 to 3' },
      ],
    ],
    ['PCL-5', [...rep(19, 0), 5], [{ index: 19, message: 'must be a whole number from 0 to 4' }]],
    ['PCL-5', rep(20, 4), []],
  ])('%s %j', (id, answers, problems) => {
    expect(validateAnswers(id, answers)).toEqual(problems);
  });
  it('refuses to score invalid answers', () => {
    expect(() => scoreInstrument('PHQ-9', [0, 0])).toThrow(/PHQ-9/);
  });
});

describe('crisis response', () => {
  it('is needed for PHQ-9 item 9 above 0 whatever the total, and for an acute ASQ', () => {
    expect(needsCrisisResponse([scoreInstrument('PHQ-9', [0, 0, 0, 0, 0, 0, 0, 0, 1])])).toBe(true);
    expect(needsCrisisResponse([scoreInstrument('PHQ-9', [3, 3, 3, 3, 3, 3, 3, 3, 0])])).toBe(false);
    expect(needsCrisisResponse([scoreInstrument('ASQ', [1, 0, 0, 0, 1])])).toBe(true);
    expect(needsCrisisResponse([scoreInstrument('ASQ', [1, 0, 0, 0, 0])])).toBe(false);
  });
  it('explains results in plain words with the score', () => {
    expect(explainResult(scoreInstrument('PHQ-9', [2, 2, 1, 1, 2, 1, 1, 1, 1]))).toMatch(/moderate symptoms of depression.*12 of 27/);
    expect(explainResult(scoreInstrument('GAD-7', rep(7, 3)))).toMatch(/severe.*21 of 21/);
  });
});
