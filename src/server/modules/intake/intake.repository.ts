import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { intakeAmendments, intakeAssessments, observations } from '../../db/schema/intake.js';
import { preparedRows, queryRows } from '../../db/sql-values.js';
import { isPoolLevel, TickBatch } from '../../db/batch.js';

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

export type AmendmentRow = {
  sequence: number;
  content: Record<string, unknown>;
  reason: string;
  amended_at: string | Date;
  amended_by: string;
  amended_by_name: string;
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
  return Number(row!.sequence);
}

export type ObservationInsert = typeof observations.$inferInsert;

/** Replaces the observations derived from one assessment (its scores and vitals) with a new set. */
export async function replaceDerivedObservations(db: Db, sourceId: string, rows: ObservationInsert[]): Promise<void> {
  await db.execute(sql`delete from observations where source_id = ${sourceId}`);
  if (rows.length) await db.insert(observations).values(rows);
}

export async function latestSignedId(db: Db, patientId: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from intake_assessments where patient_id = ${patientId} and status = 'signed' order by signed_at desc limit 1`,
  );
  return row?.id ?? null;
}

export type TimelineRow = {
  organization_id: string;
  location_ids: string[];
  items: {
    id: string;
    kind: string;
    loinc: string | null;
    effective_at: string;
    value_number: string | null;
    value_text: string | null;
    unit: string | null;
    interpretation: string | null;
    source: string;
  }[];
};

const TIMELINE_COLUMNS = `o.id, o.kind, o.loinc, o.effective_at, o.value_number::text as value_number, o.value_text, o.unit, o.interpretation, o.source`;
// Many timelines in one statement: each (patient, kind) pair is a row of the unnest, answered in its own row.
const TIMELINE_BATCH = `
  select q.ord::int as ord, p.organization_id,
         array(select pl.location_id from patient_locations pl where pl.patient_id = p.id) as location_ids,
         coalesce((select json_agg(t) from (select ${TIMELINE_COLUMNS} from observations o
                   where o.patient_id = p.id and (q.kind is null or o.kind = q.kind)
                   order by o.kind, o.effective_at desc limit 500) t), '[]'::json) as items
    from unnest($1::uuid[], $2::text[]) with ordinality as q(id, kind, ord)
    join patients p on p.id = q.id`;

type TimelineKey = { patientId: string; kind: string | null };
const timelineBatches = new WeakMap<Db, TickBatch<TimelineKey, TimelineRow | null>>();

async function timelines(db: Db, keys: TimelineKey[]): Promise<(TimelineRow | null)[]> {
  const rows = await preparedRows<TimelineRow & { ord: number }>(db, 'observation_timelines', TIMELINE_BATCH, [
    keys.map((k) => k.patientId),
    keys.map((k) => k.kind),
  ]);
  const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
  return keys.map((_, i) => byOrd.get(i + 1) ?? null);
}

/**
 * A patient's access facts and observations (one kind, or all), in one round trip: the outcome timeline is a hot
 * read, so timelines requested in the same turn of the event loop share one prepared statement (db/batch.ts),
 * read through observations_patient_kind_idx. Null when there is no such patient.
 */
export async function timelineWithAccess(db: Db, patientId: string, kind: string | undefined): Promise<TimelineRow | null> {
  const key = { patientId, kind: kind ?? null };
  if (!isPoolLevel(db)) return (await timelines(db, [key]))[0]!;
  let batch = timelineBatches.get(db);
  if (!batch) timelineBatches.set(db, (batch = new TickBatch((keys) => timelines(db, keys))));
  return batch.add(key);
}
