import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql-values.js';

// The portal module's tables: patients' accounts and sessions (no clinical tables of its own).

export type AccountRow = {
  patientId: string;
  organizationId: string;
  email: string;
  passwordHash: string | null;
  linkExpiresAt: string | null;
  activatedAt: string | null;
  language: 'en' | 'es';
  failedLogins: number;
  lockedUntil: string | null;
  disabledAt: string | null;
  totpSecret: string | null;
  totpEnabled: boolean;
};

const ACCOUNT_COLUMNS = sql`patient_id, organization_id, email, password_hash, link_expires_at, activated_at, language, failed_logins, locked_until, disabled_at,
  totp_secret, totp_enabled`;

/** Creates the account, or renews its invitation link (a new link replaces the old one). */
export async function upsertInvitation(
  db: Db,
  v: { patientId: string; organizationId: string; email: string; linkTokenHash: string; linkExpiresAt: Date; invitedBy: string; language: string },
): Promise<void> {
  await db.execute(sql`
    insert into patient_accounts (patient_id, organization_id, email, link_token_hash, link_expires_at, invited_by, invited_at, language)
    values (${v.patientId}, ${v.organizationId}, ${v.email}, ${v.linkTokenHash}, ${v.linkExpiresAt.toISOString()}::timestamptz, ${v.invitedBy}, now(), ${v.language})
    on conflict (patient_id) do update set email = excluded.email, link_token_hash = excluded.link_token_hash,
      link_expires_at = excluded.link_expires_at, invited_by = excluded.invited_by, invited_at = now(), disabled_at = null`);
}

export async function accountByLink(db: Db, tokenHash: string): Promise<AccountRow | null> {
  const rows = await queryRows<AccountRow>(db, sql`select ${ACCOUNT_COLUMNS} from patient_accounts where link_token_hash = ${tokenHash} for update`);
  return rows[0] ?? null;
}

/** Accounts with this login email (normally one; an address shared across organizations is refused at sign-in). */
export async function accountsByEmail(db: Db, email: string): Promise<AccountRow[]> {
  return queryRows<AccountRow>(db, sql`select ${ACCOUNT_COLUMNS} from patient_accounts where email = ${email} limit 2`);
}

export async function accountOf(db: Db, patientId: string): Promise<AccountRow | null> {
  const rows = await queryRows<AccountRow>(db, sql`select ${ACCOUNT_COLUMNS} from patient_accounts where patient_id = ${patientId}`);
  return rows[0] ?? null;
}

/** Sets the password from the one-time link and uses the link up. */
export async function activate(db: Db, patientId: string, passwordHash: string): Promise<void> {
  await db.execute(sql`
    update patient_accounts set password_hash = ${passwordHash}, activated_at = coalesce(activated_at, now()), link_token_hash = null,
      link_expires_at = null, failed_logins = 0, locked_until = null
     where patient_id = ${patientId}`);
}

/** Uses a one-time sign-in link up without changing the password. */
export async function useLink(db: Db, patientId: string): Promise<void> {
  await db.execute(
    sql`update patient_accounts set link_token_hash = null, link_expires_at = null, activated_at = coalesce(activated_at, now()) where patient_id = ${patientId}`,
  );
}

export async function setLink(db: Db, patientId: string, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.execute(
    sql`update patient_accounts set link_token_hash = ${tokenHash}, link_expires_at = ${expiresAt.toISOString()}::timestamptz where patient_id = ${patientId}`,
  );
}

export async function recordFailure(db: Db, patientId: string, lockUntil: Date | null): Promise<void> {
  await db.execute(sql`
    update patient_accounts set failed_logins = failed_logins + 1, locked_until = ${lockUntil ? lockUntil.toISOString() : null}::timestamptz
     where patient_id = ${patientId}`);
}

export async function recordSuccess(db: Db, patientId: string): Promise<void> {
  await db.execute(sql`update patient_accounts set failed_logins = 0, locked_until = null where patient_id = ${patientId}`);
}

export async function setLanguage(db: Db, patientId: string, language: string): Promise<void> {
  await db.execute(sql`update patient_accounts set language = ${language} where patient_id = ${patientId}`);
}

// ---- Sessions ----

export async function insertSession(
  db: Db,
  v: { tokenHash: string; patientId: string; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.execute(sql`
    insert into patient_sessions (token_hash, patient_id, csrf_token, expires_at, ip, user_agent)
    values (${v.tokenHash}, ${v.patientId}, ${v.csrfToken}, ${v.expiresAt.toISOString()}::timestamptz, ${v.ip}, ${v.userAgent?.slice(0, 400) ?? null})`);
}

export type SessionRow = {
  tokenHash: string;
  csrfToken: string;
  expiresAt: string;
  lastSeenAt: string;
  patientId: string;
  organizationId: string;
  email: string;
  language: 'en' | 'es';
  displayName: string;
  disabledAt: string | null;
};

export async function findSession(db: Db, tokenHash: string): Promise<SessionRow | null> {
  const rows = await queryRows<SessionRow>(
    db,
    sql`select s.token_hash, s.csrf_token, s.expires_at, s.last_seen_at, a.patient_id, a.organization_id, a.email, a.language, a.disabled_at,
               coalesce(p.preferred_name, p.legal_given_name) as display_name
          from patient_sessions s join patient_accounts a on a.patient_id = s.patient_id join patients p on p.id = s.patient_id
         where s.token_hash = ${tokenHash}`,
  );
  return rows[0] ?? null;
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.execute(sql`update patient_sessions set last_seen_at = ${at.toISOString()}::timestamptz where token_hash = ${tokenHash}`);
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.execute(sql`delete from patient_sessions where token_hash = ${tokenHash}`);
}

export async function deleteSessionsOf(db: Db, patientId: string): Promise<void> {
  await db.execute(sql`delete from patient_sessions where patient_id = ${patientId}`);
}

// ---- The patient's own details ----

export type PatientSelf = {
  id: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  email: string | null;
  phoneMobile: string | null;
  reminderSms: boolean;
  reminderEmail: boolean;
  clinics: { id: string; name: string; phone: string | null }[];
};

export async function patientSelf(db: Db, patientId: string): Promise<PatientSelf | null> {
  const rows = await queryRows<PatientSelf>(
    db,
    sql`select p.id, p.legal_given_name, p.legal_family_name, p.preferred_name, p.email, p.phone_mobile, p.reminder_sms, p.reminder_email,
               coalesce((select json_agg(json_build_object('id', l.id, 'name', l.name, 'phone', l.phone) order by l.name)
                           from patient_locations pl join locations l on l.id = pl.location_id where pl.patient_id = p.id), '[]') as clinics
          from patients p where p.id = ${patientId}`,
  );
  return rows[0] ?? null;
}

// ---- The optional second factor ----

export async function setTotp(db: Db, patientId: string, secret: string | null, enabled: boolean): Promise<void> {
  await db.execute(sql`update patient_accounts set totp_secret = ${secret}, totp_enabled = ${enabled}, totp_last_step = null where patient_id = ${patientId}`);
}

/** Uses a TOTP step once: false when it (or a later one) was already used, so a code cannot be replayed. */
export async function claimTotpStep(db: Db, patientId: string, step: number): Promise<boolean> {
  const rows = await queryRows<{ patientId: string }>(
    db,
    sql`update patient_accounts set totp_last_step = ${step}
         where patient_id = ${patientId} and (totp_last_step is null or totp_last_step < ${step}) returning patient_id`,
  );
  return rows.length === 1;
}
