import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Config } from '../config.js';
import * as schema from './schema/index.js';
import { installJobQueue } from '../platform/jobs/queue.js';

export type Schema = typeof schema;
/** The database or an open transaction: repositories take either as their first argument. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs migrations; safe when several instances start at once (PostgreSQL advisory lock). */
  migrate(): Promise<void>;
  /** Subscribes to a NOTIFY channel (sessions use it to drop cached logins on every instance). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<void>;
  /**
   * Runs SQL text with positional parameters outside drizzle: the job queue (pg-boss) talks to the database through
   * it, so both share one pool (or the one PGlite). Text without parameters may hold several statements.
   */
  executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  close(): Promise<void>;
};

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK_KEY = 7_463_001;

// Return DATE columns and timestamps as the server sends them; the presenters format them.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint (int8) ids fit comfortably in a double for audit sequence numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * A PGlite with the extensions the migrations use (btree_gist for the appointments' exclusion constraints): a data
 * folder, a dumped data directory (the test template), or memory.
 */
export async function createPglite(source: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PGlite> {
  return PGlite.create({ ...source, extensions: { btree_gist } });
}

/** Opens the configured database: PGlite in a folder (or memory) when there is no DATABASE_URL, else a pg pool. */
export async function openDatabase(config: Config['database'], options: { pglite?: PGlite } = {}): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      application_name: 'stepwise',
      // Short OLTP queries: parallel workers cost more to start than they save, and starve other requests of the
      // cores. Time limits keep a stuck statement or transaction from holding locks (or the audit sealer) for long.
      options: '-c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan -c statement_timeout=30s -c idle_in_transaction_session_timeout=60s',
    });
    pool.on('error', () => {
      /* idle client errors are reported on the next query; never crash the process here */
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    let listener: pg.Client | null = null;
    const handlers = new Map<string, (payload: string) => void>();
    const database: Database = {
      kind: 'postgres',
      db,
      async migrate() {
        const client = new pg.Client({ connectionString: config.url });
        await client.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
          await client.query('set client_min_messages = warning');
          await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
          await installJobQueue(database);
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
          await client.end();
        }
      },
      async executeSql(text, values) {
        type Result = pg.QueryResult<Record<string, unknown>>;
        const answer = (await pool.query(text, values as unknown[] | undefined)) as Result | Result[];
        // A script of several statements answers one result per statement; the last one is the script's answer.
        const result: Result | undefined = Array.isArray(answer) ? answer[answer.length - 1] : answer;
        return { rows: result?.rows ?? [], rowCount: result?.rowCount ?? 0 };
      },
      async listen(channel, onMessage) {
        if (!listener) {
          listener = new pg.Client({ connectionString: config.url });
          await listener.connect();
          listener.on('notification', (n) => handlers.get(n.channel)?.(n.payload ?? ''));
          listener.on('error', () => undefined);
        }
        handlers.set(channel, onMessage);
        await listener.query(`listen ${pg.escapeIdentifier(channel)}`);
      },
      async close() {
        await listener?.end().catch(() => undefined);
        await pool.end();
      },
    };
    return database;
  }

  let client = options.pglite;
  if (!client) {
    if (config.dataDir) fs.mkdirSync(config.dataDir, { recursive: true });
    client = await createPglite(config.dataDir ? { dataDir: config.dataDir } : {});
  }
  const pglite = client;
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
  const database: Database = {
    kind: 'pglite',
    db,
    async migrate() {
      await pglite.exec('set client_min_messages = warning');
      await migratePglite(drizzlePglite({ client: pglite, schema }), { migrationsFolder: MIGRATIONS_DIR });
      await installJobQueue(database);
    },
    async executeSql(text, values) {
      // PGlite's extended protocol takes one statement; pg-boss sends its schema and migrations as one script.
      if (!values || values.length === 0) {
        const results = await pglite.exec(text);
        const last = results[results.length - 1];
        return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
      }
      const result = await pglite.query<Record<string, unknown>>(text, values as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async listen(channel, onMessage) {
      await pglite.listen(channel, onMessage);
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
  return database;
}
