import PgBoss from 'pg-boss';

/** What pg-boss needs of the database (`Database.executeSql` in db/client.ts, which calls `installJobQueue`). */
export type SqlExecutor = { executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number }> };

/** pg-boss keeps its queues, jobs and job history in this schema, beside the app's tables. */
export const JOB_SCHEMA = 'pgboss';

/** A pg-boss instance that talks through the app's own pool (or PGlite), never a pool of its own. */
export function newJobQueue(database: SqlExecutor, options: Omit<PgBoss.ConstructorOptions, 'db' | 'schema'> = {}): PgBoss {
  return new PgBoss({
    ...options,
    schema: JOB_SCHEMA,
    db: { executeSql: async (text: string, values: unknown[]) => database.executeSql(text, values) },
  });
}

/**
 * Creates (or upgrades) pg-boss's schema as part of the app's migrations, so a migrated database, the test template
 * among them, already holds it. pg-boss takes its own advisory lock, so instances that start together are safe.
 */
export async function installJobQueue(database: SqlExecutor): Promise<void> {
  const boss = newJobQueue(database, { supervise: false, schedule: false, migrate: true });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
  // The job history (GET /api/jobs) reads the newest runs of a queue from the archive too.
  await database.executeSql(`create index if not exists archive_name_created_idx on ${JOB_SCHEMA}.archive (name, created_on desc)`);
}
