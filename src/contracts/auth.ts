import { z } from 'zod';
import { roleSchema } from './roles.js';

export const loginRequestSchema = z.object({
  email: z.string().trim().min(1, 'is required').max(320).regex(z.regexes.email, 'must be an email address'),
  password: z.string().min(1, 'is required').max(1024),
  totp: z
    .string()
    .regex(/^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/, 'must be the 6-digit code from your authenticator app, or a recovery code')
    .optional(),
});

export const sessionUserSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  organizationWide: z.boolean(),
  locationIds: z.array(z.uuid()),
  timeZone: z.string(),
  totpEnabled: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionResponseSchema = z.object({
  user: sessionUserSchema,
  csrfToken: z.string(),
  mfaEnrollmentRequired: z.boolean(),
  expiresAt: z.string(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const totpSetupResponseSchema = z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeDataUrl: z.string() });
/** Enabling answers the session and the one-time recovery codes, shown this once. */
export const totpEnableResponseSchema = sessionResponseSchema.extend({ recoveryCodes: z.array(z.string()) });
export const totpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/, 'must be a 6-digit code') });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(1024),
  newPassword: z.string().min(12, 'must be at least 12 characters').max(1024),
});
