import { z } from 'zod';
import { normalizeUsPhone } from '../domain/patients/phone.js';

export const uuidSchema = z.uuid();
export const idParamsSchema = z.object({ id: z.uuid() });

export const isoDateSchema = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

/** A US phone number in any common format, stored as E.164. */
export const usPhoneSchema = z.string().max(40).transform((value, ctx) => {
  const r = normalizeUsPhone(value);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  }
  return r.e164;
});

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
  'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI',
  'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP',
] as const;
export const usStateSchema = z.enum(US_STATES, { message: 'must be a two-letter US state code' });
export const postalCodeSchema = z.string().regex(/^\d{5}(-\d{4})?$/, 'must be a US ZIP code (12345 or 12345-6789)');

/** The body of every error answer. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorSchema>;

export const okSchema = z.object({ ok: z.literal(true) });

/** The body of an action on a versioned record: the version the caller read (a stale one gets 409). */
export const versionBodySchema = z.object({ version: z.number().int().min(1) });

/** Trims strings and turns "" into null, so a cleared form field clears the stored value. */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((s) => (s.trim() === '' ? null : s.trim()))
    .nullable()
    .optional();
export const requiredText = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
