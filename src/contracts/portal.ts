import { z } from 'zod';

// The patient portal's requests (issue 11).

export const portalSignInSchema = z.object({
  email: z.email('must be an email address').max(320),
  password: z.string().min(1, 'is required').max(1024),
  /** The authenticator app's 6-digit code, when the patient turned two-step sign-in on. */
  totp: z.string().max(20).optional(),
});

export const portalTotpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/, 'must be the 6 digits your app shows') });

export const portalLinkSchema = z.object({
  /** The one-time token from the link (after the #). */
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid link'),
  /** Choosing a password (at least 12 characters) activates the account; without one, a sign-in link signs in once. */
  password: z.string().min(12, 'must be at least 12 characters').max(1024).optional(),
});

export const portalSignInLinkSchema = z.object({ email: z.email('must be an email address').max(320) });

export const portalInviteSchema = z.object({
  /** The patient's login name; the one on file when left out. */
  email: z.email('must be an email address').max(320).optional(),
  language: z.enum(['en', 'es']).optional(),
  /** How the link travels: by email (default), or by text to the mobile number on file (with consent to texts). */
  channel: z.enum(['email', 'sms']).optional(),
});

export const portalContactSchema = z
  .object({
    email: z.email('must be an email address').max(320).nullable().optional(),
    phoneMobile: z.string().max(40).nullable().optional(),
    reminderSms: z.boolean().optional(),
    reminderEmail: z.boolean().optional(),
    language: z.enum(['en', 'es']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');

export const portalVisitAnswerSchema = z.object({ action: z.enum(['confirm', 'reschedule']) });
