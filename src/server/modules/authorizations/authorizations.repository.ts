import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { authorizationSessions, priorAuthorizationEvents, priorAuthorizations, vaReferrals } from '../../db/schema/authorizations.js';
import { queryRows } from '../../db/sql-values.js';
import { patientTimeZoneSql } from '../patients/index.js';
import { defined } from '../../../domain/defined.js';

export type PaRow = {
  id: string;
  patientId: string;
  treatment: string;
  status: string;
  coverageId: string | null;
  payerName: string | null;
  memberId: string | null;
  groupId: string | null;
  policyId: string | null;
  policyVersion: number | null;
  letter: Record<string, unknown> | null;
  letterSignedBy: string | null;
  letterSignedByName: string | null;
  letterSignedAt: string | Date | null;
  letterContentHash: string | null;
  letterSharedAt: string | Date | null;
  authorizationNumber: string | null;
  approvedSessions: number | null;
  approvedFrom: string | null;
  approvedTo: string | null;
  denialReason: string | null;
  version: number;
  createdAt: string | Date;
  usedSessions: number;
  timeZone: string;
};

const PA_SELECT = sql`select a.id, a.patient_id, a.treatment, a.status, a.coverage_id, py.name as payer_name, c.member_id, c.group_id, a.policy_id, pp.version as policy_version,
  a.letter, a.letter_signed_by, su.display_name as letter_signed_by_name, a.letter_signed_at, a.letter_content_hash, a.letter_shared_at, a.authorization_number, a.approved_sessions,
  a.approved_from::text as approved_from, a.approved_to::text as approved_to, a.denial_reason, a.version, a.created_at,
  (select count(*)::int from authorization_sessions s where s.prior_authorization_id = a.id) as used_sessions,
  ${patientTimeZoneSql(sql`a.patient_id`)} as time_zone
  from prior_authorizations a
  left join patient_coverages c on c.id = a.coverage_id left join payers py on py.id = c.payer_id
  left join payer_policies pp on pp.id = a.policy_id left join users su on su.id = a.letter_signed_by`;

export async function listPriorAuthorizations(db: Db, patientId: string): Promise<PaRow[]> {
  return queryRows<PaRow>(db, sql`${PA_SELECT} where a.patient_id = ${patientId} order by a.created_at desc`);
}

export async function findPriorAuthorization(db: Db, id: string, forUpdate = false): Promise<PaRow | null> {
  if (forUpdate) await db.execute(sql`select id from prior_authorizations where id = ${id} for update`);
  const [row] = await queryRows<PaRow>(db, sql`${PA_SELECT} where a.id = ${id}`);
  return row ?? null;
}

export async function listEvents(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return queryRows<{
    priorAuthorizationId: string;
    fromStatus: string | null;
    toStatus: string;
    note: string | null;
    at: string | Date;
    by: string;
    byName: string;
  }>(
    db,
    sql`select e.prior_authorization_id, e.from_status, e.to_status, e.note, e.at, e.by, u.display_name as by_name
          from prior_authorization_events e join users u on u.id = e.by where e.prior_authorization_id in (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )}) order by e.at`,
  );
}

export async function insertPriorAuthorization(db: Db, values: typeof priorAuthorizations.$inferInsert): Promise<string> {
  const [row] = await db.insert(priorAuthorizations).values(values).returning({ id: priorAuthorizations.id });
  return defined(row).id;
}

export async function insertEvent(db: Db, values: typeof priorAuthorizationEvents.$inferInsert): Promise<void> {
  await db.insert(priorAuthorizationEvents).values(values);
}

/** Applies a change only if the version is the one read; false otherwise. */
export const saveLetter = (db: Db, id: string, version: number, letter: unknown) =>
  updatePriorAuthorization(db, id, version, sql`letter = ${JSON.stringify(letter)}::jsonb`);
export const markLetterSigned = (db: Db, id: string, version: number, userId: string, hash: string) =>
  updatePriorAuthorization(db, id, version, sql`letter_signed_by = ${userId}, letter_signed_at = now(), letter_content_hash = ${hash}`);

/** Bumps the version only (an amendment is appended beside the signed letter, which never changes). */
export async function touch(db: Db, id: string, version: number): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update prior_authorizations set version = version + 1, updated_at = now() where id = ${id} and version = ${version} returning id`,
  );
  return rows.length === 1;
}

export type LetterAmendmentRow = {
  priorAuthorizationId: string;
  sequence: number;
  letter: Record<string, unknown>;
  contentHash: string;
  reason: string;
  amendedAt: string | Date;
  amendedBy: string;
  amendedByName: string;
};

export async function listLetterAmendments(db: Db, ids: readonly string[]): Promise<LetterAmendmentRow[]> {
  if (ids.length === 0) return [];
  return queryRows<LetterAmendmentRow>(
    db,
    sql`select a.prior_authorization_id, a.sequence, a.letter, a.content_hash, a.reason, a.amended_at, a.amended_by, u.display_name as amended_by_name
          from prior_authorization_letter_amendments a join users u on u.id = a.amended_by
         where a.prior_authorization_id in (${sql.join(
           ids.map((i) => sql`${i}`),
           sql`, `,
         )}) order by a.prior_authorization_id, a.sequence`,
  );
}

export async function insertLetterAmendment(
  db: Db,
  v: { priorAuthorizationId: string; letter: unknown; contentHash: string; reason: string; amendedBy: string },
): Promise<number> {
  const [row] = await queryRows<{ sequence: number }>(
    db,
    sql`insert into prior_authorization_letter_amendments (prior_authorization_id, sequence, letter, content_hash, reason, amended_by)
        select ${v.priorAuthorizationId}, coalesce(max(sequence), 0) + 1, ${JSON.stringify(v.letter)}::jsonb, ${v.contentHash}, ${v.reason}, ${v.amendedBy}
          from prior_authorization_letter_amendments where prior_authorization_id = ${v.priorAuthorizationId}
        returning sequence`,
  );
  return defined(row).sequence;
}

export type StatusChange =
  | { status: 'approved'; authorizationNumber: string; approvedSessions: number; approvedFrom: string; approvedTo: string }
  | { status: 'denied'; denialReason: string }
  | { status: 'submitted' | 'more_info_requested' };

export function setStatus(db: Db, id: string, version: number, change: StatusChange): Promise<boolean> {
  const set =
    change.status === 'approved'
      ? sql`status = 'approved', authorization_number = ${change.authorizationNumber}, approved_sessions = ${change.approvedSessions}, approved_from = ${change.approvedFrom}::date, approved_to = ${change.approvedTo}::date`
      : change.status === 'denied'
        ? sql`status = 'denied', denial_reason = ${change.denialReason}`
        : sql`status = ${change.status}`;
  return updatePriorAuthorization(db, id, version, set);
}

async function updatePriorAuthorization(db: Db, id: string, version: number, set: ReturnType<typeof sql>): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update prior_authorizations set ${set}, version = version + 1, updated_at = now() where id = ${id} and version = ${version} returning id`,
  );
  return rows.length === 1;
}

export async function insertSession(db: Db, values: typeof authorizationSessions.$inferInsert): Promise<void> {
  await db.insert(authorizationSessions).values(values);
}

/** Counts a completed visit once: a second completion of the same visit adds nothing (authorization_sessions_appointment_key). */
export async function insertVisitSession(db: Db, values: typeof authorizationSessions.$inferInsert): Promise<boolean> {
  const rows = await db.insert(authorizationSessions).values(values).onConflictDoNothing().returning({ id: authorizationSessions.id });
  return rows.length === 1;
}

/** Locks an authorization or referral row so that bookings counted against it serialize. */
export async function lockLink(db: Db, kind: 'prior_authorization' | 'va_referral', id: string): Promise<void> {
  await db.execute(
    kind === 'prior_authorization'
      ? sql`select id from prior_authorizations where id = ${id} for update`
      : sql`select id from va_referrals where id = ${id} for update`,
  );
}

export type VaRow = {
  id: string;
  patientId: string;
  referralNumber: string;
  seoc: string;
  treatment: string;
  authorizedVisits: number | null;
  validFrom: string;
  validTo: string;
  thirdPartyAdministrator: string | null;
  steps: Record<string, string | null>;
  version: number;
  usedSessions: number;
  timeZone: string;
};
const VA_SELECT = sql`select v.id, v.patient_id, v.referral_number, v.seoc, v.treatment, v.authorized_visits, v.valid_from::text as valid_from, v.valid_to::text as valid_to,
  v.third_party_administrator, v.steps, v.version, (select count(*)::int from authorization_sessions s where s.va_referral_id = v.id) as used_sessions,
  ${patientTimeZoneSql(sql`v.patient_id`)} as time_zone from va_referrals v`;

export async function listVaReferrals(db: Db, patientId: string): Promise<VaRow[]> {
  return queryRows<VaRow>(db, sql`${VA_SELECT} where v.patient_id = ${patientId} order by v.valid_from desc`);
}
export async function findVaReferral(db: Db, id: string, forUpdate = false): Promise<VaRow | null> {
  if (forUpdate) await db.execute(sql`select id from va_referrals where id = ${id} for update`);
  const [row] = await queryRows<VaRow>(db, sql`${VA_SELECT} where v.id = ${id}`);
  return row ?? null;
}
export async function insertVaReferral(db: Db, values: typeof vaReferrals.$inferInsert): Promise<string> {
  const [row] = await db.insert(vaReferrals).values(values).returning({ id: vaReferrals.id });
  return defined(row).id;
}
export async function updateVaSteps(db: Db, id: string, version: number, steps: Record<string, string | null>): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update va_referrals set steps = ${JSON.stringify(steps)}::jsonb, version = version + 1 where id = ${id} and version = ${version} returning id`,
  );
  return rows.length === 1;
}

/** Approved authorizations and referrals ending within `days` days or nearly used up, at the user's clinics. */
export async function activeApprovals(db: Db, scope: { organizationId: string; limitedToUserId: string | null }, until: string) {
  const clinics = scope.limitedToUserId
    ? sql`and exists (select 1 from patient_locations pl join user_locations ul on ul.location_id = pl.location_id where pl.patient_id = p.id and ul.user_id = ${scope.limitedToUserId})`
    : sql``;
  return queryRows<{
    kind: 'prior_authorization' | 'va_referral';
    id: string;
    patientId: string;
    patientName: string;
    treatment: string;
    reference: string;
    startDate: string;
    endDate: string;
    sessions: number | null;
    used: number;
    timeZone: string;
    extensionId: string | null;
    extensionStatus: string | null;
  }>(
    db,
    sql`select 'prior_authorization' as kind, a.id, a.patient_id, p.legal_family_name || ', ' || p.legal_given_name as patient_name, a.treatment, a.authorization_number as reference,
               a.approved_from::text as start_date, a.approved_to::text as end_date, a.approved_sessions as sessions,
               (select count(*)::int from authorization_sessions s where s.prior_authorization_id = a.id) as used,
               ${patientTimeZoneSql(sql`a.patient_id`)} as time_zone, x.id as extension_id, x.status as extension_status
          from prior_authorizations a join patients p on p.id = a.patient_id
          left join lateral (select e.id, e.status from prior_authorizations e where e.extends_id = a.id order by e.created_at desc limit 1) x on true
         where a.status = 'approved' and a.approved_to >= current_date - 1 and p.organization_id = ${scope.organizationId} ${clinics}
        union all
        select 'va_referral', v.id, v.patient_id, p.legal_family_name || ', ' || p.legal_given_name, v.treatment, v.referral_number, v.valid_from::text, v.valid_to::text, v.authorized_visits,
               (select count(*)::int from authorization_sessions s where s.va_referral_id = v.id),
               ${patientTimeZoneSql(sql`v.patient_id`)}, null, null
          from va_referrals v join patients p on p.id = v.patient_id
         where v.valid_to >= current_date - 1 and p.organization_id = ${scope.organizationId} ${clinics}
         order by end_date`,
  ).then((rows) => rows.filter((r) => r.endDate <= until || r.sessions !== null));
}

/** Prior authorizations by id, in one statement (a patient's courses list their links without a query each). */
export async function findPriorAuthorizations(db: Db, ids: readonly string[]): Promise<PaRow[]> {
  if (ids.length === 0) return [];
  return queryRows<PaRow>(
    db,
    sql`${PA_SELECT} where a.id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}

/** VA referrals by id, in one statement. */
export async function findVaReferrals(db: Db, ids: readonly string[]): Promise<VaRow[]> {
  if (ids.length === 0) return [];
  return queryRows<VaRow>(
    db,
    sql`${VA_SELECT} where v.id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}

/** The latest extension request of an approval (prior_authorizations_extends_idx). */
export async function extensionOf(db: Db, id: string): Promise<{ id: string; status: string } | null> {
  const [row] = await queryRows<{ id: string; status: string }>(
    db,
    sql`select id, status from prior_authorizations where extends_id = ${id} and status <> 'denied' order by created_at desc limit 1`,
  );
  return row ?? null;
}

/** The course counted against an authorization (the one being extended), if any. */
export async function courseOfAuthorization(db: Db, priorAuthorizationId: string): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from treatment_courses where prior_authorization_id = ${priorAuthorizationId} order by created_at desc limit 1`,
  );
  return rows[0]?.id ?? null;
}

/** Lets the patient read the signed letter in the portal (once; the first sharing is kept). */
export async function shareLetter(db: Db, id: string, userId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update prior_authorizations set letter_shared_at = now(), letter_shared_by = ${userId}
         where id = ${id} and letter_signed_at is not null and letter_shared_at is null returning id`,
  );
  return rows.length === 1;
}

/** What a visit was counted against, for its claim: the number, its approved count and dates, and the visit's place in that count. */
export type VisitAuthorization = {
  appointmentId: string;
  kind: 'prior_authorization' | 'va_referral';
  id: string;
  number: string | null;
  sessions: number | null;
  from: string | null;
  to: string | null;
  /** This visit's position among the sessions counted against it (1-based, by date). */
  ordinal: number;
  thirdPartyAdministrator: string | null;
};

export async function visitAuthorizations(db: Db, appointmentIds: readonly string[]): Promise<VisitAuthorization[]> {
  if (appointmentIds.length === 0) return [];
  return queryRows<VisitAuthorization>(
    db,
    sql`select s.appointment_id,
               case when s.prior_authorization_id is not null then 'prior_authorization' else 'va_referral' end as kind,
               coalesce(s.prior_authorization_id, s.va_referral_id) as id,
               coalesce(pa.authorization_number, va.referral_number) as number,
               coalesce(pa.approved_sessions, va.authorized_visits) as sessions,
               coalesce(pa.approved_from, va.valid_from)::text as "from",
               coalesce(pa.approved_to, va.valid_to)::text as "to",
               (select count(*)::int from authorization_sessions o
                 where (o.prior_authorization_id = s.prior_authorization_id or o.va_referral_id = s.va_referral_id)
                   and (o.session_date, o.created_at) <= (s.session_date, s.created_at)) as ordinal,
               va.third_party_administrator
          from authorization_sessions s
          left join prior_authorizations pa on pa.id = s.prior_authorization_id
          left join va_referrals va on va.id = s.va_referral_id
         where s.appointment_id = any(${sql.param([...appointmentIds])}::uuid[])`,
  );
}
