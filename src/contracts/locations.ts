import { z } from 'zod';
import { WEEKDAYS, validateWeeklyHours } from '../domain/scheduling/opening-hours.js';
import {
  isoDateSchema,
  postalCodeSchema,
  requiredText,
  usPhoneSchema,
  usStateSchema,
  versionSchema,
  requireSomeChange,
  npiSchema,
  taxIdSchema,
} from './common.js';

export const SERVICES = ['tms', 'esketamine', 'iv_ketamine', 'integration_therapy'] as const;
export const serviceSchema = z.enum(SERVICES);
export const SERVICE_LABELS: Record<(typeof SERVICES)[number], string> = {
  tms: 'TMS',
  esketamine: 'Esketamine (Spravato)',
  iv_ketamine: 'IV ketamine',
  integration_therapy: 'Integration therapy',
};

export const RESOURCE_KINDS = ['infusion_chair', 'tms_device', 'esketamine_room'] as const;
export const resourceKindSchema = z.enum(RESOURCE_KINDS);
export const RESOURCE_LABELS: Record<(typeof RESOURCE_KINDS)[number], string> = {
  infusion_chair: 'Infusion chair',
  tms_device: 'TMS device',
  esketamine_room: 'Esketamine observation room',
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const dayHours = z.array(z.object({ open: hhmm, close: hhmm })).max(4);
export const weeklyHoursSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, dayHours])) as Record<(typeof WEEKDAYS)[number], typeof dayHours>)
  .superRefine((hours, ctx) => {
    for (const p of validateWeeklyHours(hours)) ctx.addIssue({ code: 'custom', path: [p.day, p.index], message: p.message });
  });

export const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/');
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as America/Los_Angeles');

export const holidaySchema = z.object({ id: z.uuid(), date: z.string(), name: z.string() });
export const resourceSchema = z.object({ id: z.uuid(), kind: resourceKindSchema, name: z.string(), active: z.boolean() });

export const locationSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  phone: z.string().nullable(),
  address: z.object({ line1: z.string(), line2: z.string().nullable(), city: z.string(), state: z.string(), postalCode: z.string() }),
  openingHours: weeklyHoursSchema,
  services: z.array(serviceSchema),
  /** Hours before a visit its reminder goes out (issue 9). */
  reminderLeadHours: z.number().int(),
  npi: z.string().nullable(),
  taxId: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  holidays: z.array(holidaySchema),
  resources: z.array(resourceSchema),
});
export type Location = z.infer<typeof locationSchema>;

export const locationInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{2,12}$/, 'must be 2-12 capital letters, digits or dashes'),
  name: requiredText(120),
  timeZone: timeZoneSchema,
  phone: usPhoneSchema.nullable().optional(),
  address: z.object({
    line1: requiredText(200),
    line2: z.string().max(200).nullable().optional(),
    city: requiredText(100),
    state: usStateSchema,
    postalCode: postalCodeSchema,
  }),
  openingHours: weeklyHoursSchema,
  services: z.array(serviceSchema).max(SERVICES.length),
  reminderLeadHours: z.number().int().min(1, 'must be 1 to 336 hours (two weeks)').max(336, 'must be 1 to 336 hours (two weeks)').optional(),
  /** The clinic as billing provider (claims, superbills, Good Faith Estimates): its organizational NPI and tax ID. */
  npi: npiSchema.nullable().optional(),
  taxId: taxIdSchema.nullable().optional(),
  active: z.boolean().optional(),
});
export const locationUpdateSchema = requireSomeChange(locationInputSchema.partial().extend({ version: versionSchema }));

export const holidayInputSchema = z.object({ date: isoDateSchema, name: requiredText(120) });
export const resourceInputSchema = z.object({ kind: resourceKindSchema, name: requiredText(80), active: z.boolean().optional() });
export const resourceUpdateSchema = requireSomeChange(z.object({ name: requiredText(80).optional(), active: z.boolean().optional() }));
