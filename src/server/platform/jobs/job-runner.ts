import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql-values.js';

/** A periodic job. `run` does one tick's work inside the given transaction and returns how many items it handled. */
export type Job = { name: string; everyMs: number; run(tx: Db): Promise<number> };

type Log = { error: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void };

/**
 * Runs periodic jobs in every app instance. A tick runs in one transaction that first takes a transaction-level
 * advisory lock named after the job: when another instance holds it, this tick is skipped, so at most one instance
 * works a job at a time. Each job's own statements are also conditional (`where escalated_at is null`,
 * `for update skip locked`, unique keys), so an item is handled once even if two ticks did overlap.
 * See docs/decisions/006-jobs.md.
 */
export class JobRunner {
  private timers: NodeJS.Timeout[] = [];
  private running = new Map<string, Promise<number>>();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly log: Log,
    private readonly jobs: readonly Job[],
  ) {}

  start(): void {
    for (const job of this.jobs) {
      const timer = setInterval(
        () => void this.runOnce(job.name).catch((err: unknown) => this.log.error({ err, job: job.name }, 'job tick failed')),
        job.everyMs,
      );
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs one tick of a job now (tests and the CLI use this); resolves to the number of items handled, or 0 when skipped. */
  async runOnce(name: string): Promise<number> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job named ${name}`);
    if (this.stopped) return 0;
    // Within one instance a tick never overlaps the previous one.
    const inFlight = this.running.get(name);
    if (inFlight) return inFlight.then(() => 0);
    const tick = this.db
      .transaction(async (tx) => {
        const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(7463100, hashtext(${name})) as locked`);
        if (!lock?.locked) return 0;
        return job.run(tx);
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, tick);
    return tick;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.allSettled(this.running.values());
  }
}
