import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Database, Db } from '../../db/client.js';
import { queryRows, toIso, toIsoRequired } from '../../db/sql-values.js';
import { JOB_SCHEMA, newJobQueue } from './queue.js';

/**
 * A periodic job. `run` does one tick's work inside the given transaction and returns how many items it handled.
 * A tick that throws is retried by the queue with exponential back-off, up to `retryLimit` times.
 */
export type Job = {
  name: string;
  everyMs: number;
  /** How many times a failed tick is tried again (default 4); the first retry waits `retryDelaySeconds` (default one period), each next one twice as long. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  run(tx: Db): Promise<number>;
  /**
   * Work that must follow the tick's commit, outside its transaction (sending what `run` claimed: the claim is durable
   * before anything leaves the system). Runs only when `run` ran (this instance held the job's lock).
   */
  afterCommit?(db: Db): Promise<number>;
};

/** One run of a job, as pg-boss recorded it (the job history). */
export type JobRun = {
  id: string;
  name: string;
  state: string;
  retryCount: number;
  createdOn: string;
  startedOn: string | null;
  completedOn: string | null;
  /** `{ handled: n }` for a finished tick; the error message for a failed one. */
  output: unknown;
};

type Log = { error: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void };

const DEFAULT_RETRY_LIMIT = 4;

/**
 * Runs the app's periodic jobs on pg-boss (docs/decisions/010-pg-boss.md). Each job is a pg-boss queue with the
 * `stately` policy: at most one run waits and one runs at a time across every instance. Every instance offers a
 * run each `everyMs` (extra offers are no-ops while one waits); whichever instance's worker fetches it runs the
 * tick. A tick that throws is retried with exponential back-off; every run stays in pg-boss's job table as history
 * (`history()`, `GET /api/jobs`).
 *
 * A tick runs in one transaction that first takes a transaction-level advisory lock named after the job, so a tick
 * started by hand (`runOnce`: tests and the CLI) never overlaps a queued one. Each job's own statements are also
 * conditional (`where escalated_at is null`, `for update skip locked`, unique keys), so an item is handled once.
 */
export class JobRunner {
  private boss: PgBoss | null = null;
  private timers: NodeJS.Timeout[] = [];
  private running = new Map<string, Promise<number>>();
  private stopped = false;

  constructor(
    private readonly database: Pick<Database, 'db' | 'executeSql'>,
    private readonly log: Log,
    private readonly jobs: readonly Job[],
  ) {}

  /** Starts pg-boss (its maintenance included), declares each job's queue and worker, and begins offering runs. */
  async start(): Promise<void> {
    if (this.boss || this.stopped) return;
    // Finished runs move to pg-boss's archive after an hour (failed ones after a week) and leave it after a week.
    const boss = newJobQueue(this.database, {
      supervise: true,
      schedule: false,
      migrate: true,
      archiveCompletedAfterSeconds: 3600,
      archiveFailedAfterSeconds: 7 * 86_400,
      deleteAfterDays: 7,
    });
    boss.on('error', (err: unknown) => this.log.error({ err }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    for (const job of this.jobs) {
      await boss.createQueue(job.name, {
        name: job.name,
        policy: 'stately',
        retryLimit: job.retryLimit ?? DEFAULT_RETRY_LIMIT,
        retryDelay: job.retryDelaySeconds ?? Math.max(1, Math.round(job.everyMs / 1000)),
        retryBackoff: true,
        expireInSeconds: 300,
        retentionMinutes: 60,
      });
      await boss.work(job.name, { pollingIntervalSeconds: Math.min(2, Math.max(0.5, job.everyMs / 4000)), batchSize: 1 }, async () => {
        const handled = await this.runOnce(job.name);
        return { handled };
      });
      const offer = () => void boss.send(job.name, {}).catch((err: unknown) => this.log.error({ err, job: job.name }, 'could not queue a job run'));
      offer();
      const timer = setInterval(offer, job.everyMs);
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
    const tick = this.database.db
      .transaction(async (tx) => {
        const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(7463100, hashtext(${name})) as locked`);
        if (!lock?.locked) return null;
        return job.run(tx);
      })
      .then(async (handled) => {
        if (handled === null) return 0;
        if (job.afterCommit) await job.afterCommit(this.database.db);
        return handled;
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, tick);
    return tick;
  }

  /** The latest runs of the app's jobs, newest first: state, tries, times and output. */
  async history(limit = 50): Promise<JobRun[]> {
    const names = this.jobs.map((j) => j.name);
    const { rows } = await this.database.executeSql(
      `select * from (
         (select id::text, name, state::text, retry_count, created_on, started_on, completed_on, output
            from ${JOB_SCHEMA}.job where name = any($1::text[]) order by created_on desc limit $2)
         union all
         (select id::text, name, state::text, retry_count, created_on, started_on, completed_on, output
            from ${JOB_SCHEMA}.archive where name = any($1::text[]) order by created_on desc limit $2)
       ) runs order by created_on desc limit $2`,
      [names, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      state: String(r.state),
      retryCount: Number(r.retry_count),
      createdOn: toIsoRequired(r.created_on as Date | string),
      startedOn: toIso(r.started_on as Date | string | null),
      completedOn: toIso(r.completed_on as Date | string | null),
      output: r.output ?? null,
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    await Promise.allSettled(this.running.values());
  }
}
