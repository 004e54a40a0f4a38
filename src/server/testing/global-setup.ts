import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPglite, openDatabase } from '../db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

export const POSTGRES_TEMPLATE_DB = 'stepwise_test_template';

/**
 * Migrates one template database per test run; each test file then starts from a copy of it
 * (a PGlite data-dir dump, or CREATE DATABASE ... TEMPLATE on a PostgreSQL server).
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${POSTGRES_TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${POSTGRES_TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${POSTGRES_TEMPLATE_DB}`;
    const database = await openDatabase({ kind: 'postgres', url: templateUrl.toString(), poolSize: 2 });
    await database.migrate();
    await database.close();
    project.provide('postgresTemplate', templateUrl.toString());
    project.provide('pgliteTemplate', '');
    return async () => {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      const leftovers = await cleanup.query<{ datname: string }>(`select datname from pg_database where datname like 'stepwise_t_%' or datname = $1`, [
        POSTGRES_TEMPLATE_DB,
      ]);
      for (const row of leftovers.rows) await cleanup.query(`drop database if exists ${row.datname} with (force)`);
      await cleanup.end();
    };
  }
  const client = await createPglite();
  const database = await openDatabase({ kind: 'pglite', dataDir: null }, { pglite: client });
  await database.migrate();
  const dump = await client.dumpDataDir('none');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-test-')), 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', null);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
