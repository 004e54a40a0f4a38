import { clinicToday } from '../../../domain/time/clinic-today.js';
import type { SessionUser } from '../../../contracts/auth.js';
import {
  CRISIS_RESOURCES,
  type CallbackConfirmation,
  type ConvertLead,
  type LeadDetail,
  type LeadSummary,
  type PublicContact,
  type ScreeningRequest,
  type ScreeningResult,
} from '../../../contracts/front-door.js';
import { splitName } from '../../../domain/leads/names.js';
import { CALLBACK_MINUTES, callbackPromise, describeCallbackPromise, type CallbackPromise } from '../../../domain/leads/callback-promise.js';
import {
  explainResult,
  INSTRUMENTS,
  needsCrisisResponse,
  scoreInstrument,
  type InstrumentId,
  type ScoreResult,
} from '../../../domain/screening/instruments.js';
import type { Db } from '../../db/client.js';
import { toIso, toIsoRequired } from '../../db/sql-values.js';
import { seesAllClinics } from '../../platform/access/permissions.js';
import { authorize } from '../../platform/access/authorize.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError, badRequest, conflict, fieldError, versionConflict } from '../../platform/errors.js';
import { bookCheckedSlot, checkBooking } from '../scheduling/index.js';
import { assertPatientAccess, findPatientMatches, insertPatient, insertRiskFlag, nextMrn } from '../patients/index.js';
import * as repo from './leads.repository.js';
import type { ClinicForLeads, LeadRow } from './leads.repository.js';
import { defined } from '../../../domain/defined.js';

export type FrontDoorDeps = { db: Db; audit: AuditTrail; config: { publicForms: { requestsPerPhonePerDay: number } } };

const CRISIS_REASON = 'Screening: thoughts of self-harm (PHQ-9 item 9 above "not at all")';

// ---------- public: callback requests and screenings ----------

async function publicOrganization(db: Db): Promise<string> {
  const id = await repo.publicOrganizationId(db);
  if (!id) throw new AppError(503, 'not_ready', 'This practice is not set up yet.');
  return id;
}

export async function listPublicClinics(deps: FrontDoorDeps) {
  const org = await publicOrganization(deps.db);
  const rows = await repo.listActiveClinics(deps.db, org);
  return { items: rows.map((c) => ({ id: c.id, name: c.name, city: c.city, state: c.state, phone: c.phone, timeZone: c.timeZone })) };
}

async function clinicFor(db: Db, org: string, contact: PublicContact): Promise<ClinicForLeads> {
  if (contact.preferredClinicId) {
    const clinic = await repo.findClinic(db, org, { id: contact.preferredClinicId });
    if (!clinic) throw fieldError('preferredClinicId', 'is not one of our clinics');
    return clinic;
  }
  const clinic = (await repo.findClinic(db, org, { state: contact.state })) ?? (await repo.defaultClinic(db, org));
  if (!clinic) throw new AppError(503, 'not_ready', 'This practice has no open clinic yet.');
  return clinic;
}

function confirmation(
  clinic: ClinicForLeads,
  reference: string,
  now: Date,
  visitorZone: string | undefined,
  alreadyRequested: boolean,
  promise: CallbackPromise,
): CallbackConfirmation {
  return {
    reference,
    clinic: { name: clinic.name, phone: clinic.phone, timeZone: clinic.timeZone },
    callbackBy: promise.dueAt.toISOString(),
    withinCallingHours: promise.withinCallingHours,
    message:
      alreadyRequested && promise.dueAt.getTime() <= now.getTime()
        ? 'We already have your request, and a care coordinator will call you as soon as possible.'
        : describeCallbackPromise(promise, visitorZone ?? clinic.timeZone, now),
    alreadyRequested,
  };
}

type Screening = { instrument: InstrumentId; answers: number[]; result: ScoreResult };

/**
 * Records a contact request as a lead, unless this phone already has an open one: then the existing promise
 * stands (and a crisis answer still makes it urgent). A phone can file a few requests a day, no more.
 */
async function recordContact(
  deps: FrontDoorDeps,
  contact: PublicContact,
  source: 'callback' | 'screening',
  screenings: Screening[],
  ctx: AuditContext,
): Promise<CallbackConfirmation> {
  const org = await publicOrganization(deps.db);
  const clinic = await clinicFor(deps.db, org, contact);
  const crisis = needsCrisisResponse(screenings.map((s) => s.result));
  const now = new Date();
  return deps.db.transaction(async (tx) => {
    // One request at a time per phone number, so two quick submissions cannot both pass the checks below.
    await repo.lockPhone(tx, contact.phone);
    const activity = await repo.phoneActivity(tx, org, contact.phone);
    if (activity.open) {
      await repo.insertScreenings(
        tx,
        activity.open.id,
        screenings.map((s) => ({ instrument: s.instrument, answers: s.answers, total: s.result.total, severity: s.result.severity })),
      );
      if (crisis && !activity.open.urgent) await repo.markUrgent(tx, activity.open.id, CRISIS_REASON);
      await deps.audit.recordWithin(tx, ctx, {
        action: 'lead.request.repeat',
        outcome: 'success',
        entityType: 'lead',
        entityId: activity.open.id,
        details: { source, crisis },
      });
      const openClinic = activity.open.locationId === clinic.id ? clinic : ((await repo.findClinic(tx, org, { id: activity.open.locationId })) ?? clinic);
      // The promise made with the first request stands.
      const due = activity.open.callbackDueAt;
      const within = due.getTime() - now.getTime() <= CALLBACK_MINUTES * 60_000;
      return confirmation(openClinic, activity.open.id, now, contact.timeZone, true, { dueAt: due, withinCallingHours: within, opensAt: null });
    }
    if (activity.recent >= deps.config.publicForms.requestsPerPhonePerDay) {
      throw new AppError(429, 'rate_limited', 'This phone number has made several requests today. Please call the clinic directly.', [
        { path: 'phone', message: 'has made too many requests today' },
      ]);
    }
    const promise = callbackPromise(clinic.openingHours, clinic.timeZone, new Set(clinic.holidays), now);
    const id = await repo.insertLead(tx, {
      organizationId: org,
      locationId: clinic.id,
      source,
      urgent: crisis,
      urgentReason: crisis ? CRISIS_REASON : null,
      name: contact.name,
      phone: contact.phone,
      state: contact.state ?? clinic.state,
      bestTime: contact.bestTime ?? null,
      reason: contact.reason ?? null,
      consentToCall: contact.consentToCall,
      consentToText: contact.consentToText,
      visitorTimeZone: contact.timeZone ?? null,
      requestedAt: now,
      callbackDueAt: promise.dueAt,
    });
    await repo.insertScreenings(
      tx,
      id,
      screenings.map((s) => ({ instrument: s.instrument, answers: s.answers, total: s.result.total, severity: s.result.severity })),
    );
    await deps.audit.recordWithin(tx, ctx, {
      action: 'lead.create',
      outcome: 'success',
      entityType: 'lead',
      entityId: id,
      details: { source, clinic: clinic.code, urgent: crisis },
    });
    return confirmation(clinic, id, now, contact.timeZone, false, promise);
  });
}

export async function requestCallback(deps: FrontDoorDeps, input: PublicContact, ctx: AuditContext): Promise<CallbackConfirmation> {
  return recordContact(deps, input, 'callback', [], ctx);
}

export async function submitScreening(deps: FrontDoorDeps, input: ScreeningRequest, ctx: AuditContext): Promise<ScreeningResult> {
  const screenings: Screening[] = (['PHQ-9', 'GAD-7'] as const).flatMap((id) => {
    const answers = input.responses[id];
    return answers ? [{ instrument: id, answers, result: scoreInstrument(id, answers) }] : [];
  });
  const crisis = needsCrisisResponse(screenings.map((s) => s.result));
  // A check without contact details leaves only a count. (The result page's "call me" sends the answers again
  // with contact details; that one is kept with the lead instead of being counted twice.)
  if (!input.contact) {
    // Counted on the practice's own calendar day, not the UTC date.
    const day = clinicToday(await repo.practiceTimeZone(deps.db, await publicOrganization(deps.db)));
    for (const s of screenings) await repo.countAnonymousScreening(deps.db, day, s.instrument, String(s.result.severity), crisis);
  }
  const callback = input.contact ? await recordContact(deps, input.contact, 'screening', screenings, ctx) : null;
  const result: ScreeningResult = { crisis, crisisResources: crisis ? [...CRISIS_RESOURCES] : [], callback, attribution: INSTRUMENTS['PHQ-9'].attribution };
  for (const s of screenings) {
    result[s.instrument as 'PHQ-9' | 'GAD-7'] = {
      total: defined(s.result.total),
      maxTotal: defined(INSTRUMENTS[s.instrument].maxTotal),
      severity: String(s.result.severity),
      explanation: explainResult(s.result),
    };
  }
  return result;
}

/** What a bot that filled the honeypot gets: a plausible answer, and nothing stored. */
export function decoyConfirmation(): CallbackConfirmation {
  const due = new Date(Date.now() + CALLBACK_MINUTES * 60_000);
  return {
    reference: crypto.randomUUID(),
    clinic: { name: 'Stepwise', phone: null, timeZone: 'UTC' },
    callbackBy: due.toISOString(),
    withinCallingHours: true,
    message: `We will call you within ${CALLBACK_MINUTES} minutes.`,
    alreadyRequested: false,
  };
}

// ---------- staff: the queue ----------

function scopeOf(user: SessionUser): repo.LeadScope {
  return { organizationId: user.organizationId, limitedToUserId: seesAllClinics(user) ? null : user.id };
}

/** A list narrowed to one clinic: the clinic must be the user's (refusal audited). Unknown ids simply match nothing. */
function authorizeClinicFilter(deps: FrontDoorDeps, ctx: AuditContext, user: SessionUser, action: string, locationId: string) {
  authorize(
    deps,
    ctx,
    user,
    action,
    { type: 'location', id: locationId, organizationId: user.organizationId, locationIds: [locationId] },
    {
      label: 'Clinic',
      refusal: 'That clinic is not one of yours.',
    },
  );
}

function canSeeClinic(user: SessionUser, locationId: string): boolean {
  return seesAllClinics(user) || user.locationIds.includes(locationId);
}

function presentSummary(r: LeadRow): LeadSummary {
  return {
    id: r.id,
    source: r.source,
    status: r.status,
    urgent: r.urgent,
    urgentReason: r.urgentReason,
    escalated: r.escalatedAt !== null,
    name: r.name,
    phone: r.phone,
    state: r.state,
    clinic: { id: r.locationId, code: r.clinicCode, name: r.clinicName, timeZone: r.clinicTimeZone },
    requestedAt: toIsoRequired(r.requestedAt),
    callbackDueAt: toIsoRequired(r.callbackDueAt),
    dueAt: toIsoRequired(r.nextCallAt ?? r.callbackDueAt),
    claimedBy: r.claimedBy ? { id: r.claimedBy, name: r.claimedByName ?? '' } : null,
    attemptCount: r.attemptCount,
    firstAttemptAt: toIso(r.firstAttemptAt),
    version: r.version,
  };
}

export async function listQueue(
  deps: FrontDoorDeps,
  user: SessionUser,
  q: { locationId?: string | undefined; status: 'open' | 'closed' | 'converted' | 'all'; limit: number },
  ctx: AuditContext,
) {
  if (q.locationId) authorizeClinicFilter(deps, ctx, user, 'lead.list', q.locationId);
  const rows = await repo.listLeads(deps.db, scopeOf(user), q);
  deps.audit.record(ctx, { action: 'lead.list', outcome: 'success', details: { status: q.status, locationId: q.locationId ?? null, count: rows.length } });
  return { items: rows.map(presentSummary), serverTime: new Date().toISOString() };
}

/**
 * The front door's authorize(actor, action, record): loads the lead (locked when the caller will change it), applies
 * the one access rule to its clinic and audits a refusal (platform/access/authorize.ts). The caller writes the
 * success row with its work.
 */
async function loadLead(deps: FrontDoorDeps, db: Db, user: SessionUser, id: string, ctx: AuditContext, action: string, forUpdate = false): Promise<LeadRow> {
  const row = await repo.findLead(db, id, { forUpdate });
  authorize(deps, ctx, user, action, row && { type: 'lead', id, organizationId: row.organizationId, locationIds: [row.locationId] }, {
    label: 'Lead',
    refusal: 'This lead belongs to a clinic that is not one of yours.',
  });
  return defined(row);
}

export async function readLead(deps: FrontDoorDeps, user: SessionUser, id: string, ctx: AuditContext): Promise<LeadDetail> {
  const row = await loadLead(deps, deps.db, user, id, ctx, 'lead.read');
  const details = await repo.leadDetails(deps.db, id);
  deps.audit.record(ctx, { action: 'lead.read', outcome: 'success', entityType: 'lead', entityId: id });
  return {
    ...presentSummary(row),
    email: row.email,
    bestTime: row.bestTime,
    reason: row.reason,
    consentToCall: row.consentToCall,
    consentToText: row.consentToText,
    visitorTimeZone: row.visitorTimeZone,
    closedAt: toIso(row.closedAt),
    closeReason: row.closeReason,
    convertedPatientId: row.convertedPatientId,
    attempts: details.attempts.map((a) => ({
      id: a.id,
      attemptedAt: toIsoRequired(a.attemptedAt),
      outcome: a.outcome as LeadDetail['attempts'][number]['outcome'],
      callBackAt: toIso(a.callBackAt),
      notes: a.notes,
      by: { id: a.userId, name: a.userName },
    })),
    screenings: details.screenings.map((s) => ({
      instrument: s.instrument,
      answers: s.answers.map(Number),
      total: s.total,
      severity: s.severity,
      takenAt: toIsoRequired(s.takenAt),
    })),
    appointment: details.appointment
      ? {
          id: details.appointment.id,
          startsAt: toIsoRequired(details.appointment.startsAt),
          endsAt: toIsoRequired(details.appointment.endsAt),
          clinicName: details.appointment.clinicName,
          providerName: details.appointment.providerName,
        }
      : null,
  };
}

export async function createPhoneLead(
  deps: FrontDoorDeps,
  user: SessionUser,
  input: {
    name: string;
    phone: string;
    email?: string | undefined;
    locationId: string;
    state?: string | undefined;
    bestTime?: string | null | undefined;
    reason?: string | null | undefined;
    urgent: boolean;
    urgentReason?: string | null | undefined;
    consentToCall: boolean;
    consentToText: boolean;
  },
  ctx: AuditContext,
) {
  if (!canSeeClinic(user, input.locationId)) throw fieldError('locationId', 'is not one of your clinics');
  const clinic = await repo.findClinic(deps.db, user.organizationId, { id: input.locationId });
  if (!clinic) throw fieldError('locationId', 'is not an active clinic');
  if (input.urgent && !input.urgentReason) throw fieldError('urgentReason', 'is required for an urgent lead');
  const now = new Date();
  const promise = callbackPromise(clinic.openingHours, clinic.timeZone, new Set(clinic.holidays), now);
  const id = await deps.db.transaction(async (tx) => {
    const newId = await repo.insertLead(tx, {
      organizationId: user.organizationId,
      locationId: clinic.id,
      source: 'phone',
      urgent: input.urgent,
      urgentReason: input.urgent ? (input.urgentReason ?? null) : null,
      name: input.name,
      phone: input.phone,
      email: input.email ?? null,
      state: input.state ?? clinic.state,
      bestTime: input.bestTime ?? null,
      reason: input.reason ?? null,
      consentToCall: input.consentToCall,
      consentToText: input.consentToText,
      requestedAt: now,
      callbackDueAt: promise.dueAt,
      createdBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'lead.create',
      outcome: 'success',
      entityType: 'lead',
      entityId: newId,
      details: { source: 'phone', clinic: clinic.code },
    });
    return newId;
  });
  return readLead(deps, user, id, ctx);
}

function ensureOpen(row: LeadRow) {
  if (row.status === 'closed' || row.status === 'converted') throw conflict(`This lead is already ${row.status}.`, 'lead_not_open');
}

function ensureClaimable(row: LeadRow, user: SessionUser) {
  if (row.claimedBy && row.claimedBy !== user.id) throw conflict(`${row.claimedByName ?? 'Someone else'} has claimed this lead.`, 'lead_claimed');
}

export async function claimLead(deps: FrontDoorDeps, user: SessionUser, id: string, version: number, ctx: AuditContext) {
  await deps.db.transaction(async (tx) => {
    const row = await loadLead(deps, tx, user, id, ctx, 'lead.claim', true);
    ensureOpen(row);
    ensureClaimable(row, user);
    if (row.version !== version) throw versionConflict('This lead');
    await repo.markClaimed(tx, id, version, user.id);
    await deps.audit.recordWithin(tx, ctx, { action: 'lead.claim', outcome: 'success', entityType: 'lead', entityId: id });
  });
  return readLead(deps, user, id, ctx);
}

export async function logAttempt(
  deps: FrontDoorDeps,
  user: SessionUser,
  id: string,
  input: { outcome: LeadDetail['attempts'][number]['outcome']; notes?: string | null | undefined; callBackAt?: string | undefined; version: number },
  ctx: AuditContext,
) {
  const callBackAt = input.callBackAt ? new Date(input.callBackAt) : null;
  if (callBackAt && callBackAt.getTime() < Date.now() - 60_000) throw fieldError('callBackAt', 'must be in the future');
  await deps.db.transaction(async (tx) => {
    const row = await loadLead(deps, tx, user, id, ctx, 'lead.call', true);
    ensureOpen(row);
    ensureClaimable(row, user);
    if (row.version !== input.version) throw versionConflict('This lead');
    await repo.insertAttempt(tx, {
      leadId: id,
      userId: user.id,
      outcome: input.outcome,
      notes: input.notes ?? null,
      callBackAt: input.outcome === 'call_back_later' ? callBackAt : null,
    });
    // Logging a call claims the lead for the caller if nobody had.
    await repo.markCalled(tx, id, input.version, {
      userId: user.id,
      reached: input.outcome === 'reached',
      nextCallAt: input.outcome === 'call_back_later' ? callBackAt : null,
    });
    await deps.audit.recordWithin(tx, ctx, { action: 'lead.call', outcome: 'success', entityType: 'lead', entityId: id, details: { outcome: input.outcome } });
  });
  return readLead(deps, user, id, ctx);
}

export async function closeLead(
  deps: FrontDoorDeps,
  user: SessionUser,
  id: string,
  input: { reason: string; notes?: string | null | undefined; version: number },
  ctx: AuditContext,
) {
  await deps.db.transaction(async (tx) => {
    const row = await loadLead(deps, tx, user, id, ctx, 'lead.close', true);
    ensureOpen(row);
    ensureClaimable(row, user);
    if (row.version !== input.version) throw versionConflict('This lead');
    const reason = input.notes ? `${input.reason}: ${input.notes}` : input.reason;
    await repo.markClosed(tx, id, input.version, reason);
    await deps.audit.recordWithin(tx, ctx, { action: 'lead.close', outcome: 'success', entityType: 'lead', entityId: id, details: { reason: input.reason } });
  });
  return readLead(deps, user, id, ctx);
}

export async function findMatches(
  deps: FrontDoorDeps,
  user: SessionUser,
  id: string,
  q: { givenName?: string | undefined; familyName?: string | undefined; dateOfBirth?: string | undefined },
  ctx: AuditContext,
) {
  const lead = await loadLead(deps, deps.db, user, id, ctx, 'patient.match');
  const guess = splitName(lead.name);
  const rows = await findPatientMatches(deps.db, user.organizationId, {
    phone: lead.phone,
    givenName: q.givenName || guess.givenName,
    familyName: q.familyName || guess.familyName,
    dateOfBirth: q.dateOfBirth,
  });
  const visible = rows.filter((r) => seesAllClinics(user) || r.locationIds.some((l) => user.locationIds.includes(l)));
  const given = (q.givenName || guess.givenName).toLowerCase();
  const family = (q.familyName || guess.familyName).toLowerCase();
  const items = visible.map((r) => {
    const matchedOn: ('name_and_date_of_birth' | 'phone')[] = [];
    if (q.dateOfBirth && r.dateOfBirth === q.dateOfBirth && r.legalFamilyName.toLowerCase() === family && r.legalGivenName.toLowerCase() === given)
      matchedOn.push('name_and_date_of_birth');
    if (r.phoneMobile === lead.phone || r.phoneHome === lead.phone) matchedOn.push('phone');
    return {
      id: r.id,
      mrn: r.mrn,
      name: `${r.legalFamilyName}, ${r.legalGivenName}`,
      dateOfBirth: r.dateOfBirth,
      phone: r.phoneMobile ?? r.phoneHome,
      matchedOn,
    };
  });
  deps.audit.record(ctx, { action: 'patient.match', outcome: 'success', entityType: 'lead', entityId: id, details: { resultIds: items.map((i) => i.id) } });
  return { items };
}

/**
 * Converts a lead: links it to an existing patient (found by name and date of birth, or phone) or registers a new
 * one, and books an intake consultation, all in one transaction with the lead marked converted.
 */
export async function convertLead(deps: FrontDoorDeps, user: SessionUser, id: string, input: ConvertLead, ctx: AuditContext) {
  if (!input.existingPatientId === !input.newPatient) {
    throw badRequest('Give either existingPatientId or newPatient.', [{ path: 'existingPatientId', message: 'give this or newPatient, not both or neither' }]);
  }
  const startsAt = new Date(input.appointment.startsAt);
  const endsAt = new Date(startsAt.getTime() + input.appointment.durationMinutes * 60_000);
  if (startsAt.getTime() < Date.now() - 5 * 60_000) throw fieldError('appointment.startsAt', 'must not be in the past');
  if (!canSeeClinic(user, input.appointment.locationId)) throw fieldError('appointment.locationId', 'is not one of your clinics');

  const result = await deps.db.transaction(async (tx) => {
    const lead = await loadLead(deps, tx, user, id, ctx, 'lead.convert', true);
    ensureOpen(lead);
    ensureClaimable(lead, user);
    if (lead.version !== input.version) throw versionConflict('This lead');
    if (input.existingPatientId) {
      // The same patient access as everywhere else: linking a patient of another clinic would open their chart.
      if ((await repo.findPatientOrganization(tx, input.existingPatientId)) !== user.organizationId)
        throw fieldError('existingPatientId', 'is not a patient of this practice');
      await assertPatientAccess({ db: tx, audit: deps.audit }, user, input.existingPatientId, ctx, 'lead.convert');
    }
    // The visit must be bookable before anyone is registered (clinic open, provider there and free).
    const slot = await checkBooking(tx, user, {
      locationId: input.appointment.locationId,
      providerId: input.appointment.providerId,
      startsAt,
      endsAt,
      fieldPrefix: 'appointment',
    });

    let patientId: string;
    let createdPatient = false;
    if (input.existingPatientId) {
      patientId = input.existingPatientId;
      // The patient is seen at the booked clinic from now on.
      await repo.addPatientClinic(tx, patientId, slot.locationId);
    } else {
      const p = defined(input.newPatient);
      const dupes = await findPatientMatches(tx, user.organizationId, {
        phone: lead.phone,
        givenName: p.legalGivenName,
        familyName: p.legalFamilyName,
        dateOfBirth: p.dateOfBirth,
      });
      // Only patients the caller may open are named; a match elsewhere is refused without saying anything about it.
      const visible = dupes.filter((d) => seesAllClinics(user) || d.locationIds.some((l) => user.locationIds.includes(l)));
      if (visible.length > 0) {
        throw new AppError(
          409,
          'possible_duplicate',
          `This person may already be a patient (${visible.map((d) => d.mrn).join(', ')}). Link the existing record instead.`,
          [{ path: 'newPatient', message: `matches existing patient ${defined(visible[0]).mrn}` }],
        );
      }
      if (dupes.length > 0) {
        throw new AppError(
          409,
          'possible_duplicate',
          'This person may already be registered at another clinic of the practice. Ask a manager or an administrator to link the record.',
          [{ path: 'newPatient', message: 'may match a patient registered at another clinic' }],
        );
      }
      const mrn = await nextMrn(tx);
      patientId = await insertPatient(
        tx,
        {
          organizationId: user.organizationId,
          mrn,
          legalGivenName: p.legalGivenName,
          legalFamilyName: p.legalFamilyName,
          dateOfBirth: p.dateOfBirth,
          sexAssignedAtBirth: p.sexAssignedAtBirth,
          email: p.email ?? lead.email,
          phoneMobile: lead.phone,
          state: lead.state,
          createdBy: user.id,
        },
        [slot.locationId],
      );
      createdPatient = true;
      await deps.audit.recordWithin(tx, ctx, {
        action: 'patient.create',
        outcome: 'success',
        entityType: 'patient',
        entityId: patientId,
        patientId,
        details: { mrn, fromLead: id },
      });
    }
    if (lead.urgent) {
      // Risk follows the patient: the crisis answer or urgent flag carries into the chart.
      const fromScreening = lead.source === 'screening' || (lead.urgentReason ?? '').startsWith('Screening');
      await insertRiskFlag(tx, {
        patientId,
        source: fromScreening ? 'public_screening' : 'lead_urgent',
        summary: lead.urgentReason ?? 'Urgent lead',
        notedAt: new Date(lead.requestedAt),
        leadId: id,
        createdBy: user.id,
      });
    }
    // Booked on the slot checked above, in this transaction (the scheduling module owns the booking rules).
    const appointment = await bookCheckedSlot(tx, deps.audit, user, slot, { patientId, kind: 'intake_consultation', leadId: id }, ctx);
    await repo.markConverted(tx, id, input.version, patientId, user.id);
    await deps.audit.recordWithin(tx, ctx, {
      action: 'lead.convert',
      outcome: 'success',
      entityType: 'lead',
      entityId: id,
      patientId,
      details: { createdPatient },
    });
    return { patientId, createdPatient, appointment };
  });
  return result;
}

export async function listProviders(deps: FrontDoorDeps, user: SessionUser) {
  const rows = await repo.listProviders(deps.db, user.organizationId);
  return { items: rows.map((r) => ({ id: r.id, name: r.displayName, locationIds: r.locationIds })) };
}

export async function metrics(deps: FrontDoorDeps, user: SessionUser, q: { from: string; to: string; locationId?: string | undefined }, ctx: AuditContext) {
  if (q.to < q.from) throw fieldError('to', 'must not be before from');
  if (Date.parse(q.to) - Date.parse(q.from) > 366 * 86_400_000) throw fieldError('to', 'must be within a year of from');
  if (q.locationId) authorizeClinicFilter(deps, ctx, user, 'frontdoor.metrics', q.locationId);
  const [rows, anonymous] = await Promise.all([
    repo.frontDoorMetrics(deps.db, scopeOf(user), q, CALLBACK_MINUTES),
    repo.anonymousScreeningCounts(deps.db, q.from, q.to),
  ]);
  deps.audit.record(ctx, { action: 'frontdoor.metrics', outcome: 'success', details: q });
  return {
    items: rows.map((r) => ({
      locationId: r.locationId,
      clinicName: r.clinicName,
      day: r.day,
      leads: r.leads,
      firstCalled: r.firstCalled,
      medianMinutesToFirstCall: r.medianMinutesToFirstCall === null ? null : r.medianMinutesToFirstCall,
      calledWithin10Minutes: r.calledWithin10,
      shareCalledWithin10Minutes: r.leads ? Math.round((r.calledWithin10 / r.leads) * 1000) / 1000 : null,
      conversions: r.conversions,
      urgentLeads: r.urgentLeads,
      medianMinutesToReachUrgent: r.medianMinutesToReachUrgent === null ? null : r.medianMinutesToReachUrgent,
      escalated: r.escalated,
    })),
    anonymousScreenings: anonymous.map((a) => ({ ...a, count: a.count })),
  };
}
