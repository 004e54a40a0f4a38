import { createHash } from 'node:crypto';
import { preparedRows, queryRows } from '../../db/sql-values.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditEvents } from '../../db/schema/index.js';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export type AuditActor = { id: string; email: string; role: string } | null;

/** Who did it and from where; built once per request. */
export type AuditContext = { actor: AuditActor; ip: string | null; userAgent: string | null; requestId: string | null };

export type AuditEntry = {
  action: string;
  outcome: AuditOutcome;
  entityType?: string;
  entityId?: string;
  patientId?: string | null;
  details?: Record<string, unknown>;
};

type Row = typeof auditEvents.$inferInsert;

function toRow(ctx: AuditContext, e: AuditEntry): Row {
  return {
    occurredAt: new Date(),
    actorUserId: ctx.actor?.id ?? null,
    actorEmail: ctx.actor?.email ?? null,
    actorRole: ctx.actor?.role ?? null,
    action: e.action,
    outcome: e.outcome,
    entityType: e.entityType ?? null,
    entityId: e.entityId ?? null,
    patientId: e.patientId ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 400) ?? null,
    requestId: ctx.requestId,
    details: e.details ?? null,
  };
}

export const AUDIT_COLUMNS = [
  'occurred_at',
  'actor_user_id',
  'actor_email',
  'actor_role',
  'action',
  'outcome',
  'entity_type',
  'entity_id',
  'patient_id',
  'ip',
  'user_agent',
  'request_id',
  'details',
] as const;
export const AUDIT_CASTS = ['timestamptz', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'uuid', 'inet', 'text', 'text', 'jsonb'] as const;
type AuditColumn = (typeof AUDIT_COLUMNS)[number];

function rowValues(r: Row): unknown[] {
  return [
    (r.occurredAt as Date).toISOString(),
    r.actorUserId ?? null,
    r.actorEmail ?? null,
    r.actorRole ?? null,
    r.action,
    r.outcome,
    r.entityType ?? null,
    r.entityId ?? null,
    r.patientId ?? null,
    r.ip ?? null,
    r.userAgent ?? null,
    r.requestId ?? null,
    r.details ? JSON.stringify(r.details) : null,
  ];
}

/** One audit row's values in AUDIT_COLUMNS order, as statements that insert many rows from arrays pass them. */
export function auditValues(ctx: AuditContext, entry: AuditEntry): unknown[] {
  return rowValues(toRow(ctx, entry));
}

/**
 * An `insert into audit_events ... select ...` clause for a statement that writes a change and its audit row in
 * one round trip (a data-modifying CTE): the two commit or fail together. Placeholders start after `paramOffset`;
 * `from` names the CTE the row comes from (no row there, no audit row), and `expressions` replaces a column's
 * value with SQL over that CTE (for example the id of an inserted row).
 */
/** A function that writes the audit row of a data-modifying CTE (see auditInsertFrom), given where its placeholders start and the CTE's name. */
export type AuditClause = (paramOffset: number, from: string) => { sql: string; params: unknown[] };

export function auditInsertFrom(
  ctx: AuditContext,
  entry: AuditEntry,
  paramOffset: number,
  from: string,
  expressions: Partial<Record<AuditColumn, string>> = {},
): { sql: string; params: unknown[] } {
  const values = rowValues(toRow(ctx, entry));
  const params: unknown[] = [];
  const selects = AUDIT_COLUMNS.map((col, i) => {
    const expr = expressions[col];
    if (expr) return expr;
    params.push(values[i]);
    return `$${paramOffset + params.length}::${AUDIT_CASTS[i]}`;
  });
  return { sql: `insert into audit_events (${AUDIT_COLUMNS.join(', ')}) select ${selects.join(', ')} from ${from}`, params };
}

// One prepared statement for any batch size: the columns travel as arrays and unnest() turns them into rows.
const INSERT_BATCH = `
  insert into audit_events (${AUDIT_COLUMNS.join(', ')})
  select * from unnest(${AUDIT_CASTS.map((c, i) => `$${i + 1}::${c}[]`).join(', ')})`;

async function insertBatch(db: Db, rows: Row[]): Promise<void> {
  const values = rows.map(rowValues);
  await preparedRows(
    db,
    'audit_insert_batch',
    INSERT_BATCH,
    AUDIT_COLUMNS.map((_, i) => values.map((v) => v[i])),
  );
}

const FLUSH_AT = 500;
const FLUSH_EVERY_MS = 100;
const SEAL_EVERY_MS = 5_000;
const SEAL_BATCH = 20_000;

/**
 * The audit trail. Changes are audited inside their own transaction (`recordWithin`), so a change and its audit
 * row commit or fail together. Reads and logins are queued and written in multi-row inserts every 100 ms
 * (`record`), so auditing a read costs the request no round trip and writers never wait on each other. A sealer
 * hashes finished transactions into the chain every few seconds; see docs/decisions/003-audit-chain.md.
 */
export class AuditTrail {
  private queue: Row[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private sealTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: { error: (obj: object, msg: string) => void },
  ) {}

  /** Queues an event; it is written within FLUSH_EVERY_MS. */
  record(ctx: AuditContext, entry: AuditEntry): void {
    this.queue.push(toRow(ctx, entry));
    if (this.queue.length >= FLUSH_AT) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes an event in the caller's transaction. */
  async recordWithin(tx: Db, ctx: AuditContext, entry: AuditEntry): Promise<void> {
    await tx.insert(auditEvents).values(toRow(ctx, entry));
  }

  /** Writes everything queued so far. */
  async flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.flushing = (async () => {
      try {
        await insertBatch(this.db, batch);
      } catch (err) {
        // Keep the events and try again: an audit row must not be dropped because the database blinked.
        this.queue = batch.concat(this.queue);
        this.log.error({ err }, 'audit flush failed; will retry');
        this.flushTimer ??= setTimeout(() => void this.flush(), 1_000);
      }
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /** Seals every finished transaction's events into the chain; returns how many events it sealed. */
  async seal(): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await queryRows<{ n: number }>(this.db, sql`select audit_seal(${SEAL_BATCH}) as n`);
      const n = result[0]?.n ?? 0;
      total += n;
      if (n < SEAL_BATCH) return total;
    }
  }

  startSealer(): void {
    this.sealTimer = setInterval(() => {
      this.seal().catch((err: unknown) => this.log.error({ err }, 'audit sealing failed'));
    }, SEAL_EVERY_MS);
    this.sealTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.sealTimer) clearInterval(this.sealTimer);
    await this.flush();
  }
}

export type ChainVerification = {
  ok: boolean;
  /** Events covered by intact seals. */
  sealed: number;
  seals: number;
  /** Events written after the last seal (not yet covered). */
  unsealed: number;
  firstBrokenSeq: number | null;
  problem: string | null;
};

type SealRow = { seq: number; fromXact: number; toXact: number; eventCount: number; prevHash: string; hash: string; n: number; digests: string | null };

/**
 * Recomputes the chain from the stored events: each seal's hash must equal sha256(previous hash + "\n" + the
 * digests of its events), seals must follow each other without gaps in sequence or transaction range, and each
 * must still cover exactly the events it counted. Any edited, deleted or inserted event breaks its seal.
 */
export async function verifyAuditChain(db: Db, pageSize = 200): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = '0'.repeat(64);
  let prevTo = 0;
  let sealed = 0;
  for (;;) {
    const page = await queryRows<SealRow>(
      db,
      sql`
      select s.seq, s.from_xact, s.to_xact, s.event_count, s.prev_hash, s.hash, d.n, d.digests
        from audit_seals s
        cross join lateral (
          select count(*)::int as n, string_agg(audit_digest_input(e), E'\n' order by e.xact_id, e.id) as digests
            from audit_events e where e.xact_id >= s.from_xact and e.xact_id < s.to_xact
        ) d
       where s.seq >= ${expectedSeq}
       order by s.seq
       limit ${pageSize}`,
    );
    for (const row of page) {
      const seq = row.seq;
      const broken = (problem: string, at = seq): ChainVerification => ({
        ok: false,
        sealed,
        seals: expectedSeq - 1,
        unsealed: 0,
        firstBrokenSeq: at,
        problem,
      });
      if (seq !== expectedSeq) return broken(`seal ${expectedSeq} is missing: seals were deleted`, expectedSeq);
      if (row.fromXact !== prevTo) return broken(`seal ${seq} does not start where seal ${seq - 1} ended`);
      if (row.prevHash !== prevHash) return broken(`seal ${seq} does not point at the hash of seal ${seq - 1}`);
      if (row.n !== row.eventCount) {
        return broken(`seal ${seq} covered ${row.eventCount} events but ${row.n} are there now: events were ${row.n < row.eventCount ? 'deleted' : 'added'}`);
      }
      const hash = createHash('sha256')
        .update(`${prevHash}\n${row.digests ?? ''}`, 'utf8')
        .digest('hex');
      if (hash !== row.hash) return broken(`an event sealed in seal ${seq} was changed after sealing`);
      prevHash = hash;
      prevTo = row.toXact;
      sealed += row.n;
      expectedSeq++;
    }
    if (page.length < pageSize) break;
  }
  const [pending] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_events where xact_id >= ${prevTo}`);
  return { ok: true, sealed, seals: expectedSeq - 1, unsealed: pending?.n ?? 0, firstBrokenSeq: null, problem: null };
}
