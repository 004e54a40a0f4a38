import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-values.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { verifyAuditChain } from './audit-trail.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Row = { action: string; outcome: string; actor_email: string | null; patient_id: string | null; ip: string | null; details: Record<string, unknown> | null };

/** Drizzle wraps driver errors; the database's own message is in `cause`. */
async function expectRefused(query: Promise<unknown>) {
  const err = await query.then(() => null, (e: unknown) => e as Error & { cause?: Error });
  expect(err, 'the statement should have failed').not.toBeNull();
  expect(err!.cause?.message ?? err!.message).toMatch(/append-only/);
}

async function events(): Promise<Row[]> {
  await t.context.audit.flush();
  return queryRows<Row>(t.database.db, sql`select action, outcome, actor_email, patient_id, host(ip) as ip, details from audit_events order by id`);
}

describe('what is recorded', () => {
  it('records logins (good and bad), patient reads, searches, changes and refusals with who, what and where', async () => {
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'coordinator@demo.stepwise.test', password: 'wrong-wrong-wrong' } });
    const coordinator = await t.login('coordinator');
    const p = (await coordinator.post('/api/patients', {
      legalGivenName: 'Audit', legalFamilyName: 'Subject', dateOfBirth: '1990-01-01', sexAssignedAtBirth: 'male', locationIds: [t.clinics.get('AUS')],
    })).json();
    await coordinator.get(`/api/patients/${p.id}`);
    await coordinator.patch(`/api/patients/${p.id}`, { version: 1, pronouns: 'he/him' });
    await coordinator.get('/api/patients?q=subject');
    await (await t.login('nurse')).get(`/api/patients/${p.id}`);

    const rows = await events();
    const find = (action: string, outcome = 'success') => rows.find((r) => r.action === action && r.outcome === outcome);
    expect(find('auth.login', 'failure')).toMatchObject({ details: { reason: 'bad_password' } });
    expect(find('auth.login')).toMatchObject({ actor_email: 'coordinator@demo.stepwise.test', ip: '127.0.0.1' });
    expect(find('patient.create')).toMatchObject({ patient_id: p.id });
    expect(find('patient.read')).toMatchObject({ patient_id: p.id, actor_email: 'coordinator@demo.stepwise.test' });
    expect(find('patient.update')).toMatchObject({ details: { fields: ['pronouns'], fromVersion: 1 } });
    expect(find('patient.search')?.details).toMatchObject({ q: 'subject', resultIds: [p.id] });
    expect(find('patient.read', 'denied')).toMatchObject({ actor_email: 'nurse@demo.stepwise.test', patient_id: p.id });
  });

  it('lets admins filter the trail by patient and action, newest first, in pages', async () => {
    const admin = await t.loginAdmin();
    const [{ id }] = (await queryRows<{ id: string }>(t.database.db, sql`select patient_id as id from audit_events where action = 'patient.create' limit 1`)) as [{ id: string }];
    const page = (await admin.get(`/api/audit?patientId=${id}&limit=2`)).json();
    expect(page.items.length).toBe(2);
    expect(page.items[0].id).toBeGreaterThan(page.items[1].id);
    expect(page.nextBefore).toBe(page.items[1].id);
    const next = (await admin.get(`/api/audit?patientId=${id}&limit=2&before=${page.nextBefore}`)).json();
    expect(next.items.every((e: { id: number }) => e.id < page.nextBefore)).toBe(true);
    const reads = (await admin.get(`/api/audit?action=patient.read&outcome=denied`)).json();
    expect(reads.items.length).toBeGreaterThan(0);
    expect((await admin.get('/api/audit?from=yesterday')).statusCode).toBe(400);
  });
});

describe('the hash chain', () => {
  it('seals everything and verifies intact', async () => {
    await t.context.audit.flush();
    await t.context.audit.seal();
    const result = await verifyAuditChain(t.database.db);
    expect(result).toMatchObject({ ok: true, unsealed: 0, firstBrokenSeq: null });
    expect(result.sealed).toBeGreaterThan(5);
  });

  it('refuses updates, deletes and truncation of audit rows', async () => {
    await expectRefused(t.database.db.execute(sql`update audit_events set action = 'x' where chain_seq = 1`));
    await expectRefused(t.database.db.execute(sql`delete from audit_events where chain_seq = 2`));
    await expectRefused(t.database.db.execute(sql`truncate audit_events`));
    // An unsealed row cannot be altered before sealing either.
    await t.database.db.execute(sql`insert into audit_events (action, outcome) values ('test.pending', 'success')`);
    await expectRefused(t.database.db.execute(sql`update audit_events set action = 'forged' where action = 'test.pending'`));
  });

  it('detects a row changed behind the triggers, and a row deleted', async () => {
    await t.context.audit.seal();
    await t.database.db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    await t.database.db.execute(sql`update audit_events set actor_email = 'someone-else@example.com' where chain_seq = 3`);
    let result = await verifyAuditChain(t.database.db);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    expect(result.problem).toMatch(/changed/);

    await t.database.db.execute(sql`delete from audit_events where chain_seq = 3`);
    result = await verifyAuditChain(t.database.db);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    expect(result.problem).toMatch(/deleted/);
    await t.database.db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
  });

  it('seals concurrently written events exactly once, in one unbroken sequence', async () => {
    const agent = await t.login('provider');
    await t.context.audit.seal();
    const [{ max: before }] = (await queryRows<{ max: number }>(t.database.db, sql`select coalesce(max(chain_seq), 0)::int as max from audit_events`)) as [{ max: number }];
    await Promise.all(Array.from({ length: 40 }, () => agent.get('/api/patients?q=a')));
    await t.context.audit.flush();
    await Promise.all([t.context.audit.seal(), t.context.audit.seal(), t.context.audit.seal()]);
    const [row] = await queryRows<{ n: number; max: number; distinct: number; unsealed: number }>(
      t.database.db,
      sql`select count(*)::int as n, max(chain_seq)::int as max, count(distinct chain_seq)::int as distinct,
                 count(*) filter (where chain_seq is null)::int as unsealed
            from audit_events where id > (select coalesce(max(id), 0) from audit_events where chain_seq <= ${before})`,
    );
    expect(Number(row!.n)).toBeGreaterThanOrEqual(41);
    expect(Number(row!.unsealed)).toBe(0);
    expect(Number(row!.max) - Number(before)).toBe(Number(row!.n));
    expect(Number(row!.distinct)).toBe(Number(row!.n));
  });
});
