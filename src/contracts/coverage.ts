import { z } from 'zod';
import { CARE_OPTIONS, SUICIDE_RISK_LEVELS } from '../domain/care-path/care-path.js';
import { TREATMENT_KEYS } from '../domain/coverage/policy.js';
import { isoDateSchema, optionalText, requiredText } from './common.js';

export const treatmentSchema = z.enum(TREATMENT_KEYS as unknown as ['tms', 'esketamine', 'iv_ketamine', 'integration_therapy'], {
  message: 'must be tms, esketamine, iv_ketamine or integration_therapy',
});
const cents = z.number().int('must be whole cents').min(0).max(100_000_000);
const pct = z.number().int().min(0).max(100);

export const policyTermsSchema = z.object({
  covered: z.boolean(),
  note: z.string().max(500).optional(),
  priorAuthorizationRequired: z.boolean(),
  criteria: z
    .object({
      minFailedTrials: z.number().int().min(0).max(10).optional(),
      minDistinctClasses: z.number().int().min(0).max(10).optional(),
      augmentationTrialRequired: z.boolean().optional(),
      psychotherapyTrialRequired: z.boolean().optional(),
      minPhq9: z.number().int().min(0).max(27).optional(),
      minAge: z.number().int().min(0).max(120).optional(),
      maxAge: z.number().int().min(0).max(120).optional(),
      diagnosisCodes: z
        .array(z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Z]{0,4})?$/, 'must be an ICD-10-CM code or prefix such as F33 or F33.2'))
        .max(50)
        .optional(),
    })
    .refine((c) => c.minAge === undefined || c.maxAge === undefined || c.minAge <= c.maxAge, { message: 'must not be below minAge', path: ['maxAge'] }),
  payment: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('coinsurance'), patientPercent: pct, deductibleApplies: z.boolean() }),
    z.object({ kind: z.literal('copay'), copayCents: cents }),
    z.object({ kind: z.literal('none') }),
  ]),
  approval: z.object({ sessions: z.number().int().min(1).max(500).nullable(), days: z.number().int().min(1).max(1100).nullable() }),
  documents: z.array(z.string().trim().min(1).max(200)).max(30),
});

export const policyVersionSchema = z.object({
  id: z.uuid(),
  payerId: z.uuid(),
  treatment: z.string(),
  version: z.number().int(),
  effectiveFrom: z.string(),
  terms: policyTermsSchema,
  source: z.string().nullable(),
  createdAt: z.string(),
});
export const policyPublishSchema = z.object({ treatment: treatmentSchema, effectiveFrom: isoDateSchema, terms: policyTermsSchema, source: optionalText(500) });

export const payerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  phone: z.string().nullable(),
  plans: z.array(z.object({ id: z.uuid(), name: z.string() })),
  policies: z.array(policyVersionSchema),
});
export const payerListSchema = z.object({ items: z.array(payerSchema) });

export const coverageInputSchema = z
  .object({
    payerId: z.uuid(),
    planId: z.uuid().optional(),
    priority: z.enum(['primary', 'secondary']),
    memberId: optionalText(60),
    groupId: optionalText(60),
    subscriberName: optionalText(200),
    subscriberRelationship: z.enum(['self', 'spouse', 'child', 'other']).default('self'),
    effectiveFrom: isoDateSchema,
    effectiveTo: isoDateSchema.optional(),
  })
  .refine((c) => !c.effectiveTo || c.effectiveTo >= c.effectiveFrom, { message: 'must not be before effectiveFrom', path: ['effectiveTo'] });

export const benefitsCheckInputSchema = z.object({
  treatment: treatmentSchema.optional(),
  checkedOn: isoDateSchema,
  referenceNumber: requiredText(60),
  representative: optionalText(120),
  deductibleCents: cents.optional(),
  deductibleMetCents: cents.optional(),
  outOfPocketMaxCents: cents.optional(),
  outOfPocketMetCents: cents.optional(),
  coinsurancePercent: pct.optional(),
  copayCents: cents.optional(),
  notes: optionalText(1000),
});
const benefitsCheckSchema = z.object({
  id: z.uuid(),
  treatment: z.string().nullable(),
  checkedOn: z.string(),
  referenceNumber: z.string(),
  representative: z.string().nullable(),
  deductibleCents: z.number().nullable(),
  deductibleMetCents: z.number().nullable(),
  outOfPocketMaxCents: z.number().nullable(),
  outOfPocketMetCents: z.number().nullable(),
  coinsurancePercent: z.number().nullable(),
  copayCents: z.number().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
});

export const coverageSchema = z.object({
  id: z.uuid(),
  payer: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  plan: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  priority: z.string(),
  memberId: z.string().nullable(),
  groupId: z.string().nullable(),
  subscriberName: z.string().nullable(),
  subscriberRelationship: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  benefitsChecks: z.array(benefitsCheckSchema),
});
export const coverageListSchema = z.object({ items: z.array(coverageSchema) });

const reasonSchema = z.object({ rule: z.string(), source: z.string(), text: z.string() });
export const carePathResultSchema = z.object({
  version: z.string(),
  urgent: z.boolean(),
  urgentReasons: z.array(reasonSchema),
  /** Absent on recommendations recorded before engine 2026.12.1. */
  suicideRisk: z
    .object({
      level: z.enum(SUICIDE_RISK_LEVELS),
      signals: z.array(reasonSchema.extend({ level: z.string(), on: z.string(), confirmed: z.boolean() })),
    })
    .optional(),
  treatmentResistant: z.boolean().nullable(),
  failedAdequateTrials: z.number(),
  failedTrialsIncludingIntolerance: z.number().optional(),
  treatmentResistantIncludingIntolerance: z.boolean().optional(),
  options: z.array(
    z.object({
      option: z.enum(CARE_OPTIONS as unknown as [string, ...string[]]),
      verdict: z.string(),
      reasons: z.array(reasonSchema),
      conditions: z.array(z.string()),
      missing: z.array(z.string()),
    }),
  ),
  engineNextStep: z.string().nullable(),
  providerChoice: z.object({ option: z.string(), reason: z.string() }).nullable(),
});

const criterionSchema = z.object({ criterion: z.string(), label: z.string(), met: z.boolean().nullable(), evidence: z.string() });
export const coverageOutlookSchema = z.object({
  treatment: z.string(),
  coverageId: z.uuid().nullable(),
  payerName: z.string().nullable(),
  policy: z.object({ id: z.uuid(), version: z.number(), effectiveFrom: z.string(), source: z.string().nullable() }).nullable(),
  status: z.string(),
  covered: z.boolean(),
  priorAuthorizationRequired: z.boolean(),
  note: z.string().nullable(),
  criteria: z.array(criterionSchema),
  documentsNeeded: z.array(z.string()),
  latestBenefitsCheck: benefitsCheckSchema.nullable(),
});

export const carePathViewSchema = z.object({
  intake: z.object({ assessmentId: z.uuid(), signedAt: z.string() }).nullable(),
  result: carePathResultSchema.nullable(),
  coverage: z.array(coverageOutlookSchema),
  missing: z.array(z.string()),
  /** Courses that ended at the practice, with their measured outcome (clinical staff only). */
  courseEvidence: z.array(z.string()).optional(),
});

export const recommendationInputSchema = z
  .object({ chosenOption: z.enum(CARE_OPTIONS as unknown as [string, ...string[]]).optional(), reason: optionalText(1000) })
  .refine((r) => !r.chosenOption || (r.reason ?? '') !== '', { message: 'is required when you choose a step', path: ['reason'] });

export const recommendationSchema = z.object({
  id: z.uuid(),
  engineVersion: z.string(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.uuid(), name: z.string() }),
  result: carePathResultSchema,
  coverage: z.array(coverageOutlookSchema),
  /** The policy versions the coverage outlook used, as they were then. */
  policies: z.array(policyVersionSchema),
  chosenOption: z.string().nullable(),
  choiceReason: z.string().nullable(),
});
export const recommendationListSchema = z.object({
  items: z.array(recommendationSchema.pick({ id: true, engineVersion: true, createdAt: true, chosenOption: true }).extend({ nextStep: z.string().nullable() })),
});

/** A patient's suicide risk now; `level` and `signals` only for clinical staff (minimum necessary). */
export const patientRiskSchema = z.object({
  urgent: z.boolean(),
  level: z.enum(SUICIDE_RISK_LEVELS).nullable(),
  signals: z.array(z.object({ level: z.string(), on: z.string(), rule: z.string(), source: z.string(), text: z.string() })),
});
export type PatientRisk = z.infer<typeof patientRiskSchema>;

export const diagnosisListSchema = z.object({
  signedAt: z.string().nullable(),
  items: z.array(z.object({ code: z.string(), description: z.string().nullable(), primary: z.boolean() })),
});
