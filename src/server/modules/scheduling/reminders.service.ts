import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionUser } from '../../../contracts/auth.js';
import { defined } from '../../../domain/defined.js';
import { formatUsPhone, normalizeUsPhone } from '../../../domain/patients/phone.js';
import { icsCalendar, type IcsEvent } from '../../../domain/scheduling/ics.js';
import { interpretReply, reminderEmail, reminderSms, visitTimeText, type ReminderVisit } from '../../../domain/scheduling/reminders.js';
import { addDays, clinicDaysRange, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIso, toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import type { Job } from '../../platform/jobs/job-runner.js';
import type { PatientSender } from '../../platform/notifications/senders.js';
import { localTime } from './appointments.service.js';
import * as repo from './reminders.repository.js';
import { authorizeClinic } from './scheduling.service.js';

type Deps = { db: Db; audit: AuditTrail };

const MAX_ATTEMPTS = 5;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

const addressOf = (r: { addressLine1: string; addressLine2: string | null; city: string; state: string; postalCode: string }) =>
  `${r.addressLine1}${r.addressLine2 ? `, ${r.addressLine2}` : ''}, ${r.city}, ${r.state} ${r.postalCode}`;

/** The visit type's preparation steps from the course's protocol version (a consultation has none). */
function preparationOf(visitTypes: { kind: string; readiness?: { text: string }[] }[] | null, kind: string): string[] {
  return (visitTypes?.find((v) => v.kind === kind)?.readiness ?? []).map((r) => r.text);
}

/** The visit as an iCalendar file for the patient: time and place, the preparation steps, no treatment name. */
function patientIcs(visit: {
  id: string;
  startsAt: Date;
  endsAt: Date;
  clinicName: string;
  address: string;
  preparation: string[];
  cancelled?: boolean;
}): string {
  const event: IcsEvent = {
    uid: `${visit.id}@stepwise`,
    start: visit.startsAt,
    end: visit.endsAt,
    summary: `Visit at ${visit.clinicName}`,
    location: `${visit.clinicName}, ${visit.address}`,
    description: visit.preparation.length ? `Before you come:\n${visit.preparation.map((p) => `- ${p}`).join('\n')}` : null,
    cancelled: visit.cancelled ?? false,
  };
  return icsCalendar(visit.clinicName, [event]);
}

/**
 * The reminder job (issue 9). Each tick, inside the runner's transaction: queue reminders that fell due, mark sends
 * that were interrupted as uncertain, and claim due reminders as `sending`. After that commits, send each claimed
 * reminder and record the outcome: a reminder is sent at most once, even with several app instances (claims skip
 * locked rows, and a claimed row is never claimed again unless its send failed).
 */
export function reminderJob(senders: { email: PatientSender; sms: PatientSender }, publicBaseUrl: string, everyMs = 60_000): Job {
  let claimed: { row: repo.ClaimedReminder; token: string }[] = [];
  return {
    name: 'reminders.send',
    everyMs,
    async run(tx) {
      const now = new Date();
      await repo.enqueueDue(tx, now);
      await repo.markInterrupted(tx, now);
      const rows = await repo.claimDue(tx, now);
      claimed = [];
      for (const row of rows) {
        const token = newToken();
        await repo.insertToken(tx, {
          tokenHash: hashToken(token),
          purpose: 'visit_confirmation',
          appointmentId: row.appointmentId,
          expiresAt: new Date(new Date(row.endsAt).getTime() + 86_400_000),
        });
        claimed.push({ row, token });
      }
      return rows.length;
    },
    async afterCommit(db) {
      const batch = claimed;
      claimed = [];
      for (const { row, token } of batch) {
        const now = new Date();
        if (row.status !== 'booked' || new Date(row.startsAt).getTime() !== new Date(row.forStartsAt).getTime()) {
          await repo.markFailed(db, row.id, 'the visit was moved or cancelled before its reminder went out', now, MAX_ATTEMPTS, true);
          continue;
        }
        const visit: ReminderVisit = {
          clinicName: row.clinicName,
          clinicAddress: addressOf(row),
          clinicPhone: row.clinicPhone ? formatUsPhone(row.clinicPhone) : null,
          timeZone: row.timeZone,
          startsAt: new Date(row.startsAt),
          preparation: preparationOf(row.visitTypes, row.kind),
          confirmUrl: `${publicBaseUrl}/visit/${token}`,
        };
        try {
          const sender = row.channel === 'email' ? senders.email : senders.sms;
          const mail = reminderEmail(visit);
          const result =
            row.channel === 'email'
              ? await sender.send({
                  to: row.recipient,
                  subject: mail.subject,
                  text: mail.text,
                  ics: {
                    filename: 'visit.ics',
                    content: patientIcs({
                      id: row.appointmentId,
                      startsAt: visit.startsAt,
                      endsAt: new Date(row.endsAt),
                      clinicName: row.clinicName,
                      address: visit.clinicAddress,
                      preparation: [...visit.preparation],
                    }),
                  },
                })
              : await sender.send({ to: row.recipient, subject: '', text: reminderSms(visit) });
          await repo.markSent(db, row.id, result.id, new Date());
        } catch (err) {
          await repo.markFailed(db, row.id, err instanceof Error ? err.message : 'send failed', new Date(), MAX_ATTEMPTS);
        }
      }
      return batch.length;
    },
  };
}

// ---- The patient's confirmation link (no login) ----

export type PublicVisit = {
  clinicName: string;
  address: string;
  clinicPhone: string | null;
  when: string;
  preparation: string[];
  status: 'booked' | 'not_bookable';
  confirmation: string;
};

async function visitForToken(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await repo.findToken(db, hashToken(token));
  if (row?.purpose !== 'visit_confirmation' || !row.appointmentId || row.revokedAt) return null;
  if (row.expiresAt && new Date(row.expiresAt).getTime() < Date.now()) return null;
  return repo.publicVisit(db, row.appointmentId);
}

function presentPublic(v: repo.PublicVisitRow): PublicVisit {
  return {
    clinicName: v.clinicName,
    address: addressOf(v),
    clinicPhone: v.clinicPhone ? formatUsPhone(v.clinicPhone) : null,
    when: visitTimeText(new Date(v.startsAt), v.timeZone),
    preparation: preparationOf(v.visitTypes, v.kind),
    status: v.status === 'booked' ? 'booked' : 'not_bookable',
    confirmation: v.confirmation,
  };
}

export async function readPublicVisit(db: Db, token: string): Promise<PublicVisit | null> {
  const v = await visitForToken(db, token);
  return v ? presentPublic(v) : null;
}

/** The patient confirms or asks for a call from the link; audited without a user (the link is the credential). */
export async function answerPublicVisit(deps: Deps, token: string, action: 'confirm' | 'reschedule', ctx: AuditContext): Promise<PublicVisit | null> {
  const v = await visitForToken(deps.db, token);
  if (!v) return null;
  if (v.status === 'booked') {
    await deps.db.transaction(async (tx) => {
      await repo.setConfirmation(tx, v.id, action === 'confirm' ? 'confirmed' : 'reschedule_requested', new Date());
      await deps.audit.recordWithin(tx, ctx, {
        action: action === 'confirm' ? 'appointment.confirm' : 'appointment.reschedule_request',
        outcome: 'success',
        entityType: 'appointment',
        entityId: v.id,
        patientId: v.patientId,
        details: { via: 'link' },
      });
    });
  }
  return readPublicVisit(deps.db, token);
}

export async function publicVisitIcs(db: Db, token: string): Promise<string | null> {
  const v = await visitForToken(db, token);
  if (!v) return null;
  return patientIcs({
    id: v.id,
    startsAt: new Date(v.startsAt),
    endsAt: new Date(v.endsAt),
    clinicName: v.clinicName,
    address: addressOf(v),
    preparation: preparationOf(v.visitTypes, v.kind),
    cancelled: v.status === 'cancelled',
  });
}

// ---- Inbound text replies ----

export type InboundInput = { from: string; body: string; receivedAt: string };

/**
 * A text reply from a patient (issue 9; provider-neutral: from, body, receivedAt). "C" confirms the sender's next
 * visit, "R" marks it for a call; anything else, and any message from an unknown number or with no visit ahead, is
 * kept for a coordinator. Nothing is dropped.
 */
export async function receiveInbound(deps: Deps, input: InboundInput, ctx: AuditContext) {
  const phone = normalizeUsPhone(input.from);
  const from = phone.ok ? phone.e164 : input.from.slice(0, 40);
  const now = new Date();
  const match = phone.ok ? await repo.visitForPhone(deps.db, phone.e164, now) : null;
  const reply = interpretReply(input.body);
  const outcome = !match
    ? 'unknown_sender'
    : !match.appointmentId
      ? 'no_upcoming_visit'
      : reply === 'confirm'
        ? 'confirmed'
        : reply === 'reschedule'
          ? 'reschedule_requested'
          : 'unrecognized_reply';
  const needsReview = outcome !== 'confirmed';
  const id = await deps.db.transaction(async (tx) => {
    if (match?.appointmentId && (outcome === 'confirmed' || outcome === 'reschedule_requested'))
      await repo.setConfirmation(tx, match.appointmentId, outcome, now);
    const inserted = await repo.insertInbound(tx, {
      organizationId: match?.organizationId ?? null,
      fromPhone: from,
      body: input.body.slice(0, 1600),
      receivedAt: new Date(input.receivedAt),
      patientId: match?.patientId ?? null,
      appointmentId: match?.appointmentId ?? null,
      outcome,
      needsReview,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'message.inbound',
      outcome: 'success',
      entityType: 'inbound_message',
      entityId: inserted,
      patientId: match?.patientId ?? null,
      details: { outcome },
    });
    return inserted;
  });
  return { id, outcome, needsReview };
}

export async function inboundForReview(deps: Deps, user: SessionUser, ctx: AuditContext) {
  const rows = await repo.inboundForReview(deps.db, user.organizationId, user.organizationWide ? null : user.locationIds);
  deps.audit.record(ctx, { action: 'message.inbound.list', outcome: 'success', details: { count: rows.length } });
  return {
    items: rows.map((r) => ({
      id: r.id,
      fromPhone: r.fromPhone,
      body: r.body,
      receivedAt: toIsoRequired(r.receivedAt),
      outcome: r.outcome,
      patient: r.patientId ? { id: r.patientId, name: r.patientName ?? '' } : null,
      appointment: r.appointmentId ? { id: r.appointmentId, startsAt: toIso(r.appointmentStartsAt) } : null,
    })),
  };
}

export async function reviewInbound(deps: Deps, user: SessionUser, id: string, note: string | null, ctx: AuditContext) {
  await deps.db.transaction(async (tx) => {
    if (!(await repo.markReviewed(tx, id, user.id, note))) throw notFound('Message waiting for review');
    await deps.audit.recordWithin(tx, ctx, { action: 'message.inbound.review', outcome: 'success', entityType: 'inbound_message', entityId: id });
  });
  return { ok: true as const };
}

// ---- The coordinators' readiness list ----

/**
 * A clinic's visits of one day (tomorrow on the clinic's clock by default) with what readiness needs: confirmation,
 * each reminder's state, the patient's reminder consent and phone, and the visit's checklist with its sources.
 * Unconfirmed visits first.
 */
export async function readinessList(deps: Deps, user: SessionUser, locationId: string, date: string | undefined, ctx: AuditContext) {
  const { clinic, grant } = await authorizeClinic(deps, user, locationId, 'readiness.read', ctx);
  const day = date ?? addDays(clinicToday(clinic.timeZone), 1);
  const range = clinicDaysRange(clinic.timeZone, day);
  const rows = await repo.readiness(deps.db, locationId, range.start, range.end);
  grant.done({ locationId, date: day, patients: new Set(rows.map((r) => r.patientId)).size });
  return {
    date: day,
    timeZone: clinic.timeZone,
    items: rows.map((r) => ({
      id: r.id,
      patient: { id: r.patientId, name: r.patientName, phoneMobile: r.phoneMobile },
      consent: { sms: r.reminderSms, email: r.reminderEmail },
      kind: r.kind,
      startsAt: toIsoRequired(r.startsAt),
      localStart: localTime(new Date(r.startsAt), clinic.timeZone),
      confirmation: r.confirmation,
      courseId: r.courseId,
      reminders: r.reminders.map((m) => ({ channel: m.channel, status: m.status, sentAt: m.sentAt ? toIsoRequired(m.sentAt) : null, error: m.error })),
      checklist: r.visitTypes?.find((v) => v.kind === r.kind)?.readiness ?? [],
    })),
  };
}

// ---- Staff calendar feeds ----

/** Creates the user's calendar feed URL (revoking any earlier one): a secret token, shown once. */
export async function createCalendarFeed(deps: Deps, user: SessionUser, publicBaseUrl: string, ctx: AuditContext) {
  const token = newToken();
  await deps.db.transaction(async (tx) => {
    await repo.revokeUserTokens(tx, user.id, 'staff_calendar');
    await repo.insertToken(tx, { tokenHash: hashToken(token), purpose: 'staff_calendar', userId: user.id });
    await deps.audit.recordWithin(tx, ctx, { action: 'calendar_feed.create', outcome: 'success', entityType: 'user', entityId: user.id });
  });
  return { url: `${publicBaseUrl}/feeds/staff/${token}.ics` };
}

export async function revokeCalendarFeed(deps: Deps, user: SessionUser, ctx: AuditContext) {
  const revoked = await deps.db.transaction(async (tx) => {
    const n = await repo.revokeUserTokens(tx, user.id, 'staff_calendar');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'calendar_feed.revoke',
      outcome: 'success',
      entityType: 'user',
      entityId: user.id,
      details: { revoked: n },
    });
    return n;
  });
  return { revoked };
}

const KIND_WORDS: Record<string, string> = {
  tms_mapping: 'TMS mapping',
  tms_session: 'TMS session',
  spravato_session: 'Spravato session',
  iv_ketamine_infusion: 'IV ketamine infusion',
  ketamine_response_evaluation: 'Response evaluation',
  im_ketamine_session: 'IM ketamine session',
  kap_session: 'KAP session',
  integration_therapy: 'Integration therapy',
  intake_consultation: 'Consultation',
};

/**
 * The staff member's schedule as iCalendar, 30 days back and 120 ahead: visit kind, patient initials, clinic and
 * resource (a phone calendar is outside the clinic: the least that lets staff plan their day). Cancelled visits stay
 * as CANCELLED so subscribed calendars remove them. Each read is audited.
 */
export async function staffFeed(deps: Deps, token: string, ctx: AuditContext): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await repo.findToken(deps.db, hashToken(token));
  if (row?.purpose !== 'staff_calendar' || !row.userId || row.revokedAt) return null;
  const now = Date.now();
  const visits = await repo.staffVisits(deps.db, row.userId, new Date(now - 30 * 86_400_000), new Date(now + 120 * 86_400_000));
  deps.audit.record(
    { ...ctx, actor: null },
    { action: 'calendar_feed.read', outcome: 'success', entityType: 'user', entityId: row.userId, details: { count: visits.length } },
  );
  return icsCalendar(
    'Stepwise visits',
    visits.map((v) => ({
      uid: `${v.id}@stepwise`,
      start: new Date(v.startsAt),
      end: new Date(v.endsAt),
      summary: `${KIND_WORDS[v.kind] ?? v.kind} · ${v.patientInitials}`,
      location: [v.clinicName, v.resourceName].filter(Boolean).join(', '),
      cancelled: v.status === 'cancelled' || v.status === 'no_show',
      sequence: v.version,
    })),
  );
}

export function assertInboundToken(expected: string | null, header: string | undefined) {
  if (!expected) throw new AppError(403, 'forbidden', 'Inbound messages are not configured (set INBOUND_MESSAGES_TOKEN).');
  const given = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  if (!timingSafeEqual(a, b)) throw new AppError(403, 'forbidden', 'The inbound messages token is wrong.');
}

// ---- The patient's own visits (portal) ----

export type PatientVisit = PublicVisit & { id: string; startsAt: string; endsAt: string; upcoming: boolean; visitStatus: string };

function presentPatientVisit(v: repo.PublicVisitRow, now: Date): PatientVisit {
  return {
    id: v.id,
    ...presentPublic(v),
    startsAt: new Date(v.startsAt).toISOString(),
    endsAt: new Date(v.endsAt).toISOString(),
    upcoming: new Date(v.startsAt).getTime() > now.getTime() && v.status === 'booked',
    visitStatus: v.status,
  };
}

/** The patient's visits, a year back and ahead: time, place and preparation, no treatment names. */
export async function patientVisits(db: Db, patientId: string, now = new Date()): Promise<PatientVisit[]> {
  return (await repo.patientVisits(db, patientId, now)).map((v) => presentPatientVisit(v, now));
}

/** One of the patient's visits; null when it is not theirs (the caller answers 404, never another patient's). */
async function ownVisit(db: Db, patientId: string, appointmentId: string) {
  const v = await repo.publicVisit(db, appointmentId);
  return v && v.patientId === patientId ? v : null;
}

/** The patient confirms a booked visit or asks to be called to reschedule it (from the portal). */
export async function answerOwnVisit(
  deps: Deps,
  patientId: string,
  appointmentId: string,
  action: 'confirm' | 'reschedule',
  ctx: AuditContext,
): Promise<PatientVisit | null> {
  const v = await ownVisit(deps.db, patientId, appointmentId);
  if (!v) return null;
  if (v.status !== 'booked') throw conflict('This visit can no longer be confirmed or changed here; please call the clinic.', 'invalid_transition');
  await deps.db.transaction(async (tx) => {
    await repo.setConfirmation(tx, v.id, action === 'confirm' ? 'confirmed' : 'reschedule_requested', new Date());
    await deps.audit.recordWithin(tx, ctx, {
      action: action === 'confirm' ? 'appointment.confirm' : 'appointment.reschedule_request',
      outcome: 'success',
      entityType: 'appointment',
      entityId: v.id,
      patientId,
      details: { via: 'portal' },
    });
  });
  return presentPatientVisit(defined(await ownVisit(deps.db, patientId, appointmentId)), new Date());
}

/** The patient's own visit as an iCalendar file; null when it is not theirs. */
export async function ownVisitIcs(db: Db, patientId: string, appointmentId: string): Promise<string | null> {
  const v = await ownVisit(db, patientId, appointmentId);
  if (!v) return null;
  return patientIcs({
    id: v.id,
    startsAt: new Date(v.startsAt),
    endsAt: new Date(v.endsAt),
    clinicName: v.clinicName,
    address: addressOf(v),
    preparation: preparationOf(v.visitTypes, v.kind),
    cancelled: v.status === 'cancelled',
  });
}
