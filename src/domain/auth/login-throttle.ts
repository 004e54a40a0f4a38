/**
 * Login throttling with growing delays instead of a hard lock (issue 8): a stranger typing a staff member's email
 * must not be able to lock them out. Failures are counted per account-and-address and per account; after a number
 * of free failures each further attempt must wait a delay that doubles per failure, up to a cap. A correct login
 * after the wait succeeds and clears the counts. (OWASP Authentication Cheat Sheet: prefer exponential back-off to
 * account lock-out, which enables denial of service; NIST SP 800-63B 5.2.2 rate limiting.)
 */
export type ThrottlePolicy = { freeFailures: number; maxDelaySeconds: number };

/** Seconds a caller must wait after `failures` failures before the next attempt counts. */
export function throttleDelaySeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures - 1, 30);
  return Math.min(2 ** exponent, policy.maxDelaySeconds);
}

/** Seconds still to wait now, given the failures recorded and when the last one happened (0 when free to try). */
export function secondsToWait(failures: number, lastFailureAt: Date | null, now: Date, policy: ThrottlePolicy): number {
  if (!lastFailureAt) return 0;
  const readyAt = lastFailureAt.getTime() + throttleDelaySeconds(failures, policy) * 1000;
  return Math.max(0, Math.ceil((readyAt - now.getTime()) / 1000));
}

/**
 * The two throttles: per account and address (the guesser: `maxFailures` free tries, then doubling waits up to the
 * configured lock time) and a gentler one per account (many addresses: three times the free tries, at most a minute).
 */
export function loginThrottlePolicies(login: { maxFailures: number; lockMs: number }): Record<'pair' | 'account', ThrottlePolicy> {
  return {
    pair: { freeFailures: login.maxFailures, maxDelaySeconds: Math.round(login.lockMs / 1000) },
    account: { freeFailures: login.maxFailures * 3, maxDelaySeconds: 60 },
  };
}
