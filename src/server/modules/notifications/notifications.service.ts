import type { Db } from '../../db/client.js';
import * as repo from './notifications.repository.js';

// The signed-in user's in-app notifications; other modules notify through notifyOnce.
export { listFor, markRead } from './notifications.repository.js';
export type { NewNotification } from './notifications.repository.js';

/** Notifies each recipient once per kind and subject, inside the caller's transaction; answers the subjects notified. */
export function notifyOnce(tx: Db, rows: readonly repo.NewNotification[]): Promise<string[]> {
  return repo.insertOnce(tx, rows);
}
