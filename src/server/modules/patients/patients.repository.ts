import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/sql-values.js';
import type { PatientSearch } from '../../../domain/patients/search-query.js';
import { escapeLikePrefix } from '../../../domain/patients/search-query.js';
import { formatMrn } from '../../../domain/patients/mrn.js';
import type { Db } from '../../db/client.js';
import { locations, patientLocations, patients, patientWeights } from '../../db/schema/index.js';

export type PatientRow = typeof patients.$inferSelect;
export type PatientDetailRow = Omit<PatientRow, 'createdAt' | 'updatedAt'> & {
  createdAt: Date | string;
  updatedAt: Date | string;
  locations: { id: string; code: string; name: string }[];
  latestWeight: { id: string; measured_at: string; weight_grams: number; source: string } | null;
};

export type SummaryRow = {
  id: string;
  mrn: string;
  legal_given_name: string;
  legal_family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  phone_mobile: string | null;
};

/** Clinics a user is limited to, or null for organization-wide access. */
export type ClinicScope = { organizationId: string; locationIds: readonly string[] | null };

function scopeCondition(scope: ClinicScope, locationId: string | undefined): SQL {
  const parts: SQL[] = [sql`p.organization_id = ${scope.organizationId}`];
  if (scope.locationIds) {
    parts.push(sql`exists (select 1 from patient_locations pl where pl.patient_id = p.id and pl.location_id = any(${sql.param(scope.locationIds)}::uuid[]))`);
  }
  if (locationId) parts.push(sql`exists (select 1 from patient_locations pl2 where pl2.patient_id = p.id and pl2.location_id = ${locationId})`);
  return sql.join(parts, sql` and `);
}

function searchCondition(search: PatientSearch): SQL {
  switch (search.kind) {
    case 'mrn':
      return sql`p.mrn = ${search.mrn}`;
    case 'dob':
      return sql`p.date_of_birth = ${search.dateOfBirth}::date`;
    case 'phone':
      return sql`(p.phone_mobile = ${search.e164} or p.phone_home = ${search.e164})`;
    case 'name': {
      const family = sql`lower(p.legal_family_name) like ${escapeLikePrefix(search.family) + '%'}`;
      if (!search.given) return family;
      const given = escapeLikePrefix(search.given) + '%';
      return sql`${family} and (lower(p.legal_given_name) like ${given} or lower(p.preferred_name) like ${given})`;
    }
    case 'name-any': {
      const prefix = escapeLikePrefix(search.prefix) + '%';
      return sql`(lower(p.legal_family_name) like ${prefix} or lower(p.legal_given_name) like ${prefix} or lower(p.preferred_name) like ${prefix})`;
    }
    case 'all':
      return sql`true`;
  }
}

/** One page of matching patients in name order, plus one extra row to tell whether more follow. */
export async function searchPatients(
  db: Db,
  scope: ClinicScope,
  search: PatientSearch,
  page: { limit: number; offset: number; locationId?: string | undefined },
): Promise<SummaryRow[]> {
  const result = await queryRows<SummaryRow>(db, sql`
    select p.id, p.mrn, p.legal_given_name, p.legal_family_name, p.preferred_name, p.date_of_birth::text as date_of_birth, p.phone_mobile
      from patients p
     where ${searchCondition(search)} and ${scopeCondition(scope, page.locationId)}
     order by lower(p.legal_family_name), lower(p.legal_given_name), p.id
     limit ${page.limit + 1} offset ${page.offset}`);
  return result;
}

/** A patient with their clinics and latest weight, in one round trip. */
export async function findPatient(db: Db, id: string): Promise<PatientDetailRow | null> {
  const result = await queryRows<Record<string, unknown>>(db, sql`
    select p.id, p.organization_id, p.mrn, p.legal_given_name, p.legal_middle_name, p.legal_family_name, p.preferred_name,
           p.date_of_birth::text as date_of_birth, p.sex_assigned_at_birth, p.gender_identity, p.pronouns, p.email,
           p.phone_mobile, p.phone_home, p.preferred_language, p.address_line1, p.address_line2, p.city, p.state, p.postal_code,
           p.emergency_contact_name, p.emergency_contact_relationship, p.emergency_contact_phone, p.veteran_status,
           p.version, p.created_by, p.created_at, p.updated_at,
           coalesce((select json_agg(json_build_object('id', l.id, 'code', l.code, 'name', l.name) order by l.code)
                       from patient_locations pl join locations l on l.id = pl.location_id
                      where pl.patient_id = p.id), '[]'::json) as locations,
           (select json_build_object('id', w.id, 'measured_at', w.measured_at, 'weight_grams', w.weight_grams, 'source', w.source)
              from patient_weights w where w.patient_id = p.id order by w.measured_at desc limit 1) as latest_weight
      from patients p
     where p.id = ${id}`);
  const r = result[0];
  if (!r) return null;
  return {
    id: r.id as string,
    organizationId: r.organization_id as string,
    mrn: r.mrn as string,
    legalGivenName: r.legal_given_name as string,
    legalMiddleName: r.legal_middle_name as string | null,
    legalFamilyName: r.legal_family_name as string,
    preferredName: r.preferred_name as string | null,
    dateOfBirth: r.date_of_birth as string,
    sexAssignedAtBirth: r.sex_assigned_at_birth as string,
    genderIdentity: r.gender_identity as string | null,
    pronouns: r.pronouns as string | null,
    email: r.email as string | null,
    phoneMobile: r.phone_mobile as string | null,
    phoneHome: r.phone_home as string | null,
    preferredLanguage: r.preferred_language as string,
    addressLine1: r.address_line1 as string | null,
    addressLine2: r.address_line2 as string | null,
    city: r.city as string | null,
    state: r.state as string | null,
    postalCode: r.postal_code as string | null,
    emergencyContactName: r.emergency_contact_name as string | null,
    emergencyContactRelationship: r.emergency_contact_relationship as string | null,
    emergencyContactPhone: r.emergency_contact_phone as string | null,
    veteranStatus: r.veteran_status as string,
    version: Number(r.version),
    createdBy: r.created_by as string | null,
    createdAt: r.created_at as Date | string,
    updatedAt: r.updated_at as Date | string,
    locations: r.locations as PatientDetailRow['locations'],
    latestWeight: (r.latest_weight as PatientDetailRow['latestWeight']) ?? null,
  };
}

export async function nextMrn(db: Db): Promise<string> {
  const result = await queryRows<{ n: number }>(db, sql`select nextval('patient_mrn_seq')::int as n`);
  return formatMrn(Number(result[0]!.n));
}

export type PatientColumns = Partial<Omit<typeof patients.$inferInsert, 'id' | 'organizationId' | 'mrn' | 'version' | 'createdAt' | 'createdBy'>>;

export async function insertPatient(
  db: Db,
  values: PatientColumns & { organizationId: string; mrn: string; legalGivenName: string; legalFamilyName: string; dateOfBirth: string; sexAssignedAtBirth: string; createdBy: string | null },
  locationIds: readonly string[],
): Promise<string> {
  const [row] = await db.insert(patients).values(values).returning({ id: patients.id });
  await db.insert(patientLocations).values(locationIds.map((locationId) => ({ patientId: row!.id, locationId })));
  return row!.id;
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

/** Which of these ids are active clinics of the organization. */
export async function existingLocationIds(db: Db, organizationId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: locations.id })
    .from(locations)
    .where(and(eq(locations.organizationId, organizationId), eq(locations.active, true), inArray(locations.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

export async function listWeights(db: Db, patientId: string) {
  return db
    .select()
    .from(patientWeights)
    .where(eq(patientWeights.patientId, patientId))
    .orderBy(sql`${patientWeights.measuredAt} desc`)
    .limit(200);
}

export async function insertWeight(db: Db, values: typeof patientWeights.$inferInsert) {
  const [row] = await db.insert(patientWeights).values(values).returning();
  return row!;
}
