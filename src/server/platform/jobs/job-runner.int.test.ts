import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../../testing/test-app.js';
import { queryRows } from '../../db/sql-values.js';
import { JobRunner, type Job } from './job-runner.js';

const silent = { error: () => undefined, info: () => undefined };

async function until<T>(what: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('jobs on pg-boss', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('the migrated database already holds the queue schema', async () => {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from information_schema.tables where table_schema = 'pgboss'`);
    expect(row!.n).toBeGreaterThan(0);
  });

  it('runs each job through the queue, one tick at a time across instances, retries a failing tick with back-off and keeps the history', async () => {
    let active = 0;
    let maxActive = 0;
    let ticks = 0;
    const counting: Job = {
      name: 'test.counting',
      everyMs: 1000,
      async run(tx) {
        active++;
        maxActive = Math.max(maxActive, active);
        ticks++;
        await tx.execute(sql`select pg_sleep(0.05)`);
        active--;
        return 3;
      },
    };
    let failures = 0;
    const flaky: Job = {
      name: 'test.flaky',
      everyMs: 60_000,
      retryLimit: 3,
      retryDelaySeconds: 1,
      async run() {
        if (failures < 2) {
          failures++;
          throw new Error(`relay unavailable ${failures}`);
        }
        return 1;
      },
    };
    // Two instances of the app offer runs of the counting job; one offers the flaky job (once: its period is a minute),
    // so its one run's retries can be followed.
    const a = new JobRunner(database, silent, [counting, flaky]);
    const b = new JobRunner(database, silent, [counting]);
    await Promise.all([a.start(), b.start()]);
    try {
      await until(async () => (ticks >= 3 ? true : undefined));
      // The failing run is tried again (after 1 s, then 2 s) and then succeeds: one run, two retries, its error kept meanwhile.
      const seen = new Set<string>();
      const flakyDone = await until(async () => {
        const runs = (await a.history(100)).filter((r) => r.name === 'test.flaky');
        for (const r of runs) if (r.state === 'retry') seen.add(String((r.output as { message?: string } | null)?.message));
        return runs.find((r) => r.state === 'completed' && r.retryCount === 2);
      });
      expect(flakyDone.output).toEqual({ handled: 1 });
      expect(failures).toBe(2);
      expect([...seen].some((m) => m.startsWith('relay unavailable'))).toBe(true);
      const history = await b.history(100);
      const counted = history.filter((r) => r.name === 'test.counting' && r.state === 'completed');
      expect(counted.length).toBeGreaterThanOrEqual(2);
      expect(counted[0]!.output).toEqual({ handled: 3 });
      expect(Date.parse(counted[0]!.completedOn!)).toBeGreaterThanOrEqual(Date.parse(counted[0]!.startedOn!));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(maxActive).toBe(1);
  });

  it('stops cleanly: no tick starts after stop', async () => {
    let ticks = 0;
    const runner = new JobRunner(database, silent, [{ name: 'test.stop', everyMs: 1000, run: async () => ++ticks }]);
    await runner.start();
    await until(async () => (ticks >= 1 ? true : undefined));
    await runner.stop();
    const after = ticks;
    await new Promise((r) => setTimeout(r, 1500));
    expect(ticks).toBe(after);
    expect(await runner.runOnce('test.stop')).toBe(0);
  });
});
