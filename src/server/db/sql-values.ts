import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './client.js';

/** Both drivers hand back timestamps as Date or ISO-like strings depending on the path; presenters want ISO. */
export function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toIsoRequired(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

const camelKeys = new Map<string, string>();

/** `organization_id` -> `organizationId`, memoized: the few hundred column names are converted once each. */
export function camelKey(key: string): string {
  let out = camelKeys.get(key);
  if (out === undefined) {
    out = key.includes('_') ? key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : key;
    camelKeys.set(key, out);
  }
  return out;
}

/**
 * Repositories hand back camelCase rows, as drizzle's query builder does: raw SQL's snake_case column names are
 * converted here, once, at the database boundary (top-level columns; JSON built inside a query keeps its keys).
 */
export function camelRows<T>(rows: readonly Record<string, unknown>[]): T[] {
  if (rows.length === 0) return [];
  const first = rows[0] as Record<string, unknown>;
  if (!Object.keys(first).some((k) => k.includes('_'))) return rows as unknown as T[];
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const key in row) out[camelKey(key)] = row[key];
    return out as T;
  });
}

/** Runs raw SQL and returns its rows, camelCase (both drivers answer with `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return camelRows<T>((result as { rows: Record<string, unknown>[] }).rows);
}

/**
 * Runs a statement unprepared, so PostgreSQL plans it for these very values (a custom plan). For rare shapes
 * whose best plan depends on a value, such as a deep OFFSET.
 */
export function unpreparedRows<T>(db: Db, text: string, params: readonly unknown[]): Promise<T[]> {
  return queryRows<T>(db, toSql(text, params));
}

/** Turns "... $1 ... $2" and its values into a drizzle SQL object. */
function toSql(text: string, params: readonly unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, m.index)));
    const value = params[Number(m[1]) - 1];
    // An array is one parameter (drizzle would otherwise spread it into a list, and an empty one into "()").
    chunks.push(Array.isArray(value) ? sql`${sql.param(value)}` : sql`${value}`);
    last = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks, sql.raw(''));
}

/**
 * Runs a hot query as a named prepared statement: on a PostgreSQL server each pooled connection parses and
 * plans it once, instead of on every request (planning cost more than executing for the patient read).
 * PGlite runs it as a plain parameterized query; inside a transaction it goes through drizzle.
 */
export async function preparedRows<T>(db: Db, name: string, text: string, params: readonly unknown[]): Promise<T[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) return camelRows<T>((await client.query<Record<string, unknown>>({ name, text, values: [...params] })).rows);
  if (client instanceof PGlite) return camelRows<T>((await client.query<Record<string, unknown>>(text, [...params])).rows);
  return queryRows<T>(db, toSql(text, params));
}
