import { sql, type SQL } from 'drizzle-orm';
import type { WeeklyHours } from '../../../domain/scheduling/opening-hours.js';
import type { Db } from '../../db/client.js';
import { leadCallAttempts, leads, leadScreenings } from '../../db/schema/front-door.js';
import { appointmentForLead } from '../scheduling/index.js';
import { queryRows } from '../../db/sql-values.js';
import { defined } from '../../../domain/defined.js';

export type ClinicForLeads = {
  id: string;
  organizationId: string;
  code: string;
  name: string;
  phone: string | null;
  state: string;
  timeZone: string;
  openingHours: WeeklyHours;
  holidays: string[];
};

const CLINIC_COLUMNS = sql`l.id, l.organization_id, l.code, l.name, l.phone, l.state, l.time_zone, l.opening_hours,
  array(select h.date::text from location_holidays h where h.location_id = l.id and h.date >= current_date - 1) as holidays`;

/** The organization the public forms belong to: a deployment serves one practice, the first organization. */
export async function publicOrganizationId(db: Db): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(db, sql`select id from organizations order by created_at, id limit 1`);
  return row?.id ?? null;
}

export async function listActiveClinics(db: Db, organizationId: string): Promise<(ClinicForLeads & { city: string })[]> {
  return queryRows(
    db,
    sql`select ${CLINIC_COLUMNS}, l.city from locations l where l.organization_id = ${organizationId} and l.active order by l.state, l.name`,
  );
}

/** A clinic by id (when active in the organization), or the first active clinic in a state. */
export async function findClinic(db: Db, organizationId: string, by: { id?: string | undefined; state?: string | undefined }): Promise<ClinicForLeads | null> {
  const where = by.id ? sql`l.id = ${by.id}` : sql`l.state = ${by.state ?? ''}`;
  const [row] = await queryRows<ClinicForLeads>(
    db,
    sql`select ${CLINIC_COLUMNS} from locations l where l.organization_id = ${organizationId} and l.active and ${where} order by l.code limit 1`,
  );
  return row ?? null;
}

/** The clinic that takes calls for people from states without a clinic: the first active one by code. */
export async function defaultClinic(db: Db, organizationId: string): Promise<ClinicForLeads | null> {
  const [row] = await queryRows<ClinicForLeads>(
    db,
    sql`select ${CLINIC_COLUMNS} from locations l where l.organization_id = ${organizationId} and l.active order by l.code limit 1`,
  );
  return row ?? null;
}

export type OpenLeadForPhone = { id: string; location_id: string; callback_due_at: string; requested_today: number; urgent: boolean };

/** Requests from one phone in the past day, and its open lead if any (for the per-phone limit and de-duplication). */
export async function phoneActivity(
  db: Db,
  organizationId: string,
  phone: string,
): Promise<{ recent: number; open: { id: string; locationId: string; callbackDueAt: Date; urgent: boolean } | null }> {
  const [row] = await queryRows<{
    recent: number;
    openId: string | null;
    openLocation: string | null;
    openDue: string | Date | null;
    openUrgent: boolean | null;
  }>(
    db,
    sql`select (select count(*)::int from leads where organization_id = ${organizationId} and phone = ${phone} and requested_at > now() - interval '1 day') as recent,
               o.id as open_id, o.location_id as open_location, o.callback_due_at as open_due, o.urgent as open_urgent
          from (select 1) one
          left join lateral (select id, location_id, callback_due_at, urgent from leads
                              where organization_id = ${organizationId} and phone = ${phone} and status in ('new', 'claimed')
                              order by requested_at desc limit 1) o on true`,
  );
  return {
    recent: row?.recent ?? 0,
    open: row?.openId
      ? { id: row.openId, locationId: defined(row.openLocation), callbackDueAt: new Date(defined(row.openDue)), urgent: Boolean(row.openUrgent) }
      : null,
  };
}

export type LeadInsert = typeof leads.$inferInsert;

export async function insertLead(db: Db, values: LeadInsert): Promise<string> {
  const [row] = await db.insert(leads).values(values).returning({ id: leads.id });
  return defined(row).id;
}

export async function insertScreenings(
  db: Db,
  leadId: string,
  rows: { instrument: string; answers: number[]; total: number | null; severity: string | null }[],
): Promise<void> {
  if (rows.length) await db.insert(leadScreenings).values(rows.map((r) => ({ ...r, leadId })));
}

/** Marks an open lead urgent (a later screening showed a crisis); never downgrades. */
export async function markUrgent(db: Db, leadId: string, reason: string): Promise<void> {
  await db.execute(
    sql`update leads set urgent = true, urgent_reason = coalesce(urgent_reason, ${reason}), version = version + 1, updated_at = now() where id = ${leadId}`,
  );
}

/** Counts an anonymous screening result for the day (UTC), band and crisis flag. */
/** The practice's home time zone (its first active clinic's), for counts that belong to no one clinic. */
export async function practiceTimeZone(db: Db, organizationId: string): Promise<string> {
  const [row] = await queryRows<{ timeZone: string }>(
    db,
    sql`select time_zone from locations where organization_id = ${organizationId} order by active desc, code limit 1`,
  );
  return row?.timeZone ?? 'America/New_York';
}

export async function countAnonymousScreening(db: Db, day: string, instrument: string, severity: string, crisis: boolean): Promise<void> {
  await db.execute(sql`insert into screening_daily_counts (day, instrument, severity, crisis, count) values (${day}, ${instrument}, ${severity}, ${crisis}, 1)
                       on conflict (day, instrument, severity, crisis) do update set count = screening_daily_counts.count + 1`);
}

export type LeadRow = {
  id: string;
  organizationId: string;
  locationId: string;
  source: 'callback' | 'screening' | 'phone';
  status: 'new' | 'claimed' | 'closed' | 'converted';
  urgent: boolean;
  urgentReason: string | null;
  escalatedAt: string | Date | null;
  name: string;
  phone: string;
  email: string | null;
  state: string | null;
  bestTime: string | null;
  reason: string | null;
  consentToCall: boolean;
  consentToText: boolean;
  visitorTimeZone: string | null;
  requestedAt: string | Date;
  callbackDueAt: string | Date;
  nextCallAt: string | Date | null;
  claimedBy: string | null;
  claimedByName: string | null;
  attemptCount: number;
  firstAttemptAt: string | Date | null;
  closedAt: string | Date | null;
  closeReason: string | null;
  convertedPatientId: string | null;
  version: number;
  clinicCode: string;
  clinicName: string;
  clinicTimeZone: string;
};

const LEAD_COLUMNS = sql`ld.id, ld.organization_id, ld.location_id, ld.source, ld.status, ld.urgent, ld.urgent_reason, ld.escalated_at, ld.name, ld.phone,
  ld.email, ld.state, ld.best_time, ld.reason, ld.consent_to_call, ld.consent_to_text, ld.visitor_time_zone, ld.requested_at, ld.callback_due_at,
  ld.next_call_at, ld.claimed_by, cu.display_name as claimed_by_name, ld.attempt_count, ld.first_attempt_at, ld.closed_at, ld.close_reason,
  ld.converted_patient_id, ld.version, l.code as clinic_code, l.name as clinic_name, l.time_zone as clinic_time_zone`;

const LEAD_FROM = sql`from leads ld join locations l on l.id = ld.location_id left join users cu on cu.id = ld.claimed_by`;

/** Whose clinics limit the queue: a user id (their clinics), or null for organization-wide access. */
export type LeadScope = { organizationId: string; limitedToUserId: string | null };

function scopeWhere(scope: LeadScope): SQL {
  return scope.limitedToUserId
    ? sql`ld.organization_id = ${scope.organizationId} and ld.location_id in (select location_id from user_locations where user_id = ${scope.limitedToUserId})`
    : sql`ld.organization_id = ${scope.organizationId}`;
}

/**
 * The queue: urgent leads first (a crisis answer, or a deadline missed), then by the time the next call is due.
 * Open leads come from the partial index leads_open_queue_idx.
 */
export async function listLeads(
  db: Db,
  scope: LeadScope,
  q: { locationId?: string | undefined; status: 'open' | 'closed' | 'converted' | 'all'; limit: number },
): Promise<LeadRow[]> {
  const status = q.status === 'open' ? sql`ld.status in ('new', 'claimed')` : q.status === 'all' ? sql`true` : sql`ld.status = ${q.status}`;
  const location = q.locationId ? sql`and ld.location_id = ${q.locationId}` : sql``;
  const order =
    q.status === 'open'
      ? sql`order by ld.urgent desc, (ld.escalated_at is not null) desc, coalesce(ld.next_call_at, ld.callback_due_at), ld.id`
      : sql`order by ld.requested_at desc, ld.id`;
  return queryRows<LeadRow>(db, sql`select ${LEAD_COLUMNS} ${LEAD_FROM} where ${scopeWhere(scope)} and ${status} ${location} ${order} limit ${q.limit}`);
}

export async function findLead(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<LeadRow | null> {
  const lock = opts.forUpdate ? sql`for update of ld` : sql``;
  const [row] = await queryRows<LeadRow>(db, sql`select ${LEAD_COLUMNS} ${LEAD_FROM} where ld.id = ${id} ${lock}`);
  return row ?? null;
}

export async function leadDetails(db: Db, id: string) {
  const [attempts, screenings, appt] = await Promise.all([
    queryRows<{
      id: string;
      attemptedAt: string | Date;
      outcome: string;
      callBackAt: string | Date | null;
      notes: string | null;
      userId: string;
      userName: string;
    }>(
      db,
      sql`select a.id, a.attempted_at, a.outcome, a.call_back_at, a.notes, a.user_id, u.display_name as user_name
            from lead_call_attempts a join users u on u.id = a.user_id where a.lead_id = ${id} order by a.attempted_at desc`,
    ),
    queryRows<{ instrument: string; answers: number[]; total: number | null; severity: string | null; takenAt: string | Date }>(
      db,
      sql`select instrument, answers, total, severity, taken_at from lead_screenings where lead_id = ${id} order by taken_at desc`,
    ),
    appointmentForLead(db, id),
  ]);
  return { attempts, screenings, appointment: appt };
}

/** One request at a time per phone number (a transaction-scoped advisory lock). */
export async function lockPhone(db: Db, phone: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7463200, hashtext(${phone}))`);
}

export const markClaimed = (db: Db, id: string, version: number, userId: string) =>
  updateLead(db, id, version, sql`status = 'claimed', claimed_by = ${userId}, claimed_at = now()`);

/** A call logged: the lead is claimed by the caller if nobody had, counted, and scheduled for a call back or not. */
export const markCalled = (db: Db, id: string, version: number, call: { userId: string; reached: boolean; nextCallAt: Date | null }) =>
  updateLead(
    db,
    id,
    version,
    sql`status = 'claimed', claimed_by = coalesce(claimed_by, ${call.userId}), claimed_at = coalesce(claimed_at, now()),
        attempt_count = attempt_count + 1, first_attempt_at = coalesce(first_attempt_at, now()),
        first_reached_at = case when ${call.reached} then coalesce(first_reached_at, now()) else first_reached_at end,
        next_call_at = ${call.nextCallAt ? call.nextCallAt.toISOString() : null}::timestamptz`,
  );

export const markClosed = (db: Db, id: string, version: number, reason: string) =>
  updateLead(db, id, version, sql`status = 'closed', closed_at = now(), close_reason = ${reason}, next_call_at = null`);

export const markConverted = (db: Db, id: string, version: number, patientId: string, userId: string) =>
  updateLead(
    db,
    id,
    version,
    sql`status = 'converted', converted_patient_id = ${patientId}, converted_at = now(), claimed_by = coalesce(claimed_by, ${userId}), next_call_at = null`,
  );

/** Changes a lead only if its version is the one the caller read; false when someone else changed it first. */
async function updateLead(db: Db, id: string, version: number, set: SQL): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update leads set ${set}, version = version + 1, updated_at = now() where id = ${id} and version = ${version} returning id`,
  );
  return rows.length === 1;
}

export async function insertAttempt(db: Db, values: typeof leadCallAttempts.$inferInsert): Promise<void> {
  await db.insert(leadCallAttempts).values(values);
}

export type EscalatedLead = {
  id: string;
  organizationId: string;
  locationId: string;
  clinicName: string;
  name: string;
  urgent: boolean;
  dueLocal: string;
  timeZone: string;
  recipients: string[];
};

export async function escalateOverdueLeads(db: Db, limit = 500): Promise<EscalatedLead[]> {
  return queryRows<EscalatedLead>(
    db,
    sql`with due as (
          select id from leads
           where first_attempt_at is null and escalated_at is null and status in ('new', 'claimed') and callback_due_at < now()
           order by callback_due_at
           limit ${limit}
             for update skip locked
        ), esc as (
          update leads ld set escalated_at = now(), version = ld.version + 1, updated_at = now()
            from due where ld.id = due.id and ld.escalated_at is null
          returning ld.id, ld.organization_id, ld.location_id, ld.name, ld.callback_due_at, ld.urgent
        ), recipients as (
          -- The clinic's managers; a clinic without one falls back to the practice's administrators.
          select e.id as lead_id, u.id as user_id
            from esc e join user_locations ul on ul.location_id = e.location_id
            join users u on u.id = ul.user_id and u.role = 'manager' and u.active
          union
          select e.id, u.id
            from esc e join users u on u.organization_id = e.organization_id and u.role = 'admin' and u.active
           where not exists (select 1 from user_locations ul join users m on m.id = ul.user_id and m.role = 'manager' and m.active where ul.location_id = e.location_id)
        ), audited as (
          insert into audit_events (occurred_at, action, outcome, entity_type, entity_id, details)
          select now(), 'lead.escalate', 'success', 'lead', e.id::text, jsonb_build_object('callbackDueAt', e.callback_due_at)
            from esc e
        )
        select e.id, e.organization_id, e.location_id, l.name as clinic_name, e.name, e.urgent, l.time_zone,
               to_char(e.callback_due_at at time zone l.time_zone, 'HH12:MI AM') as due_local,
               coalesce(array(select r.user_id from recipients r where r.lead_id = e.id), '{}') as recipients
          from esc e join locations l on l.id = e.location_id`,
  );
}

export async function listProviders(db: Db, organizationId: string) {
  return queryRows<{ id: string; displayName: string; locationIds: string[] }>(
    db,
    sql`select u.id, u.display_name, array(select ul.location_id from user_locations ul where ul.user_id = u.id) as location_ids
          from users u where u.organization_id = ${organizationId} and u.role = 'provider' and u.active order by u.display_name`,
  );
}

export type MetricsRow = {
  locationId: string;
  clinicName: string;
  day: string;
  leads: number;
  firstCalled: number;
  medianMinutesToFirstCall: number | null;
  calledWithin10: number;
  conversions: number;
  urgentLeads: number;
  medianMinutesToReachUrgent: number | null;
  escalated: number;
};

/**
 * Front-door metrics per clinic and local day (the clinic's own time zone). The clock for "time to first call"
 * starts when the promise starts: the request, or the opening after an out-of-hours request (due time minus the
 * 10-minute promise), so a call at 08:05 for a 23:00 request counts as on time.
 */
export async function frontDoorMetrics(
  db: Db,
  scope: LeadScope,
  q: { from: string; to: string; locationId?: string | undefined },
  promiseMinutes: number,
): Promise<MetricsRow[]> {
  const location = q.locationId ? sql`and ld.location_id = ${q.locationId}` : sql``;
  return queryRows<MetricsRow>(
    db,
    sql`with base as (
          select ld.location_id, l.name as clinic_name, (ld.requested_at at time zone l.time_zone)::date as day, ld.status, ld.urgent,
                 ld.escalated_at is not null as escalated, ld.converted_at,
                 extract(epoch from (ld.first_attempt_at - (ld.callback_due_at - make_interval(mins => ${promiseMinutes})))) / 60.0 as minutes_to_call,
                 extract(epoch from (ld.first_reached_at - ld.requested_at)) / 60.0 as minutes_to_reach
            from leads ld join locations l on l.id = ld.location_id
           where ${scopeWhere(scope)} ${location}
             and ld.requested_at >= (${q.from}::date - 1)::timestamptz and ld.requested_at < (${q.to}::date + 2)::timestamptz
        )
        select location_id, clinic_name, day::text as day, count(*)::int as leads,
               count(minutes_to_call)::int as first_called,
               -- greatest() would turn a lead never called (null) into 0 minutes: only leads that were called count.
               round((percentile_cont(0.5) within group (order by case when minutes_to_call is null then null else greatest(minutes_to_call, 0) end))::numeric, 1)::float8 as median_minutes_to_first_call,
               count(*) filter (where minutes_to_call <= ${promiseMinutes})::int as called_within_10,
               count(*) filter (where status = 'converted')::int as conversions,
               count(*) filter (where urgent)::int as urgent_leads,
               round((percentile_cont(0.5) within group (order by minutes_to_reach) filter (where urgent))::numeric, 1)::float8 as median_minutes_to_reach_urgent,
               count(*) filter (where escalated)::int as escalated
          from base
         where day between ${q.from}::date and ${q.to}::date
         group by location_id, clinic_name, day
         order by day desc, clinic_name`,
  );
}

export async function anonymousScreeningCounts(db: Db, from: string, to: string) {
  return queryRows<{ day: string; instrument: string; severity: string; crisis: boolean; count: number }>(
    db,
    sql`select day::text as day, instrument, severity, crisis, count from screening_daily_counts where day between ${from}::date and ${to}::date order by day desc, instrument, severity`,
  );
}

export async function findPatientOrganization(db: Db, patientId: string): Promise<string | null> {
  const [row] = await queryRows<{ organizationId: string }>(db, sql`select organization_id from patients where id = ${patientId}`);
  return row?.organizationId ?? null;
}

export async function addPatientClinic(db: Db, patientId: string, locationId: string): Promise<void> {
  await db.execute(sql`insert into patient_locations (patient_id, location_id) values (${patientId}, ${locationId}) on conflict do nothing`);
}
