import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './locations.js';
import { patients } from './patients.js';
import { users } from './users.js';

// The portal module's tables (src/server/modules/portal): patients' own accounts and sessions, apart from staff's.

/** A patient's portal account: invited by staff, activated by the patient choosing a password (argon2id). */
export const patientAccounts = pgTable(
  'patient_accounts',
  {
    patientId: uuid('patient_id')
      .primaryKey()
      .references(() => patients.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** Login name: the address the invitation went to (lower case). */
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    /** SHA-256 of the one-time link's token (invitation or sign-in link); null once used. */
    linkTokenHash: text('link_token_hash'),
    linkExpiresAt: timestamp('link_expires_at', { withTimezone: true }),
    invitedBy: uuid('invited_by').references(() => users.id),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    language: text('language').notNull().default('en'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** The optional second factor: a TOTP secret, on once confirmed with a code; the last step used (no replay). */
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('patient_accounts_email_key').on(t.organizationId, t.email),
    uniqueIndex('patient_accounts_link_key')
      .on(t.linkTokenHash)
      .where(sql`${t.linkTokenHash} is not null`),
    check('patient_accounts_language_check', sql`${t.language} in ('en', 'es')`),
  ],
);

/** A patient's signed-in session (cookie `stepwise_portal`); a staff session never opens the portal, nor this the staff app. */
export const patientSessions = pgTable(
  'patient_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('patient_sessions_patient_idx').on(t.patientId), index('patient_sessions_expires_idx').on(t.expiresAt)],
);
