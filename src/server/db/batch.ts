import type { Db } from './client.js';
import { preparedRows } from './sql-values.js';

type Waiter = { params: string[]; resolve: (rows: Record<string, unknown>[]) => void; reject: (err: unknown) => void };

/** Renders a value as the text PostgreSQL casts from: arrays become array literals ({a,b}). */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  return String(value);
}

/**
 * Runs many executions of one parameterized statement in a single round trip. Calls that arrive in the same
 * turn of the event loop are sent together as
 *   select b.ord, s.* from unnest($1::text[], ...) with ordinality b(p1, ..., ord) cross join lateral (<statement>) s
 * so each execution keeps its own parameters, limit and order, and PostgreSQL plans the statement once (named,
 * prepared). Every `$n` in the statement must carry an explicit cast, since the values travel as text.
 */
export class LateralBatcher {
  private waiting: Waiter[] = [];
  private scheduled = false;
  private readonly batchText: string;

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
    const text = params.map(asText) as string[];
    const isPool = (this.db as unknown as { $client?: unknown }).$client !== undefined;
    if (!isPool) return preparedRows(this.db, this.name, this.statement, text);
    return new Promise((resolve, reject) => {
      this.waiting.push({ params: text, resolve, reject });
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
      if (batch.length === 1) {
        batch[0]!.resolve(await preparedRows(this.db, this.name, this.statement, batch[0]!.params));
        return;
      }
      const columns = Array.from({ length: this.paramCount }, (_, i) => batch.map((w) => w.params[i] ?? null));
      const rows = await preparedRows<Record<string, unknown> & { batch_ord: number }>(this.db, `${this.name}_batch`, this.batchText, columns);
      const byOrd = batch.map(() => [] as Record<string, unknown>[]);
      for (const { batch_ord, ...row } of rows) byOrd[batch_ord - 1]!.push(row);
      batch.forEach((w, i) => w.resolve(byOrd[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}

const registry = new WeakMap<Db, Map<string, LateralBatcher>>();

/** The batcher for a named statement on this database (one per statement shape). */
export function batcherFor(db: Db, name: string, statement: string, paramCount: number): LateralBatcher {
  let byName = registry.get(db);
  if (!byName) registry.set(db, (byName = new Map()));
  let b = byName.get(name);
  if (!b) byName.set(name, (b = new LateralBatcher(db, name, statement, paramCount)));
  return b;
}
