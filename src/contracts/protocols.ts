import { z } from 'zod';
import { isoDateSchema, requiredText } from './common.js';

// Treatment protocols as versioned data (issue 9; domain: src/domain/scheduling/protocols.ts).

const sourceText = requiredText(500);

export const visitTypeSchema = z
  .object({
    kind: z.enum([
      'tms_mapping',
      'tms_session',
      'spravato_session',
      'iv_ketamine_infusion',
      'ketamine_response_evaluation',
      'im_ketamine_session',
      'kap_session',
      'integration_therapy',
    ]),
    label: requiredText(120),
    minutes: z.number().int('must be whole minutes').min(5).max(480),
    blockAfterMinutes: z.number().int('must be whole minutes').min(0).max(480),
    resource: z.enum(['tms_device', 'infusion_chair', 'esketamine_room']).nullable(),
    staff: z.array(z.object({ role: z.enum(['provider', 'nurse']), presence: z.enum(['attends', 'on_site']) }).strict()).max(4),
    questionnaires: z.array(z.enum(['PHQ-9', 'GAD-7', 'PCL-5', 'C-SSRS', 'ASQ'])).max(6),
    readiness: z.array(z.object({ text: requiredText(400), source: sourceText }).strict()).max(10),
    source: sourceText,
  })
  .strict();

export const phaseSchema = z
  .object({
    name: requiredText(80),
    visitKind: visitTypeSchema.shape.kind,
    sessions: z.number().int().min(1).max(100),
    spacing: z
      .object({
        minGapDays: z.number().int().min(0).max(90),
        maxGapDays: z.number().int().min(0).max(365).nullable(),
        perWeek: z.number().int().min(1).max(7),
        weekdaysOnly: z.boolean(),
      })
      .strict(),
    weeks: z.number().int().min(1).max(104).nullable(),
  })
  .strict();

export const protocolInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2-40 lower-case letters, digits or dashes'),
    treatment: z.enum(['tms', 'esketamine', 'iv_ketamine', 'im_ketamine', 'kap']),
    name: requiredText(160),
    visitTypes: z.array(visitTypeSchema).min(1).max(10),
    phases: z.array(phaseSchema).min(1).max(12),
    source: sourceText,
  })
  .strict();
export type ProtocolInput = z.infer<typeof protocolInputSchema>;

export const protocolSchema = protocolInputSchema.extend({
  id: z.string(),
  version: z.number().int(),
  sessions: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  current: z.boolean(),
});
export type ProtocolView = z.infer<typeof protocolSchema>;

export const protocolListSchema = z.object({ items: z.array(protocolSchema) });
export const protocolListQuerySchema = z.object({ all: z.enum(['true', 'false']).default('false') });

// Treatment courses (issue 9).
export const courseStatusSchema = z.enum(['planned', 'active', 'on_hold', 'completed', 'stopped']);

export const courseCreateSchema = z
  .object({
    protocolId: z.uuid(),
    locationId: z.uuid(),
    /** The recorded care-path recommendation the course follows, or a documented reason to differ (one is required). */
    recommendationId: z.uuid().nullable().optional(),
    differReason: z.string().trim().min(10, 'must say why (at least 10 characters)').max(1000).nullable().optional(),
    priorAuthorizationId: z.uuid().nullable().optional(),
    vaReferralId: z.uuid().nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.recommendationId && !v.differReason)
      ctx.addIssue({ code: 'custom', path: ['recommendationId'], message: 'is required, or a differReason saying why the course differs from the care path' });
    if (v.priorAuthorizationId && v.vaReferralId)
      ctx.addIssue({ code: 'custom', path: ['vaReferralId'], message: 'link a prior authorization or a VA referral, not both' });
  });
export type CourseCreate = z.infer<typeof courseCreateSchema>;

export const courseStatusChangeSchema = z
  .object({
    status: courseStatusSchema,
    reason: z.string().trim().min(3).max(1000).nullable().optional(),
    version: z.number().int().min(1).max(2147483647),
  })
  .strict();

/** `POST /api/courses/:id/payer-link`: count the course's sessions against another approval (an extension) or none. */
export const coursePayerLinkSchema = z
  .object({
    priorAuthorizationId: z.uuid().nullable().optional(),
    vaReferralId: z.uuid().nullable().optional(),
    version: z.number().int().min(1).max(2147483647),
  })
  .strict()
  .refine((b) => !(b.priorAuthorizationId && b.vaReferralId), { message: 'give a prior authorization or a VA referral, not both', path: ['vaReferralId'] });

/** The prior authorization or VA referral a course counts against, as the course shows it. */
export const payerLinkSchema = z.object({
  kind: z.enum(['prior_authorization', 'va_referral']),
  id: z.string(),
  inForce: z.boolean(),
  sessions: z.number().int().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  used: z.number().int(),
});

export const courseSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  location: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  protocol: z.object({ id: z.string(), code: z.string(), version: z.number().int(), name: z.string(), treatment: z.string(), sessions: z.number().int() }),
  status: courseStatusSchema,
  statusReason: z.string().nullable(),
  recommendationId: z.string().nullable(),
  differReason: z.string().nullable(),
  payerLink: payerLinkSchema.nullable(),
  visits: z.object({ done: z.number().int(), booked: z.number().int(), first: z.string().nullable(), last: z.string().nullable() }),
  startedBy: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type CourseView = z.infer<typeof courseSchema>;
export const courseListSchema = z.object({ items: z.array(courseSchema) });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

/** `POST /api/courses/:id/plan` (issue 9): when the patient can come, and the first date to use. */
export const coursePlanRequestSchema = z
  .object({
    preferredTimes: z
      .array(
        z
          .object({ weekday: z.number().int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'), from: hhmm, to: hhmm })
          .strict()
          .refine((w) => w.from < w.to, { message: 'must end after it starts', path: ['to'] }),
      )
      .max(21)
      .default([]),
    startOn: isoDateSchema.optional(),
  })
  .strict();

export const plannedVisitSchema = z.object({
  index: z.number().int(),
  phase: z.string(),
  kind: z.string(),
  date: z.string(),
  localStart: z.string(),
  start: z.string(),
  end: z.string(),
  blockedUntil: z.string(),
  resource: z.object({ id: z.string(), name: z.string() }).nullable(),
  staff: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
});

export const coursePlanSchema = z.object({
  courseId: z.string(),
  protocol: z.object({ code: z.string(), version: z.number().int() }),
  timeZone: z.string(),
  startOn: z.string(),
  visits: z.array(plannedVisitSchema),
  blocked: z
    .object({
      index: z.number().int(),
      phase: z.string(),
      kind: z.string(),
      rule: z.enum(['authorization_count', 'authorization_window', 'spacing', 'preferred_times', 'no_capacity']),
      message: z.string(),
      alternatives: z.array(
        z.object({ date: z.string(), localStart: z.string(), start: z.string(), relaxes: z.enum(['preferred_times', 'spacing']).nullable() }),
      ),
    })
    .nullable(),
  notPlanned: z.number().int(),
  /** Things the plan could not take into account, said plainly (for example an authorization not yet approved). */
  warnings: z.array(z.string()),
});
export type CoursePlan = z.infer<typeof coursePlanSchema>;
