import { z } from 'zod';
import { normalizeUsPhone } from '../domain/patients/phone.js';
import { clinicToday } from '../domain/time/clinic-today.js';
import { npiValid } from '../domain/billing/npi.js';

export const uuidSchema = z.uuid();
export const idParamsSchema = z.object({ id: z.uuid() });

/** The largest value a PostgreSQL integer column holds. */
export const INT32_MAX = 2_147_483_647;

/**
 * A calendar date as YYYY-MM-DD, between 1900 and 2199: far enough for any date of birth, coverage span or
 * measurement, and it keeps nonsense such as 0001-01-01 or 9999-12-31 out of date arithmetic.
 */
export const isoDateSchema = z.iso
  .date({ message: 'must be a date as YYYY-MM-DD' })
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', 'must be between 1900-01-01 and 2199-12-31');

/** The date a measurement was taken: not in the future (judged at the easternmost US clinic's today) and not before 1900. */
export const measurementDateSchema = isoDateSchema.refine((d) => d <= easternmostToday(), 'cannot be in the future');

/** An ISO 8601 date-time with an offset, between 1900 and 2199. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).refine((v) => {
  const t = Date.parse(v);
  return t >= Date.UTC(1900, 0, 1) && t < Date.UTC(2200, 0, 1);
}, 'must be between 1900 and 2199');

/** The version of a record the caller read: a positive 32-bit integer. */
export const versionSchema = z
  .number({ message: 'is required (the version you read)' })
  .int('must be a whole number')
  .min(1)
  .max(INT32_MAX, `must be at most ${INT32_MAX}`);

/** The latest date any US clinic can be at now (its easternmost zone): "not in the future" for dates a form sends. */
export function easternmostToday(): string {
  // America/New_York is as far east as a US clinic goes on the mainland; Puerto Rico is an hour ahead of it in winter.
  return clinicToday('America/Puerto_Rico');
}

/** A National Provider Identifier: 10 digits whose last is the Luhn check digit over 80840 + the first nine (CMS). */
export const npiSchema = z
  .string()
  .trim()
  .refine((v) => npiValid(v), 'must be a 10-digit NPI with a valid check digit');
/** A federal tax ID (EIN): 9 digits, written 12-3456789 or 123456789. */
export const taxIdSchema = z
  .string()
  .trim()
  .regex(/^\d{2}-?\d{7}$/, 'must be a 9-digit tax ID such as 12-3456789');
/** A provider taxonomy code (NUCC), for example 2084P0800X. */
export const taxonomySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{9}X$/, 'must be a 10-character taxonomy code such as 2084P0800X');

/** A US phone number in any common format, stored as E.164. */
export const usPhoneSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const r = normalizeUsPhone(value);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.e164;
  });

export const US_STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'PR',
  'GU',
  'VI',
  'AS',
  'MP',
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
export const versionBodySchema = z.object({ version: versionSchema });

/** Trims strings and turns "" into null, so a cleared form field clears the stored value. */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((s) => (s.trim() === '' ? null : s.trim()))
    .nullable()
    .optional();
export const requiredText = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

/** An edit must change something: a PATCH whose body holds no known field (besides the version) is refused. */
export function requireSomeChange<T extends z.ZodType<Record<string, unknown>>>(schema: T) {
  return schema.refine((v) => Object.entries(v).some(([k, x]) => k !== 'version' && x !== undefined), { message: 'must contain at least one field to change' });
}
