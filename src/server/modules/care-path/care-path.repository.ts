import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { carePathRecommendations } from '../../db/schema/care-path.js';
import { queryRows } from '../../db/sql-values.js';
import { defined } from '../../../domain/defined.js';

export async function insertRecommendation(db: Db, values: typeof carePathRecommendations.$inferInsert): Promise<string> {
  const [row] = await db.insert(carePathRecommendations).values(values).returning({ id: carePathRecommendations.id });
  return defined(row).id;
}

export type RecommendationRow = {
  id: string;
  patientId: string;
  engineVersion: string;
  result: Record<string, unknown>;
  coverage: Record<string, unknown>[];
  policyIds: string[];
  chosenOption: string | null;
  choiceReason: string | null;
  createdBy: string;
  createdByName: string;
  createdAt: string | Date;
};

export async function listRecommendations(db: Db, patientId: string): Promise<RecommendationRow[]> {
  return queryRows<RecommendationRow>(
    db,
    sql`select r.id, r.patient_id, r.engine_version, r.result, r.coverage, r.policy_ids, r.chosen_option, r.choice_reason, r.created_by, u.display_name as created_by_name, r.created_at
          from care_path_recommendations r join users u on u.id = r.created_by where r.patient_id = ${patientId} order by r.created_at desc limit 50`,
  );
}

export async function findRecommendation(db: Db, id: string): Promise<RecommendationRow | null> {
  const [row] = await queryRows<RecommendationRow>(
    db,
    sql`select r.id, r.patient_id, r.engine_version, r.result, r.coverage, r.policy_ids, r.chosen_option, r.choice_reason, r.created_by, u.display_name as created_by_name, r.created_at
          from care_path_recommendations r join users u on u.id = r.created_by where r.id = ${id}`,
  );
  return row ?? null;
}
