import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accessTokens, inboundMessages } from '../../db/schema/scheduling.js';
import { queryRows } from '../../db/sql-values.js';

const iso = (d: Date) => d.toISOString();

/**
 * Queues a reminder for every booked visit inside its clinic's lead time, once per channel the patient agreed to and
 * has an address for (appointments_booked_starts_idx; appointment_reminders_once_key makes a second pass a no-op).
 */
export async function enqueueDue(db: Db, now: Date): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into appointment_reminders (appointment_id, channel, recipient, for_starts_at, next_attempt_at)
        select a.id, c.channel, c.recipient, a.starts_at, ${iso(now)}::timestamptz
          from appointments a
          join locations l on l.id = a.location_id
          join patients p on p.id = a.patient_id
          cross join lateral (values ('sms', case when p.reminder_sms then p.phone_mobile end),
                                     ('email', case when p.reminder_email then p.email end)) as c(channel, recipient)
         where a.status = 'booked' and a.starts_at > ${iso(now)}::timestamptz
           and a.starts_at <= ${iso(now)}::timestamptz + interval '14 days'
           and a.starts_at <= ${iso(now)}::timestamptz + l.reminder_lead_hours * interval '1 hour'
           and c.recipient is not null
        on conflict do nothing
        returning id`,
  );
  return rows.length;
}

/** A send interrupted (the process stopped between claiming and recording): never resent by itself; a coordinator looks. */
export async function markInterrupted(db: Db, now: Date): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update appointment_reminders set status = 'uncertain', error = 'interrupted while sending; not resent automatically'
         where status = 'sending' and claimed_at < ${iso(now)}::timestamptz - interval '10 minutes' returning id`,
  );
  return rows.length;
}

/**
 * Where and when a visit is, and how to prepare (the course's protocol version holds the readiness lists): what a
 * reminder and the patient's confirmation page say. Selected with VISIT_PLACE_COLUMNS over VISIT_PLACE_JOINS.
 */
export type VisitPlace = {
  status: string;
  startsAt: string | Date;
  endsAt: string | Date;
  kind: string;
  clinicName: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  state: string;
  postalCode: string;
  clinicPhone: string | null;
  timeZone: string;
  visitTypes: { kind: string; readiness?: { text: string }[] }[] | null;
};
const VISIT_PLACE_COLUMNS = sql`a.status, a.starts_at, a.ends_at, a.kind, l.name as clinic_name, l.address_line1, l.address_line2, l.city, l.state,
  l.postal_code, l.phone as clinic_phone, l.time_zone, p.definition -> 'visitTypes' as visit_types`;
const VISIT_PLACE_JOINS = sql`join locations l on l.id = a.location_id
  left join treatment_courses tc on tc.id = a.course_id left join treatment_protocols p on p.id = tc.protocol_id`;

export type ClaimedReminder = VisitPlace & {
  id: string;
  channel: 'sms' | 'email';
  recipient: string;
  forStartsAt: string | Date;
  attempts: number;
  appointmentId: string;
};

/**
 * Claims due reminders for this tick (skipping rows another instance holds) and marks them `sending`; the caller
 * commits that before sending, so a reminder is never handed to a provider twice.
 */
export async function claimDue(db: Db, now: Date, limit = 25): Promise<ClaimedReminder[]> {
  return queryRows<ClaimedReminder>(
    db,
    sql`with claimed as (
          update appointment_reminders r set status = 'sending', attempts = r.attempts + 1, claimed_at = ${iso(now)}::timestamptz
           where r.id in (select id from appointment_reminders where status = 'pending' and next_attempt_at <= ${iso(now)}::timestamptz
                           order by next_attempt_at limit ${limit} for update skip locked)
          returning r.id, r.channel, r.recipient, r.for_starts_at, r.attempts, r.appointment_id)
        select c.*, ${VISIT_PLACE_COLUMNS}
          from claimed c join appointments a on a.id = c.appointment_id ${VISIT_PLACE_JOINS}`,
  );
}

export async function markSent(db: Db, id: string, providerMessageId: string | null, now: Date): Promise<void> {
  await db.execute(
    sql`update appointment_reminders set status = 'sent', sent_at = ${iso(now)}::timestamptz, provider_message_id = ${providerMessageId}, error = null
         where id = ${id} and status = 'sending'`,
  );
}

/** A failed send waits 1, 2, 4, 8 minutes before the next try; after the last it is failed (and shows on the readiness list). */
export async function markFailed(db: Db, id: string, error: string, now: Date, maxAttempts: number, final = false): Promise<void> {
  await db.execute(
    sql`update appointment_reminders
           set status = case when ${final} or attempts >= ${maxAttempts} then 'failed' else 'pending' end,
               next_attempt_at = ${iso(now)}::timestamptz + (60 * power(2, greatest(attempts - 1, 0))) * interval '1 second',
               error = ${error.slice(0, 500)}
         where id = ${id} and status = 'sending'`,
  );
}

export async function insertToken(db: Db, values: typeof accessTokens.$inferInsert): Promise<void> {
  await db.insert(accessTokens).values(values);
}

export type TokenRow = {
  id: string;
  purpose: string;
  appointmentId: string | null;
  userId: string | null;
  expiresAt: string | Date | null;
  revokedAt: string | Date | null;
};

export async function findToken(db: Db, tokenHash: string): Promise<TokenRow | null> {
  const [row] = await queryRows<TokenRow>(
    db,
    sql`select id, purpose, appointment_id, user_id, expires_at, revoked_at from access_tokens where token_hash = ${tokenHash}`,
  );
  return row ?? null;
}

export async function revokeUserTokens(db: Db, userId: string, purpose: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update access_tokens set revoked_at = now() where user_id = ${userId} and purpose = ${purpose} and revoked_at is null returning id`,
  );
  return rows.length;
}

/** What the confirmation page shows: the visit's time and place and preparation, nothing clinical. */
export type PublicVisitRow = VisitPlace & { id: string; organizationId: string; patientId: string; confirmation: string };

export async function publicVisit(db: Db, appointmentId: string): Promise<PublicVisitRow | null> {
  const [row] = await queryRows<PublicVisitRow>(
    db,
    sql`select a.id, a.organization_id, a.patient_id, a.confirmation, ${VISIT_PLACE_COLUMNS}
          from appointments a ${VISIT_PLACE_JOINS}
         where a.id = ${appointmentId}`,
  );
  return row ?? null;
}

/** Sets a booked visit's confirmation; false when the visit is no longer booked. */
export async function setConfirmation(db: Db, appointmentId: string, confirmation: 'confirmed' | 'reschedule_requested', now: Date): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update appointments set confirmation = ${confirmation}, confirmed_at = ${confirmation === 'confirmed' ? iso(now) : null}::timestamptz,
               version = version + 1
         where id = ${appointmentId} and status = 'booked' returning id`,
  );
  return rows.length === 1;
}

/**
 * The patient a text came from and their next booked visit within two weeks (patients_phone_mobile_idx). When
 * several patients share the number, the soonest visit among them.
 */
export async function visitForPhone(db: Db, phone: string, now: Date) {
  const [row] = await queryRows<{ patientId: string; organizationId: string; appointmentId: string | null }>(
    db,
    sql`select p.id as patient_id, p.organization_id, v.id as appointment_id
          from patients p
          left join lateral (select a.id, a.starts_at from appointments a
                              where a.patient_id = p.id and a.status = 'booked' and a.starts_at > ${iso(now)}::timestamptz
                                and a.starts_at < ${iso(now)}::timestamptz + interval '14 days'
                              order by a.starts_at limit 1) v on true
         where p.phone_mobile = ${phone}
         order by v.starts_at nulls last limit 1`,
  );
  return row ?? null;
}

export async function insertInbound(db: Db, values: typeof inboundMessages.$inferInsert): Promise<string> {
  const [row] = await db.insert(inboundMessages).values(values).returning({ id: inboundMessages.id });
  if (!row) throw new Error('Internal error: the inbound message insert returned no row');
  return row.id;
}

export type InboundRow = {
  id: string;
  fromPhone: string;
  body: string;
  receivedAt: string | Date;
  outcome: string;
  patientId: string | null;
  patientName: string | null;
  appointmentId: string | null;
  appointmentStartsAt: string | Date | null;
  locationId: string | null;
};

/** Messages waiting for a coordinator (inbound_messages_review_idx): at the user's clinics, and unknown senders. */
export async function inboundForReview(db: Db, organizationId: string, locationIds: readonly string[] | null): Promise<InboundRow[]> {
  const clinics = locationIds
    ? sql`and (m.patient_id is null or exists (select 1 from patient_locations pl where pl.patient_id = m.patient_id and pl.location_id in (${sql.join(
        locationIds.map((id) => sql`${id}`),
        sql`, `,
      )})))`
    : sql``;
  return queryRows<InboundRow>(
    db,
    sql`select m.id, m.from_phone, m.body, m.received_at, m.outcome, m.patient_id,
               case when p.id is null then null else coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name end as patient_name,
               m.appointment_id, a.starts_at as appointment_starts_at, a.location_id
          from inbound_messages m left join patients p on p.id = m.patient_id left join appointments a on a.id = m.appointment_id
         where m.needs_review and m.reviewed_at is null and (m.organization_id = ${organizationId} or m.organization_id is null) ${clinics}
         order by m.created_at limit 200`,
  );
}

export async function markReviewed(db: Db, id: string, userId: string, note: string | null): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update inbound_messages set reviewed_by = ${userId}, reviewed_at = now(), review_note = ${note}
         where id = ${id} and needs_review and reviewed_at is null returning id`,
  );
  return rows.length === 1;
}

export type ReadinessRow = {
  id: string;
  patientId: string;
  patientName: string;
  phoneMobile: string | null;
  reminderSms: boolean;
  reminderEmail: boolean;
  kind: string;
  startsAt: string | Date;
  confirmation: string;
  courseId: string | null;
  visitTypes: { kind: string; readiness?: { text: string; source: string }[] }[] | null;
  reminders: { channel: string; status: string; sentAt: string | null; error: string | null }[];
};

/** A clinic's booked visits of one day with the patient's reminder consent, each reminder's state and the visit's checklist. */
export async function readiness(db: Db, locationId: string, from: Date, to: Date): Promise<ReadinessRow[]> {
  return queryRows<ReadinessRow>(
    db,
    sql`select a.id, a.patient_id, coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name as patient_name, p.phone_mobile,
               p.reminder_sms, p.reminder_email, a.kind, a.starts_at, a.confirmation, a.course_id, pr.definition -> 'visitTypes' as visit_types,
               coalesce((select json_agg(json_build_object('channel', r.channel, 'status', r.status, 'sentAt', r.sent_at, 'error', r.error) order by r.created_at)
                           from appointment_reminders r where r.appointment_id = a.id and r.for_starts_at = a.starts_at), '[]'::json) as reminders
          from appointments a join patients p on p.id = a.patient_id
          left join treatment_courses tc on tc.id = a.course_id left join treatment_protocols pr on pr.id = tc.protocol_id
         where a.location_id = ${locationId} and a.status = 'booked'
           and a.starts_at >= ${iso(from)}::timestamptz and a.starts_at < ${iso(to)}::timestamptz
         order by a.confirmation = 'confirmed', a.starts_at`,
  );
}

/** A staff member's visits from `from` to `to` for their calendar feed (appointments_provider_idx), cancelled ones included. */
export async function staffVisits(db: Db, userId: string, from: Date, to: Date) {
  return queryRows<{
    id: string;
    kind: string;
    startsAt: string | Date;
    endsAt: string | Date;
    staffEndsAt: string | Date | null;
    status: string;
    version: number;
    clinicName: string;
    resourceName: string | null;
    patientInitials: string;
  }>(
    db,
    sql`select a.id, a.kind, a.starts_at, a.ends_at, a.staff_ends_at, a.status, a.version, l.name as clinic_name, r.name as resource_name,
               left(coalesce(p.preferred_name, p.legal_given_name), 1) || '. ' || left(p.legal_family_name, 1) || '.' as patient_initials
          from appointments a join locations l on l.id = a.location_id join patients p on p.id = a.patient_id
          left join treatment_resources r on r.id = a.resource_id
         where a.id in (select id from appointments where provider_id = ${userId}
                            and starts_at >= ${iso(from)}::timestamptz and starts_at < ${iso(to)}::timestamptz
                        union
                        select id from appointments where on_site_staff_id = ${userId}
                            and starts_at >= ${iso(from)}::timestamptz and starts_at < ${iso(to)}::timestamptz)
         order by a.starts_at limit 2000`,
  );
}

/** A patient's visits from a year back to a year ahead (the portal's list), newest last. */
export async function patientVisits(db: Db, patientId: string, now: Date): Promise<PublicVisitRow[]> {
  return queryRows<PublicVisitRow>(
    db,
    sql`select a.id, a.organization_id, a.patient_id, a.confirmation, ${VISIT_PLACE_COLUMNS}
          from appointments a ${VISIT_PLACE_JOINS}
         where a.patient_id = ${patientId} and a.starts_at > ${iso(now)}::timestamptz - interval '1 year'
           and a.starts_at < ${iso(now)}::timestamptz + interval '1 year'
         order by a.starts_at limit 400`,
  );
}
