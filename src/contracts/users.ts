import { z } from 'zod';
import { npiSchema, requiredText, requireSomeChange, taxonomySchema, versionSchema } from './common.js';
import { timeZoneSchema } from './locations.js';
import { roleSchema } from './roles.js';

export const staffSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  organizationWide: z.boolean(),
  locationIds: z.array(z.uuid()),
  timeZone: z.string(),
  active: z.boolean(),
  totpEnabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  /** Clinicians who render billed services: individual NPI, credentials and taxonomy (claims and superbills). */
  npi: z.string().nullable(),
  credentials: z.string().nullable(),
  taxonomy: z.string().nullable(),
  version: z.number().int(),
});
export type Staff = z.infer<typeof staffSchema>;

export const staffCreateSchema = z
  .object({
    email: z.email('must be an email address').max(320),
    displayName: requiredText(120),
    role: roleSchema,
    organizationWide: z.boolean().default(false),
    locationIds: z.array(z.uuid()).max(100).default([]),
    timeZone: timeZoneSchema.default('America/Los_Angeles'),
    password: z.string().min(12, 'must be at least 12 characters').max(1024),
    npi: npiSchema.nullable().optional(),
    credentials: z.string().trim().max(40).nullable().optional(),
    taxonomy: taxonomySchema.nullable().optional(),
  })
  .strict();

export const staffUpdateSchema = requireSomeChange(
  z
    .object({
      displayName: requiredText(120).optional(),
      role: roleSchema.optional(),
      organizationWide: z.boolean().optional(),
      locationIds: z.array(z.uuid()).max(100).optional(),
      timeZone: timeZoneSchema.optional(),
      active: z.boolean().optional(),
      npi: npiSchema.nullable().optional(),
      credentials: z.string().trim().max(40).nullable().optional(),
      taxonomy: taxonomySchema.nullable().optional(),
      version: versionSchema,
    })
    .strict(),
);

export const passwordResetSchema = z.object({ password: z.string().min(12, 'must be at least 12 characters').max(1024) });
