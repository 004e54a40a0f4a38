import { describe, expect, it } from 'vitest';
import { secondsToWait, throttleDelaySeconds } from './login-throttle.js';

const pair = { freeFailures: 5, maxDelaySeconds: 900 };
const account = { freeFailures: 15, maxDelaySeconds: 60 };

describe('login throttle delays (doubling, capped, never a lock)', () => {
  it.each<[number, typeof pair, number]>([
    [0, pair, 0],
    [5, pair, 0],
    [6, pair, 1],
    [7, pair, 2],
    [8, pair, 4],
    [14, pair, 256],
    [15, pair, 512],
    [16, pair, 900],
    [10_000, pair, 900],
    [15, account, 0],
    [16, account, 1],
    [22, account, 60],
    [1_000_000, account, 60],
  ])('%d failures -> %d s', (failures, policy, expected) => {
    expect(throttleDelaySeconds(failures, policy)).toBe(expected);
  });

  it('counts down from the last failure', () => {
    const last = new Date('2026-11-30T16:30:00Z');
    expect(secondsToWait(8, last, new Date('2026-11-30T16:30:01Z'), pair)).toBe(3);
    expect(secondsToWait(8, last, new Date('2026-11-30T16:30:04Z'), pair)).toBe(0);
    expect(secondsToWait(3, last, new Date('2026-11-30T16:30:00Z'), pair)).toBe(0);
    expect(secondsToWait(9, null, new Date(), pair)).toBe(0);
  });
});
