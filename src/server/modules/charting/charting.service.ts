import type { z } from 'zod';
import type { SessionUser } from '../../../contracts/auth.js';
import type {
  adverseEventSchema,
  ALERT_ACTIONS,
  controlledEntrySchema,
  dischargeSchema,
  ketamineOrderSchema,
  motorThresholdSchema,
  preCheckSchema,
  riskCheckSchema,
  spravatoDoseSchema,
  therapyNoteSchema,
  tmsRecordSchema,
  VitalsInput,
} from '../../../contracts/charting.js';
import { roleHas, type Permission } from '../../../contracts/permissions.js';
import { defined } from '../../../domain/defined.js';
import { reconcileDraws, entryProblem, vialBalances, stockEffect, type LedgerEntry } from '../../../domain/charting/controlled-substances.js';
import { dischargeProblems, type DischargeChecklist, type Modality } from '../../../domain/charting/discharge.js';
import { computeKetamineDose, type ComputedDose, type KetamineOrder } from '../../../domain/charting/ketamine-dose.js';
import { DEFAULT_CHARTING_POLICY, policyProblems, POLICY_SOURCES, type ChartingPolicy } from '../../../domain/charting/policy.js';
import { evaluateRisk, riskInputProblems, type RiskResult } from '../../../domain/charting/risk.js';
import {
  deviceProblem,
  devicesFor,
  pmfDueDate,
  pmfState,
  preDoseBpNeedsDecision,
  spravatoSchedule,
  type SpravatoDose,
} from '../../../domain/charting/spravato.js';
import { absoluteIntensity, motorThresholdRecheck, tmsCptCode } from '../../../domain/charting/tms.js';
import { readingProblems, thresholdAlerts, vitalsSchedule, type Reading } from '../../../domain/charting/vitals.js';
import type { AppointmentStatus } from '../../../domain/scheduling/appointments.js';
import { addDays, clinicDateOf, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIso } from '../../db/sql-values.js';
import { authorize, type Grant } from '../../platform/access/authorize.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { contentHash } from '../../platform/documents/signed-documents.js';
import { AppError, badRequest, conflict, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { notifyOnce } from '../notifications/index.js';
import { moveVisitWithin, visitForChart } from '../scheduling/index.js';
import { staffWithRoleAt } from '../users/index.js';
import * as repo from './charting.repository.js';
import { locationFacts } from '../locations/index.js';

/** A clinic's zone, from the locations module (null for an unknown clinic). */
const locationZone = async (db: Db, id: string) => (await locationFacts(db, id))?.timeZone ?? null;
import { monitoringFormPdf } from './rems-form.js';

export type ChartingDeps = { db: Db; audit: AuditTrail };
type Ctx = AuditContext;

const MODALITY_OF: Record<string, Modality> = {
  tms_mapping: 'tms',
  tms_session: 'tms',
  spravato_session: 'spravato',
  iv_ketamine_infusion: 'iv_ketamine',
  im_ketamine_session: 'im_ketamine',
  kap_session: 'therapy',
  integration_therapy: 'therapy',
  ketamine_response_evaluation: 'therapy',
};

/** Ketamine and esketamine sessions signed by a nurse are co-signed by the supervising provider (REMS: prescriber on site). */
const COSIGNED: readonly Modality[] = ['iv_ketamine', 'im_ketamine', 'spravato'];

// ---- Policy ----

export type PolicyRecord = { version: number; policy: ChartingPolicy; publishedAt: string | null };

/** The practice's policy in force (version 0 is the built-in defaults, policy.ts, until a practice publishes its own). */
export async function currentPolicy(db: Db, organizationId: string): Promise<PolicyRecord> {
  const row = await repo.latestPolicy(db, organizationId);
  return row
    ? { version: row.version, policy: row.policy, publishedAt: toIso(row.publishedAt) }
    : { version: 0, policy: DEFAULT_CHARTING_POLICY, publishedAt: null };
}

const policyCache = new Map<string, ChartingPolicy>();
/** A published policy version never changes (append-only), so it is cached by organization and version. */
async function policyAt(db: Db, organizationId: string, version: number): Promise<ChartingPolicy> {
  if (version === 0) return DEFAULT_CHARTING_POLICY;
  const key = `${organizationId}:${version}`;
  const cached = policyCache.get(key);
  if (cached) return cached;
  const row = defined(await repo.policyVersion(db, organizationId, version), `charting policy version ${version}`);
  policyCache.set(key, row.policy);
  return row.policy;
}

export async function readPolicy(deps: ChartingDeps, user: SessionUser) {
  const current = await currentPolicy(deps.db, user.organizationId);
  return { ...current, sources: POLICY_SOURCES };
}

export async function publishPolicy(deps: ChartingDeps, user: SessionUser, policy: ChartingPolicy, ctx: Ctx) {
  const problems = policyProblems(policy);
  if (problems.length > 0)
    throw new AppError(
      400,
      'invalid_input',
      `The policy is unsound: ${problems.join('; ')}.`,
      problems.map((p) => ({ path: p.split(' ')[0] ?? 'policy', message: p })),
    );
  return deps.db.transaction(async (tx) => {
    const current = await currentPolicy(tx, user.organizationId);
    const row = defined(
      await repo.insertPolicy(tx, { organizationId: user.organizationId, version: current.version + 1, policy, publishedBy: user.id }),
      'policy',
    );
    await deps.audit.recordWithin(tx, ctx, {
      action: 'charting_policy.publish',
      outcome: 'success',
      entityType: 'charting_policy',
      entityId: row.id,
      details: { version: row.version },
    });
    return { version: row.version, policy: row.policy, publishedAt: toIso(row.publishedAt), sources: POLICY_SOURCES };
  });
}

// ---- Loading a session with its access check ----

async function loadSession(
  deps: ChartingDeps,
  db: Db,
  user: SessionUser,
  id: string,
  ctx: Ctx,
  action: string,
  permission: Permission,
  forUpdate = false,
): Promise<{ s: repo.SessionRow; grant: Grant }> {
  const s = await repo.findSession(db, id, forUpdate);
  const grant = authorize(
    deps,
    ctx,
    user,
    action,
    s && { type: 'treatment_session', id, organizationId: s.organizationId, locationIds: [s.locationId], patientId: s.patientId },
    { permission, label: 'Treatment session', refusal: 'This session is at a clinic that is not yours.' },
  );
  return { s: defined(s), grant };
}

const assertOpen = (s: repo.SessionRow) => {
  if (s.signedAt) throw conflict('The session is signed and locked. Record an amendment instead.', 'signed');
};
const assertVersion = (s: repo.SessionRow, version: number) => {
  if (s.version !== version) throw versionConflict('This session');
};

/** One change to an unsigned session, audited in its transaction; answers the session as it now reads. */
async function change(
  deps: ChartingDeps,
  user: SessionUser,
  id: string,
  ctx: Ctx,
  action: string,
  permission: Permission,
  version: number | null,
  work: (tx: Db, s: repo.SessionRow) => Promise<Record<string, unknown> | undefined>,
) {
  await deps.db.transaction(async (tx) => {
    // The change's own audit row (below) records the success; a refusal is audited by loadSession.
    const { s } = await loadSession(deps, tx, user, id, ctx, action, permission, true);
    assertOpen(s);
    if (version !== null) assertVersion(s, version);
    const details = (await work(tx, s)) ?? {};
    await deps.audit.recordWithin(tx, ctx, { action, outcome: 'success', entityType: 'treatment_session', entityId: id, patientId: s.patientId, details });
  });
  return readSession(deps, user, id, ctx, false);
}

async function bump(tx: Db, s: repo.SessionRow, set: Parameters<typeof repo.updateSession>[3]) {
  if (!(await repo.updateSession(tx, s.id, s.version, set))) throw versionConflict('This session');
  s.version += 1;
  Object.assign(s, set);
}

/** Moves the session's appointment, in the chart's transaction (the board follows the chart). */
async function moveVisit(deps: ChartingDeps, tx: Db, user: SessionUser, s: repo.SessionRow, to: AppointmentStatus, ctx: Ctx, at: Date) {
  const visit = defined(await visitForChart(tx, s.appointmentId, true), 'the session’s appointment');
  if (visit.status === to) return;
  await moveVisitWithin(deps, tx, user, s.appointmentId, { status: to, version: visit.version }, ctx, at);
}

/**
 * A time charted at the chair: not in the future, and at most 15 minutes back (late charting), so a backdated dose or
 * end of treatment can never shorten the observation that follows it (clinic rule; no source gives a number).
 */
const LATE_CHARTING_MINUTES = 15;
function chartedTime(value: string | undefined, now: Date, field: string): Date {
  const at = value ? new Date(value) : now;
  if (at.getTime() > now.getTime() + 60_000) throw badRequest(`${field} cannot be in the future`, [{ path: field, message: 'cannot be in the future' }]);
  if (at.getTime() < now.getTime() - LATE_CHARTING_MINUTES * 60_000)
    throw badRequest(`${field} can be at most ${LATE_CHARTING_MINUTES} minutes ago`, [
      { path: field, message: `can be at most ${LATE_CHARTING_MINUTES} minutes ago; record what happened earlier as a note or an amendment` },
    ]);
  return at;
}

// ---- Opening ----

/**
 * Opens the chart of a checked-in visit (idempotent: a second open answers the same session). The session takes its
 * course and session number from the appointment and the clinic policy in force.
 */
export async function openSession(deps: ChartingDeps, user: SessionUser, appointmentId: string, ctx: Ctx) {
  const existing = await repo.sessionForAppointment(deps.db, appointmentId);
  if (existing) return readSession(deps, user, existing.id, ctx);
  const visit = await visitForChart(deps.db, appointmentId);
  const grant = authorize(
    deps,
    ctx,
    user,
    'treatment_session.open',
    visit && { type: 'appointment', id: appointmentId, organizationId: visit.organizationId, locationIds: [visit.locationId], patientId: visit.patientId },
    { permission: 'session:chart', label: 'Appointment' },
  );
  const v = defined(visit);
  const modality = MODALITY_OF[v.kind];
  if (!modality) throw conflict(`A ${v.kind.replaceAll('_', ' ')} has no treatment chart.`, 'not_ready');
  if (!['checked_in', 'in_treatment', 'observing', 'ready_for_discharge'].includes(v.status))
    throw conflict(`Check the patient in before opening the chart (the visit is ${v.status.replaceAll('_', ' ')}).`, 'not_ready');
  const policy = await currentPolicy(deps.db, user.organizationId);
  const id = await deps.db.transaction(async (tx) => {
    const newId = await repo.insertSession(tx, {
      organizationId: v.organizationId,
      locationId: v.locationId,
      patientId: v.patientId,
      appointmentId,
      courseId: v.courseId,
      sessionNumber: v.sessionNumber,
      modality,
      visitKind: v.kind,
      policyVersion: policy.version,
      openedBy: user.id,
      openedAt: new Date(),
      cosignRequired: COSIGNED.includes(modality),
    });
    if (newId)
      await deps.audit.recordWithin(tx, ctx, {
        action: 'treatment_session.open',
        outcome: 'success',
        entityType: 'treatment_session',
        entityId: newId,
        patientId: v.patientId,
        details: { appointmentId, modality },
      });
    return newId;
  });
  grant.done({ appointmentId });
  // Opened by someone else in the same moment: answer theirs.
  const sessionId = id ?? defined(await repo.sessionForAppointment(deps.db, appointmentId), 'session').id;
  return readSession(deps, user, sessionId, ctx, false);
}

// ---- Reading ----

type Timeline = Awaited<ReturnType<typeof repo.sessionTimeline>>;

const readingOf = (v: repo.VitalsRow): Reading => ({
  takenAt: new Date(v.takenAt),
  systolic: v.systolic,
  diastolic: v.diastolic,
  heartRate: v.heartRate,
  spo2: v.spo2,
  respiratoryRate: v.respiratoryRate,
  sedation: v.sedation,
  dissociation: v.dissociation,
});

function statusOf(s: repo.SessionRow): string {
  if (s.cosignedAt) return 'cosigned';
  if (s.signedAt) return s.cosignRequired ? 'awaiting_cosign' : 'signed';
  if (s.dischargedAt) return 'discharged';
  if (s.treatmentEndedAt) return s.modality === 'tms' || s.modality === 'therapy' ? 'treated' : 'observing';
  if (s.treatmentStartedAt) return 'in_treatment';
  return 'open';
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** What must happen before treatment can start, each named (empty when it may start). */
function startProblems(s: repo.SessionRow, t: Timeline): string[] {
  const p: string[] = [];
  if (s.modality === 'therapy') return p;
  if (!s.preCheck) p.push('Record the pre-treatment check.');
  else {
    const pc = s.preCheck as { identityConfirmed: boolean; consentOnFile: boolean; metalScreenClear?: boolean; pregnancyStatus: string };
    if (!pc.identityConfirmed) p.push('Confirm the patient’s identity.');
    if (!pc.consentOnFile) p.push('Consent must be on file.');
    if (s.modality === 'tms' && pc.metalScreenClear !== true) p.push('Clear the metal screen (nothing ferromagnetic within 30 cm of the coil).');
  }
  if (s.riskPositive === null) p.push('Record the suicide-risk check (PHQ-9 item 9 or the C-SSRS screener).');
  const openRisk = t.alerts.filter((a) => a.kind === 'suicide_risk' && !a.actedAt).length;
  if (openRisk > 0) p.push('A provider must review the positive suicide-risk screen before treatment.');
  if (t.alerts.some((a) => a.kind === 'suicide_risk' && a.action === 'stopped'))
    p.push('The provider decided not to treat today after the suicide-risk review.');
  if (s.modality === 'iv_ketamine' || s.modality === 'im_ketamine') {
    if (!s.dose) p.push('The provider’s order and the computed dose are needed.');
    else if (!s.doseConfirmedAt) p.push('A second person must confirm the computed dose.');
  }
  if (s.modality === 'spravato') {
    if (!s.spravato) p.push('Record the dose and the pre-dose blood pressure.');
    if (t.alerts.some((a) => a.kind === 'pre_dose_bp' && !a.actedAt))
      p.push('The pre-dose blood pressure is above 140/90: a provider must document the decision.');
    if (t.alerts.some((a) => a.kind === 'pre_dose_bp' && a.action === 'stopped')) p.push('The provider deferred today’s dose.');
  }
  return p;
}

export async function readSession(deps: ChartingDeps, user: SessionUser, id: string, ctx: Ctx, audit = true) {
  // One statement for the session and its timeline (shared with concurrent reads); the access check uses its facts.
  const found = await repo.sessionWithTimeline(deps.db, id);
  const grant = authorize(
    deps,
    ctx,
    user,
    'treatment_session.read',
    found && {
      type: 'treatment_session',
      id,
      organizationId: found.session.organizationId,
      locationIds: [found.session.locationId],
      patientId: found.session.patientId,
    },
    { permission: 'session:read', label: 'Treatment session' },
  );
  const { session: s, timeline: t } = defined(found);
  const policy = await policyAt(deps.db, s.organizationId, s.policyVersion);
  const view = await presentSession(deps.db, s, t, policy, new Date());
  if (audit) grant.done({ sessionId: id });
  else grant.done({ sessionId: id, after: 'change' });
  return view;
}

/**
 * When readings are due: Spravato's label names two (about 40 minutes after dosing, before discharge); infusions follow
 * the clinic's cadence (every 10 minutes during, 15 after, by default); TMS and therapy have none.
 */
function scheduleFor(
  modality: string,
  w: { startedAt: Date | null; endedAt: Date | null; dischargedAt: Date | null },
  readings: Date[],
  bloodPressures: Date[],
  now: Date,
  policy: ChartingPolicy,
) {
  if (modality === 'tms' || modality === 'therapy') return null;
  if (modality === 'spravato') return spravatoSchedule(w.startedAt, w.endedAt, bloodPressures, now, policy.spravatoObservationMinutes, w.dischargedAt);
  return vitalsSchedule(w, readings, now, policy);
}

async function presentSession(db: Db, s: repo.SessionRow, t: Timeline, policy: ChartingPolicy, now: Date) {
  const readings = t.vitals.map(readingOf);
  const schedule = scheduleFor(
    s.modality,
    { startedAt: s.treatmentStartedAt, endedAt: s.treatmentEndedAt, dischargedAt: s.dischargedAt },
    readings.map((r) => r.takenAt),
    readings.filter((r) => typeof r.systolic === 'number').map((r) => r.takenAt),
    now,
    policy,
  );
  const checklist = (s.discharge as DischargeChecklist | null) ?? emptyChecklist;
  const unmet = s.dischargedAt
    ? []
    : dischargeProblems({
        modality: s.modality as Modality,
        checklist,
        now,
        treatmentStartedAt: s.treatmentStartedAt,
        treatmentEndedAt: s.treatmentEndedAt,
        readings,
        openAlerts: t.alerts.filter((a) => !a.actedAt).length,
        policy,
      }).filter((u) => !CHECKLIST_ITEMS.has(u.criterion));
  let tms: Record<string, unknown> | null = null;
  if (s.modality === 'tms') {
    const thresholds = await repo.motorThresholdsFor(db, s.patientId);
    const latest = thresholds.find((m) => !s.courseId || m.courseId === s.courseId) ?? null;
    const redetermined = thresholds.some((m) => m.sessionId === s.id);
    const first = s.visitKind === 'tms_mapping' || (s.courseId ? !(await repo.earlierDeliveredTms(db, s.courseId, s.id, s.treatmentStartedAt ?? now)) : true);
    const pc = (s.preCheck as { medicationChange?: boolean; sleepChange?: boolean } | null) ?? {};
    const record = s.tms as { percentMt?: number } | null;
    tms = {
      record: s.tms,
      motorThreshold: latest && {
        id: latest.id,
        valuePercent: latest.valuePercent,
        method: latest.method,
        determinedAt: iso(latest.determinedAt),
        reason: latest.reason,
        sessionId: latest.sessionId,
      },
      absoluteIntensity: latest && record?.percentMt ? absoluteIntensity(latest.valuePercent, record.percentMt) : null,
      // A threshold determined in this session answers today's prompt.
      recheck: redetermined
        ? { due: false, reasons: [] }
        : motorThresholdRecheck({
            lastDeterminedOn: latest ? clinicDateOf(s.timeZone, latest.determinedAt) : null,
            today: clinicToday(s.timeZone, now),
            recheckDays: policy.motorThresholdRecheckDays,
            medicationChange: pc.medicationChange === true,
            sleepChange: pc.sleepChange === true,
          }),
      cpt: tmsCptCode({ firstOfCourse: first, thresholdRedetermined: redetermined }),
    };
  }
  const spravato = s.modality === 'spravato' ? (s.spravato as { doseMg: SpravatoDose } | null) : null;
  const form = s.modality === 'spravato' ? await repo.monitoringForm(db, s.id) : null;
  return {
    id: s.id,
    appointmentId: s.appointmentId,
    patientId: s.patientId,
    locationId: s.locationId,
    courseId: s.courseId,
    sessionNumber: s.sessionNumber,
    modality: s.modality,
    visitKind: s.visitKind,
    status: statusOf(s),
    version: s.version,
    policyVersion: s.policyVersion,
    policy,
    openedAt: iso(s.openedAt),
    preCheck: s.preCheck,
    risk: s.risk,
    riskPositive: s.riskPositive,
    order: s.ketamineOrder,
    dose: s.dose,
    doseConfirmedBy: s.doseConfirmedBy,
    doseConfirmedAt: iso(s.doseConfirmedAt),
    spravato: s.spravato,
    devices: t.devices.map((d) => ({ number: d.deviceNumber, lot: d.lot, administeredAt: iso(d.administeredAt) })),
    devicesPlanned: spravato ? devicesFor(spravato.doseMg) : null,
    tms,
    therapy: s.therapy,
    treatmentStartedAt: iso(s.treatmentStartedAt),
    treatmentEndedAt: iso(s.treatmentEndedAt),
    startBlockers: s.treatmentStartedAt ? [] : startProblems(s, t),
    vitals: t.vitals.map((v) => ({ id: v.id, ...readingOf(v), takenAt: iso(v.takenAt), recordedBy: v.recordedBy })),
    // The most recent slots only: a session left open for days must not answer thousands of them.
    schedule: schedule && { next: schedule.next, overdueCount: schedule.overdueCount, slots: schedule.slots.slice(-48) },
    alerts: t.alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      message: a.message,
      raisedAt: iso(a.raisedAt),
      vitalsId: a.vitalsId,
      action: a.action,
      actionNote: a.actionNote,
      actedBy: a.actedBy,
      actedAt: iso(a.actedAt),
    })),
    adverseEvents: t.events.map((e) => ({ ...e, onsetAt: iso(e.onsetAt), recordedAt: iso(e.recordedAt) })),
    discharge: s.discharge,
    dischargedAt: iso(s.dischargedAt),
    dischargeUnmet: unmet,
    note: s.note,
    signedBy: s.signedBy,
    signedAt: iso(s.signedAt),
    cosignRequired: s.cosignRequired,
    cosignedBy: s.cosignedBy,
    cosignedAt: iso(s.cosignedAt),
    amendments: t.amendments.map((m) => ({ id: m.id, reason: m.reason, text: m.text, authorId: m.authorId, createdAt: iso(m.createdAt) })),
    monitoringForm: form && {
      dueOn: form.dueOn,
      state: pmfState(form.dueOn, clinicToday(s.timeZone, now), form.submittedAt !== null),
      submittedAt: iso(form.submittedAt),
      method: form.method,
      confirmation: form.confirmation,
    },
  };
}

const emptyChecklist: DischargeChecklist = {
  vitalsWithinLimits: false,
  alertAndOriented: false,
  walkingSteadily: false,
  sedationResolved: false,
  dissociationResolved: false,
  breathingNormal: false,
  escortName: null,
  noDrivingAdvised: false,
};
/** The checklist items the nurse ticks at discharge: not shown as unmet before then (the chart lists what the clock and readings still need). */
const CHECKLIST_ITEMS = new Set([
  'vitalsWithinLimits',
  'alertAndOriented',
  'walkingSteadily',
  'sedationResolved',
  'dissociationResolved',
  'breathingNormal',
  'escortName',
  'noDrivingAdvised',
]);

// ---- Before treatment ----

export async function recordPreCheck(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof preCheckSchema>, ctx: Ctx) {
  const { version, ...check } = input;
  return change(deps, user, id, ctx, 'treatment_session.pre_check', 'session:chart', version, async (tx, s) => {
    if (s.treatmentStartedAt) throw conflict('Treatment has started; the pre-treatment check is done.', 'invalid_transition');
    if (s.modality === 'tms' && check.metalScreenClear === undefined)
      throw badRequest('metalScreenClear is required for TMS', [{ path: 'metalScreenClear', message: 'is required for TMS' }]);
    if (s.modality === 'spravato' && !check.concomitant)
      throw badRequest('concomitant is required for Spravato (REMS Patient Monitoring Form)', [
        { path: 'concomitant', message: 'is required for Spravato (REMS Patient Monitoring Form)' },
      ]);
    await bump(tx, s, { preCheck: check, preCheckBy: user.id, preCheckAt: new Date() });
    return { medicationChange: check.medicationChange, sleepChange: check.sleepChange };
  });
}

/**
 * The suicide-risk check at every session. Any positive answer from any source (today's entry, or a PHQ-9 the patient
 * answered since the clinic day began) raises an alert the provider must review before treatment, notifies the
 * clinic's providers at once and shows on the day board.
 */
export async function recordRiskCheck(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof riskCheckSchema>, ctx: Ctx) {
  const problems = riskInputProblems(input);
  if (problems.length > 0)
    throw badRequest(
      problems.map((p) => `${p.field} ${p.message}`).join('; '),
      problems.map((p) => ({ path: p.field, message: p.message })),
    );
  return change(deps, user, id, ctx, 'treatment_session.risk_check', 'session:chart', input.version, async (tx, s) => {
    if (s.treatmentStartedAt) throw conflict('Treatment has started; record a new finding as an adverse event or a note.', 'invalid_transition');
    const dayStart = new Date(`${clinicToday(s.timeZone)}T00:00:00Z`);
    const sinceMidnight = new Date(dayStart.getTime() - 14 * 3_600_000);
    const today = clinicToday(s.timeZone);
    const others = (await repo.phq9Item9Since(tx, s.patientId, sinceMidnight))
      .filter((o) => clinicDateOf(s.timeZone, new Date(o.effectiveAt)) === today && (o.item9 ?? 0) > 0)
      .map((o) => `PHQ-9 answered ${new Date(o.effectiveAt).toISOString()} with item 9 = ${o.item9}`);
    const result: RiskResult = evaluateRisk({ phq9Item9: input.phq9Item9 ?? null, cssrs: input.cssrs ?? null, otherPositive: others });
    await bump(tx, s, {
      risk: { phq9Item9: input.phq9Item9 ?? null, cssrs: input.cssrs ?? null, ...result },
      riskPositive: result.positive,
      riskCheckedBy: user.id,
      riskCheckedAt: new Date(),
    });
    if (result.positive) {
      const open = (await repo.sessionTimeline(tx, s.id)).alerts.some((a) => a.kind === 'suicide_risk' && !a.actedAt);
      if (!open)
        await repo.insertAlert(tx, {
          raisedAt: new Date(),
          sessionId: s.id,
          kind: 'suicide_risk',
          message: `Positive suicide-risk screen (${result.level}): ${result.reasons.join('; ')}`,
          detail: result,
        });
      const providers = await staffWithRoleAt(tx, s.organizationId, s.locationId, 'provider');
      await notifyOnce(
        tx,
        providers.map((userId) => ({
          organizationId: s.organizationId,
          userId,
          kind: 'session.suicide_risk',
          title: `Positive suicide-risk screen at the chair (${result.level}): review before treatment`,
          body: 'A patient’s screen was positive today. Open the chart to review and document your assessment.',
          link: `/sessions/${s.id}`,
          entityId: s.id,
        })),
      );
    }
    return { positive: result.positive, level: result.level };
  });
}

export async function actOnAlert(
  deps: ChartingDeps,
  user: SessionUser,
  id: string,
  alertId: string,
  input: { action: (typeof ALERT_ACTIONS)[number]; note: string },
  ctx: Ctx,
) {
  return change(deps, user, id, ctx, 'treatment_session.alert_action', 'session:chart', null, async (tx, s) => {
    const alert = await repo.findAlert(tx, s.id, alertId);
    if (!alert) throw notFound('Alert');
    if (alert.actedAt) throw conflict('This alert already has its action note.', 'invalid_transition');
    const providerOnly = alert.kind === 'suicide_risk' || alert.kind === 'pre_dose_bp';
    if (providerOnly && user.role !== 'provider') throw forbidden('A provider documents the decision on this alert.');
    const allowed: Record<string, readonly string[]> = {
      threshold: ['slowed', 'paused', 'stopped', 'provider_called', 'continued'],
      suicide_risk: ['reviewed', 'stopped'],
      pre_dose_bp: ['continued', 'stopped'],
      adverse_event: ['reviewed', 'provider_called', 'stopped'],
    };
    if (!allowed[alert.kind]?.includes(input.action))
      throw badRequest(`action must be one of ${allowed[alert.kind]?.join(', ')} for this alert`, [
        { path: 'action', message: `must be one of ${allowed[alert.kind]?.join(', ')}` },
      ]);
    await repo.actOnAlert(tx, alertId, { action: input.action, actionNote: input.note, actedBy: user.id, actedAt: new Date() });
    await bump(tx, s, {});
    return { alertId, kind: alert.kind, action: input.action };
  });
}

// ---- Ketamine ----

export async function setKetamineOrder(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof ketamineOrderSchema>, ctx: Ctx) {
  return change(deps, user, id, ctx, 'treatment_session.order', 'session:order', input.version, async (tx, s) => {
    if (s.modality !== 'iv_ketamine' && s.modality !== 'im_ketamine') throw conflict('Only ketamine sessions take a weight-based order.', 'invalid_transition');
    if (s.treatmentStartedAt) throw conflict('The dose was given; the order cannot change now.', 'invalid_transition');
    const order: KetamineOrder = {
      route: s.modality === 'iv_ketamine' ? 'iv' : 'im',
      mgPerKg: input.mgPerKg,
      infusionMinutes: input.infusionMinutes,
      concentrationMgPerMl: input.concentrationMgPerMl,
      maxDoseMg: input.maxDoseMg,
    };
    const policy = await policyAt(tx, s.organizationId, s.policyVersion);
    const weight = await repo.latestWeight(tx, s.patientId);
    const result = computeKetamineDose(order, weight, new Date(), { weightMaxAgeDays: policy.weightMaxAgeDays, maxMgPerKg: policy.ketamineMaxMgPerKg });
    if (!result.dose) {
      const fields = result.problems.map((p) => ({ path: p.field, message: p.message }));
      throw new AppError(
        p422(fields) ? 422 : 400,
        p422(fields) ? 'weight_required' : 'invalid_input',
        result.problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        fields,
      );
    }
    await bump(tx, s, { ketamineOrder: order, orderedBy: user.id, orderedAt: new Date(), dose: result.dose, doseConfirmedBy: null, doseConfirmedAt: null });
    return { doseMg: result.dose.doseMg, mgPerKg: order.mgPerKg, weightKg: result.dose.weightKg };
  });
}
const p422 = (fields: { path: string }[]) => fields.some((f) => f.path === 'weight');

/** A second person confirms the computed dose: not the orderer, and only while the weight it used is still the latest. */
export async function confirmDose(deps: ChartingDeps, user: SessionUser, id: string, version: number, ctx: Ctx) {
  return change(deps, user, id, ctx, 'treatment_session.dose_confirm', 'session:chart', version, async (tx, s) => {
    if (!s.dose || !s.ketamineOrder) throw conflict('There is no computed dose to confirm.', 'not_ready');
    if (s.orderedBy === user.id) throw conflict('A second person confirms the dose: not the one who ordered it.', 'second_person_required');
    if (s.doseConfirmedAt) throw conflict('The dose is already confirmed.', 'invalid_transition');
    const policy = await policyAt(tx, s.organizationId, s.policyVersion);
    const weight = await repo.latestWeight(tx, s.patientId);
    const again = computeKetamineDose(s.ketamineOrder as KetamineOrder, weight, new Date(), {
      weightMaxAgeDays: policy.weightMaxAgeDays,
      maxMgPerKg: policy.ketamineMaxMgPerKg,
    });
    if (!again.dose || again.dose.doseMg !== (s.dose as ComputedDose).doseMg)
      throw conflict('The weight changed since the dose was computed: the provider must compute it again.', 'not_ready');
    await bump(tx, s, { doseConfirmedBy: user.id, doseConfirmedAt: new Date() });
    return { doseMg: again.dose.doseMg };
  });
}

// ---- Spravato ----

export async function setSpravatoDose(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof spravatoDoseSchema>, ctx: Ctx) {
  return change(deps, user, id, ctx, 'treatment_session.spravato_dose', 'session:chart', input.version, async (tx, s) => {
    if (s.modality !== 'spravato') throw conflict('Only Spravato sessions take a Spravato dose.', 'invalid_transition');
    if (s.treatmentStartedAt) throw conflict('The first device was given; the dose cannot change now.', 'invalid_transition');
    if (input.preDoseDiastolic >= input.preDoseSystolic)
      throw badRequest('preDoseDiastolic must be below systolic', [{ path: 'preDoseDiastolic', message: 'must be below systolic' }]);
    const policy = await policyAt(tx, s.organizationId, s.policyVersion);
    const takenAt = input.takenAt ? new Date(input.takenAt) : new Date();
    const bp = { systolic: input.preDoseSystolic, diastolic: input.preDoseDiastolic };
    const needs = preDoseBpNeedsDecision(bp, policy.spravatoPreDoseBp);
    await bump(tx, s, { spravato: { doseMg: input.doseMg, preDoseBp: { ...bp, takenAt: takenAt.toISOString() }, needsDecision: needs } });
    await insertReading(tx, s, { takenAt, ...bp }, user);
    if (needs) {
      const t = await repo.sessionTimeline(tx, s.id);
      if (!t.alerts.some((a) => a.kind === 'pre_dose_bp' && !a.actedAt))
        await repo.insertAlert(tx, {
          raisedAt: new Date(),
          sessionId: s.id,
          kind: 'pre_dose_bp',
          message: `Pre-dose blood pressure ${bp.systolic}/${bp.diastolic} is above ${policy.spravatoPreDoseBp.systolic}/${policy.spravatoPreDoseBp.diastolic}: a provider weighs the rise against the benefit and documents the decision (label).`,
          detail: bp,
        });
    }
    return { doseMg: input.doseMg, needsDecision: needs };
  });
}

async function insertReading(tx: Db, s: repo.SessionRow, r: Reading, user: SessionUser) {
  await repo.insertVitalsAudited(
    tx,
    {
      sessionId: s.id,
      takenAt: r.takenAt,
      systolic: r.systolic ?? null,
      diastolic: r.diastolic ?? null,
      heartRate: r.heartRate ?? null,
      spo2: r.spo2 ?? null,
      respiratoryRate: r.respiratoryRate ?? null,
      sedation: r.sedation ?? null,
      dissociation: r.dissociation ?? null,
      clientId: null,
      recordedBy: user.id,
    },
    [],
    null, // the pre-dose record's own change audits it
  );
}

/**
 * Records a Spravato device. The first device of the patient's first dose needs the REMS enrollment and the clinic's
 * certification; every device waits 5 minutes after the previous one; the first starts treatment, the last starts
 * the 2-hour observation (from the time it was given).
 */
export async function recordDevice(
  deps: ChartingDeps,
  user: SessionUser,
  id: string,
  input: { lot: string; administeredAt?: string | undefined; version: number },
  ctx: Ctx,
) {
  return change(deps, user, id, ctx, 'treatment_session.device', 'session:chart', input.version, async (tx, s) => {
    if (s.modality !== 'spravato') throw conflict('Only Spravato sessions record devices.', 'invalid_transition');
    const now = new Date();
    const at = chartedTime(input.administeredAt, now, 'administeredAt');
    const t = await repo.sessionTimeline(tx, s.id);
    const dose = (s.spravato as { doseMg: SpravatoDose } | null)?.doseMg ?? null;
    if (t.devices.length === 0) {
      const blockers = startProblems(s, t);
      if (blockers.length > 0)
        throw new AppError(
          409,
          'not_ready',
          blockers.join(' '),
          blockers.map((b) => ({ path: 'session', message: b })),
        );
      const [enrolment, certification, earlier] = await Promise.all([
        repo.remsEnrollment(tx, s.patientId),
        repo.remsCertification(tx, s.locationId),
        repo.earlierSpravatoDose(tx, s.patientId, s.id),
      ]);
      const missing: { path: string; message: string }[] = [];
      if (!certification) missing.push({ path: 'remsCertification', message: 'the clinic’s Spravato REMS outpatient certification is not recorded' });
      if (!enrolment && !earlier)
        missing.push({ path: 'remsEnrollment', message: 'the patient is not enrolled in the Spravato REMS (enroll before the first treatment)' });
      if (missing.length > 0) throw new AppError(409, 'rems_required', `Spravato REMS (ID 386): ${missing.map((m) => m.message).join('; ')}.`, missing);
    }
    const problem = deviceProblem(
      dose,
      t.devices.map((d) => new Date(d.administeredAt)),
      at,
    );
    if (problem)
      throw new AppError(409, problem.rule === 'device_too_soon' ? 'device_too_soon' : 'invalid_transition', problem.message, [
        { path: 'administeredAt', message: problem.message },
      ]);
    const number = t.devices.length + 1;
    await repo.insertDevice(tx, { sessionId: s.id, deviceNumber: number, administeredAt: at, lot: input.lot, recordedBy: user.id });
    if (number === 1) {
      await bump(tx, s, { treatmentStartedAt: at });
      await moveVisit(deps, tx, user, s, 'in_treatment', ctx, now);
    }
    if (dose && number === devicesFor(dose)) {
      await bump(tx, s, { treatmentEndedAt: at });
      await moveVisit(deps, tx, user, s, 'observing', ctx, at);
    } else await bump(tx, s, {});
    return { device: number, lot: input.lot };
  });
}

// ---- Treatment start and end (ketamine, TMS, therapy) ----

export async function startTreatment(deps: ChartingDeps, user: SessionUser, id: string, input: { at?: string | undefined; version: number }, ctx: Ctx) {
  return change(deps, user, id, ctx, 'treatment_session.start', 'session:chart', input.version, async (tx, s) => {
    if (s.modality === 'spravato') throw conflict('A Spravato session starts with its first device.', 'invalid_transition');
    if (s.treatmentStartedAt) throw conflict('Treatment has already started.', 'invalid_transition');
    const blockers = startProblems(s, await repo.sessionTimeline(tx, s.id));
    if (blockers.length > 0)
      throw new AppError(
        409,
        'not_ready',
        blockers.join(' '),
        blockers.map((b) => ({ path: 'session', message: b })),
      );
    const now = new Date();
    const at = chartedTime(input.at, now, 'at');
    await bump(tx, s, { treatmentStartedAt: at });
    await moveVisit(deps, tx, user, s, 'in_treatment', ctx, now);
    return { at: at.toISOString() };
  });
}

export async function endTreatment(deps: ChartingDeps, user: SessionUser, id: string, input: { at?: string | undefined; version: number }, ctx: Ctx) {
  return change(deps, user, id, ctx, 'treatment_session.end', 'session:chart', input.version, async (tx, s) => {
    if (s.modality === 'spravato') throw conflict('A Spravato session’s treatment ends with its last device.', 'invalid_transition');
    if (!s.treatmentStartedAt) throw conflict('Treatment has not started.', 'invalid_transition');
    if (s.treatmentEndedAt) throw conflict('Treatment has already ended.', 'invalid_transition');
    const now = new Date();
    const at = chartedTime(input.at, now, 'at');
    if (at < s.treatmentStartedAt) throw badRequest('at must be after the start', [{ path: 'at', message: 'must be after the start of treatment' }]);
    await bump(tx, s, { treatmentEndedAt: at });
    if (s.modality === 'iv_ketamine' || s.modality === 'im_ketamine') await moveVisit(deps, tx, user, s, 'observing', ctx, at);
    return { at: at.toISOString() };
  });
}

// ---- Vitals: the hot path ----

/**
 * Records one reading: at least one value, each in its plausible range; the policy's thresholds decide the alerts,
 * stored with the reading and its audit row in one statement. A reading with a client id already stored (sent again
 * after a dropped connection) is answered as stored, never stored twice.
 */
export async function recordVitals(deps: ChartingDeps, user: SessionUser, id: string, input: VitalsInput, ctx: Ctx) {
  const now = new Date();
  const takenAt = input.takenAt ? new Date(input.takenAt) : now;
  const reading: Reading = { ...input, takenAt };
  const problems = readingProblems(reading);
  if (takenAt.getTime() > now.getTime() + 2 * 60_000) problems.push({ field: 'takenAt', message: 'cannot be in the future' });
  if (problems.length > 0)
    throw badRequest(
      problems.map((p) => `${p.field} ${p.message}`).join('; '),
      problems.map((p) => ({ path: p.field, message: p.message })),
    );
  const s = await repo.vitalsContext(deps.db, id);
  // A refusal is audited here; the success row is written with the reading, in its statement.
  authorize(
    deps,
    ctx,
    user,
    'treatment_session.vitals',
    s && { type: 'treatment_session', id, organizationId: s.organizationId, locationIds: [s.locationId], patientId: s.patientId },
    { permission: 'session:chart', label: 'Treatment session' },
  );
  const session = defined(s);
  if (session.signedAt) throw conflict('The session is signed and locked. Record an amendment instead.', 'signed');
  if (session.dischargedAt && takenAt > new Date(session.dischargedAt))
    throw conflict('The patient was discharged; readings after discharge are not part of this session.', 'invalid_transition');
  const policy = await policyAt(deps.db, session.organizationId, session.policyVersion);
  const alerts = thresholdAlerts(reading, policy.thresholds);
  const values = {
    systolic: input.systolic ?? null,
    diastolic: input.diastolic ?? null,
    heartRate: input.heartRate ?? null,
    spo2: input.spo2 ?? null,
    respiratoryRate: input.respiratoryRate ?? null,
    sedation: input.sedation ?? null,
    dissociation: input.dissociation ?? null,
  };
  const result = await repo.insertVitalsAudited(
    deps.db,
    { sessionId: id, takenAt, ...values, clientId: input.clientId ?? null, recordedBy: user.id },
    alerts.map((a) => ({ message: a.message, detail: a })),
    {
      ctx,
      entry: {
        action: 'treatment_session.vitals',
        outcome: 'success',
        entityType: 'treatment_session',
        entityId: id,
        patientId: session.patientId,
        details: { alerts: alerts.length },
      },
    },
  );
  return {
    reading: { id: result.reading.id, takenAt: iso(result.reading.takenAt), ...values, clientId: result.reading.clientId },
    alerts: result.alerts.map((a) => ({ id: a.id, kind: a.kind, message: a.message, raisedAt: iso(a.raisedAt), action: a.action })),
    duplicate: result.duplicate,
  };
}

// ---- Adverse events, TMS, therapy ----

export async function recordAdverseEvent(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof adverseEventSchema>, ctx: Ctx) {
  return change(deps, user, id, ctx, 'treatment_session.adverse_event', 'session:chart', null, async (tx, s) => {
    const serious = input.serious || input.severity === 'severe' || input.type === 'seizure';
    const event = defined(
      await repo.insertAdverseEvent(tx, {
        sessionId: s.id,
        patientId: s.patientId,
        type: input.type,
        severity: input.severity,
        serious,
        onsetAt: new Date(input.onsetAt),
        actionTaken: input.actionTaken,
        outcome: input.outcome,
        description: input.description ?? null,
        recordedBy: user.id,
        recordedAt: new Date(),
      }),
      'adverse event',
    );
    if (serious) {
      await repo.insertAlert(tx, {
        raisedAt: new Date(),
        sessionId: s.id,
        kind: 'adverse_event',
        message: `Serious adverse event: ${input.type.replaceAll('_', ' ')} (${input.severity})`,
        detail: { eventId: event.id },
      });
      const providers = await staffWithRoleAt(tx, s.organizationId, s.locationId, 'provider');
      await notifyOnce(
        tx,
        providers.map((userId) => ({
          organizationId: s.organizationId,
          userId,
          kind: 'session.adverse_event',
          title: `Serious adverse event at the chair: ${input.type.replaceAll('_', ' ')}`,
          body: 'Open the chart to review the event and the action taken.',
          link: `/sessions/${s.id}`,
          entityId: event.id,
        })),
      );
    }
    await bump(tx, s, {});
    return { eventId: event.id, type: input.type, serious };
  });
}

export async function recordTms(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof tmsRecordSchema>, ctx: Ctx) {
  const { version, ...record } = input;
  if (record.pulsesDelivered > record.pulsesPlanned)
    throw badRequest('pulsesDelivered cannot exceed pulsesPlanned', [{ path: 'pulsesDelivered', message: 'cannot exceed pulses planned' }]);
  return change(deps, user, id, ctx, 'treatment_session.tms', 'session:chart', version, async (tx, s) => {
    if (s.modality !== 'tms') throw conflict('Only TMS sessions take TMS parameters.', 'invalid_transition');
    await bump(tx, s, { tms: record });
    return { pulsesDelivered: record.pulsesDelivered, seizure: record.seizure };
  });
}

export async function recordMotorThreshold(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof motorThresholdSchema>, ctx: Ctx) {
  return change(deps, user, id, ctx, 'treatment_session.motor_threshold', 'session:chart', null, async (tx, s) => {
    if (s.modality !== 'tms') throw conflict('Motor thresholds are recorded in TMS sessions.', 'invalid_transition');
    const now = new Date();
    const at = input.determinedAt ? new Date(input.determinedAt) : now;
    if (at.getTime() > now.getTime() + 60_000)
      throw badRequest('determinedAt cannot be in the future', [{ path: 'determinedAt', message: 'cannot be in the future' }]);
    const row = defined(
      await repo.insertMotorThreshold(tx, {
        patientId: s.patientId,
        courseId: s.courseId,
        sessionId: s.id,
        valuePercent: input.valuePercent,
        method: input.method,
        determinedAt: at,
        determinedBy: user.id,
        reason: input.reason,
      }),
      'motor threshold',
    );
    await bump(tx, s, {});
    return { motorThresholdId: row.id, valuePercent: input.valuePercent };
  });
}

export async function listMotorThresholds(deps: ChartingDeps, patientId: string, authorizePatientRead: (action: string) => Promise<Grant>) {
  const grant = await authorizePatientRead('motor_thresholds.read');
  const rows = await repo.motorThresholdsFor(deps.db, patientId);
  grant.done({ count: rows.length });
  return {
    items: rows.map((m) => ({
      id: m.id,
      valuePercent: m.valuePercent,
      method: m.method,
      determinedAt: iso(m.determinedAt),
      determinedBy: m.determinedBy,
      reason: m.reason,
      courseId: m.courseId,
      sessionId: m.sessionId,
    })),
  };
}

export async function recordTherapyNote(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof therapyNoteSchema>, ctx: Ctx) {
  const { version, ...note } = input;
  if (new Date(note.endedAt) <= new Date(note.startedAt))
    throw badRequest('endedAt must be after startedAt', [{ path: 'endedAt', message: 'must be after startedAt' }]);
  if (new Date(note.endedAt).getTime() > Date.now() + 60_000)
    throw badRequest('endedAt cannot be in the future', [{ path: 'endedAt', message: 'cannot be in the future' }]);
  return change(deps, user, id, ctx, 'treatment_session.therapy', 'session:chart', version, async (tx, s) => {
    if (s.modality !== 'therapy') throw conflict('Therapy notes belong to therapy visits.', 'invalid_transition');
    const first = !s.therapy;
    // The session ends when the therapist's note says it did: the patient has left (no discharge checklist).
    await bump(tx, s, {
      therapy: note,
      treatmentStartedAt: new Date(note.startedAt),
      treatmentEndedAt: new Date(note.endedAt),
      dischargedAt: new Date(note.endedAt),
      dischargedBy: user.id,
    });
    // The visit completes with its first note, when written on the visit's day (check-in and treatment moves are for
    // the day itself); a note written later leaves the visit for the front desk.
    const visit = defined(await visitForChart(tx, s.appointmentId, true), 'appointment');
    const now = new Date();
    if (first && visit.status === 'checked_in' && clinicDateOf(visit.timeZone, new Date(visit.startsAt)) === clinicToday(visit.timeZone, now)) {
      await moveVisit(deps, tx, user, s, 'in_treatment', ctx, now);
      await moveVisit(deps, tx, user, s, 'completed', ctx, now);
    }
    return { minutes: Math.round((Date.parse(note.endedAt) - Date.parse(note.startedAt)) / 60_000) };
  });
}

// ---- Discharge, signing, amendments ----

/**
 * Discharges the patient: refused (409 `discharge_criteria`, every unmet criterion named, for example the minutes of
 * observation still required) until the criteria are met, whoever asks. Then the visit completes, which counts the
 * session against the authorization.
 */
export async function discharge(deps: ChartingDeps, user: SessionUser, id: string, input: z.infer<typeof dischargeSchema>, ctx: Ctx) {
  const { version, readyToLeaveMinutes, ...checklist } = input;
  return change(deps, user, id, ctx, 'treatment_session.discharge', 'session:chart', version, async (tx, s) => {
    if (s.dischargedAt) throw conflict('The patient was already discharged.', 'invalid_transition');
    const now = new Date();
    const t = await repo.sessionTimeline(tx, s.id);
    const policy = await policyAt(tx, s.organizationId, s.policyVersion);
    const full: DischargeChecklist = { ...checklist, escortName: checklist.escortName ?? null };
    const unmet = dischargeProblems({
      modality: s.modality as Modality,
      checklist: full,
      now,
      treatmentStartedAt: s.treatmentStartedAt,
      treatmentEndedAt: s.treatmentEndedAt,
      readings: t.vitals.map(readingOf),
      openAlerts: t.alerts.filter((a) => !a.actedAt).length,
      policy,
    });
    if (unmet.length > 0)
      throw new AppError(
        409,
        'discharge_criteria',
        `Discharge refused: ${unmet.map((u) => u.message).join(' ')}`,
        unmet.map((u) => ({ path: u.criterion, message: u.message })),
      );
    await bump(tx, s, { discharge: { ...full, readyToLeaveMinutes: readyToLeaveMinutes ?? null }, dischargedAt: now, dischargedBy: user.id });
    const visit = defined(await visitForChart(tx, s.appointmentId, true), 'appointment');
    if (visit.status === 'observing') await moveVisit(deps, tx, user, s, 'ready_for_discharge', ctx, now);
    if (visit.status !== 'completed') await moveVisit(deps, tx, user, s, 'completed', ctx, now);
    return { dischargedAt: now.toISOString() };
  });
}

/** What signing needs, each named. */
function signProblems(s: repo.SessionRow, t: Timeline): { path: string; message: string }[] {
  const p: { path: string; message: string }[] = [];
  if (!s.dischargedAt && s.modality !== 'therapy') p.push({ path: 'discharge', message: 'discharge the patient first' });
  if (s.modality === 'therapy' && !s.therapy) p.push({ path: 'therapy', message: 'write the therapy note first' });
  if (s.modality !== 'therapy' && s.riskPositive === null) p.push({ path: 'risk', message: 'record the suicide-risk check' });
  if (t.alerts.some((a) => !a.actedAt)) p.push({ path: 'alerts', message: 'every alert needs its action note' });
  if (s.modality === 'tms') {
    const tms = s.tms as { seizure?: boolean } | null;
    if (!tms) p.push({ path: 'tms', message: 'record the TMS parameters and pulses' });
    if (tms?.seizure && !t.events.some((e) => e.type === 'seizure'))
      p.push({ path: 'adverseEvents', message: 'a seizure during TMS requires an adverse-event record before signing' });
  }
  const serious = t.alerts.some((a) => a.kind === 'adverse_event');
  if (serious && !t.events.some((e) => e.serious)) p.push({ path: 'adverseEvents', message: 'a serious reaction requires an adverse-event record' });
  return p;
}

export async function signSession(deps: ChartingDeps, user: SessionUser, id: string, input: { note?: string | null | undefined; version: number }, ctx: Ctx) {
  return change(deps, user, id, ctx, 'treatment_session.sign', 'session:chart', input.version, async (tx, s) => {
    if (input.note !== undefined) await bump(tx, s, { note: input.note });
    const t = await repo.sessionTimeline(tx, s.id);
    const problems = signProblems(s, t);
    if (problems.length > 0)
      throw new AppError(400, 'not_ready_to_sign', `The session cannot be signed yet: ${problems.map((p) => p.message).join('; ')}.`, problems);
    const now = new Date();
    const content = {
      session: { ...s, version: undefined, signedAt: undefined, signedBy: undefined, signedContentHash: undefined, timeZone: undefined },
      ...t,
    };
    // A provider's own signature needs no co-signature.
    const cosignRequired = s.cosignRequired && user.role !== 'provider';
    await bump(tx, s, { signedBy: user.id, signedAt: now, signedContentHash: contentHash(content), cosignRequired });
    if (s.modality === 'spravato') {
      const sessionDate = clinicDateOf(s.timeZone, s.treatmentStartedAt ?? s.openedAt);
      await repo.insertMonitoringForm(tx, { sessionId: s.id, locationId: s.locationId, dueOn: pmfDueDate(sessionDate) });
    }
    return { cosignRequired };
  });
}

export async function cosignSession(deps: ChartingDeps, user: SessionUser, id: string, ctx: Ctx) {
  await deps.db.transaction(async (tx) => {
    const { s } = await loadSession(deps, tx, user, id, ctx, 'treatment_session.cosign', 'session:cosign', true);
    if (!s.signedAt) throw conflict('The nurse signs first; then the provider co-signs.', 'not_signed');
    if (!s.cosignRequired) throw conflict('This session needs no co-signature.', 'invalid_transition');
    if (s.cosignedAt) throw conflict('The session is already co-signed.', 'invalid_transition');
    if (s.signedBy === user.id) throw conflict('The co-signer must be someone other than the signer.', 'second_person_required');
    if (!(await repo.cosignSession(tx, id, user.id, new Date()))) throw conflict('The session is already co-signed.', 'invalid_transition');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'treatment_session.cosign',
      outcome: 'success',
      entityType: 'treatment_session',
      entityId: id,
      patientId: s.patientId,
    });
  });
  return readSession(deps, user, id, ctx, false);
}

export async function amendSession(deps: ChartingDeps, user: SessionUser, id: string, input: { reason: string; text: string }, ctx: Ctx) {
  await deps.db.transaction(async (tx) => {
    const { s } = await loadSession(deps, tx, user, id, ctx, 'treatment_session.amend', 'session:chart', true);
    if (!s.signedAt) throw conflict('Only a signed session takes amendments; edit the chart instead.', 'not_signed');
    await repo.insertAmendment(tx, { sessionId: id, reason: input.reason, text: input.text, authorId: user.id, createdAt: new Date() });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'treatment_session.amend',
      outcome: 'success',
      entityType: 'treatment_session',
      entityId: id,
      patientId: s.patientId,
      details: { reason: input.reason },
    });
  });
  return readSession(deps, user, id, ctx, false);
}

// ---- Clinic lists ----

/** Locations a user may see: their own clinics (or all, for organization-wide roles). */
async function authorizeLocation(
  deps: ChartingDeps,
  user: SessionUser,
  locationId: string,
  action: string,
  permission: Permission,
  ctx: Ctx,
  organizationId: string | null,
) {
  return authorize(deps, ctx, user, action, organizationId ? { type: 'location', id: locationId, organizationId, locationIds: [locationId] } : null, {
    permission,
    label: 'Clinic',
  });
}

/** A clinic's organization, from the locations module (null for an unknown clinic). */
export async function locationOrganization(db: Db, locationId: string): Promise<string | null> {
  return (await locationFacts(db, locationId))?.organizationId ?? null;
}

/**
 * The clinic's open sessions for the nurse watching several chairs: phase, next reading due, overdue readings and open
 * alerts. Staff without clinical access (the front desk at the day board) get only the appointment, the alert count
 * and whether a risk screen was positive.
 */
export async function activeSessions(deps: ChartingDeps, user: SessionUser, locationId: string, ctx: Ctx) {
  const grant = await authorizeLocation(
    deps,
    user,
    locationId,
    'treatment_sessions.active',
    'board:read',
    ctx,
    await locationOrganization(deps.db, locationId),
  );
  const rows = await repo.openSessions(deps.db, locationId);
  const now = new Date();
  const clinical = roleHas(user.role, 'session:read');
  const items = await Promise.all(
    rows.map(async (r) => {
      const base = {
        id: r.id,
        appointmentId: r.appointmentId,
        openAlerts: r.openAlerts,
        riskPositive: r.riskPositive === true,
        discharged: r.dischargedAt !== null,
      };
      if (!clinical) return base;
      const policy = await policyAt(deps.db, user.organizationId, r.policyVersion);
      const schedule = scheduleFor(
        r.modality,
        {
          startedAt: r.treatmentStartedAt ? new Date(r.treatmentStartedAt) : null,
          endedAt: r.treatmentEndedAt ? new Date(r.treatmentEndedAt) : null,
          dischargedAt: r.dischargedAt ? new Date(r.dischargedAt) : null,
        },
        r.readings.map((x) => new Date(x)),
        r.bpReadings.map((x) => new Date(x)),
        now,
        policy,
      );
      return {
        ...base,
        patientId: r.patientId,
        patient: r.patientLabel,
        modality: r.modality,
        sessionNumber: r.sessionNumber,
        openedAt: iso(r.openedAt),
        treatmentStartedAt: iso(r.treatmentStartedAt),
        treatmentEndedAt: iso(r.treatmentEndedAt),
        dischargedAt: iso(r.dischargedAt),
        lastReadingAt: iso(r.lastReadingAt),
        nextDueAt: schedule?.next?.dueAt ?? null,
        overdueReadings: schedule?.overdueCount ?? 0,
      };
    }),
  );
  grant.done({ locationId, sessions: items.length });
  return { generatedAt: now.toISOString(), items };
}

/**
 * The clinic manager's list: sessions unsigned more than 24 hours after opening, signed sessions awaiting the
 * provider's co-signature, and REMS Patient Monitoring Forms due and overdue (due 7 calendar days after the session).
 */
export async function chartingTasks(deps: ChartingDeps, user: SessionUser, locationId: string, ctx: Ctx) {
  const grant = await authorizeLocation(deps, user, locationId, 'charting_tasks.read', 'charting:tasks', ctx, await locationOrganization(deps.db, locationId));
  const [open, cosign, forms, zone] = await Promise.all([
    repo.openSessions(deps.db, locationId),
    repo.awaitingCosign(deps.db, locationId),
    repo.formsOpen(deps.db, locationId),
    locationZone(deps.db, locationId),
  ]);
  const now = Date.now();
  const today = clinicToday(zone ?? 'UTC');
  grant.done({ locationId });
  return {
    unsigned: open
      .filter((r) => now - new Date(r.openedAt).getTime() > 24 * 3_600_000)
      .map((r) => ({
        id: r.id,
        patient: r.patientLabel,
        modality: r.modality,
        openedAt: iso(r.openedAt),
        hoursOpen: Math.floor((now - new Date(r.openedAt).getTime()) / 3_600_000),
      })),
    awaitingCosign: cosign.map((r) => ({ id: r.id, patient: r.patientLabel, modality: r.modality, signedAt: iso(r.signedAt) })),
    monitoringForms: forms.map((f) => ({
      sessionId: f.sessionId,
      patient: f.patientLabel,
      dueOn: f.dueOn,
      state: pmfState(f.dueOn, today, false),
      daysLeft: Math.round((Date.parse(f.dueOn) - Date.parse(today)) / 86_400_000),
    })),
    tomorrow: addDays(today, 1),
  };
}

// ---- REMS records ----

export async function recordRemsEnrollment(
  deps: ChartingDeps,
  user: SessionUser,
  patientId: string,
  input: { enrollmentId: string; enrolledOn: string },
  ctx: Ctx,
  assertPatient: () => Promise<unknown>,
) {
  await assertPatient();
  const row = await deps.db.transaction(async (tx) => {
    const r = defined(
      await repo.upsertRemsEnrollment(tx, { patientId, enrollmentId: input.enrollmentId, enrolledOn: input.enrolledOn, recordedBy: user.id }),
      'enrollment',
    );
    await deps.audit.recordWithin(tx, ctx, {
      action: 'rems.enrollment',
      outcome: 'success',
      entityType: 'patient',
      entityId: patientId,
      patientId,
      details: { enrolledOn: input.enrolledOn },
    });
    return r;
  });
  return { patientId, enrollmentId: row.enrollmentId, enrolledOn: row.enrolledOn, recordedAt: iso(row.recordedAt) };
}

export async function readRemsEnrollment(deps: ChartingDeps, patientId: string, grant: Grant) {
  const row = await repo.remsEnrollment(deps.db, patientId);
  grant.done({});
  return { patientId, enrollment: row && { enrollmentId: row.enrollmentId, enrolledOn: row.enrolledOn, recordedAt: iso(row.recordedAt) } };
}

export async function recordRemsCertification(
  deps: ChartingDeps,
  user: SessionUser,
  locationId: string,
  input: { certificationId: string; certifiedOn: string; authorizedRepresentative: string },
  ctx: Ctx,
) {
  await authorizeLocation(deps, user, locationId, 'rems.certification', 'rems:manage', ctx, await locationOrganization(deps.db, locationId));
  const row = await deps.db.transaction(async (tx) => {
    const r = defined(await repo.upsertRemsCertification(tx, { locationId, ...input, recordedBy: user.id }), 'certification');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'rems.certification',
      outcome: 'success',
      entityType: 'location',
      entityId: locationId,
      details: { certifiedOn: input.certifiedOn },
    });
    return r;
  });
  return { locationId, certificationId: row.certificationId, certifiedOn: row.certifiedOn, authorizedRepresentative: row.authorizedRepresentative };
}

export async function readRemsCertification(deps: ChartingDeps, user: SessionUser, locationId: string, ctx: Ctx) {
  const grant = await authorizeLocation(
    deps,
    user,
    locationId,
    'rems.certification.read',
    'location:read',
    ctx,
    await locationOrganization(deps.db, locationId),
  );
  const row = await repo.remsCertification(deps.db, locationId);
  grant.done({});
  return {
    locationId,
    certification: row && { certificationId: row.certificationId, certifiedOn: row.certifiedOn, authorizedRepresentative: row.authorizedRepresentative },
  };
}

/** Records the form's submission (online or fax, with the confirmation); answers the form's state, not the chart. */
export async function submitMonitoringForm(
  deps: ChartingDeps,
  user: SessionUser,
  id: string,
  input: { method: 'online' | 'fax'; confirmation?: string | null | undefined },
  ctx: Ctx,
) {
  return deps.db.transaction(async (tx) => {
    const { s } = await loadSession(deps, tx, user, id, ctx, 'rems.form.submit', 'rems:manage', true);
    const form = await repo.monitoringForm(tx, s.id);
    if (!form) throw conflict('The Patient Monitoring Form exists once the Spravato session is signed.', 'not_signed');
    const done = await repo.submitMonitoringForm(tx, s.id, {
      submittedAt: new Date(),
      method: input.method,
      confirmation: input.confirmation ?? null,
      submittedBy: user.id,
    });
    if (!done) throw conflict('The form was already submitted.', 'invalid_transition');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'rems.form.submit',
      outcome: 'success',
      entityType: 'treatment_session',
      entityId: id,
      patientId: s.patientId,
      details: { method: input.method },
    });
    return {
      sessionId: id,
      dueOn: done.dueOn,
      state: 'submitted' as const,
      submittedAt: iso(done.submittedAt),
      method: done.method,
      confirmation: done.confirmation,
    };
  });
}

// ---- Controlled substances ----

const toEntry = (r: repo.LedgerRow): LedgerEntry => ({
  id: r.id,
  kind: r.kind as LedgerEntry['kind'],
  drug: r.drug,
  vial: r.vial,
  amountTenths: r.amountTenthsMg,
  sessionId: r.sessionId,
  recordedAt: iso(r.recordedAt) ?? '',
});

export async function recordControlledEntry(deps: ChartingDeps, user: SessionUser, locationId: string, input: z.infer<typeof controlledEntrySchema>, ctx: Ctx) {
  const org = await locationOrganization(deps.db, locationId);
  await authorizeLocation(deps, user, locationId, 'controlled.record', 'controlled:record', ctx, org);
  const tenths = Math.round(input.amountMg * 10);
  if (Math.abs(tenths - input.amountMg * 10) > 1e-6)
    throw badRequest('amountMg must be in tenths of a mg', [{ path: 'amountMg', message: 'must be in tenths of a mg' }]);
  if ((input.kind === 'waste' || input.kind === 'adjust') && !input.witnessId)
    throw badRequest('witnessId is required for waste and adjustments', [
      { path: 'witnessId', message: 'is required: a second person witnesses waste and count corrections' },
    ]);
  if (input.witnessId === user.id) throw badRequest('witnessId must be someone else', [{ path: 'witnessId', message: 'must be a second person' }]);
  if (input.witnessId && !(await repo.isClinicalStaffOf(deps.db, input.witnessId, user.organizationId)))
    throw badRequest('witnessId is not a provider or nurse of this practice', [{ path: 'witnessId', message: 'is not a provider or nurse of this practice' }]);
  return deps.db.transaction(async (tx) => {
    await repo.lockLedger(tx, locationId);
    if (input.sessionId) {
      const s = await repo.findSession(tx, input.sessionId);
      if (!s || s.locationId !== locationId)
        throw badRequest('sessionId is not a session of this clinic', [{ path: 'sessionId', message: 'is not a session of this clinic' }]);
    }
    const entries = (await repo.ledgerFor(tx, locationId, input.drug)).map(toEntry);
    const problem = entryProblem(entries, { kind: input.kind, drug: input.drug, vial: input.vial, amountTenths: tenths, sessionId: input.sessionId ?? null });
    if (problem) throw new AppError(409, 'ledger_imbalance', `The entry would not balance: ${problem}.`, [{ path: 'amountMg', message: problem }]);
    const row = defined(
      await repo.insertLedgerEntry(tx, {
        organizationId: user.organizationId,
        locationId,
        drug: input.drug,
        kind: input.kind,
        vial: input.vial,
        lot: input.lot,
        expiresOn: input.expiresOn,
        amountTenthsMg: tenths,
        sessionId: input.sessionId ?? null,
        witnessId: input.witnessId ?? null,
        note: input.note ?? null,
        recordedBy: user.id,
        recordedAt: new Date(),
      }),
      'entry',
    );
    await deps.audit.recordWithin(tx, ctx, {
      action: 'controlled.record',
      outcome: 'success',
      entityType: 'controlled_substance_entry',
      entityId: row.id,
      details: { kind: input.kind, drug: input.drug, tenths },
    });
    return { id: row.id, kind: row.kind, drug: row.drug, vial: row.vial, amountMg: row.amountTenthsMg / 10, recordedAt: iso(row.recordedAt) };
  });
}

/**
 * The clinic's log for a date range (clinic dates): opening balance, each entry with the running balance, closing
 * balance, each vial's stock and each session's draw against what was given, wasted and returned.
 */
export async function controlledReport(
  deps: ChartingDeps,
  user: SessionUser,
  locationId: string,
  q: { from: string; to: string; drug?: string | undefined },
  ctx: Ctx,
) {
  if (q.to < q.from) throw badRequest('to must not be before from', [{ path: 'to', message: 'must not be before from' }]);
  const grant = await authorizeLocation(deps, user, locationId, 'controlled.read', 'controlled:read', ctx, await locationOrganization(deps.db, locationId));
  const zone = (await locationZone(deps.db, locationId)) ?? 'UTC';
  const all = await repo.ledgerFor(deps.db, locationId, q.drug);
  const drugs = [...new Set(all.map((r) => r.drug))].sort();
  const report = drugs.map((drug) => {
    const rows = all.filter((r) => r.drug === drug);
    let balance = 0;
    let opening = 0;
    const entries: Record<string, unknown>[] = [];
    for (const r of rows) {
      const date = clinicDateOf(zone, r.recordedAt);
      balance += stockEffect({ kind: r.kind as LedgerEntry['kind'], amountTenths: r.amountTenthsMg });
      if (date < q.from) opening = balance;
      else if (date <= q.to)
        entries.push({
          id: r.id,
          recordedAt: iso(r.recordedAt),
          kind: r.kind,
          vial: r.vial,
          lot: r.lot,
          expiresOn: r.expiresOn,
          amountMg: r.amountTenthsMg / 10,
          sessionId: r.sessionId,
          recordedBy: r.recordedBy,
          witnessId: r.witnessId,
          note: r.note,
          balanceMg: balance / 10,
        });
    }
    const upTo = rows.filter((r) => clinicDateOf(zone, r.recordedAt) <= q.to).map(toEntry);
    const closing = upTo.reduce((sum, e) => sum + stockEffect(e), 0);
    const draws = reconcileDraws(upTo);
    const vials = vialBalances(upTo);
    return {
      drug,
      openingMg: opening / 10,
      closingMg: closing / 10,
      entries,
      vials: vials.map((v) => ({ vial: v.vial, onHandMg: v.onHandTenths / 10 })),
      draws: draws.map((d) => ({
        sessionId: d.sessionId,
        vial: d.vial,
        drawnMg: d.drawnTenths / 10,
        givenMg: d.givenTenths / 10,
        wastedMg: d.wastedTenths / 10,
        returnedMg: d.returnedTenths / 10,
        balanced: d.balanced,
      })),
      balanced: draws.every((d) => d.balanced) && vials.every((v) => v.onHandTenths >= 0) && closing === vials.reduce((s, v) => s + v.onHandTenths, 0),
    };
  });
  grant.done({ locationId, from: q.from, to: q.to });
  return { locationId, from: q.from, to: q.to, drugs: report };
}

// ---- The REMS Patient Monitoring Form ----

const bpText = (r: Reading | undefined) => (typeof r?.systolic === 'number' && typeof r.diastolic === 'number' ? `${r.systolic}/${r.diastolic}` : null);

/** The Patient Monitoring Form of a signed Spravato session as a PDF, from the chart (rems-form.ts lists the fields). */
export async function monitoringFormDocument(deps: ChartingDeps, user: SessionUser, id: string, ctx: Ctx): Promise<Uint8Array> {
  const { s, grant } = await loadSession(deps, deps.db, user, id, ctx, 'rems.form.read', 'rems:manage');
  if (s.modality !== 'spravato') throw conflict('Only Spravato sessions have a REMS Patient Monitoring Form.', 'invalid_transition');
  if (!s.signedAt) throw conflict('Sign the session first: the form is produced from the signed chart.', 'not_signed');
  const [t, facts, form, enrolment, policy] = await Promise.all([
    repo.sessionTimeline(deps.db, id),
    repo.monitoringFormFacts(deps.db, id),
    repo.monitoringForm(deps.db, id),
    repo.remsEnrollment(deps.db, s.patientId),
    policyAt(deps.db, s.organizationId, s.policyVersion),
  ]);
  const f = defined(facts, 'the form’s facts');
  const readings = t.vitals.map(readingOf);
  const started = s.treatmentStartedAt ?? s.openedAt;
  const bps = readings.filter((r) => (r.systolic ?? null) !== null && (r.diastolic ?? null) !== null);
  const before = bps.filter((r) => r.takenAt <= started).at(-1);
  const at40 = bps.find((r) => (r.takenAt.getTime() - started.getTime()) / 60_000 >= 30 && (r.takenAt.getTime() - started.getTime()) / 60_000 <= 60);
  const last = bps.at(-1);
  const sp = s.spravato as { doseMg: number; needsDecision?: boolean } | null;
  const pc = s.preCheck as {
    concomitant?: { benzodiazepines: boolean; sedativeHypnotics: boolean; psychostimulants: boolean; maois: boolean; opioids: boolean };
  } | null;
  const disc = s.discharge as (DischargeChecklist & { readyToLeaveMinutes?: number | null }) | null;
  const sedations = readings.filter((r) => (r.sedation ?? null) !== null).map((r) => r.sedation as number);
  const dissociations = readings.filter((r) => (r.dissociation ?? null) !== null).map((r) => r.dissociation as number);
  const spo2 = readings.filter((r) => (r.spo2 ?? null) !== null).map((r) => r.spo2 as number);
  const [providerGiven, ...providerRest] = (f.providerName ?? '').split(' ');
  const pdf = await monitoringFormPdf({
    patient: { givenName: f.givenName, middleName: f.middleName, familyName: f.familyName, dateOfBirth: f.dateOfBirth, sex: f.sex },
    firstTreatment: f.firstSpravato,
    enrolledInRems: enrolment !== null,
    concomitant: pc?.concomitant ?? null,
    provider: { givenName: providerGiven ?? '', familyName: providerRest.join(' '), phone: f.phone ?? '', email: f.providerEmail ?? '' },
    setting: { name: f.settingName, addressLine1: f.addressLine1, addressLine2: f.addressLine2, city: f.city, state: f.state, postalCode: f.postalCode },
    session: {
      treatmentDate: clinicDateOf(s.timeZone, started),
      doseMg: sp?.doseMg ?? 0,
      lots: t.devices.map((d) => d.lot),
      totalMinutes: s.dischargedAt ? Math.round((s.dischargedAt.getTime() - started.getTime()) / 60_000) : null,
      readyToLeaveMinutes: disc?.readyToLeaveMinutes ?? null,
    },
    vitalsAcceptableBefore: sp ? !sp.needsDecision : false,
    vitalsAcceptableAtCompletion: disc
      ? disc.vitalsWithinLimits && thresholdAlerts({ takenAt: new Date(), ...(last ?? {}) }, policy.thresholds).length === 0
      : null,
    bloodPressure: { before: bpText(before), at40Minutes: bpText(at40), atCompletion: bpText(last) },
    sedation: sedations.length
      ? `MOAA/S lowest ${Math.min(...sedations)} of 5; resolved before discharge: ${yesNo(disc?.sedationResolved)}`
      : `Not scored; resolved before discharge: ${yesNo(disc?.sedationResolved)}`,
    dissociation: dissociations.length
      ? `CADSS-6 highest ${Math.max(...dissociations)}; resolved before discharge: ${yesNo(disc?.dissociationResolved)}`
      : `Not scored; resolved before discharge: ${yesNo(disc?.dissociationResolved)}`,
    respiratoryDepression: `${t.events.some((e) => e.type === 'respiratory_depression') ? 'Yes (see adverse events)' : 'No'}; breathing normal at discharge: ${yesNo(disc?.breathingNormal)}`,
    pulseOximetry: spo2.length ? `${spo2.length} check(s), lowest SpO2 ${Math.min(...spo2)}%` : 'None recorded',
    seriousAdverseEvents:
      t.events
        .filter((e) => e.serious)
        .map((e) => `${e.type.replaceAll('_', ' ')} (${e.severity}), ${e.actionTaken}; outcome ${e.outcome}`)
        .join('; ') || 'None',
    dueOn: form?.dueOn ?? pmfDueDate(clinicDateOf(s.timeZone, started)),
  });
  grant.done({ sessionId: id });
  return pdf;
}
const yesNo = (b: boolean | undefined) => (b === undefined ? 'not recorded' : b ? 'yes' : 'no');
