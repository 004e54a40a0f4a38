import type { z } from 'zod';

/** Validates with a shared contract schema and returns field path -> message, as the API would. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join('.') || 'form';
    errors[path] ??= issue.message;
  }
  return { ok: false, errors };
}

/** "" -> undefined, so optional fields left blank are not sent. */
export const blankToUndefined = (s: string) => (s.trim() === '' ? undefined : s);
