import type { SessionUser } from '../../../contracts/auth.js';
import { weightToGrams } from '../../../domain/patients/weight.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import { authorize } from '../../platform/access/authorize.js';
import { auditInsertFrom, type AuditContext, type AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError } from '../../platform/errors.js';
import { assertPatientAccess, authorizePatientRead, presentWeight } from '../patients/index.js';
import * as repo from './observations.repository.js';
import { defined } from '../../../domain/defined.js';

export type ObservationDeps = { db: Db; audit: AuditTrail };

export async function listWeights(deps: ObservationDeps, user: SessionUser, id: string, ctx: AuditContext) {
  const read = await authorizePatientRead(deps, user, id, ctx, 'patient.weights.read');
  const rows = await repo.listWeights(deps.db, id);
  read.done();
  return { items: rows.map(presentWeight) };
}

export async function recordWeight(
  deps: ObservationDeps,
  user: SessionUser,
  id: string,
  input: { value: number; unit: 'kg' | 'lb'; measuredAt?: string | undefined; source: 'measured' | 'reported' },
  ctx: AuditContext,
) {
  await assertPatientAccess(deps, user, id, ctx, 'patient.weight.record');
  const weightGrams = weightToGrams(input.value, input.unit);
  if (!Number.isSafeInteger(weightGrams)) throw new AppError(400, 'invalid_input', 'value is out of range', [{ path: 'value', message: 'is out of range' }]);
  const row = await repo.insertWeightAudited(
    deps.db,
    { patientId: id, measuredAt: input.measuredAt ? new Date(input.measuredAt) : new Date(), weightGrams, source: input.source, recordedBy: user.id },
    (offset, from) =>
      auditInsertFrom(
        ctx,
        { action: 'patient.weight.record', outcome: 'success', entityType: 'patient_weight', patientId: id, details: { weightGrams } },
        offset,
        from,
        { entity_id: `${from}.id::text` },
      ),
  );
  return presentWeight(row);
}

export async function listObservations(deps: ObservationDeps, user: SessionUser, patientId: string, kind: string | undefined, ctx: AuditContext) {
  // One round trip: the access facts come with the rows; a refused read is still audited.
  const row = await repo.timelineWithAccess(deps.db, patientId, kind);
  const grant = authorize(
    deps,
    ctx,
    user,
    'observation.list',
    row && { type: 'patient', id: patientId, organizationId: row.organizationId, locationIds: row.locationIds, patientId },
    { label: 'Patient', refusal: 'This patient is not registered at any of your clinics.' },
  );
  grant.done({ kind: kind ?? null });
  return {
    items: defined(row).items.map((r) => ({
      id: r.id,
      kind: r.kind,
      loinc: r.loinc,
      effectiveAt: toIsoRequired(r.effectiveAt),
      value: r.valueNumber === null ? null : Number(r.valueNumber),
      valueText: r.valueText,
      unit: r.unit,
      interpretation: r.interpretation,
      source: r.source,
    })),
  };
}

/** Replaces the observations one source (an intake assessment, a session) derived, inside the caller's transaction. */
export async function replaceDerivedObservations(tx: Db, sourceId: string, rows: repo.ObservationInsert[]): Promise<void> {
  await repo.replaceDerivedObservations(tx, sourceId, rows);
}

/** A score's history for a patient, oldest first (letters quote the PHQ-9 trend). */
export async function scoreTrend(db: Db, patientId: string, kind: string) {
  return repo.observationsTrend(db, patientId, kind);
}

/** Stores a weight after the one weight rule, inside the caller's transaction (signing an intake). */
export const insertWeightRow = repo.insertWeightRow;
export type ObservationInsert = repo.ObservationInsert;

/** Stores a questionnaire's score as an observation, inside the caller's transaction (outcomes module). */
export const insertObservation = repo.insertObservation;
