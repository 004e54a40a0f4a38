import { createHash } from 'node:crypto';
import { queryRows } from '../../db/sql-values.js';
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

const FLUSH_AT = 500;
const FLUSH_EVERY_MS = 100;
const SEAL_EVERY_MS = 1_000;
const SEAL_BATCH = 5_000;

/**
 * The audit trail. Changes are audited inside their own transaction (`recordWithin`), so a change and its audit
 * row commit or fail together. Reads and logins are queued and written in multi-row inserts every 100 ms
 * (`record`), so auditing a read costs the request no round trip and writers never wait on each other. A sealer
 * links rows into the hash chain once a second; see docs/decisions/003-audit-chain.md.
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
        await this.db.insert(auditEvents).values(batch);
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

  /** Links unsealed events into the chain; returns how many it sealed (0 when another instance holds the lock). */
  async seal(): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await queryRows<{ n: number }>(this.db, sql`select audit_seal(${SEAL_BATCH}) as n`);
      const n = Number(result[0]?.n ?? 0);
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

export type ChainVerification = { ok: boolean; sealed: number; unsealed: number; firstBrokenSeq: number | null; problem: string | null };

/**
 * Recomputes the chain from the stored rows: each hash must equal sha256(previous hash + the row's canonical
 * text), sequence numbers must run 1, 2, 3 ... without gaps. Any edited, deleted or reordered row breaks it.
 */
export async function verifyAuditChain(db: Db, pageSize = 5_000): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = '0'.repeat(64);
  for (;;) {
    const page = await queryRows<{ chain_seq: number; prev_hash: string; hash: string; input: string }>(db, sql`
      select e.chain_seq, e.prev_hash, e.hash, audit_digest_input(e) as input
        from audit_events e
       where e.chain_seq >= ${expectedSeq}
       order by e.chain_seq
       limit ${pageSize}`);
    for (const row of page) {
      const seq = Number(row.chain_seq);
      const broken = (problem: string) => ({ ok: false, sealed: expectedSeq - 1, unsealed: 0, firstBrokenSeq: seq, problem });
      if (seq !== expectedSeq) return { ...broken(`sequence jumps from ${expectedSeq - 1} to ${seq}: rows were deleted`), firstBrokenSeq: expectedSeq };
      if (row.prev_hash !== prevHash) return broken(`row ${seq} does not point at the hash of row ${seq - 1}`);
      const hash = createHash('sha256').update(prevHash + row.input, 'utf8').digest('hex');
      if (hash !== row.hash) return broken(`row ${seq} was changed after it was sealed`);
      prevHash = hash;
      expectedSeq++;
    }
    if (page.length < pageSize) break;
  }
  const unsealed = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_events where chain_seq is null`);
  return { ok: true, sealed: expectedSeq - 1, unsealed: Number(unsealed[0]?.n ?? 0), firstBrokenSeq: null, problem: null };
}
