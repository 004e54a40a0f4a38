import { z } from 'zod';
import { isoDateSchema, requiredText, requireSomeChange } from './common.js';
import { treatmentSchema } from './coverage.js';

export const priceItemSchema = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['session', 'package', 'maintenance']),
  treatment: z.string(),
  sessions: z.number().int(),
  priceCents: z.number().int(),
  includes: z.array(z.string()),
  serviceCodes: z.array(z.string()),
  hsaFsaEligible: z.boolean(),
  active: z.boolean(),
});
export const priceListSchema = z.object({ items: z.array(priceItemSchema) });
export const priceItemInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{2,20}$/, 'must be 2-20 capital letters, digits or dashes'),
  name: requiredText(200),
  kind: z.enum(['session', 'package', 'maintenance']),
  treatment: treatmentSchema,
  sessions: z.number().int().min(1).max(100),
  priceCents: z.number().int('must be whole cents').min(0).max(10_000_000),
  includes: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  serviceCodes: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Z0-9]{5}$/, 'must be a 5-character CPT or HCPCS code'),
    )
    .max(10)
    .default([]),
  hsaFsaEligible: z.boolean().default(true),
});
export const priceItemUpdateSchema = requireSomeChange(
  z.object({
    priceCents: z.number().int('must be whole cents').min(0).max(10_000_000).optional(),
    active: z.boolean().optional(),
    name: requiredText(200).optional(),
  }),
);

export const estimateInputSchema = z.object({
  priceItemId: z.uuid(),
  /** For single-session items: how many sessions the course has. Packages use their own count. */
  sessions: z.number().int().min(1).max(100).optional(),
  /** A coverage of the patient; leave out for self-pay (a Good Faith Estimate). */
  coverageId: z.uuid().optional(),
  plannedStart: isoDateSchema.optional(),
  installments: z.number().int().min(1).max(24).default(1),
  firstDueDate: isoDateSchema.optional(),
});

const lineSchema = z.object({
  session: z.number(),
  chargeCents: z.number(),
  deductibleCents: z.number(),
  coinsuranceCents: z.number(),
  copayCents: z.number(),
  patientCents: z.number(),
  payerCents: z.number(),
});
export const estimateSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  createdAt: z.string(),
  goodFaith: z.boolean(),
  patient: z.object({ name: z.string(), dateOfBirth: z.string() }),
  provider: z.object({ name: z.string(), npi: z.string().nullable(), taxId: z.string().nullable(), address: z.string(), phone: z.string().nullable() }),
  item: z.object({
    code: z.string(),
    name: z.string(),
    includes: z.array(z.string()),
    serviceCodes: z.array(z.string()),
    sessions: z.number(),
    priceCents: z.number(),
    kind: z.string(),
    treatment: z.string(),
  }),
  plannedStart: z.string().nullable(),
  diagnosisCodes: z.array(z.string()),
  coverage: z
    .object({
      payerName: z.string(),
      policyVersion: z.number().nullable(),
      covered: z.boolean(),
      note: z.string().nullable(),
      deductibleRemainingCents: z.number(),
      outOfPocketRemainingCents: z.number().nullable(),
      benefitsReference: z.string().nullable(),
    })
    .nullable(),
  lines: z.array(lineSchema),
  steps: z.array(z.string()),
  chargeCents: z.number(),
  patientCents: z.number(),
  payerCents: z.number(),
  hsaFsa: z.string(),
  paymentPlan: z.array(z.object({ number: z.number(), dueDate: z.string(), amountCents: z.number() })),
  separatelyScheduled: z.array(z.string()),
  disclaimers: z.array(z.string()),
});
export type Estimate = z.infer<typeof estimateSchema>;
export const estimateListSchema = z.object({
  items: z.array(estimateSchema.pick({ id: true, createdAt: true, goodFaith: true, patientCents: true, chargeCents: true }).extend({ itemName: z.string() })),
});
