import { describe, expect, it } from 'vitest';
import { entryProblem, reconcileDraws, vialBalances, type LedgerEntry } from './controlled-substances.js';

let n = 0;
const e = (kind: LedgerEntry['kind'], amountTenths: number, sessionId: string | null = null, vial = 'V1'): LedgerEntry => ({
  id: String(++n),
  kind,
  drug: 'ketamine',
  vial,
  amountTenths,
  sessionId,
  recordedAt: '2026-12-01T17:00:00Z',
});

describe('controlled-substance log (tenths of a mg)', () => {
  const log = [e('receive', 5000), e('draw', 400, 's1'), e('administer', 350, 's1'), e('waste', 50, 's1')];
  it('vial balance: 500 mg received, 40 mg drawn -> 460 mg on hand', () =>
    expect(vialBalances(log)).toEqual([{ drug: 'ketamine', vial: 'V1', onHandTenths: 4600 }]));
  it('the draw balances: 40 = 35 given + 5 wasted', () => expect(reconcileDraws(log)).toEqual([expect.objectContaining({ sessionId: 's1', balanced: true })]));
  it('an open draw does not balance', () => expect(reconcileDraws(log.slice(0, 3))[0]?.balanced).toBe(false));
  it('a return goes back on the shelf', () => expect(vialBalances([...log.slice(0, 3), e('return', 50, 's1')])[0]?.onHandTenths).toBe(4650));
  it.each([
    ['draw more than is left', [e('receive', 100)], { kind: 'draw', amountTenths: 101, sessionId: 's1' }, 'left'],
    ['give more than drawn', [e('receive', 1000), e('draw', 400, 's1')], { kind: 'administer', amountTenths: 401, sessionId: 's1' }, 'more than was drawn'],
    [
      'waste after giving all',
      [e('receive', 1000), e('draw', 400, 's1'), e('administer', 400, 's1')],
      { kind: 'waste', amountTenths: 1, sessionId: 's1' },
      'more than was drawn',
    ],
    ['give with no session', [e('receive', 1000)], { kind: 'administer', amountTenths: 10, sessionId: null }, 'session'],
    ['zero amount', [], { kind: 'receive', amountTenths: 0, sessionId: null }, 'above 0'],
    ['adjust below zero', [e('receive', 10)], { kind: 'adjust', amountTenths: -11, sessionId: null }, 'below 0'],
  ] as const)('refuses: %s', (_n, entries, next, text) => {
    expect(entryProblem(entries, { drug: 'ketamine', vial: 'V1', ...next })).toContain(text);
  });
  it('accepts a draw within the vial', () =>
    expect(entryProblem([e('receive', 1000)], { kind: 'draw', drug: 'ketamine', vial: 'V1', amountTenths: 1000, sessionId: 's1' })).toBeNull());
});
