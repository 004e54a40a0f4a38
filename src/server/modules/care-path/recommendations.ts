import type { Db } from '../../db/client.js';
import { findRecommendation } from './care-path.repository.js';

/** The patient a recorded recommendation belongs to and the option chosen, for a course started from it. */
export async function recommendationBasis(db: Db, id: string): Promise<{ patientId: string; chosenOption: string | null } | null> {
  const row = await findRecommendation(db, id);
  return row ? { patientId: row.patientId, chosenOption: row.chosenOption } : null;
}
