import { z } from 'zod';
import { isoDateSchema, optionalText, requiredText, versionSchema } from './common.js';
import { treatmentSchema } from './coverage.js';

export const PA_STATUSES = ['draft', 'submitted', 'more_info_requested', 'approved', 'denied'] as const;
export const PA_STATUS_LABELS: Record<(typeof PA_STATUSES)[number], string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  more_info_requested: 'More information requested',
  approved: 'Approved',
  denied: 'Denied',
};

export const letterSchema = z.object({
  sections: z
    .array(z.object({ heading: requiredText(120), body: z.string().max(10_000) }))
    .min(1)
    .max(20),
});
export type Letter = z.infer<typeof letterSchema>;

const approvalStatusSchema = z.object({
  usedSessions: z.number().int(),
  remainingSessions: z.number().int().nullable(),
  daysLeft: z.number().int(),
  active: z.boolean(),
  expiringSoon: z.boolean(),
  runningOutSoon: z.boolean(),
  fewLeft: z.boolean(),
  warnings: z.array(z.string()),
});

export const priorAuthorizationSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  treatment: z.string(),
  status: z.enum(PA_STATUSES),
  coverageId: z.uuid().nullable(),
  payerName: z.string().nullable(),
  policy: z.object({ id: z.uuid(), version: z.number() }).nullable(),
  /** Null when there is none, or when the caller's role does not read letters (coordinators, managers). */
  letter: letterSchema.nullable(),
  letterDrafted: z.boolean(),
  letterSignedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  letterSignedAt: z.string().nullable(),
  /** When the provider let the patient read the signed letter in the portal. */
  letterSharedAt: z.string().nullable(),
  /** SHA-256 of the letter as signed. */
  letterContentHash: z.string().nullable(),
  /** Amendments after signing, oldest first; `letter` is the latest amendment's text. */
  letterAmendments: z.array(
    z.object({ sequence: z.number().int(), reason: z.string(), amendedAt: z.string(), amendedBy: z.object({ id: z.uuid(), name: z.string() }) }),
  ),
  authorizationNumber: z.string().nullable(),
  approvedSessions: z.number().nullable(),
  approvedFrom: z.string().nullable(),
  approvedTo: z.string().nullable(),
  denialReason: z.string().nullable(),
  usage: approvalStatusSchema.nullable(),
  events: z.array(
    z.object({
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      note: z.string().nullable(),
      at: z.string(),
      by: z.object({ id: z.uuid(), name: z.string() }),
    }),
  ),
  version: z.number().int(),
  createdAt: z.string(),
});
export const priorAuthorizationListSchema = z.object({ items: z.array(priorAuthorizationSchema) });

export const priorAuthorizationCreateSchema = z.object({ treatment: treatmentSchema, coverageId: z.uuid().optional() });
export const letterUpdateSchema = z.object({ version: versionSchema, letter: letterSchema });
export const letterAmendSchema = z.object({ version: versionSchema, reason: requiredText(1000), letter: letterSchema });
export const statusChangeSchema = z
  .object({
    version: versionSchema,
    status: z.enum(['submitted', 'more_info_requested', 'approved', 'denied']),
    note: optionalText(1000),
    authorizationNumber: optionalText(60),
    approvedSessions: z.number().int().min(1).max(500).optional(),
    approvedFrom: isoDateSchema.optional(),
    approvedTo: isoDateSchema.optional(),
    denialReason: optionalText(1000),
  })
  .superRefine((s, ctx) => {
    if (s.status === 'approved') {
      for (const k of ['authorizationNumber', 'approvedSessions', 'approvedFrom', 'approvedTo'] as const) {
        if (s[k] === undefined || s[k] === null) ctx.addIssue({ code: 'custom', path: [k], message: 'is required to record an approval' });
      }
      if (s.approvedFrom && s.approvedTo && s.approvedTo < s.approvedFrom)
        ctx.addIssue({ code: 'custom', path: ['approvedTo'], message: 'must not be before approvedFrom' });
    }
    if (s.status === 'denied' && !s.denialReason) ctx.addIssue({ code: 'custom', path: ['denialReason'], message: 'is required to record a denial' });
  });
export const sessionUseSchema = z.object({ sessionDate: isoDateSchema, note: optionalText(300) });
export const usageQuerySchema = z.object({
  plannedSessions: z.coerce.number().int().min(0).max(500).optional(),
  lastDate: isoDateSchema.optional(),
  sessionsPerWeek: z.coerce.number().int().min(0).max(14).optional(),
});

export const VA_STEPS = ['consult', 'referral', 'documentation', 'approval', 'scheduling'] as const;
export const VA_STEP_LABELS: Record<(typeof VA_STEPS)[number], string> = {
  consult: 'Consult with the VA provider',
  referral: 'Referral issued',
  documentation: 'Documentation of treatment-resistant symptoms sent',
  approval: 'VA review and approval',
  scheduling: 'Scheduled at this clinic',
};
const stepsSchema = z.object(
  Object.fromEntries(VA_STEPS.map((s) => [s, isoDateSchema.nullable().default(null)])) as Record<
    (typeof VA_STEPS)[number],
    z.ZodDefault<z.ZodNullable<typeof isoDateSchema>>
  >,
);

export const vaReferralInputSchema = z
  .object({
    referralNumber: requiredText(60),
    seoc: requiredText(200),
    treatment: treatmentSchema,
    authorizedVisits: z.number().int().min(1).max(500).optional(),
    validFrom: isoDateSchema,
    validTo: isoDateSchema,
    thirdPartyAdministrator: optionalText(100),
    steps: stepsSchema.default({ consult: null, referral: null, documentation: null, approval: null, scheduling: null }),
  })
  .refine((r) => r.validTo >= r.validFrom, { message: 'must not be before validFrom', path: ['validTo'] });
export const vaStepsUpdateSchema = z.object({ version: versionSchema, steps: stepsSchema });
export const vaReferralSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  referralNumber: z.string(),
  seoc: z.string(),
  treatment: z.string(),
  authorizedVisits: z.number().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
  thirdPartyAdministrator: z.string().nullable(),
  steps: z.record(z.string(), z.string().nullable()),
  usage: approvalStatusSchema,
  version: z.number().int(),
});
export const vaReferralListSchema = z.object({ items: z.array(vaReferralSchema) });

export const expiringSchema = z.object({
  items: z.array(
    z.object({
      kind: z.enum(['prior_authorization', 'va_referral']),
      id: z.uuid(),
      patientId: z.uuid(),
      patientName: z.string(),
      treatment: z.string(),
      reference: z.string(),
      endDate: z.string(),
      /** The extension request started for this approval, if any. */
      extension: z.object({ id: z.uuid(), status: z.string() }).nullable(),
      usage: approvalStatusSchema,
    }),
  ),
});
