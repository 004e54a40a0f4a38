import type { SessionUser } from '../../../contracts/auth.js';
import { intakeContentOutputSchema, intakeContentSchema, type IntakeAssessment, type IntakeContent } from '../../../contracts/intake.js';
import { CONTRAINDICATIONS } from '../../../domain/intake/contraindications.js';
import { ANTIDEPRESSANT_CLASSES, assessTrialAdequacy } from '../../../domain/intake/medications.js';
import { weightProblem, weightToGrams } from '../../../domain/patients/weight.js';
import { VITAL_SIGNS } from '../../../domain/observations/vitals.js';
import { INSTRUMENTS, scoreInstrument, type InstrumentId } from '../../../domain/screening/instruments.js';
import type { Db } from '../../db/client.js';
import { toIso, toIsoRequired } from '../../db/sql-values.js';

import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError, conflict, fieldError, notFound, storedContentProblems, versionConflict, type FieldProblem } from '../../platform/errors.js';
import { appointmentPatient } from '../scheduling/index.js';
import { assertAmendable, assertUnsigned, contentHash } from '../../platform/documents/signed-documents.js';
import { insertWeightRow, replaceDerivedObservations, type ObservationInsert } from '../observations/index.js';
import { assertPatientAccess } from '../patients/index.js';
import * as repo from './intake.repository.js';
import type { AssessmentRow } from './intake.repository.js';
import { defined } from '../../../domain/defined.js';

export type IntakeDeps = { db: Db; audit: AuditTrail };

type Measures = IntakeContent['measures'];

function scoresOf(measures: Measures) {
  const out: IntakeAssessment['scores'] = [];
  for (const id of ['PHQ-9', 'GAD-7', 'PCL-5', 'ASQ'] as InstrumentId[]) {
    const m = measures[id as keyof Measures] as { answers: number[]; takenOn: string } | undefined;
    if (!m) continue;
    const r = scoreInstrument(id, m.answers);
    const flag =
      r.instrument === 'PHQ-9' && r.selfHarmThoughts
        ? 'item 9 positive: assess suicide risk today'
        : r.instrument === 'PCL-5' && r.provisionalPtsd
          ? 'provisional PTSD'
          : r.instrument === 'ASQ' && r.positive
            ? r.acute
              ? 'acute positive: STAT safety evaluation'
              : 'non-acute positive: brief safety assessment'
            : null;
    out.push({
      instrument: id,
      total: r.total,
      severity: r.severity === null ? null : r.severity,
      flag,
      loinc: INSTRUMENTS[id].totalLoinc,
      takenOn: m.takenOn,
    });
  }
  if (measures.cssrsPaper)
    out.push({
      instrument: 'C-SSRS (paper)',
      total: null,
      severity: measures.cssrsPaper.risk,
      flag: measures.cssrsPaper.risk === 'high' ? 'high risk: immediate safety precautions' : null,
      loinc: null,
      takenOn: measures.cssrsPaper.takenOn,
    });
  return out;
}

function trialAdequacy(content: IntakeContent) {
  return content.medicationTrials.map((t) => {
    const computed = assessTrialAdequacy({ drug: t.drug, highestDailyDose: t.highestDailyDose, weeksAtDose: t.weeksAtDose, adherence: t.adherence });
    return {
      computed: computed.adequate,
      reasons: computed.reasons,
      final: t.adequacyOverride ? t.adequacyOverride.adequate : computed.adequate,
      overridden: t.adequacyOverride !== null,
    };
  });
}

async function present(deps: IntakeDeps, row: AssessmentRow): Promise<IntakeAssessment> {
  const amendments = row.status === 'signed' ? await repo.listAmendments(deps.db, row.id) : [];
  const latest = amendments.at(-1);
  const content = intakeContentOutputSchema.parse(latest ? latest.content : row.content);
  const adequacy = trialAdequacy(content);
  return {
    id: row.id,
    patientId: row.patientId,
    appointmentId: row.appointmentId,
    status: row.status,
    version: row.version,
    content,
    trialAdequacy: adequacy,
    adequateAntidepressantTrials: content.medicationTrials.filter(
      (t, i) => t.currentEpisode && ANTIDEPRESSANT_CLASSES.includes(t.class) && defined(adequacy[i]).final === true,
    ).length,
    scores: scoresOf(content.measures),
    createdBy: { id: row.createdBy, name: row.createdByName },
    createdAt: toIsoRequired(row.createdAt),
    updatedAt: toIsoRequired(row.updatedAt),
    signedBy: row.signedBy ? { id: row.signedBy, name: row.signedByName ?? '' } : null,
    signedAt: toIso(row.signedAt),
    signedContentHash: row.signedContentHash,
    originalContent: latest ? intakeContentOutputSchema.parse(row.content) : null,
    amendments: amendments.map((a) => ({
      sequence: a.sequence,
      reason: a.reason,
      amendedAt: toIsoRequired(a.amendedAt),
      amendedBy: { id: a.amendedBy, name: a.amendedByName },
    })),
  };
}

async function loadAssessment(deps: IntakeDeps, user: SessionUser, id: string, ctx: AuditContext, action: string, db: Db = deps.db, forUpdate = false) {
  const row = await repo.findAssessment(db, id, forUpdate);
  if (!row || row.organizationId !== user.organizationId) throw notFound('Intake assessment');
  await assertPatientAccess(deps, user, row.patientId, ctx, action);
  return row;
}

export async function listAssessments(deps: IntakeDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  await assertPatientAccess(deps, user, patientId, ctx, 'intake.list');
  const rows = await repo.listForPatient(deps.db, patientId);
  deps.audit.record(ctx, { action: 'intake.list', outcome: 'success', entityType: 'patient', entityId: patientId, patientId });
  return { items: rows.map((r) => ({ id: r.id, status: r.status, createdAt: toIsoRequired(r.createdAt), signedAt: toIso(r.signedAt), version: r.version })) };
}

export async function readAssessment(deps: IntakeDeps, user: SessionUser, id: string, ctx: AuditContext) {
  const row = await loadAssessment(deps, user, id, ctx, 'intake.read');
  deps.audit.record(ctx, { action: 'intake.read', outcome: 'success', entityType: 'intake_assessment', entityId: id, patientId: row.patientId });
  return present(deps, row);
}

export async function createAssessment(
  deps: IntakeDeps,
  user: SessionUser,
  patientId: string,
  input: { appointmentId?: string | undefined; content: IntakeContent },
  ctx: AuditContext,
) {
  await assertPatientAccess(deps, user, patientId, ctx, 'intake.create');
  // An intake links only an appointment of its own patient.
  if (input.appointmentId && (await appointmentPatient(deps.db, input.appointmentId)) !== patientId)
    throw fieldError('appointmentId', 'is not an appointment of this patient');
  const id = await deps.db.transaction(async (tx) => {
    const newId = await repo.insertAssessment(tx, {
      organizationId: user.organizationId,
      patientId,
      appointmentId: input.appointmentId ?? null,
      content: input.content,
      createdBy: user.id,
      updatedBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, { action: 'intake.create', outcome: 'success', entityType: 'intake_assessment', entityId: newId, patientId });
    return newId;
  });
  return present(deps, defined(await repo.findAssessment(deps.db, id)));
}

export async function updateAssessment(deps: IntakeDeps, user: SessionUser, id: string, input: { version: number; content: IntakeContent }, ctx: AuditContext) {
  const row = await loadAssessment(deps, user, id, ctx, 'intake.update');
  assertUnsigned(row.signedAt, 'This assessment');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updateDraft(tx, id, input.version, input.content, user.id))) throw versionConflict('This assessment');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'intake.update',
      outcome: 'success',
      entityType: 'intake_assessment',
      entityId: id,
      patientId: row.patientId,
    });
  });
  return present(deps, defined(await repo.findAssessment(deps.db, id)));
}

/** What must be in an assessment before it can be signed; each problem names its field. */
export function signingProblems(c: IntakeContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (c.diagnoses.length === 0) problems.push({ path: 'content.diagnoses', message: 'needs at least one diagnosis' });
  for (const item of CONTRAINDICATIONS) {
    if (!c.contraindications[item.key]) problems.push({ path: `content.contraindications.${item.key}`, message: 'must be answered (yes, no or unknown)' });
  }
  if (!c.noKnownAllergies && c.allergies.length === 0) problems.push({ path: 'content.allergies', message: 'list allergies or tick "no known allergies"' });
  if (!c.measures['PHQ-9']) problems.push({ path: 'content.measures.PHQ-9', message: 'a baseline PHQ-9 is required' });
  if (!c.measures.ASQ && !c.measures.cssrsPaper)
    problems.push({ path: 'content.measures.ASQ', message: 'a suicide-risk screen (ASQ, or a paper C-SSRS result) is required' });
  const v = c.baselineVitals;
  if (v.systolic === null || v.diastolic === null) problems.push({ path: 'content.baselineVitals.systolic', message: 'baseline blood pressure is required' });
  if (v.heartRate === null) problems.push({ path: 'content.baselineVitals.heartRate', message: 'baseline heart rate is required' });
  if (c.baselineWeight === null) problems.push({ path: 'content.baselineWeight', message: 'baseline weight is required (dosing is weight-based)' });
  else {
    const weight = weightProblem(c.baselineWeight.value, c.baselineWeight.unit);
    if (weight) problems.push({ path: 'content.baselineWeight.value', message: weight });
  }
  c.medicationTrials.forEach((t, i) => {
    const a = assessTrialAdequacy(t);
    if (a.adequate === null && !t.adequacyOverride)
      problems.push({ path: `content.medicationTrials.${i}.adequacyOverride`, message: 'adequacy could not be computed; record your judgement with a reason' });
  });
  return problems;
}

function derivedObservations(row: AssessmentRow, c: IntakeContent, userId: string, at: Date): ObservationInsert[] {
  const base = { organizationId: row.organizationId, patientId: row.patientId, source: 'intake', sourceId: row.id, recordedBy: userId };
  const out: ObservationInsert[] = [];
  for (const id of ['PHQ-9', 'GAD-7', 'PCL-5', 'ASQ'] as InstrumentId[]) {
    const m = c.measures[id as keyof Measures] as { answers: number[]; takenOn: string } | undefined;
    if (!m) continue;
    const r = scoreInstrument(id, m.answers);
    out.push({
      ...base,
      kind: id,
      loinc: INSTRUMENTS[id].totalLoinc,
      effectiveAt: new Date(`${m.takenOn}T12:00:00Z`),
      valueNumber: r.total === null ? null : String(r.total),
      items: m.answers,
      interpretation: r.severity === null ? null : r.severity,
      unit: '{score}',
    });
  }
  if (c.measures.cssrsPaper) {
    out.push({
      ...base,
      kind: 'C-SSRS',
      loinc: null,
      effectiveAt: new Date(`${c.measures.cssrsPaper.takenOn}T12:00:00Z`),
      valueText: c.measures.cssrsPaper.risk,
      interpretation: `${c.measures.cssrsPaper.risk} risk (paper, clinician-administered)`,
    });
  }
  for (const v of VITAL_SIGNS) {
    const value = c.baselineVitals[v.key];
    if (value !== null) out.push({ ...base, kind: v.kind, loinc: v.loinc, effectiveAt: at, valueNumber: String(value), unit: v.unit });
  }
  return out;
}

export async function signAssessment(deps: IntakeDeps, user: SessionUser, id: string, version: number, ctx: AuditContext) {
  const row = await loadAssessment(deps, user, id, ctx, 'intake.sign');
  if (row.status === 'signed') throw conflict('This assessment is already signed.', 'signed');
  // A draft saved before a rule existed may no longer pass it: refuse to sign it, naming the field.
  const parsed = intakeContentSchema.safeParse(row.content);
  if (!parsed.success) {
    const fields = storedContentProblems('content', parsed.error.issues);
    throw new AppError(400, 'not_ready_to_sign', `The assessment is not complete: ${fields.map((p) => `${p.path} ${p.message}`).join('; ')}`, fields);
  }
  const content = parsed.data;
  const problems = signingProblems(content);
  if (problems.length)
    throw new AppError(400, 'not_ready_to_sign', `The assessment is not complete: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.markSigned(tx, id, version, user.id, contentHash(content)))) throw versionConflict('This assessment');
    await replaceDerivedObservations(tx, id, derivedObservations(row, content, user.id, now));
    if (content.baselineWeight) {
      const w = content.baselineWeight;
      await insertWeightRow(tx, {
        patientId: row.patientId,
        measuredAt: now,
        weightGrams: weightToGrams(w.value, w.unit),
        source: 'measured',
        recordedBy: user.id,
      });
    }
    await deps.audit.recordWithin(tx, ctx, {
      action: 'intake.sign',
      outcome: 'success',
      entityType: 'intake_assessment',
      entityId: id,
      patientId: row.patientId,
      details: { contentHash: contentHash(content) },
    });
  });
  return present(deps, defined(await repo.findAssessment(deps.db, id)));
}

export async function amendAssessment(
  deps: IntakeDeps,
  user: SessionUser,
  id: string,
  input: { version: number; reason: string; content: IntakeContent },
  ctx: AuditContext,
) {
  const row = await loadAssessment(deps, user, id, ctx, 'intake.amend');
  assertAmendable(row.signedAt, input.reason, 'assessment');
  const problems = signingProblems(input.content);
  if (problems.length)
    throw new AppError(
      400,
      'invalid_input',
      `An amended assessment must still be complete: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      problems,
    );
  await deps.db.transaction(async (tx) => {
    if (!(await repo.bumpVersion(tx, id, input.version, user.id))) throw versionConflict('This assessment');
    const sequence = await repo.insertAmendment(tx, { assessmentId: id, content: input.content, reason: input.reason, amendedBy: user.id });
    await replaceDerivedObservations(tx, id, derivedObservations(row, input.content, user.id, new Date()));
    await deps.audit.recordWithin(tx, ctx, {
      action: 'intake.amend',
      outcome: 'success',
      entityType: 'intake_assessment',
      entityId: id,
      patientId: row.patientId,
      details: { sequence, reason: input.reason },
    });
  });
  return present(deps, defined(await repo.findAssessment(deps.db, id)));
}

/** The content in force of a patient's latest signed intake (amendments applied), or null when none is signed. */
export async function latestSignedContent(db: Db, patientId: string): Promise<{ assessmentId: string; signedAt: string; content: IntakeContent } | null> {
  const id = await repo.latestSignedId(db, patientId);
  if (!id) return null;
  const row = defined(await repo.findAssessment(db, id));
  const amendments = await repo.listAmendments(db, id);
  const latest = amendments.at(-1);
  return {
    assessmentId: id,
    signedAt: toIsoRequired(defined(row.signedAt)),
    content: intakeContentOutputSchema.parse(latest ? latest.content : row.content),
  };
}
