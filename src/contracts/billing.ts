import { z } from 'zod';
import { isoDateSchema, optionalText, requiredText, versionSchema } from './common.js';

/** Money in whole cents (never floating point): at most $1,000,000 per entry. */
export const centsSchema = z.number({ message: 'must be a whole number of cents' }).int('must be a whole number of cents').min(0).max(100_000_000);
const positiveCents = centsSchema.min(1, 'must be more than 0');

/** A CPT (5 digits, or 4 digits and a letter) or HCPCS Level II (a letter and 4 digits) code. */
export const procedureCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(\d{4}[0-9A-Z]|[A-Z]\d{4})$/, 'must be a CPT or HCPCS code such as 90868 or G2082');
export const modifierSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{2}$/, 'must be a 2-character modifier such as 25');
export const icd10Schema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-TV-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$/, 'must be an ICD-10-CM code such as F33.2');
const ndcSchema = z
  .string()
  .trim()
  .regex(/^\d{11}$/, 'must be the 11-digit NDC (5-4-2, no hyphens)');
const x12IdSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(15, 'must be at most 15 characters')
  .regex(/^[A-Za-z0-9 ]+$/, 'may hold letters, digits and spaces only');

export const billingSettingsSchema = z
  .object({
    submitterName: requiredText(60),
    submitterId: x12IdSchema,
    interchangeSenderId: x12IdSchema,
    contactName: requiredText(60),
    contactPhone: z.string().regex(/^\+?[\d\s().-]{10,20}$/, 'must be a phone number'),
    receiverName: requiredText(60),
    receiverId: x12IdSchema,
    interchangeReceiverId: x12IdSchema,
    usage: z.enum(['T', 'P']),
    ketamineNdc: ndcSchema.nullable(),
    taxonomy: z
      .string()
      .regex(/^[0-9A-Z]{9}X$/, 'must be a 10-character taxonomy code such as 2084P0800X')
      .nullable(),
  })
  .strict();

export const payerBillingSettingsSchema = z
  .object({
    x12PayerId: x12IdSchema,
    claimFilingIndicator: z.enum([
      '11',
      '12',
      '13',
      '14',
      '15',
      '16',
      '17',
      'AM',
      'BL',
      'CH',
      'CI',
      'DS',
      'FI',
      'HM',
      'LM',
      'MA',
      'MB',
      'MC',
      'OF',
      'TV',
      'VA',
      'WC',
      'ZZ',
    ]),
    filingDays: z.number().int().min(1).max(3650).nullable(),
    appealRules: z.enum(['erisa', 'medicare', 'medicare_advantage', 'medicaid', 'va_ccn']),
    spravatoDrugLine: z.boolean().nullable(),
  })
  .strict();

export const feeItemSchema = z
  .object({
    locationId: z.uuid(),
    payerId: z.uuid().nullable().default(null),
    code: procedureCodeSchema,
    description: requiredText(120),
    feeCents: centsSchema,
  })
  .strict();

export const chargeListQuerySchema = z.object({
  status: z.enum(['review', 'approved', 'billed', 'void']).default('review'),
  locationId: z.uuid().optional(),
  patientId: z.uuid().optional(),
});

export const chargeEditSchema = z
  .object({
    version: versionSchema,
    units: z.number().int().min(1).max(9999).optional(),
    modifiers: z.array(modifierSchema).max(4).optional(),
    pointers: z.array(z.number().int().min(1).max(12)).min(1).max(4).optional(),
    diagnoses: z.array(icd10Schema).min(1).max(12).optional(),
    unitFeeCents: centsSchema.optional(),
    note: optionalText(500),
  })
  .strict();

export const manualChargeSchema = z
  .object({
    patientId: z.uuid(),
    locationId: z.uuid(),
    sessionId: z.uuid().nullable().default(null),
    dateOfService: isoDateSchema,
    code: procedureCodeSchema,
    modifiers: z.array(modifierSchema).max(4).default([]),
    units: z.number().int().min(1).max(9999),
    diagnoses: z.array(icd10Schema).min(1).max(12),
    pointers: z.array(z.number().int().min(1).max(12)).min(1).max(4).default([1]),
    unitFeeCents: centsSchema.optional(),
    renderingProviderId: z.uuid(),
    why: requiredText(300),
  })
  .strict();

export const idsSchema = z.object({ ids: z.array(z.uuid()).min(1).max(1000) }).strict();
/** A clearinghouse batch: up to 10,000 claims in one 837P file (two transaction sets of at most 5,000). */
export const batchIdsSchema = z.object({ ids: z.array(z.uuid()).min(1).max(10_000) }).strict();

export const claimListQuerySchema = z.object({
  status: z.enum(['draft', 'ready', 'submitted', 'accepted', 'rejected', 'paid', 'partially_paid', 'denied', 'appealed', 'closed']).optional(),
  patientId: z.uuid().optional(),
  batchId: z.uuid().optional(),
});

export const claimStatusSchema = z
  .object({
    status: z.enum(['accepted', 'rejected']),
    note: optionalText(500),
    version: versionSchema,
  })
  .strict();

export const claimCorrectionSchema = z.object({ version: versionSchema, note: requiredText(500) }).strict();

export const remittanceJsonSchema = z.object({ file: z.string().min(1, 'is required').max(50_000_000) }).strict();

export const denialListQuerySchema = z.object({
  status: z.enum(['open', 'appealed', 'resolved', 'written_off']).default('open'),
  payerId: z.uuid().optional(),
  reasonCode: z
    .string()
    .regex(/^[A-Z0-9]{1,5}$/)
    .optional(),
});

export const denialResolveSchema = z
  .object({
    action: z.enum(['write_off', 'transfer_to_patient', 'resolved']),
    note: requiredText(500),
    version: versionSchema,
  })
  .strict();

export const appealCreateSchema = z.object({ level: z.number().int().min(1).max(5).optional() }).strict();
export const appealLetterSchema = z
  .object({
    version: versionSchema,
    letter: z.object({
      sections: z
        .array(z.object({ title: requiredText(120), body: z.string().max(10_000) }))
        .min(1)
        .max(20),
    }),
  })
  .strict();
export const appealOutcomeSchema = z
  .object({
    status: z.enum(['submitted', 'won', 'partially_won', 'lost']),
    note: optionalText(1000),
    version: versionSchema,
  })
  .strict();

export const paymentSchema = z
  .object({
    locationId: z.uuid(),
    method: z.enum(['cash', 'card', 'check', 'hsa_fsa']),
    amountCents: positiveCents,
    reference: optionalText(60),
    receivedOn: isoDateSchema,
    note: optionalText(300),
  })
  .strict();

export const refundSchema = z.object({ amountCents: positiveCents, note: requiredText(300) }).strict();

export const superbillQuerySchema = z
  .object({
    sessionId: z.uuid().optional(),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM')
      .optional(),
  })
  .refine((q) => (q.sessionId ? 1 : 0) + (q.month ? 1 : 0) === 1, { message: 'give either sessionId or month', path: ['month'] });

export const billingReportQuerySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  locationId: z.uuid().optional(),
  section: z.enum(['aging', 'denials', 'days_to_payment', 'collections']).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
