import { describe, expect, it } from 'vitest';
import { evaluateRisk, riskInputProblems } from './risk.js';

const no = { q1: false, q2: false, q6: false };

describe('suicide-risk check (PHQ-9 item 9 > 0 or any C-SSRS yes is positive)', () => {
  it.each([
    ['PHQ-9 item 9 = 0', { phq9Item9: 0 }, false, 'none'],
    ['PHQ-9 item 9 = 1', { phq9Item9: 1 }, true, 'low'],
    ['PHQ-9 item 9 = 3', { phq9Item9: 3 }, true, 'moderate'],
    ['C-SSRS all no', { cssrs: no }, false, 'none'],
    ['C-SSRS Q1 yes', { cssrs: { ...no, q1: true } }, true, 'low'],
    ['C-SSRS Q2 and Q3 yes', { cssrs: { ...no, q2: true, q3: true, q4: false, q5: false } }, true, 'moderate'],
    ['C-SSRS Q4 yes (intent)', { cssrs: { ...no, q2: true, q3: true, q4: true, q5: false } }, true, 'high'],
    ['C-SSRS Q6 in the past 3 months', { cssrs: { ...no, q6: true, q6PastThreeMonths: true } }, true, 'high'],
    ['C-SSRS Q6 lifetime only', { cssrs: { ...no, q6: true, q6PastThreeMonths: false } }, true, 'moderate'],
    ['item 9 = 0 but a positive questionnaire today', { phq9Item9: 0, otherPositive: ['PHQ-9 answered today, item 9 = 2'] }, true, 'low'],
    ['negative item 9 does not cancel a positive C-SSRS', { phq9Item9: 0, cssrs: { ...no, q2: true, q3: false, q4: false, q5: true } }, true, 'high'],
  ] as const)('%s', (_n, input, positive, level) => {
    const r = evaluateRisk(input);
    expect([r.positive, r.level]).toEqual([positive, level]);
    expect(r.reasons.length > 0).toBe(positive);
  });

  it.each([
    ['nothing recorded', {}, ['phq9Item9']],
    ['item 9 = 4', { phq9Item9: 4 }, ['phq9Item9']],
    ['Q2 yes without Q3-5', { cssrs: { ...no, q2: true } }, ['cssrs.q3', 'cssrs.q4', 'cssrs.q5']],
    ['Q6 yes without when', { cssrs: { ...no, q6: true } }, ['cssrs.q6PastThreeMonths']],
  ] as const)('input: %s', (_n, input, fields) => {
    expect(riskInputProblems(input).map((p) => p.field)).toEqual(fields);
  });
});
