import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { intakeAmendments, intakeAssessments } from '../../db/schema/intake.js';
import { queryRows } from '../../db/sql-values.js';
import { defined } from '../../../domain/defined.js';

export type AssessmentRow = {
  id: string;
  organizationId: string;
  patientId: string;
  appointmentId: string | null;
  status: 'draft' | 'signed';
  content: Record<string, unknown>;
  version: number;
  createdBy: string;
  createdByName: string;
  createdAt: string | Date;
  updatedAt: string | Date;
  signedBy: string | null;
  signedByName: string | null;
  signedAt: string | Date | null;
  signedContentHash: string | null;
};

export type AmendmentRow = {
  sequence: number;
  content: Record<string, unknown>;
  reason: string;
  amendedAt: string | Date;
  amendedBy: string;
  amendedByName: string;
};

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
  return queryRows<{ id: string; status: 'draft' | 'signed'; createdAt: string | Date; signedAt: string | Date | null; version: number }>(
    db,
    sql`select id, status, created_at, signed_at, version from intake_assessments where patient_id = ${patientId} order by created_at desc`,
  );
}

export async function insertAssessment(db: Db, values: typeof intakeAssessments.$inferInsert): Promise<string> {
  const [row] = await db.insert(intakeAssessments).values(values).returning({ id: intakeAssessments.id });
  return defined(row).id;
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
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update intake_assessments set version = version + 1, updated_by = ${userId}, updated_at = now() where id = ${id} and version = ${version} returning id`,
  );
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
  return defined(row).sequence;
}

export async function latestSignedId(db: Db, patientId: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from intake_assessments where patient_id = ${patientId} and status = 'signed' order by signed_at desc limit 1`,
  );
  return row?.id ?? null;
}

/** Each patient's diagnosis codes from their latest signed intake (its latest amendment), primary first: one statement. */
export async function signedDiagnoses(db: Db, patientIds: readonly string[]): Promise<Map<string, string[]>> {
  if (patientIds.length === 0) return new Map();
  const rows = await queryRows<{ patientId: string; diagnoses: { code: string; primary?: boolean }[] | null }>(
    db,
    sql`select distinct on (a.patient_id) a.patient_id,
               coalesce((select m.content from intake_amendments m where m.assessment_id = a.id order by m.sequence desc limit 1), a.content)->'diagnoses' as diagnoses
          from intake_assessments a
         where a.patient_id = any(${sql.param([...patientIds])}::uuid[]) and a.status = 'signed'
         order by a.patient_id, a.signed_at desc`,
  );
  return new Map(
    rows.map((r) => [r.patientId, [...(r.diagnoses ?? [])].sort((x, y) => Number(Boolean(y.primary)) - Number(Boolean(x.primary))).map((d) => d.code)]),
  );
}
