import { z } from 'zod';
import { weightProblem } from '../domain/patients/weight.js';
import {
  easternmostToday,
  isoDateSchema,
  optionalText,
  postalCodeSchema,
  requiredText,
  usPhoneSchema,
  usStateSchema,
  versionSchema,
  isoDateTimeSchema,
  requireSomeChange,
} from './common.js';

export const SEX_AT_BIRTH = ['female', 'male', 'intersex', 'unknown'] as const;
export const VETERAN_STATUS = ['veteran', 'not_veteran', 'unknown'] as const;

// "Future" is judged against the date anywhere in the US could be at (its easternmost zone, as for measurements), so a baby born today in
// Atlanta is accepted before midnight UTC, and no date past any US clinic's today is.
const dateOfBirthSchema = isoDateSchema
  .refine((d) => d >= '1900-01-01', 'must be on or after 1900-01-01')
  .refine((d) => d <= easternmostToday(), 'cannot be in the future');

const addressSchema = z.object({
  line1: requiredText(200),
  line2: optionalText(200),
  city: requiredText(100),
  state: usStateSchema,
  postalCode: postalCodeSchema,
});

const emergencyContactSchema = z.object({
  name: requiredText(160),
  relationship: optionalText(60),
  phone: usPhoneSchema,
});

const patientFields = {
  legalGivenName: requiredText(100),
  legalMiddleName: optionalText(100),
  legalFamilyName: requiredText(100),
  preferredName: optionalText(100),
  dateOfBirth: dateOfBirthSchema,
  sexAssignedAtBirth: z.enum(SEX_AT_BIRTH),
  genderIdentity: optionalText(60),
  pronouns: optionalText(40),
  email: z.email('must be an email address').max(320).nullable().optional(),
  phoneMobile: usPhoneSchema.nullable().optional(),
  phoneHome: usPhoneSchema.nullable().optional(),
  /** The patient agreed to visit reminders by text (to the mobile number) / by email (issue 9: only where agreed). */
  reminderSms: z.boolean().optional(),
  reminderEmail: z.boolean().optional(),
  preferredLanguage: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code such as en or es')
    .optional(),
  address: addressSchema.nullable().optional(),
  emergencyContact: emergencyContactSchema.nullable().optional(),
  veteranStatus: z.enum(VETERAN_STATUS).optional(),
  locationIds: z.array(z.uuid()).min(1, 'must list at least one clinic').max(20),
};

export const patientCreateSchema = z.object(patientFields).strict();
export type PatientCreate = z.infer<typeof patientCreateSchema>;

export const patientUpdateSchema = requireSomeChange(z.object(patientFields).partial().extend({ version: versionSchema }).strict());
export type PatientUpdate = z.infer<typeof patientUpdateSchema>;

export const weightSchema = z.object({ id: z.uuid(), measuredAt: z.string(), weightGrams: z.number().int(), weightKg: z.number(), source: z.string() });

export const patientSchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  legalGivenName: z.string(),
  legalMiddleName: z.string().nullable(),
  legalFamilyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  sexAssignedAtBirth: z.enum(SEX_AT_BIRTH),
  genderIdentity: z.string().nullable(),
  pronouns: z.string().nullable(),
  email: z.string().nullable(),
  phoneMobile: z.string().nullable(),
  phoneHome: z.string().nullable(),
  reminderSms: z.boolean(),
  reminderEmail: z.boolean(),
  preferredLanguage: z.string(),
  address: z.object({ line1: z.string(), line2: z.string().nullable(), city: z.string(), state: z.string(), postalCode: z.string() }).nullable(),
  emergencyContact: z.object({ name: z.string(), relationship: z.string().nullable(), phone: z.string() }).nullable(),
  veteranStatus: z.enum(VETERAN_STATUS),
  locations: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
  latestWeight: weightSchema.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Patient = z.infer<typeof patientSchema>;

export const patientSearchQuerySchema = z.object({
  q: z.string().max(200, 'must be at most 200 characters').optional(),
  locationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const patientSummarySchema = z.object({
  id: z.uuid(),
  mrn: z.string(),
  legalGivenName: z.string(),
  legalFamilyName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  phoneMobile: z.string().nullable(),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

export const patientSearchResponseSchema = z.object({
  items: z.array(patientSummarySchema),
  offset: z.number().int(),
  limit: z.number().int(),
  hasMore: z.boolean(),
  interpretedAs: z.enum(['mrn', 'dob', 'phone', 'name', 'all']),
});

export const weightInputSchema = z
  .object({
    value: z.number({ message: 'must be a number' }).positive('must be positive'),
    unit: z.enum(['kg', 'lb']),
    measuredAt: isoDateTimeSchema.optional(),
    source: z.enum(['measured', 'reported']).default('measured'),
  })
  .superRefine((w, ctx) => {
    const problem = weightProblem(w.value, w.unit);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
    if (w.measuredAt && Date.parse(w.measuredAt) > Date.now() + 5 * 60_000) {
      ctx.addIssue({ code: 'custom', path: ['measuredAt'], message: 'cannot be in the future' });
    }
  });
export const weightListSchema = z.object({ items: z.array(weightSchema) });
