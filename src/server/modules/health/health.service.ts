import type { Db } from '../../db/client.js';
import { ping } from './health.repository.js';

/** Whether the database answers a round trip. */
export async function databaseReachable(db: Db): Promise<boolean> {
  try {
    await ping(db);
    return true;
  } catch {
    return false;
  }
}
