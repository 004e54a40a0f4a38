import { z } from 'zod';
import { isKnownTimeZone } from '../domain/leads/callback-promise.js';
import { INSTRUMENTS } from '../domain/screening/instruments.js';
import { isoDateSchema, optionalText, requiredText, usPhoneSchema, usStateSchema, versionSchema, isoDateTimeSchema } from './common.js';

const timeZoneSchema = z.string().max(64).refine(isKnownTimeZone, 'must be an IANA time zone such as America/Chicago');

/** Contact details a visitor leaves; shared by the callback form and the screening's "contact me". */
export const publicContactSchema = z
  .object({
    name: requiredText(120),
    phone: usPhoneSchema,
    state: usStateSchema.optional(),
    preferredClinicId: z.uuid({ message: 'must be a clinic id from GET /api/public/clinics' }).optional(),
    bestTime: optionalText(100),
    reason: optionalText(1000),
    consentToCall: z.literal(true, { message: 'must be true: we can only call you with your consent' }),
    consentToText: z.boolean().default(false),
    timeZone: timeZoneSchema.optional(),
  })
  .refine((c) => c.state !== undefined || c.preferredClinicId !== undefined, { message: 'give your state or a preferred clinic', path: ['state'] });
export type PublicContact = z.infer<typeof publicContactSchema>;

/** Honeypot: a field people never see or fill in. Anything in it marks the submission as automated. */
const honeypot = { website: z.string().max(500).optional() };

export const callbackRequestSchema = z.intersection(publicContactSchema, z.object(honeypot));
export type CallbackRequest = z.infer<typeof callbackRequestSchema>;

export const callbackConfirmationSchema = z.object({
  reference: z.string(),
  clinic: z.object({ name: z.string(), phone: z.string().nullable(), timeZone: z.string() }),
  callbackBy: z.string(),
  withinCallingHours: z.boolean(),
  message: z.string(),
  /** True when this phone already had an open request; the existing promise stands. */
  alreadyRequested: z.boolean(),
});
export type CallbackConfirmation = z.infer<typeof callbackConfirmationSchema>;

const answers = (n: number, max: number) =>
  z.array(z.number().int('must be a whole number').min(0, `must be 0 to ${max}`).max(max, `must be 0 to ${max}`)).length(n, `must have exactly ${n} answers`);

export const screeningRequestSchema = z.object({
  responses: z
    .object({
      'PHQ-9': answers(INSTRUMENTS['PHQ-9'].items.length, 3).optional(),
      'GAD-7': answers(INSTRUMENTS['GAD-7'].items.length, 3).optional(),
    })
    .strict()
    .refine((r) => r['PHQ-9'] !== undefined || r['GAD-7'] !== undefined, { message: 'must include PHQ-9 or GAD-7 answers' }),
  contact: publicContactSchema.optional(),
  ...honeypot,
});
export type ScreeningRequest = z.infer<typeof screeningRequestSchema>;

const instrumentResultSchema = z.object({
  total: z.number().int(),
  maxTotal: z.number().int(),
  severity: z.string(),
  explanation: z.string(),
});

export const CRISIS_RESOURCES = [
  { name: '988 Suicide & Crisis Lifeline', action: 'Call or text 988', href: 'tel:988' },
  { name: 'Text the Lifeline', action: 'Text 988', href: 'sms:988' },
  { name: 'Emergency services', action: 'Call 911 if you are in immediate danger', href: 'tel:911' },
] as const;

export const screeningResultSchema = z.object({
  'PHQ-9': instrumentResultSchema.optional(),
  'GAD-7': instrumentResultSchema.optional(),
  crisis: z.boolean(),
  crisisResources: z.array(z.object({ name: z.string(), action: z.string(), href: z.string() })),
  callback: callbackConfirmationSchema.nullable(),
  attribution: z.string(),
});
export type ScreeningResult = z.infer<typeof screeningResultSchema>;

export const publicClinicSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  city: z.string(),
  state: z.string(),
  phone: z.string().nullable(),
  timeZone: z.string(),
});
export const publicClinicListSchema = z.object({ items: z.array(publicClinicSchema) });

// ---- Staff: the lead queue ----

export const LEAD_SOURCES = ['callback', 'screening', 'phone'] as const;
export const LEAD_STATUSES = ['new', 'claimed', 'closed', 'converted'] as const;
export const CALL_OUTCOMES = ['reached', 'voicemail', 'no_answer', 'wrong_number', 'not_interested', 'call_back_later'] as const;
export const CALL_OUTCOME_LABELS: Record<(typeof CALL_OUTCOMES)[number], string> = {
  reached: 'Reached',
  voicemail: 'Left voicemail',
  no_answer: 'No answer',
  wrong_number: 'Wrong number',
  not_interested: 'Not interested',
  call_back_later: 'Call back later',
};
export const CLOSE_REASONS = ['not_interested', 'wrong_number', 'unreachable', 'duplicate', 'referred_elsewhere', 'other'] as const;

const userRefSchema = z.object({ id: z.uuid(), name: z.string() }).nullable();
const clinicRefSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string(), timeZone: z.string() });

export const leadSummarySchema = z.object({
  id: z.uuid(),
  source: z.enum(LEAD_SOURCES),
  status: z.enum(LEAD_STATUSES),
  urgent: z.boolean(),
  urgentReason: z.string().nullable(),
  escalated: z.boolean(),
  name: z.string(),
  phone: z.string(),
  state: z.string().nullable(),
  clinic: clinicRefSchema,
  requestedAt: z.string(),
  callbackDueAt: z.string(),
  /** The time the next call is due: a requested later callback, or the original deadline. */
  dueAt: z.string(),
  claimedBy: userRefSchema,
  attemptCount: z.number().int(),
  firstAttemptAt: z.string().nullable(),
  version: z.number().int(),
});
export type LeadSummary = z.infer<typeof leadSummarySchema>;

export const leadQueueQuerySchema = z.object({
  locationId: z.uuid().optional(),
  status: z.enum(['open', 'closed', 'converted', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const leadQueueSchema = z.object({ items: z.array(leadSummarySchema), serverTime: z.string() });

export const callAttemptSchema = z.object({
  id: z.uuid(),
  attemptedAt: z.string(),
  outcome: z.enum(CALL_OUTCOMES),
  callBackAt: z.string().nullable(),
  notes: z.string().nullable(),
  by: userRefSchema,
});

export const leadDetailSchema = leadSummarySchema.extend({
  email: z.string().nullable(),
  bestTime: z.string().nullable(),
  reason: z.string().nullable(),
  consentToCall: z.boolean(),
  consentToText: z.boolean(),
  visitorTimeZone: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  convertedPatientId: z.uuid().nullable(),
  attempts: z.array(callAttemptSchema),
  screenings: z.array(
    z.object({ instrument: z.string(), answers: z.array(z.number()), total: z.number().nullable(), severity: z.string().nullable(), takenAt: z.string() }),
  ),
  appointment: z.object({ id: z.uuid(), startsAt: z.string(), endsAt: z.string(), clinicName: z.string(), providerName: z.string() }).nullable(),
});
export type LeadDetail = z.infer<typeof leadDetailSchema>;

export const leadCreateSchema = z.object({
  name: requiredText(120),
  phone: usPhoneSchema,
  email: z.email('must be an email address').max(320).optional(),
  locationId: z.uuid(),
  state: usStateSchema.optional(),
  bestTime: optionalText(100),
  reason: optionalText(1000),
  urgent: z.boolean().default(false),
  urgentReason: optionalText(300),
  consentToCall: z.boolean(),
  consentToText: z.boolean().default(false),
});

export const callAttemptInputSchema = z
  .object({
    outcome: z.enum(CALL_OUTCOMES),
    notes: optionalText(2000),
    callBackAt: isoDateTimeSchema.optional(),
    version: versionSchema,
  })
  .refine((a) => a.outcome !== 'call_back_later' || a.callBackAt !== undefined, {
    message: 'is required when the outcome is "call back later"',
    path: ['callBackAt'],
  });

export const closeLeadSchema = z.object({ reason: z.enum(CLOSE_REASONS), notes: optionalText(2000), version: versionSchema });

export const patientMatchQuerySchema = z.object({
  givenName: z.string().trim().max(100).optional(),
  familyName: z.string().trim().max(100).optional(),
  dateOfBirth: isoDateSchema.optional(),
});
export const patientMatchSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      mrn: z.string(),
      name: z.string(),
      dateOfBirth: z.string(),
      phone: z.string().nullable(),
      matchedOn: z.array(z.enum(['name_and_date_of_birth', 'phone'])),
    }),
  ),
});

export const convertLeadSchema = z.object({
  version: versionSchema,
  /** Link to this existing patient, or give `newPatient` to register one. */
  existingPatientId: z.uuid().optional(),
  newPatient: z
    .object({
      legalGivenName: requiredText(100),
      legalFamilyName: requiredText(100),
      dateOfBirth: isoDateSchema,
      sexAssignedAtBirth: z.enum(['female', 'male', 'intersex', 'unknown']),
      email: z.email('must be an email address').max(320).optional(),
    })
    .optional(),
  appointment: z.object({
    locationId: z.uuid(),
    providerId: z.uuid(),
    startsAt: isoDateTimeSchema,
    durationMinutes: z.number().int().min(15).max(240).default(60),
  }),
});
export type ConvertLead = z.infer<typeof convertLeadSchema>;

export const conversionResultSchema = z.object({
  patientId: z.uuid(),
  createdPatient: z.boolean(),
  appointment: z.object({ id: z.uuid(), startsAt: z.string(), endsAt: z.string() }),
});

export const providerListSchema = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), locationIds: z.array(z.uuid()) })) });

export const metricsQuerySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  locationId: z.uuid().optional(),
});
export const metricsRowSchema = z.object({
  locationId: z.uuid(),
  clinicName: z.string(),
  day: z.string(),
  leads: z.number().int(),
  firstCalled: z.number().int(),
  medianMinutesToFirstCall: z.number().nullable(),
  calledWithin10Minutes: z.number().int(),
  shareCalledWithin10Minutes: z.number().nullable(),
  conversions: z.number().int(),
  urgentLeads: z.number().int(),
  medianMinutesToReachUrgent: z.number().nullable(),
  escalated: z.number().int(),
});
export const metricsSchema = z.object({
  items: z.array(metricsRowSchema),
  anonymousScreenings: z.array(z.object({ day: z.string(), instrument: z.string(), severity: z.string(), crisis: z.boolean(), count: z.number().int() })),
});

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const notificationListSchema = z.object({ items: z.array(notificationSchema), unread: z.number().int() });
