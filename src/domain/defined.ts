/**
 * The value, or an error that names what was missing. For values the code's own logic guarantees (the row an
 * INSERT just returned, a key of a fixed table, the first of a non-empty list), where a non-null assertion would
 * let a broken guarantee pass silently as `undefined` into a later answer.
 */
export function defined<T>(value: T | null | undefined, what = 'a value'): T {
  if (value === null || value === undefined) throw new Error(`Internal error: expected ${what}, found ${String(value)}`);
  return value;
}
