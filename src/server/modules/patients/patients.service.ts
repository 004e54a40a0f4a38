import { existingLocationIds } from '../locations/index.js';
import type { SessionUser } from '../../../contracts/auth.js';
import type { PatientCreate, PatientUpdate } from '../../../contracts/patients.js';
import { parsePatientSearch } from '../../../domain/patients/search-query.js';

import type { Db } from '../../db/client.js';
import { seesAllClinics, type Permission } from '../../platform/access/permissions.js';
import { authorize, type AccessRecord } from '../../platform/access/authorize.js';
import { auditInsertFrom, type AuditContext, type AuditTrail } from '../../platform/audit/audit-trail.js';
import { badRequest, versionConflict, type FieldProblem } from '../../platform/errors.js';
import * as repo from './patients.repository.js';
import type { PatientColumns, PatientDetailRow } from './patients.repository.js';
import { presentPatient, presentSummary } from './patients.presenter.js';
import { defined } from '../../../domain/defined.js';

export type PatientDeps = { db: Db; audit: AuditTrail };

function scopeOf(user: SessionUser): repo.ClinicScope {
  return { organizationId: user.organizationId, locationIds: seesAllClinics(user) ? null : user.locationIds };
}

export async function searchPatients(
  deps: PatientDeps,
  user: SessionUser,
  query: { q?: string | undefined; locationId?: string | undefined; limit: number; offset: number },
  ctx: AuditContext,
) {
  const search = parsePatientSearch(query.q);
  const rows = await repo.searchPatients(deps.db, scopeOf(user), search, query);
  const hasMore = rows.length > query.limit;
  const items = rows.slice(0, query.limit).map(presentSummary);
  deps.audit.record(ctx, {
    action: 'patient.search',
    outcome: 'success',
    details: { q: query.q ?? '', interpretedAs: search.kind, locationId: query.locationId ?? null, offset: query.offset, resultIds: items.map((i) => i.id) },
  });
  return { items, offset: query.offset, limit: query.limit, hasMore, interpretedAs: search.kind };
}

/** The access facts of a patient record, for the one access rule (platform/access/authorize.ts). */
function patientRecord(id: string, facts: { organizationId: string; locationIds: readonly string[] } | null): AccessRecord | null {
  return facts ? { type: 'patient', id, organizationId: facts.organizationId, locationIds: facts.locationIds, patientId: id } : null;
}

const PATIENT_REFUSAL = 'This patient is not registered at any of your clinics.';

/** Loads a patient the user may see, or throws 404/403 (and audits the refusal). */
async function loadAccessible(deps: PatientDeps, user: SessionUser, id: string, ctx: AuditContext, action: string): Promise<PatientDetailRow> {
  const row = await repo.findPatient(deps.db, id);
  authorize(deps, ctx, user, action, patientRecord(id, row && { organizationId: row.organizationId, locationIds: row.locations.map((l) => l.id) }), {
    label: 'Patient',
    refusal: PATIENT_REFUSAL,
  });
  return defined(row);
}

export async function readPatient(deps: PatientDeps, user: SessionUser, id: string, ctx: AuditContext) {
  const row = await loadAccessible(deps, user, id, ctx, 'patient.read');
  deps.audit.record(ctx, { action: 'patient.read', outcome: 'success', entityType: 'patient', entityId: id, patientId: id });
  return presentPatient(row, user);
}

function toColumns(input: Partial<PatientCreate>): PatientColumns {
  const c: PatientColumns = {};
  const copy = [
    'legalGivenName',
    'legalMiddleName',
    'legalFamilyName',
    'preferredName',
    'dateOfBirth',
    'sexAssignedAtBirth',
    'genderIdentity',
    'pronouns',
    'email',
    'phoneMobile',
    'phoneHome',
    'reminderSms',
    'reminderEmail',
    'preferredLanguage',
    'veteranStatus',
  ] as const;
  for (const key of copy) if (input[key] !== undefined) (c as Record<string, unknown>)[key] = input[key];
  if (input.address !== undefined) {
    const a = input.address;
    Object.assign(c, {
      addressLine1: a?.line1 ?? null,
      addressLine2: a?.line2 ?? null,
      city: a?.city ?? null,
      state: a?.state ?? null,
      postalCode: a?.postalCode ?? null,
    });
  }
  if (input.emergencyContact !== undefined) {
    const e = input.emergencyContact;
    Object.assign(c, { emergencyContactName: e?.name ?? null, emergencyContactRelationship: e?.relationship ?? null, emergencyContactPhone: e?.phone ?? null });
  }
  return c;
}

/** Clinics must exist, and staff limited to clinics must keep the patient in at least one of theirs. */
async function checkClinics(db: Db, user: SessionUser, locationIds: readonly string[]): Promise<void> {
  const unique = [...new Set(locationIds)];
  const found = await existingLocationIds(db, user.organizationId, unique);
  const problems: FieldProblem[] = unique.flatMap((id) => {
    const index = locationIds.indexOf(id);
    return found.has(id) ? [] : [{ path: `locationIds.${index}`, message: 'is not an active clinic' }];
  });
  if (problems.length) throw badRequest('Unknown clinic.', problems);
  if (!seesAllClinics(user) && !unique.some((id) => user.locationIds.includes(id))) {
    throw badRequest('Include at least one of your own clinics, or you could not open this patient afterwards.', [
      { path: 'locationIds', message: 'must include one of your clinics' },
    ]);
  }
}

export async function createPatient(deps: PatientDeps, user: SessionUser, input: PatientCreate, ctx: AuditContext) {
  await checkClinics(deps.db, user, input.locationIds);
  const id = await deps.db.transaction(async (tx) => {
    const mrn = await repo.nextMrn(tx);
    const columns = toColumns(input);
    const newId = await repo.insertPatient(
      tx,
      {
        ...columns,
        organizationId: user.organizationId,
        mrn,
        legalGivenName: input.legalGivenName,
        legalFamilyName: input.legalFamilyName,
        dateOfBirth: input.dateOfBirth,
        sexAssignedAtBirth: input.sexAssignedAtBirth,
        createdBy: user.id,
      },
      [...new Set(input.locationIds)],
    );
    await deps.audit.recordWithin(tx, ctx, {
      action: 'patient.create',
      outcome: 'success',
      entityType: 'patient',
      entityId: newId,
      patientId: newId,
      details: { mrn },
    });
    return newId;
  });
  const row = await repo.findPatient(deps.db, id);
  return presentPatient(defined(row), user);
}

export async function updatePatient(deps: PatientDeps, user: SessionUser, id: string, input: PatientUpdate, ctx: AuditContext) {
  const before = await loadAccessible(deps, user, id, ctx, 'patient.update');
  const { version, locationIds, ...fields } = input;
  if (locationIds) await checkClinics(deps.db, user, locationIds);
  const columns = toColumns(fields);
  const changed = [...Object.keys(fields), ...(locationIds ? ['locationIds'] : [])];
  const entry = {
    action: 'patient.update',
    outcome: 'success',
    entityType: 'patient',
    entityId: id,
    patientId: id,
    details: { fields: changed, fromVersion: version },
  } as const;

  if (!locationIds) {
    // The common edit: change and audit row in one statement; clinics and latest weight are as read above.
    const row = await repo.updatePatientAudited(deps.db, id, version, columns, (offset, from) => auditInsertFrom(ctx, entry, offset, from));
    if (!row) throw versionConflict('This patient');
    return presentPatient({ ...row, locations: before.locations, latestWeight: before.latestWeight }, user);
  }
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updatePatient(tx, id, version, columns))) throw versionConflict('This patient');
    await repo.replacePatientLocations(tx, id, [...new Set(locationIds)]);
    await deps.audit.recordWithin(tx, ctx, entry);
  });
  return presentPatient(defined(await repo.findPatient(deps.db, id)), user);
}

/**
 * Authorizes a read of one patient's records and audits both outcomes: a refusal at once (by assertPatientAccess),
 * the success when the caller reports it with `done(details)` after the read. Answers the patient's access facts.
 */
export async function authorizePatientRead(deps: { db: Db; audit: AuditTrail }, user: SessionUser, patientId: string, ctx: AuditContext, action: string) {
  return authorizePatient(deps, user, patientId, ctx, action);
}

/**
 * The patients module's authorize(actor, action, record): loads the patient's clinics, applies the one access rule
 * (optionally with a permission the route gate did not already check) and audits both outcomes: a refusal at once,
 * the success when the caller calls `done()` after its work. Other modules reach patients' records through it.
 */
export async function authorizePatient(
  deps: { db: Db; audit: AuditTrail },
  user: SessionUser,
  patientId: string,
  ctx: AuditContext,
  action: string,
  permission?: Permission,
) {
  const facts = await repo.patientAccessFacts(deps.db, patientId);
  const grant = authorize(deps, ctx, user, action, patientRecord(patientId, facts), {
    label: 'Patient',
    refusal: PATIENT_REFUSAL,
    ...(permission ? { permission } : {}),
  });
  return { facts: defined(facts), done: grant.done };
}

/**
 * For other modules: the patient's clinics, after checking the user may open this patient (404 when not in the
 * organization; 403, audited, when not at one of the user's clinics). The caller audits its own success.
 */
export async function assertPatientAccess(deps: { db: Db; audit: AuditTrail }, user: SessionUser, patientId: string, ctx: AuditContext, action: string) {
  return (await authorizePatient(deps, user, patientId, ctx, action)).facts;
}
