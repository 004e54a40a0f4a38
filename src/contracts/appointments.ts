import { z } from 'zod';
import { isoDateSchema, isoDateTimeSchema, requiredText, versionSchema } from './common.js';
import { WEEKDAYS } from '../domain/scheduling/opening-hours.js';
import { weeklyHoursSchema } from './locations.js';
import { payerLinkSchema } from './protocols.js';

// Booking and running treatment visits (issue 9; rules: src/domain/scheduling/appointments.ts, spacing.ts).

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

/**
 * A visit as staff chose it: its place in the course, the clinic wall-clock date and time (the server turns them into
 * an instant in the clinic's zone), the resource, and the staff in the order the visit type lists its needs.
 */
export const visitChoiceSchema = z
  .object({
    index: z.number().int().min(0, 'must be 0 or more'),
    date: isoDateSchema,
    localStart: hhmm,
    resourceId: z.uuid().nullable(),
    staffIds: z.array(z.uuid()).min(1, 'must name the attending staff').max(3),
  })
  .strict();
export type VisitChoice = z.infer<typeof visitChoiceSchema>;

/** `POST /api/courses/:id/appointments`: the plan's visits (any moved), booked whole or not at all. */
export const courseBookingSchema = z.object({ visits: z.array(visitChoiceSchema).min(1, 'must hold at least one visit').max(60) }).strict();

/** `POST /api/courses/:id/attached-visits`: a visit of the protocol outside the course's phases (integration therapy). */
export const attachedVisitSchema = z
  .object({
    kind: z.string().regex(/^[a-z_]{2,40}$/, 'must be a visit type code such as integration_therapy'),
    date: isoDateSchema,
    localStart: hhmm,
    resourceId: z.uuid().nullable(),
    staffIds: z.array(z.uuid()).min(1, 'must name the attending staff').max(3),
  })
  .strict();

export const appointmentStatusSchema = z.enum([
  'booked',
  'checked_in',
  'in_treatment',
  'observing',
  'ready_for_discharge',
  'completed',
  'cancelled',
  'no_show',
]);

export const visitSchema = z.object({
  id: z.string(),
  kind: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  staffEndsAt: z.string().nullable(),
  date: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  status: appointmentStatusSchema,
  boardStatus: z.string(),
  confirmation: z.enum(['unconfirmed', 'confirmed', 'reschedule_requested']),
  lateCancel: z.boolean(),
  cancelReason: z.string().nullable(),
  courseId: z.string().nullable(),
  seriesId: z.string().nullable(),
  resource: z.object({ id: z.string(), name: z.string(), kind: z.string() }).nullable(),
  staff: z.object({ id: z.string(), name: z.string() }),
  onSiteStaff: z.object({ id: z.string(), name: z.string() }).nullable(),
  observationStartedAt: z.string().nullable(),
  nextMoves: z.array(appointmentStatusSchema),
  version: z.number().int(),
});
export type VisitView = z.infer<typeof visitSchema>;

export const courseVisitsSchema = z.object({
  courseId: z.string(),
  timeZone: z.string(),
  planned: z.number().int(),
  done: z.number().int(),
  booked: z.number().int(),
  /** The course's payer link with the visits booked against it and the sessions left to book. */
  authorization: payerLinkSchema.extend({ booked: z.number().int(), remaining: z.number().int().nullable() }).nullable(),
  /** `number`: the visit's place in the course (null when cancelled or missed); `phase` from the protocol version. */
  items: z.array(
    visitSchema.extend({
      number: z.number().int().nullable(),
      phase: z.string().nullable(),
      /** For a missed visit: what the label (Spravato) or the literature (TMS) says to do next, with its source. */
      guidance: z.object({ text: z.string(), source: z.string() }).nullable(),
    }),
  ),
});
export type CourseVisitsView = z.infer<typeof courseVisitsSchema>;

export const courseBookingResultSchema = z.object({ seriesId: z.string(), booked: z.number().int(), course: courseVisitsSchema });

export const rescheduleSchema = z
  .object({
    date: isoDateSchema,
    localStart: hhmm,
    resourceId: z.uuid().nullable().optional(),
    staffIds: z.array(z.uuid()).min(1).max(3).optional(),
    version: versionSchema,
  })
  .strict();

export const cancelSchema = z.object({ reason: requiredText(500), version: versionSchema, scope: z.enum(['visit', 'series']).default('visit') }).strict();
export const cancelResultSchema = z.object({ cancelled: z.number().int(), appointment: visitSchema });

export const appointmentMoveSchema = z
  .object({
    status: z.enum(['checked_in', 'in_treatment', 'observing', 'ready_for_discharge', 'completed', 'no_show']),
    version: versionSchema,
  })
  .strict();
export const appointmentMoveResultSchema = z.object({
  appointment: visitSchema,
  /** Whether completing this visit counted a session against the course's authorization or referral. */
  counted: z.boolean(),
  /** After a no-show: what the label or the literature says to do next, with its source. */
  guidance: z.object({ text: z.string(), source: z.string() }).nullable(),
});

export const boardQuerySchema = z.object({ date: isoDateSchema.optional() }).strict();
const boardVisitSchema = visitSchema.extend({ patient: z.object({ id: z.string(), label: z.string() }) });
export const boardSchema = z.object({
  clinic: z.object({ id: z.string(), timeZone: z.string() }),
  date: z.string(),
  generatedAt: z.string(),
  resources: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), visits: z.array(boardVisitSchema) })),
  unassigned: z.array(boardVisitSchema),
  unconfirmed: z.number().int(),
});
export type BoardView = z.infer<typeof boardSchema>;

export const calendarQuerySchema = z
  .object({
    from: isoDateSchema,
    days: z.coerce.number().int().min(1, 'must be 1 to 7').max(7, 'must be 1 to 7').default(7),
    resourceId: z.uuid().optional(),
    staffId: z.uuid().optional(),
  })
  .strict();
export const calendarSchema = z.object({
  clinic: z.object({ id: z.string(), timeZone: z.string(), openingHours: z.record(z.string(), z.array(z.object({ open: z.string(), close: z.string() }))) }),
  from: z.string(),
  days: z.number().int(),
  items: z.array(boardVisitSchema),
});
export type CalendarView = z.infer<typeof calendarSchema>;

// ---- Staff availability ----

export const workingHoursSchema = z.object({ hours: weeklyHoursSchema.nullable() }).strict();
export const timeOffInputSchema = z
  .object({ startsAt: isoDateTimeSchema, endsAt: isoDateTimeSchema, reason: z.string().trim().max(200).nullable().optional() })
  .strict()
  .refine((t) => new Date(t.endsAt) > new Date(t.startsAt), { message: 'must be after startsAt', path: ['endsAt'] });
export const timeOffSchema = z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), reason: z.string().nullable() });
/** Hours as stored: days without intervals may be missing (closed). */
const storedHoursSchema = z.partialRecord(z.enum(WEEKDAYS), z.array(z.object({ open: z.string(), close: z.string() })));
export const staffAvailabilitySchema = z.object({
  clinic: z.object({ id: z.string(), timeZone: z.string(), openingHours: storedHoursSchema }),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      /** Null: works the clinic's opening hours. */
      hours: storedHoursSchema.nullable(),
      timeOff: z.array(timeOffSchema),
    }),
  ),
});
export const staffLocationParamsSchema = z.object({ locationId: z.uuid(), id: z.uuid() });
export const timeOffParamsSchema = z.object({ locationId: z.uuid(), id: z.uuid(), timeOffId: z.uuid() });
