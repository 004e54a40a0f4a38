import type { Db } from './client.js';
import { preparedRows } from './sql-values.js';
import { defined } from '../../domain/defined.js';

/** True when `db` is the pool-level database (not an open transaction), so concurrent calls may share a round trip. */
export function isPoolLevel(db: Db): boolean {
  return (db as unknown as { $client?: unknown }).$client !== undefined;
}

/**
 * Collects the calls made in one turn of the event loop and runs them together (the DataLoader pattern): under
 * load, one database round trip serves many requests, with fewer statements and fewer wake-ups of PostgreSQL
 * backends. `runAll` answers the items in order.
 */
export class TickBatch<I, O> {
  private waiting: { item: I; resolve: (out: O) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly runAll: (items: I[]) => Promise<O[]>) {}

  add(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.dispatch());
      }
    });
  }

  private async dispatch(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    try {
      const out = await this.runAll(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        // One answer per item, in order; an answer may itself be null ("no such row").
        const answer = out[i];
        if (answer === undefined) throw new Error(`Internal error: the batch answered ${out.length} of ${batch.length} items`);
        w.resolve(answer);
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}

/** Renders a value as the text PostgreSQL casts from: arrays become array literals ({a,b}). */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  // Parameters are strings, numbers, booleans or dates (the statements' casts say which).
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}

/**
 * Runs many executions of one parameterized statement in a single round trip. Calls that arrive in the same
 * turn of the event loop are sent together as
 *   select b.ord, s.* from unnest($1::text[], ...) with ordinality b(p1, ..., ord) cross join lateral (<statement>) s
 * so each execution keeps its own parameters, limit and order, and PostgreSQL plans the statement once (named,
 * prepared). Every `$n` in the statement must carry an explicit cast, since the values travel as text.
 */
export class LateralBatcher {
  private readonly batchText: string;
  private readonly batch = new TickBatch<(string | null)[], Record<string, unknown>[]>((items) => this.runAll(items));

  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly statement: string,
    private readonly paramCount: number,
  ) {
    const cols = Array.from({ length: paramCount }, (_, i) => `p${i + 1}`);
    const arrays = cols.map((_, i) => `$${i + 1}::text[]`).join(', ');
    const inner = statement.replace(/\$(\d+)/g, (_, n: string) => `b.p${n}`);
    this.batchText = `select b.ord::int as batch_ord, s.* from unnest(${arrays}) with ordinality as b(${cols.join(', ')}, ord) cross join lateral (${inner}) s order by b.ord`;
  }

  run(params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    const text = params.map(asText);
    if (!isPoolLevel(this.db)) return preparedRows(this.db, this.name, this.statement, text);
    return this.batch.add(text);
  }

  private async runAll(items: (string | null)[][]): Promise<Record<string, unknown>[][]> {
    if (items.length === 1) return [await preparedRows(this.db, this.name, this.statement, defined(items[0]))];
    const columns = Array.from({ length: this.paramCount }, (_, i) => items.map((params) => params[i] ?? null));
    const rows = await preparedRows<Record<string, unknown> & { batchOrd: number }>(this.db, `${this.name}_batch`, this.batchText, columns);
    const byOrd = items.map(() => [] as Record<string, unknown>[]);
    for (const { batchOrd, ...row } of rows) defined(byOrd[batchOrd - 1]).push(row);
    return byOrd;
  }
}

const registry = new WeakMap<Db, Map<string, LateralBatcher>>();

/** The batcher for a named statement on this database (one per statement shape). */
export function batcherFor(db: Db, name: string, statement: string, paramCount: number): LateralBatcher {
  let byName = registry.get(db);
  if (!byName) registry.set(db, (byName = new Map<string, LateralBatcher>()));
  let b = byName.get(name);
  if (!b) byName.set(name, (b = new LateralBatcher(db, name, statement, paramCount)));
  return b;
}
