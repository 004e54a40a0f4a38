import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { intakeAmendments, intakeAssessments, observations, patientWeights } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql-values.js';

export type AssessmentRow = {
  id: string;
  organization_id: string;
  patient_id: string;
  appointment_id: string | null;
  status: 'draft' | 'signed';
  content: Record<string, unknown>;
  version: number;
  created_by: string;
  created_by_name: string;
  created_at: string | Date;
  updated_at: string | Date;
  signed_by: string | null;
  signed_by_name: string | null;
  signed_at: string | Date | null;
  signed_content_hash: string | null;
};

export type AmendmentRow = { sequence: number; content: Record<string, unknown>; reason: string; amended_at: string | Date; amended_by: string; amended_by_name: string };

export async function findAssessment(db: Db, id: string, forUpdate = false): Promise<AssessmentRow | null> {
  const lock = forUpdate ? sql`for update of a` : sql``;
  const [row] = await queryRows<AssessmentRow>(
    db,
    sql`select a.id, a.organization_id, a.patient_id, a.appointment_id, a.status, a.content, a.version, a.created_by, cu.display_name as created_by_name,
               a.created_at, a.updated_at, a.signed_by, su.display_name as signed_by_name, a.signed_at, a.signed_content_hash
          from intake_assessments a join users cu on cu.id = a.created_by left join users su on su.id = a.signed_by
         where a.id = ${id} ${lock}`,
  );
  return row ?? null;
}

export async function listAmendments(db: Db, assessmentId: string): Promise<AmendmentRow[]> {
  return queryRows<AmendmentRow>(
    db,
    sql`select m.sequence, m.content, m.reason, m.amended_at, m.amended_by, u.display_name as amended_by_name
          from intake_amendments m join users u on u.id = m.amended_by where m.assessment_id = ${assessmentId} order by m.sequence`,
  );
}

export async function listForPatient(db: Db, patientId: string) {
  return queryRows<{ id: string; status: 'draft' | 'signed'; created_at: string | Date; signed_at: string | Date | null; version: number }>(
    db,
    sql`select id, status, created_at, signed_at, version from intake_assessments where patient_id = ${patientId} order by created_at desc`,
  );
}

export async function insertAssessment(db: Db, values: typeof intakeAssessments.$inferInsert): Promise<string> {
  const [row] = await db.insert(intakeAssessments).values(values).returning({ id: intakeAssessments.id });
  return row!.id;
}

export async function updateDraft(db: Db, id: string, version: number, content: Record<string, unknown>, userId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update intake_assessments set content = ${JSON.stringify(content)}::jsonb, version = version + 1, updated_by = ${userId}, updated_at = now()
         where id = ${id} and version = ${version} and status = 'draft' returning id`,
  );
  return rows.length === 1;
}

export async function markSigned(db: Db, id: string, version: number, userId: string, hash: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update intake_assessments set status = 'signed', signed_by = ${userId}, signed_at = now(), signed_content_hash = ${hash}, version = version + 1, updated_at = now()
         where id = ${id} and version = ${version} and status = 'draft' returning id`,
  );
  return rows.length === 1;
}

export async function bumpVersion(db: Db, id: string, version: number, userId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`update intake_assessments set version = version + 1, updated_by = ${userId}, updated_at = now() where id = ${id} and version = ${version} returning id`);
  return rows.length === 1;
}

export async function insertAmendment(db: Db, values: Omit<typeof intakeAmendments.$inferInsert, 'sequence'>): Promise<number> {
  const [row] = await queryRows<{ sequence: number }>(
    db,
    sql`insert into intake_amendments (assessment_id, sequence, content, reason, amended_by)
        select ${values.assessmentId}, coalesce(max(sequence), 0) + 1, ${JSON.stringify(values.content)}::jsonb, ${values.reason}, ${values.amendedBy}
          from intake_amendments where assessment_id = ${values.assessmentId}
        returning sequence`,
  );
  return Number(row!.sequence);
}

export type ObservationInsert = typeof observations.$inferInsert;

/** Replaces the observations derived from one assessment (its scores and vitals) with a new set. */
export async function replaceDerivedObservations(db: Db, sourceId: string, rows: ObservationInsert[]): Promise<void> {
  await db.execute(sql`delete from observations where source_id = ${sourceId}`);
  if (rows.length) await db.insert(observations).values(rows);
}

export async function insertWeight(db: Db, values: typeof patientWeights.$inferInsert): Promise<void> {
  await db.insert(patientWeights).values(values);
}

export async function listObservations(db: Db, patientId: string, kind?: string) {
  const filter = kind ? sql`and kind = ${kind}` : sql``;
  return queryRows<{ id: string; kind: string; loinc: string | null; effective_at: string | Date; value_number: string | null; value_text: string | null; unit: string | null; interpretation: string | null; source: string }>(
    db,
    sql`select id, kind, loinc, effective_at, value_number, value_text, unit, interpretation, source
          from observations where patient_id = ${patientId} ${filter} order by kind, effective_at desc limit 500`,
  );
}

export async function listAppointments(db: Db, patientId: string) {
  return queryRows<{ id: string; kind: string; starts_at: string | Date; ends_at: string | Date; status: string; location_id: string; clinic_name: string; time_zone: string; provider_id: string; provider_name: string }>(
    db,
    sql`select a.id, a.kind, a.starts_at, a.ends_at, a.status, a.location_id, l.name as clinic_name, l.time_zone, a.provider_id, u.display_name as provider_name
          from appointments a join locations l on l.id = a.location_id join users u on u.id = a.provider_id
         where a.patient_id = ${patientId} order by a.starts_at desc limit 100`,
  );
}

export async function latestSignedId(db: Db, patientId: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(db, sql`select id from intake_assessments where patient_id = ${patientId} and status = 'signed' order by signed_at desc limit 1`);
  return row?.id ?? null;
}
