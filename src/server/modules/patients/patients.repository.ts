import { createHash } from 'node:crypto';
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { batcherFor, isPoolLevel, TickBatch } from '../../db/batch.js';
import { preparedRows, queryRows, unpreparedRows } from '../../db/sql-values.js';
import type { PatientSearch } from '../../../domain/patients/search-query.js';
import { escapeLikePrefix, prefixRange } from '../../../domain/patients/search-query.js';
import { formatMrn } from '../../../domain/patients/mrn.js';

import type { Db } from '../../db/client.js';
import type { AuditClause } from '../../platform/audit/audit-trail.js';
import { patientLocations, patientRiskFlags as riskFlagsTable, patients } from '../../db/schema/patients.js';
import { defined } from '../../../domain/defined.js';

export type PatientRow = typeof patients.$inferSelect;
export type PatientDetailRow = Omit<PatientRow, 'createdAt' | 'updatedAt'> & {
  createdAt: Date | string;
  updatedAt: Date | string;
  locations: { id: string; code: string; name: string }[];
  latestWeight: { id: string; measuredAt: string; weightGrams: number; source: string } | null;
};

export type SummaryRow = {
  id: string;
  mrn: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  phoneMobile: string | null;
};

/** Whose clinics limit the search: the caller's clinic ids, or null for organization-wide access. */
export type ClinicScope = { organizationId: string; locationIds: readonly string[] | null };

const SUMMARY_COLUMNS = `p.id, p.mrn, p.legal_given_name, p.legal_family_name, p.preferred_name, p.date_of_birth::text as date_of_birth, p.phone_mobile`;
// collate "C" matches patients_name_search_idx, so a name prefix is an index range read already in list order.
const NAME_ORDER = `lower(p.legal_family_name) collate "C", lower(p.legal_given_name) collate "C", p.id`;

/**
 * One page of matching patients in name order, plus one extra row to tell whether more follow. Each search
 * kind x scope is its own prepared statement, so every shape keeps its own (index-backed) plan.
 */
export async function searchPatients(
  db: Db,
  scope: ClinicScope,
  search: PatientSearch,
  page: { limit: number; offset: number; locationId?: string | undefined },
): Promise<SummaryRow[]> {
  // Every parameter carries its cast: concurrent searches of one shape are batched into one statement (batch.ts).
  const params: unknown[] = [scope.organizationId];
  const where: string[] = ['p.organization_id = $1::uuid'];
  const add = (value: unknown) => `$${params.push(value)}`;
  switch (search.kind) {
    case 'mrn':
      where.push(`p.mrn = ${add(search.mrn)}::text`);
      break;
    case 'dob':
      where.push(`p.date_of_birth = ${add(search.dateOfBirth)}::date`);
      break;
    case 'phone': {
      const phone = add(search.e164);
      where.push(`(p.phone_mobile = ${phone}::text or p.phone_home = ${phone}::text)`);
      break;
    }
    case 'name': {
      // "Starts with" as an explicit C-collation range: exact, and unlike `like $1` it keeps the ordered index scan
      // in the prepared statement's generic plan (LIKE with a parameter is estimated at a few rows, so the
      // planner would fetch every match and sort).
      const range = prefixRange(search.family);
      if (range)
        where.push(`lower(p.legal_family_name) collate "C" >= ${add(range.lo)}::text and lower(p.legal_family_name) collate "C" < ${add(range.hi)}::text`);
      if (search.given) {
        const given = add(escapeLikePrefix(search.given) + '%');
        where.push(`(lower(p.legal_given_name) collate "C" like ${given}::text or lower(p.preferred_name) like ${given}::text)`);
      }
      break;
    }
    case 'all':
      break;
  }
  if (scope.locationIds) {
    // A scalar subquery, not EXISTS: PostgreSQL turns EXISTS into a semi join, and on a small network the generic
    // plan then hashes the caller's whole clinic scope for every item of a batch and sorts every prefix match.
    // A scalar subquery stays a per-row probe of the patient_locations primary key while the name index is read
    // in order, so the plan is the same at 10,000 and at 100,000 patients (docs/decisions/004-hot-paths.md).
    where.push(
      `(select true from patient_locations pl where pl.patient_id = p.id and pl.location_id = any(${add(`{${scope.locationIds.join(',')}}`)}::uuid[]) limit 1)`,
    );
  }
  if (page.locationId)
    where.push(`exists (select 1 from patient_locations pl2 where pl2.patient_id = p.id and pl2.location_id = ${add(page.locationId)}::uuid)`);
  // The page size is written into the statement (at most 101 variants), and the first page has no OFFSET: with a
  // parameter there, the generic plan cannot tell it wants one page, and sorts every patient instead of reading
  // the page off the name index. Later pages (rarer) are planned for their actual offset.
  const limit = page.limit + 1;
  const base = `select ${SUMMARY_COLUMNS} from patients p where ${where.join(' and ')} order by ${NAME_ORDER} limit ${limit}`;
  if (page.offset > 0) return unpreparedRows<SummaryRow>(db, `${base} offset ${add(page.offset)}::int`, params);
  const name = `patient_search_${search.kind}${search.kind === 'name' && search.given ? '_given' : ''}${search.kind === 'name' && !search.family ? '_nofamily' : ''}${scope.locationIds ? '_scoped' : ''}${page.locationId ? '_clinic' : ''}_${limit}`;
  return (await batcherFor(db, name, base, params.length).run(params)) as SummaryRow[];
}

const PATIENT_COLUMNS = `p.id, p.organization_id, p.mrn, p.legal_given_name, p.legal_middle_name, p.legal_family_name, p.preferred_name,
         p.date_of_birth::text as date_of_birth, p.sex_assigned_at_birth, p.gender_identity, p.pronouns, p.email,
         p.phone_mobile, p.phone_home, p.reminder_sms, p.reminder_email, p.preferred_language, p.address_line1, p.address_line2, p.city, p.state, p.postal_code,
         p.emergency_contact_name, p.emergency_contact_relationship, p.emergency_contact_phone, p.veteran_status,
         p.version, p.created_by, p.created_at, p.updated_at`;

const FIND_PATIENT = `
  select ${PATIENT_COLUMNS},
         coalesce((select json_agg(json_build_object('id', l.id, 'code', l.code, 'name', l.name) order by l.code)
                     from patient_locations pl join locations l on l.id = pl.location_id
                    where pl.patient_id = p.id), '[]'::json) as locations,
         (select json_build_object('id', w.id, 'measuredAt', w.measured_at, 'weightGrams', w.weight_grams, 'source', w.source)
            from patient_weights w where w.patient_id = p.id order by w.measured_at desc limit 1) as latest_weight
    from patients p
   where p.id = any($1::uuid[])`;

const readBatches = new WeakMap<Db, TickBatch<string, PatientDetailRow | null>>();

/**
 * A patient with their clinics and latest weight, in one round trip. Reads arriving in the same turn of the event
 * loop share one `id = any($1)` query (db/batch.ts); a read inside a transaction goes straight to the database.
 */
export async function findPatient(db: Db, id: string): Promise<PatientDetailRow | null> {
  if (!isPoolLevel(db)) return (await findPatients(db, [id]))[0] ?? null;
  let batch = readBatches.get(db);
  if (!batch) readBatches.set(db, (batch = new TickBatch((ids) => findPatients(db, ids))));
  return batch.add(id);
}

/** The patients with these ids, answered in the same order (null where there is none). */
async function findPatients(db: Db, ids: string[]): Promise<(PatientDetailRow | null)[]> {
  const rows = await preparedRows<Record<string, unknown>>(db, 'patient_find', FIND_PATIENT, [[...new Set(ids)]]);
  const byId = new Map(rows.map((r) => [r.id as string, toDetail(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

function toDetail(r: Record<string, unknown>): PatientDetailRow {
  return {
    id: r.id as string,
    organizationId: r.organizationId as string,
    mrn: r.mrn as string,
    legalGivenName: r.legalGivenName as string,
    legalMiddleName: r.legalMiddleName as string | null,
    legalFamilyName: r.legalFamilyName as string,
    preferredName: r.preferredName as string | null,
    dateOfBirth: r.dateOfBirth as string,
    sexAssignedAtBirth: r.sexAssignedAtBirth as string,
    genderIdentity: r.genderIdentity as string | null,
    pronouns: r.pronouns as string | null,
    email: r.email as string | null,
    phoneMobile: r.phoneMobile as string | null,
    phoneHome: r.phoneHome as string | null,
    reminderSms: r.reminderSms as boolean,
    reminderEmail: r.reminderEmail as boolean,
    preferredLanguage: r.preferredLanguage as string,
    addressLine1: r.addressLine1 as string | null,
    addressLine2: r.addressLine2 as string | null,
    city: r.city as string | null,
    state: r.state as string | null,
    postalCode: r.postalCode as string | null,
    emergencyContactName: r.emergencyContactName as string | null,
    emergencyContactRelationship: r.emergencyContactRelationship as string | null,
    emergencyContactPhone: r.emergencyContactPhone as string | null,
    veteranStatus: r.veteranStatus as string,
    version: Number(r.version),
    createdBy: r.createdBy as string | null,
    createdAt: r.createdAt as Date | string,
    updatedAt: r.updatedAt as Date | string,
    locations: r.locations as PatientDetailRow['locations'],
    latestWeight: (r.latestWeight as PatientDetailRow['latestWeight']) ?? null,
  };
}

export async function nextMrn(db: Db): Promise<string> {
  const result = await queryRows<{ n: number }>(db, sql`select nextval('patient_mrn_seq')::int as n`);
  return formatMrn(defined(result[0]).n);
}

export type PatientColumns = Partial<Omit<typeof patients.$inferInsert, 'id' | 'organizationId' | 'mrn' | 'version' | 'createdAt' | 'createdBy'>>;

export async function insertPatient(
  db: Db,
  values: PatientColumns & {
    organizationId: string;
    mrn: string;
    legalGivenName: string;
    legalFamilyName: string;
    dateOfBirth: string;
    sexAssignedAtBirth: string;
    createdBy: string | null;
  },
  locationIds: readonly string[],
): Promise<string> {
  const [row] = await db.insert(patients).values(values).returning({ id: patients.id });
  await db.insert(patientLocations).values(locationIds.map((locationId) => ({ patientId: defined(row).id, locationId })));
  return defined(row).id;
}

/**
 * Applies a change and writes its audit row in one statement (so one round trip and one commit), only if the
 * stored version is the one the editor read. Returns the new row, or null when the version did not match
 * (then no audit row is written either). The clinics and latest weight are not part of the result.
 */
export async function updatePatientAudited(
  db: Db,
  id: string,
  version: number,
  values: PatientColumns,
  audit: AuditClause,
): Promise<Omit<PatientDetailRow, 'locations' | 'latestWeight'> | null> {
  const columns = getTableColumns(patients);
  const params: unknown[] = [id, version];
  const sets = Object.entries(values).map(([key, value]) => {
    params.push(value ?? null);
    return `${columns[key as keyof typeof columns].name} = $${params.length}`;
  });
  const auditSql = audit(params.length, 'u');
  params.push(...auditSql.params);
  const text = `
    with u as (
      update patients as p set ${[...sets, 'version = p.version + 1', 'updated_at = now()'].join(', ')}
       where p.id = $1 and p.version = $2
      returning ${PATIENT_COLUMNS}
    ), a as (${auditSql.sql})
    select * from u`;
  const name = `patient_update_${createHash('sha1').update(Object.keys(values).sort().join(',')).digest('hex').slice(0, 12)}`;
  const [row] = await preparedRows<Record<string, unknown>>(db, name, text, params);
  if (!row) return null;
  const { locations: _l, latestWeight: _w, ...rest } = toDetail({ ...row, locations: [], latest_weight: null });
  return rest;
}

/** Applies a change only if the stored version is the one the editor read; returns false when it is not. */
export async function updatePatient(db: Db, id: string, version: number, values: PatientColumns): Promise<boolean> {
  const rows = await db
    .update(patients)
    .set({ ...values, version: sql`${patients.version} + 1`, updatedAt: new Date() })
    .where(and(eq(patients.id, id), eq(patients.version, version)))
    .returning({ id: patients.id });
  return rows.length === 1;
}

export async function replacePatientLocations(db: Db, patientId: string, locationIds: readonly string[]): Promise<void> {
  await db.delete(patientLocations).where(eq(patientLocations.patientId, patientId));
  await db.insert(patientLocations).values(locationIds.map((locationId) => ({ patientId, locationId })));
}

export type PatientMatchRow = {
  id: string;
  mrn: string;
  legalGivenName: string;
  legalFamilyName: string;
  dateOfBirth: string;
  phoneMobile: string | null;
  phoneHome: string | null;
  locationIds: string[];
};

/**
 * Possible duplicates of a person: the same phone (mobile or home), or the same given and family name (any case)
 * and date of birth. Both paths are index reads (phone indexes; date-of-birth index, then the names).
 */
export async function findPatientMatches(
  db: Db,
  organizationId: string,
  by: { phone: string | null; givenName?: string | undefined; familyName?: string | undefined; dateOfBirth?: string | undefined },
): Promise<PatientMatchRow[]> {
  // Only the branches that apply, so each is a plain index read whatever the plan cache does.
  const branches: SQL[] = [];
  if (by.phone) branches.push(sql`p.phone_mobile = ${by.phone} or p.phone_home = ${by.phone}`);
  if (by.givenName && by.familyName && by.dateOfBirth) {
    branches.push(sql`p.date_of_birth = ${by.dateOfBirth}::date and lower(p.legal_family_name) = lower(${by.familyName})
                      and (lower(p.legal_given_name) = lower(${by.givenName}) or lower(p.preferred_name) = lower(${by.givenName}))`);
  }
  if (branches.length === 0) return [];
  return queryRows<PatientMatchRow>(
    db,
    sql`select p.id, p.mrn, p.legal_given_name, p.legal_family_name, p.date_of_birth::text as date_of_birth, p.phone_mobile, p.phone_home,
               array(select pl.location_id from patient_locations pl where pl.patient_id = p.id) as location_ids
          from patients p
         where p.organization_id = ${organizationId} and ((${sql.join(branches, sql`) or (`)}))
         order by p.legal_family_name, p.legal_given_name
         limit 20`,
  );
}

/** A patient's organization and clinics, for access checks by other modules; null when there is no such patient. */
export async function patientAccessFacts(db: Db, id: string): Promise<{ organizationId: string; locationIds: string[] } | null> {
  const [row] = await queryRows<{ organizationId: string; locationIds: string[] }>(
    db,
    sql`select p.organization_id, array(select pl.location_id from patient_locations pl where pl.patient_id = p.id) as location_ids from patients p where p.id = ${id}`,
  );
  return row ? { organizationId: row.organizationId, locationIds: row.locationIds } : null;
}

export type PatientBasics = {
  dateOfBirth: string;
  legalGivenName: string;
  legalFamilyName: string;
  mrn: string;
  timeZone: string;
  locationId: string | null;
};

/**
 * The few facts other modules need about a patient, with the time zone of the patient's clinic (the first by code
 * when they have several, all of which are in practice in one state) so "today" can be the clinic's today.
 */
export async function patientBasics(db: Db, patientId: string): Promise<PatientBasics | null> {
  const [row] = await queryRows<PatientBasics>(
    db,
    sql`select p.date_of_birth::text as date_of_birth, p.legal_given_name, p.legal_family_name, p.mrn,
          ${patientTimeZoneSql(sql`p.id`)} as time_zone,
          (select l.id from patient_locations pl join locations l on l.id = pl.location_id where pl.patient_id = p.id order by l.code limit 1) as location_id
        from patients p where p.id = ${patientId}`,
  );
  return row ?? null;
}

/** SQL for the time zone of a patient's clinic, for queries that need each row's clinic "today". */
export function patientTimeZoneSql(patientIdColumn: SQL): SQL {
  return sql`coalesce((select l.time_zone from patient_locations pl join locations l on l.id = pl.location_id where pl.patient_id = ${patientIdColumn} order by l.code limit 1),
                      (select l.time_zone from patients pp join locations l on l.organization_id = pp.organization_id where pp.id = ${patientIdColumn} order by l.code limit 1),
                      'America/New_York')`;
}

export type RiskFlag = { id: string; source: 'public_screening' | 'lead_urgent' | 'staff'; summary: string; notedAt: string };

/** Risk flags carried into the chart, newest first. */
export async function patientRiskFlags(db: Db, patientId: string): Promise<RiskFlag[]> {
  const rows = await queryRows<{ id: string; source: RiskFlag['source']; summary: string; notedAt: string | Date }>(
    db,
    sql`select id, source, summary, noted_at from patient_risk_flags where patient_id = ${patientId} order by noted_at desc limit 50`,
  );
  return rows.map((r) => ({ id: r.id, source: r.source, summary: r.summary, notedAt: new Date(r.notedAt).toISOString() }));
}

/** Carries a risk flag into the chart (once per lead). */
export async function insertRiskFlag(db: Db, values: typeof riskFlagsTable.$inferInsert): Promise<void> {
  await db.insert(riskFlagsTable).values(values);
}

/** The patient's own contact details and reminder consents, changed from the portal (version bumped for staff's edits). */
export async function updateOwnContact(
  db: Db,
  id: string,
  values: { email?: string | null; phoneMobile?: string | null; reminderSms?: boolean; reminderEmail?: boolean; preferredLanguage?: string },
): Promise<void> {
  await db
    .update(patients)
    .set({ ...values, version: sql`${patients.version} + 1`, updatedAt: new Date() })
    .where(eq(patients.id, id));
}

/** What a claim, statement or superbill says of patients: name, birth date, sex at birth, address. One statement. */
export type PatientForBilling = {
  id: string;
  mrn: string;
  legalGivenName: string;
  legalFamilyName: string;
  dateOfBirth: string;
  sexAssignedAtBirth: string;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  email: string | null;
};

export async function patientsForBilling(db: Db, ids: readonly string[]): Promise<PatientForBilling[]> {
  if (ids.length === 0) return [];
  return queryRows<PatientForBilling>(
    db,
    sql`select id, mrn, legal_given_name, legal_family_name, date_of_birth::text as date_of_birth, sex_assigned_at_birth,
               address_line1, address_line2, city, state, postal_code, email
          from patients where id = any(${sql.param([...ids])}::uuid[])`,
  );
}

/** Where patients agreed to receive messages: email and mobile with their consents, language, and their clinic. */
export async function messageContacts(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return queryRows<{
    id: string;
    organizationId: string;
    givenName: string;
    email: string | null;
    phoneMobile: string | null;
    reminderEmail: boolean;
    reminderSms: boolean;
    preferredLanguage: string;
    locationId: string | null;
  }>(
    db,
    sql`select p.id, p.organization_id, coalesce(p.preferred_name, p.legal_given_name) as given_name, p.email, p.phone_mobile, p.reminder_email, p.reminder_sms,
               p.preferred_language,
               (select l.id from patient_locations pl join locations l on l.id = pl.location_id where pl.patient_id = p.id order by l.code limit 1) as location_id
          from patients p where p.id = any(${sql.param([...ids])}::uuid[])`,
  );
}
