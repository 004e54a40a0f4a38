import { eq, sql } from 'drizzle-orm';
import { isPlausibleWeightGrams } from '../../../domain/patients/weight.js';
import { isPoolLevel, TickBatch } from '../../db/batch.js';
import type { Db } from '../../db/client.js';
import type { AuditClause } from '../../platform/audit/audit-trail.js';
import { observations, patientWeights } from '../../db/schema/observations.js';
import { preparedRows, queryRows } from '../../db/sql-values.js';
import { defined } from '../../../domain/defined.js';

// Every measured value of a patient: questionnaire scores, vital signs (observations) and weights.
// The timeline reads the patient's clinic facts in the same statement (one round trip on a hot path).

export type ObservationInsert = typeof observations.$inferInsert;

/** Replaces the observations derived from one assessment (its scores and vitals) with a new set. */
export async function replaceDerivedObservations(db: Db, sourceId: string, rows: ObservationInsert[]): Promise<void> {
  await db.execute(sql`delete from observations where source_id = ${sourceId}`);
  if (rows.length) await db.insert(observations).values(rows);
}

export type TimelineRow = {
  organizationId: string;
  locationIds: string[];
  items: {
    id: string;
    kind: string;
    loinc: string | null;
    effectiveAt: string;
    valueNumber: string | null;
    valueText: string | null;
    unit: string | null;
    interpretation: string | null;
    source: string;
  }[];
};

// JSON keys are camelCase like every row a repository returns.
const TIMELINE_COLUMNS = `o.id, o.kind, o.loinc, o.effective_at as "effectiveAt", o.value_number::text as "valueNumber", o.value_text as "valueText", o.unit, o.interpretation, o.source`;
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
  const byOrd = new Map(rows.map((r) => [r.ord, r]));
  return keys.map((_, i) => byOrd.get(i + 1) ?? null);
}

/**
 * A patient's access facts and observations (one kind, or all), in one round trip: the outcome timeline is a hot
 * read, so timelines requested in the same turn of the event loop share one prepared statement (db/batch.ts),
 * read through observations_patient_kind_idx. Null when there is no such patient.
 */
export async function timelineWithAccess(db: Db, patientId: string, kind: string | undefined): Promise<TimelineRow | null> {
  const key = { patientId, kind: kind ?? null };
  if (!isPoolLevel(db)) return (await timelines(db, [key]))[0] ?? null;
  let batch = timelineBatches.get(db);
  if (!batch) timelineBatches.set(db, (batch = new TickBatch((keys) => timelines(db, keys))));
  return batch.add(key);
}

/** Records a weight and its audit row in one statement. */
export async function insertWeightAudited(
  db: Db,
  values: { patientId: string; measuredAt: Date; weightGrams: number; source: string; recordedBy: string },
  audit: AuditClause,
): Promise<typeof patientWeights.$inferSelect> {
  const params: unknown[] = [values.patientId, values.measuredAt.toISOString(), values.weightGrams, values.source, values.recordedBy];
  const auditSql = audit(params.length, 'w');
  const text = `
    with w as (
      insert into patient_weights (patient_id, measured_at, weight_grams, source, recorded_by)
      values ($1::uuid, $2::timestamptz, $3::int, $4::text, $5::uuid)
      returning id, patient_id, measured_at, weight_grams, source, recorded_by, created_at
    ), a as (${auditSql.sql})
    select * from w`;
  const [r] = await preparedRows<Record<string, unknown>>(db, 'patient_weight_insert', text, [...params, ...auditSql.params]);
  return {
    id: defined(r).id as string,
    patientId: defined(r).patientId as string,
    measuredAt: new Date(defined(r).measuredAt as string),
    weightGrams: Number(defined(r).weightGrams),
    source: defined(r).source as string,
    recordedBy: defined(r).recordedBy as string,
    createdAt: new Date(defined(r).createdAt as string),
  };
}

export async function listWeights(db: Db, patientId: string) {
  return db
    .select()
    .from(patientWeights)
    .where(eq(patientWeights.patientId, patientId))
    .orderBy(sql`${patientWeights.measuredAt} desc`)
    .limit(200);
}

/** Stores a weight after the one weight rule (domain/patients/weight.ts), inside the caller's transaction. */
export async function insertWeightRow(db: Db, values: typeof patientWeights.$inferInsert): Promise<void> {
  if (!isPlausibleWeightGrams(values.weightGrams)) throw new Error(`weight ${values.weightGrams} g breaks the weight rule`);
  await db.insert(patientWeights).values(values);
}

export async function observationsTrend(db: Db, patientId: string, kind: string) {
  return queryRows<{ effectiveAt: string | Date; valueNumber: string | null; interpretation: string | null }>(
    db,
    sql`select effective_at, value_number, interpretation from observations where patient_id = ${patientId} and kind = ${kind} order by effective_at`,
  );
}

/** Stores one observation (a questionnaire's score), inside the caller's transaction; answers its id. */
export async function insertObservation(db: Db, row: ObservationInsert): Promise<string> {
  const [inserted] = await db.insert(observations).values(row).returning({ id: observations.id });
  return defined(inserted).id;
}
