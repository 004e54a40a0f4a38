import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

const NUL = '\u0000';

/**
 * The path of the first string (value or key) holding a NUL character, or null. PostgreSQL cannot store NUL in text
 * or jsonb, so it is refused at the door, naming the field, instead of failing deep in a query.
 */
export function pathOfNul(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes(NUL)) return [...path, key.replaceAll(NUL, '\\u0000')];
    const found = pathOfNul(v, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** A preValidation hook: 400 naming the field when params, query or body carry a NUL character. */
export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  for (const [where, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const found = pathOfNul(value);
    if (found) {
      const path = found.length ? found.join('.') : where;
      throw new AppError(400, 'invalid_input', `${path} must not contain NUL (\\u0000) characters`, [
        { path, message: 'must not contain NUL (\\u0000) characters' },
      ]);
    }
  }
}
