import { createHash } from 'node:crypto';
import { AppError, conflict } from '../errors.js';

/**
 * The one signed-document mechanism (issue 8), used by intake assessments and letters of medical necessity, and next
 * by session notes and REMS forms:
 * 1. sign: store who, when, and the SHA-256 of the content in canonical JSON;
 * 2. lock: a database trigger (`stepwise_signed_is_locked`, migration 0007) refuses any change to the signed columns
 *    and any delete once the signed-at column is set, whoever asks;
 * 3. amend: a signed document changes only by an appended amendment with a reason (`stepwise_append_only` keeps
 *    amendments append-only); the signed original stays as it was.
 */

/** JSON with sorted keys (and no undefined members), so a hash does not depend on how jsonb orders keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The content hash a signature stores. */
export const contentHash = (content: unknown): string => createHash('sha256').update(canonicalJson(content)).digest('hex');

/** Refuses to edit a signed document in place (the database refuses too). */
export function assertUnsigned(signedAt: unknown, what: string, code: 'signed' | 'letter_signed' = 'signed'): void {
  if (signedAt) throw conflict(`${what} is signed and locked. Record an amendment instead.`, code);
}

/** Amendments are for signed documents only, and need a reason. */
export function assertAmendable(signedAt: unknown, reason: string, what: string): void {
  if (!signedAt) throw conflict(`Only a signed ${what} takes amendments; edit the draft instead.`, 'not_signed');
  if (reason.trim() === '') throw new AppError(400, 'invalid_input', 'reason is required', [{ path: 'reason', message: 'is required' }]);
}
