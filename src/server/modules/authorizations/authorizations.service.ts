import type { SessionUser } from '../../../contracts/auth.js';
import { letterSchema, type Letter } from '../../../contracts/authorizations.js';
import { policyTermsSchema } from '../../../contracts/coverage.js';
import { approvalStatus, canMovePriorAuthorization, EXPIRY_WARNING_DAYS, SESSIONS_PER_WEEK } from '../../../domain/coverage/authorization.js';
import type { Db } from '../../db/client.js';
import { toIso, toIsoRequired } from '../../db/sql-values.js';
import { roleHas, seesAllClinics } from '../../platform/access/permissions.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { assertAmendable, assertUnsigned, contentHash } from '../../platform/documents/signed-documents.js';
import { AppError, conflict, fieldError, notFound, versionConflict } from '../../platform/errors.js';
import { listCoverages, policyInForce } from '../coverage/index.js';
import { chartFacts, latestSignedContent } from '../intake/index.js';
import { assertPatientAccess, patientBasics } from '../patients/index.js';
import { addDays, clinicToday } from '../../../domain/time/clinic-today.js';
import * as repo from './authorizations.repository.js';
import { renderLetter } from './own-letters.js';
import type { PaRow, VaRow } from './authorizations.repository.js';
import { draftLetter } from './letter.js';
import { clinicLetterhead } from '../locations/index.js';
import { scoreTrend } from '../observations/index.js';
import { outcomesOf } from '../outcomes/index.js';
import { defined } from '../../../domain/defined.js';

export type AuthorizationDeps = { db: Db; audit: AuditTrail };

type Plan = { plannedSessions?: number | undefined; lastDate?: string | undefined; sessionsPerWeek?: number | undefined };

/** Usage of an approval on the clinic's today (its IANA zone), never the UTC date. */
function usageOf(approved: { sessions: number | null; from: string; to: string }, used: number, treatment: string, zone: string, plan: Plan = {}) {
  return approvalStatus({ approvedSessions: approved.sessions, startDate: approved.from, endDate: approved.to }, used, clinicToday(zone), {
    remainingSessions: plan.plannedSessions ?? 0,
    lastDate: plan.lastDate,
    sessionsPerWeek: plan.sessionsPerWeek ?? SESSIONS_PER_WEEK[treatment] ?? 0,
  });
}

/** Presents prior authorizations; the letter's clinical text only to those who write or send it (minimum necessary). */
async function presentPa(db: Db, user: SessionUser, rows: PaRow[], plan: Plan = {}) {
  const showLetter = roleHas(user.role, 'authorization:letter:read');
  const [events, amendments] = await Promise.all([
    repo.listEvents(
      db,
      rows.map((r) => r.id),
    ),
    repo.listLetterAmendments(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patientId,
    treatment: r.treatment,
    status: r.status as 'draft',
    coverageId: r.coverageId,
    payerName: r.payerName,
    policy: r.policyId ? { id: r.policyId, version: Number(r.policyVersion) } : null,
    letter: r.letter && showLetter ? letterSchema.parse(amendments.filter((a) => a.priorAuthorizationId === r.id).at(-1)?.letter ?? r.letter) : null,
    letterDrafted: r.letter !== null,
    letterContentHash: r.letterContentHash,
    letterAmendments: amendments
      .filter((a) => a.priorAuthorizationId === r.id)
      .map((a) => ({
        sequence: a.sequence,
        reason: a.reason,
        amendedAt: toIsoRequired(a.amendedAt),
        amendedBy: { id: a.amendedBy, name: a.amendedByName },
      })),
    letterSignedBy: r.letterSignedBy ? { id: r.letterSignedBy, name: r.letterSignedByName ?? '' } : null,
    letterSignedAt: toIso(r.letterSignedAt),
    letterSharedAt: toIso(r.letterSharedAt),
    authorizationNumber: r.authorizationNumber,
    approvedSessions: r.approvedSessions,
    approvedFrom: r.approvedFrom,
    approvedTo: r.approvedTo,
    denialReason: r.denialReason,
    usage:
      r.status === 'approved' && r.approvedFrom && r.approvedTo
        ? usageOf({ sessions: r.approvedSessions, from: r.approvedFrom, to: r.approvedTo }, r.usedSessions, r.treatment, r.timeZone, plan)
        : null,
    events: events
      .filter((e) => e.priorAuthorizationId === r.id)
      .map((e) => ({ fromStatus: e.fromStatus, toStatus: e.toStatus, note: e.note, at: toIsoRequired(e.at), by: { id: e.by, name: e.byName } })),
    version: r.version,
    createdAt: toIsoRequired(r.createdAt),
  }));
}

async function loadPa(deps: AuthorizationDeps, user: SessionUser, id: string, ctx: AuditContext, action: string, db: Db = deps.db, forUpdate = false) {
  const row = await repo.findPriorAuthorization(db, id, forUpdate);
  if (!row) throw notFound('Prior authorization');
  // Inside a transaction the check must use it too: PGlite has one connection, and the pool could run dry.
  await assertPatientAccess({ db, audit: deps.audit }, user, row.patientId, ctx, action);
  return row;
}

export async function listPriorAuthorizations(deps: AuthorizationDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  await assertPatientAccess(deps, user, patientId, ctx, 'authorization.list');
  const rows = await repo.listPriorAuthorizations(deps.db, patientId);
  deps.audit.record(ctx, { action: 'authorization.list', outcome: 'success', entityType: 'patient', entityId: patientId, patientId });
  return { items: await presentPa(deps.db, user, rows) };
}

export async function readPriorAuthorization(deps: AuthorizationDeps, user: SessionUser, id: string, plan: Plan, ctx: AuditContext) {
  const row = await loadPa(deps, user, id, ctx, 'authorization.read');
  deps.audit.record(ctx, { action: 'authorization.read', outcome: 'success', entityType: 'prior_authorization', entityId: id, patientId: row.patientId });
  return defined((await presentPa(deps.db, user, [row], plan))[0]);
}

/** Starts a prior authorization in draft, with a letter of medical necessity drafted from the chart. */
export async function createPriorAuthorization(
  deps: AuthorizationDeps,
  user: SessionUser,
  patientId: string,
  input: { treatment: string; coverageId?: string | undefined; extendsId?: string | undefined },
  ctx: AuditContext,
) {
  await assertPatientAccess(deps, user, patientId, ctx, 'authorization.create');
  const coverages = await listCoverages(deps.db, patientId);
  const coverage = input.coverageId ? coverages.find((c) => c.id === input.coverageId) : (coverages.find((c) => c.priority === 'primary') ?? coverages[0]);
  if (input.coverageId && !coverage) throw fieldError('coverageId', 'is not a coverage of this patient');
  const [basics, intake] = await Promise.all([patientBasics(deps.db, patientId), latestSignedContent(deps.db, patientId)]);
  const on = clinicToday(defined(basics).timeZone);
  if (!intake) throw fieldError('patient', 'needs a signed intake assessment: the letter is filled from it');
  const policy = coverage ? await policyInForce(deps.db, coverage.payerId, input.treatment, on) : null;
  const terms = policy ? policyTermsSchema.parse(policy.terms) : null;
  const trend = await scoreTrend(deps.db, patientId, 'PHQ-9');
  const progress = input.extendsId ? await extensionEvidence(deps.db, patientId, input.extendsId, input.treatment) : null;
  const letter = draftLetter({
    progress,
    treatment: input.treatment,
    patient: {
      name: `${defined(basics).legalGivenName} ${defined(basics).legalFamilyName}`,
      dateOfBirth: defined(basics).dateOfBirth,
      memberId: coverage?.memberId ?? null,
      groupId: coverage?.groupId ?? null,
    },
    payerName: coverage?.payerName ?? null,
    content: intake.content,
    chart: chartFacts(intake.content, defined(basics).dateOfBirth, on),
    phq9Trend: trend.map((t) => ({ date: toIsoRequired(t.effectiveAt).slice(0, 10), total: Number(t.valueNumber) })),
    providerName: user.displayName,
    clinicName: basics?.locationId ? ((await clinicLetterhead(deps.db, basics.locationId))?.name ?? null) : null,
    approval: terms?.approval ?? null,
  });
  const id = await deps.db.transaction(async (tx) => {
    const newId = await repo.insertPriorAuthorization(tx, {
      patientId,
      coverageId: coverage?.id ?? null,
      policyId: policy?.id ?? null,
      treatment: input.treatment,
      letter,
      extendsId: input.extendsId ?? null,
      createdBy: user.id,
    });
    await repo.insertEvent(tx, {
      priorAuthorizationId: newId,
      fromStatus: null,
      toStatus: 'draft',
      note: `${input.extendsId ? 'Extension request. ' : ''}${policy ? `Policy version ${policy.version}` : 'No policy on file'}`,
      by: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'authorization.create',
      outcome: 'success',
      entityType: 'prior_authorization',
      entityId: newId,
      patientId,
      details: { treatment: input.treatment, policyVersion: policy?.version ?? null },
    });
    return newId;
  });
  return readPriorAuthorization(deps, user, id, {}, ctx);
}

export async function updateLetter(deps: AuthorizationDeps, user: SessionUser, id: string, input: { version: number; letter: Letter }, ctx: AuditContext) {
  const row = await loadPa(deps, user, id, ctx, 'authorization.letter.update');
  assertUnsigned(row.letterSignedAt, 'The letter', 'letter_signed');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.saveLetter(tx, id, input.version, input.letter))) throw versionConflict('This prior authorization');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'authorization.letter.update',
      outcome: 'success',
      entityType: 'prior_authorization',
      entityId: id,
      patientId: row.patientId,
    });
  });
  return readPriorAuthorization(deps, user, id, {}, ctx);
}

export async function signLetter(deps: AuthorizationDeps, user: SessionUser, id: string, version: number, ctx: AuditContext) {
  const row = await loadPa(deps, user, id, ctx, 'authorization.letter.sign');
  if (row.letterSignedAt) throw conflict('The letter is already signed.', 'letter_signed');
  await deps.db.transaction(async (tx) => {
    const hash = contentHash(letterSchema.parse(row.letter));
    if (!(await repo.markLetterSigned(tx, id, version, user.id, hash))) throw versionConflict('This prior authorization');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'authorization.letter.sign',
      outcome: 'success',
      entityType: 'prior_authorization',
      entityId: id,
      patientId: row.patientId,
      details: { contentHash: hash },
    });
  });
  return readPriorAuthorization(deps, user, id, {}, ctx);
}

/** Amends a signed letter with a reason: the signed original is kept (the database refuses to change it). */
export async function amendLetter(
  deps: AuthorizationDeps,
  user: SessionUser,
  id: string,
  input: { version: number; reason: string; letter: Letter },
  ctx: AuditContext,
) {
  const row = await loadPa(deps, user, id, ctx, 'authorization.letter.amend');
  assertAmendable(row.letterSignedAt, input.reason, 'letter');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.touch(tx, id, input.version))) throw versionConflict('This prior authorization');
    const hash = contentHash(input.letter);
    const sequence = await repo.insertLetterAmendment(tx, {
      priorAuthorizationId: id,
      letter: input.letter,
      contentHash: hash,
      reason: input.reason,
      amendedBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'authorization.letter.amend',
      outcome: 'success',
      entityType: 'prior_authorization',
      entityId: id,
      patientId: row.patientId,
      details: { sequence, reason: input.reason, contentHash: hash },
    });
  });
  return readPriorAuthorization(deps, user, id, {}, ctx);
}

export async function letterPdf(deps: AuthorizationDeps, user: SessionUser, id: string, ctx: AuditContext): Promise<Uint8Array> {
  const row = await loadPa(deps, user, id, ctx, 'authorization.letter.pdf');
  deps.audit.record(ctx, {
    action: 'authorization.letter.pdf',
    outcome: 'success',
    entityType: 'prior_authorization',
    entityId: id,
    patientId: row.patientId,
  });
  return renderLetter(deps.db, row);
}

/** The provider lets the patient read the signed letter in the portal (a patient's right to their record). */
export async function shareLetter(deps: AuthorizationDeps, user: SessionUser, id: string, ctx: AuditContext) {
  const row = await loadPa(deps, user, id, ctx, 'authorization.letter.share');
  if (!row.letterSignedAt) throw conflict('Only a signed letter is shared with the patient: sign it first.', 'letter_not_signed');
  if (!row.letterSharedAt) {
    await repo.shareLetter(deps.db, id, user.id);
    deps.audit.record(ctx, {
      action: 'authorization.letter.share',
      outcome: 'success',
      entityType: 'prior_authorization',
      entityId: id,
      patientId: row.patientId,
    });
  }
  return readPriorAuthorization(deps, user, id, {}, ctx);
}

/** Moves a prior authorization to its next status; every step is timed and attributed in its event history. */
export async function changeStatus(
  deps: AuthorizationDeps,
  user: SessionUser,
  id: string,
  input: {
    version: number;
    status: string;
    note?: string | null | undefined;
    authorizationNumber?: string | null | undefined;
    approvedSessions?: number | undefined;
    approvedFrom?: string | undefined;
    approvedTo?: string | undefined;
    denialReason?: string | null | undefined;
  },
  ctx: AuditContext,
) {
  await deps.db.transaction(async (tx) => {
    const row = await loadPa(deps, user, id, ctx, 'authorization.status', tx, true);
    if (row.version !== input.version) throw versionConflict('This prior authorization');
    if (!canMovePriorAuthorization(row.status, input.status))
      throw new AppError(409, 'invalid_transition', `A ${row.status.replaceAll('_', ' ')} request cannot become ${input.status.replaceAll('_', ' ')}.`, [
        { path: 'status', message: `cannot follow ${row.status}` },
      ]);
    if (input.status === 'submitted' && !row.letterSignedAt)
      throw new AppError(409, 'letter_unsigned', 'The provider must sign the letter of medical necessity before it is submitted.', [
        { path: 'status', message: 'needs a signed letter' },
      ]);
    await repo.setStatus(
      tx,
      id,
      input.version,
      input.status === 'approved'
        ? {
            status: 'approved',
            authorizationNumber: defined(input.authorizationNumber),
            approvedSessions: defined(input.approvedSessions),
            approvedFrom: defined(input.approvedFrom),
            approvedTo: defined(input.approvedTo),
          }
        : input.status === 'denied'
          ? { status: 'denied', denialReason: defined(input.denialReason) }
          : { status: input.status as 'submitted' | 'more_info_requested' },
    );
    await repo.insertEvent(tx, {
      priorAuthorizationId: id,
      fromStatus: row.status,
      toStatus: input.status,
      note:
        input.note ??
        (input.status === 'denied' ? (input.denialReason ?? null) : input.status === 'approved' ? `Authorization ${input.authorizationNumber}` : null),
      by: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'authorization.status',
      outcome: 'success',
      entityType: 'prior_authorization',
      entityId: id,
      patientId: row.patientId,
      details: { from: row.status, to: input.status },
    });
  });
  return readPriorAuthorization(deps, user, id, {}, ctx);
}

/**
 * Starts an extension request for an approval running out (issue 9: three or fewer sessions left, or ending soon): a
 * new draft for the same patient, treatment and coverage, linked to the approval it extends, its letter drafted
 * again from the chart. One open extension per approval.
 */
export async function requestExtension(deps: AuthorizationDeps, user: SessionUser, id: string, ctx: AuditContext) {
  const row = await loadPa(deps, user, id, ctx, 'authorization.extension');
  if (row.status !== 'approved') throw conflict('Only an approved authorization is extended; this one is not approved.', 'not_approved');
  const open = await repo.extensionOf(deps.db, id);
  if (open) throw conflict(`An extension request already exists (${open.id}, ${open.status}).`);
  return createPriorAuthorization(deps, user, row.patientId, { treatment: row.treatment, coverageId: row.coverageId ?? undefined, extendsId: id }, ctx);
}

function checkSessionFits(approved: { sessions: number | null; from: string; to: string }, used: number, date: string) {
  if (date < approved.from || date > approved.to)
    throw new AppError(409, 'outside_approval', `The session date ${date} is outside the approved dates ${approved.from} to ${approved.to}.`, [
      { path: 'sessionDate', message: 'is outside the approved dates' },
    ]);
  if (approved.sessions !== null && used >= approved.sessions)
    throw new AppError(
      409,
      'approval_used_up',
      `All ${approved.sessions} approved sessions are used; request more before treating (or the claim is denied, CARC 198).`,
      [{ path: 'sessionDate', message: 'exceeds the approved sessions' }],
    );
}

export async function recordPaSession(
  deps: AuthorizationDeps,
  user: SessionUser,
  id: string,
  input: { sessionDate: string; note?: string | null | undefined },
  ctx: AuditContext,
) {
  await deps.db.transaction(async (tx) => {
    const row = await loadPa(deps, user, id, ctx, 'authorization.session', tx, true);
    if (row.status !== 'approved') throw conflict('Sessions count only against an approved authorization.', 'not_approved');
    checkSessionFits({ sessions: row.approvedSessions, from: defined(row.approvedFrom), to: defined(row.approvedTo) }, row.usedSessions, input.sessionDate);
    await repo.insertSession(tx, { priorAuthorizationId: id, sessionDate: input.sessionDate, note: input.note ?? null, recordedBy: user.id });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'authorization.session',
      outcome: 'success',
      entityType: 'prior_authorization',
      entityId: id,
      patientId: row.patientId,
      details: { sessionDate: input.sessionDate },
    });
  });
  return readPriorAuthorization(deps, user, id, {}, ctx);
}

// ---- VA Community Care referrals ----

function presentVa(r: VaRow, plan: Plan = {}) {
  return {
    id: r.id,
    patientId: r.patientId,
    referralNumber: r.referralNumber,
    seoc: r.seoc,
    treatment: r.treatment,
    authorizedVisits: r.authorizedVisits,
    validFrom: r.validFrom,
    validTo: r.validTo,
    thirdPartyAdministrator: r.thirdPartyAdministrator,
    steps: r.steps,
    version: r.version,
    usage: usageOf({ sessions: r.authorizedVisits, from: r.validFrom, to: r.validTo }, r.usedSessions, r.treatment, r.timeZone, plan),
  };
}

export async function listVaReferrals(deps: AuthorizationDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  await assertPatientAccess(deps, user, patientId, ctx, 'va_referral.list');
  const rows = await repo.listVaReferrals(deps.db, patientId);
  deps.audit.record(ctx, { action: 'va_referral.list', outcome: 'success', entityType: 'patient', entityId: patientId, patientId });
  return { items: rows.map((r) => presentVa(r)) };
}

export async function createVaReferral(
  deps: AuthorizationDeps,
  user: SessionUser,
  patientId: string,
  input: {
    referralNumber: string;
    seoc: string;
    treatment: string;
    authorizedVisits?: number | undefined;
    validFrom: string;
    validTo: string;
    thirdPartyAdministrator?: string | null | undefined;
    steps: Record<string, string | null>;
  },
  ctx: AuditContext,
) {
  await assertPatientAccess(deps, user, patientId, ctx, 'va_referral.create');
  await deps.db.transaction(async (tx) => {
    const id = await repo.insertVaReferral(tx, {
      patientId,
      referralNumber: input.referralNumber,
      seoc: input.seoc,
      treatment: input.treatment,
      authorizedVisits: input.authorizedVisits ?? null,
      validFrom: input.validFrom,
      validTo: input.validTo,
      thirdPartyAdministrator: input.thirdPartyAdministrator ?? null,
      steps: input.steps,
      createdBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'va_referral.create',
      outcome: 'success',
      entityType: 'va_referral',
      entityId: id,
      patientId,
      details: { referralNumber: input.referralNumber },
    });
  });
  return listVaReferrals(deps, user, patientId, ctx);
}

async function loadVa(deps: AuthorizationDeps, user: SessionUser, id: string, ctx: AuditContext, action: string, db: Db = deps.db, forUpdate = false) {
  const row = await repo.findVaReferral(db, id, forUpdate);
  if (!row) throw notFound('VA referral');
  await assertPatientAccess({ db, audit: deps.audit }, user, row.patientId, ctx, action);
  return row;
}

export async function updateVaSteps(
  deps: AuthorizationDeps,
  user: SessionUser,
  id: string,
  input: { version: number; steps: Record<string, string | null> },
  ctx: AuditContext,
) {
  const row = await loadVa(deps, user, id, ctx, 'va_referral.steps');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updateVaSteps(tx, id, input.version, input.steps))) throw versionConflict('This referral');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'va_referral.steps',
      outcome: 'success',
      entityType: 'va_referral',
      entityId: id,
      patientId: row.patientId,
      details: input.steps,
    });
  });
  return presentVa(defined(await repo.findVaReferral(deps.db, id)));
}

export async function recordVaSession(
  deps: AuthorizationDeps,
  user: SessionUser,
  id: string,
  input: { sessionDate: string; note?: string | null | undefined },
  ctx: AuditContext,
) {
  await deps.db.transaction(async (tx) => {
    const row = await loadVa(deps, user, id, ctx, 'va_referral.session', tx, true);
    checkSessionFits({ sessions: row.authorizedVisits, from: row.validFrom, to: row.validTo }, row.usedSessions, input.sessionDate);
    await repo.insertSession(tx, { vaReferralId: id, sessionDate: input.sessionDate, note: input.note ?? null, recordedBy: user.id });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'va_referral.session',
      outcome: 'success',
      entityType: 'va_referral',
      entityId: id,
      patientId: row.patientId,
      details: { sessionDate: input.sessionDate },
    });
  });
  return presentVa(defined(await repo.findVaReferral(deps.db, id)));
}

/** Approvals and referrals that end, or run out at the treatment's usual pace, within two weeks. */
export async function expiring(deps: AuthorizationDeps, user: SessionUser, ctx: AuditContext) {
  // A day of slack for zones behind UTC; each row is then judged on its own clinic's today.
  const until = addDays(clinicToday('Pacific/Kiritimati'), EXPIRY_WARNING_DAYS);
  const rows = await repo.activeApprovals(deps.db, { organizationId: user.organizationId, limitedToUserId: seesAllClinics(user) ? null : user.id }, until);
  const items = rows
    .map((r) => ({
      kind: r.kind,
      id: r.id,
      patientId: r.patientId,
      patientName: r.patientName,
      treatment: r.treatment,
      reference: r.reference,
      endDate: r.endDate,
      extension: r.extensionId ? { id: r.extensionId, status: r.extensionStatus ?? 'draft' } : null,
      usage: usageOf({ sessions: r.sessions, from: r.startDate, to: r.endDate }, r.used, r.treatment, r.timeZone),
    }))
    .filter((r) => r.usage.expiringSoon || r.usage.runningOutSoon || r.usage.fewLeft || (r.usage.remainingSessions !== null && r.usage.remainingSessions <= 0));
  deps.audit.record(ctx, { action: 'authorization.expiring', outcome: 'success', details: { count: items.length } });
  return { items };
}

/**
 * An extension letter's evidence: the course counted against the approval being extended (or the patient's latest
 * course of the treatment), its sessions and its outcome on each scale, with the payer's threshold where one is known
 * (Medicare extends TMS only with at least 25% improvement, L37086 / A57692).
 */
async function extensionEvidence(db: Db, patientId: string, extendsId: string, treatment: string): Promise<string | null> {
  const outcomes = await outcomesOf(db, patientId);
  const linked = await repo.courseOfAuthorization(db, extendsId);
  const course = outcomes.courses.find((c) => c.id === linked) ?? outcomes.courses.find((c) => c.treatment === treatment) ?? null;
  if (!course) return null;
  const lines = [
    `${course.protocolName}: ${course.sessionsDone} session${course.sessionsDone === 1 ? '' : 's'} completed${course.firstTreatmentAt ? ` since ${course.firstTreatmentAt.slice(0, 10)}` : ''}.`,
    ...course.outcomes.map((o) =>
      o.baseline && o.latest
        ? `${o.instrument}: ${o.baseline.total} at baseline (${o.baseline.at.slice(0, 10)}), ${o.latest.total} on ${o.latest.at.slice(0, 10)}: ${
            o.percentReduction === null ? 'change not computable' : `${o.percentReduction}% ${o.percentReduction >= 0 ? 'improvement' : 'worse'}`
          }${o.response ? '; a response (at least 50% reduction)' : ''}${o.remission ? '; in remission' : ''}.`
        : `${o.instrument}: baseline ${o.baseline?.total ?? 'not recorded'}; no follow-up score yet.`,
    ),
  ];
  if (!course.outcomes.some((o) => o.instrument === 'PHQ-9'))
    lines.push('PHQ-9: no score in the 30 days before the first treatment, so no baseline to measure the change from.');
  if (course.payerThreshold && course.payerThreshold.met !== null)
    lines.push(`${course.payerThreshold.name}: ${course.payerThreshold.met ? 'met' : 'not met'}.`);
  return lines.join('\n');
}
