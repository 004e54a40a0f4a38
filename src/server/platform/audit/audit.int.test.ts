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

type Row = {
  action: string;
  outcome: string;
  actorEmail: string | null;
  patientId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
};

/** Drizzle wraps driver errors; the database's own message is in `cause`. */
async function expectRefused(query: Promise<unknown>) {
  const err = await query.then(
    () => null,
    (e: unknown) => e as Error & { cause?: Error },
  );
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
    const p = (
      await coordinator.post('/api/patients', {
        legalGivenName: 'Audit',
        legalFamilyName: 'Subject',
        dateOfBirth: '1990-01-01',
        sexAssignedAtBirth: 'male',
        locationIds: [t.clinics.get('AUS')],
      })
    ).json();
    await coordinator.get(`/api/patients/${p.id}`);
    await coordinator.patch(`/api/patients/${p.id}`, { version: 1, pronouns: 'he/him' });
    await coordinator.get('/api/patients?q=subject');
    await (await t.login('nurse')).get(`/api/patients/${p.id}`);

    const rows = await events();
    const find = (action: string, outcome = 'success') => rows.find((r) => r.action === action && r.outcome === outcome);
    expect(find('auth.login', 'failure')).toMatchObject({ details: { reason: 'bad_password' } });
    expect(find('auth.login')).toMatchObject({ actorEmail: 'coordinator@demo.stepwise.test', ip: '127.0.0.1' });
    expect(find('patient.create')).toMatchObject({ patientId: p.id });
    expect(find('patient.read')).toMatchObject({ patientId: p.id, actorEmail: 'coordinator@demo.stepwise.test' });
    expect(find('patient.update')).toMatchObject({ details: { fields: ['pronouns'], fromVersion: 1 } });
    expect(find('patient.search')?.details).toMatchObject({ q: 'subject', resultIds: [p.id] });
    expect(find('patient.read', 'denied')).toMatchObject({ actorEmail: 'nurse@demo.stepwise.test', patientId: p.id });
  });

  it('lets admins filter the trail by patient and action, newest first, in pages', async () => {
    const admin = await t.loginAdmin();
    const [{ id }] = (await queryRows<{ id: string }>(
      t.database.db,
      sql`select patient_id as id from audit_events where action = 'patient.create' limit 1`,
    )) as [{ id: string }];
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
    const [{ n }] = (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_events`)) as [{ n: number }];
    expect(result).toMatchObject({ ok: true, unsealed: 0, firstBrokenSeq: null, sealed: n });
    expect(result.seals).toBeGreaterThan(0);
  });

  it('refuses updates, deletes and truncation of audit rows and seals', async () => {
    await expectRefused(t.database.db.execute(sql`update audit_events set action = 'x' where id = 1`));
    await expectRefused(t.database.db.execute(sql`delete from audit_events where id = 2`));
    await expectRefused(t.database.db.execute(sql`truncate audit_events`));
    await expectRefused(t.database.db.execute(sql`update audit_seals set hash = 'x' where seq = 1`));
    await expectRefused(t.database.db.execute(sql`delete from audit_seals`));
  });

  it('seals concurrently written events exactly once, whoever calls the sealer', async () => {
    const agent = await t.login('provider');
    await Promise.all(Array.from({ length: 40 }, () => agent.get('/api/patients?q=a')));
    await t.context.audit.flush();
    const sealed = await Promise.all([t.context.audit.seal(), t.context.audit.seal(), t.context.audit.seal()]);
    expect(sealed.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(41);
    const result = await verifyAuditChain(t.database.db);
    const [{ n }] = (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_events`)) as [{ n: number }];
    expect(result).toMatchObject({ ok: true, sealed: n, unsealed: 0 });
  });

  it('detects an event changed behind the triggers, one deleted, and one slipped into a sealed range', async () => {
    await t.context.audit.seal();
    const [victim] = (await queryRows<{ id: number }>(t.database.db, sql`select id from audit_events where action = 'patient.read' order by id limit 1`)) as [
      { id: number },
    ];
    await t.database.db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    try {
      await t.database.db.execute(sql`update audit_events set actor_email = 'someone-else@example.com' where id = ${victim.id}`);
      let result = await verifyAuditChain(t.database.db);
      expect(result.ok).toBe(false);
      expect(result.problem).toMatch(/changed after sealing/);

      await t.database.db.execute(sql`delete from audit_events where id = ${victim.id}`);
      result = await verifyAuditChain(t.database.db);
      expect(result.ok).toBe(false);
      expect(result.problem).toMatch(/deleted/);
    } finally {
      await t.database.db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    }
  });
});

describe('a forged event', () => {
  it('is caught when inserted into a range that was already sealed', async () => {
    const fresh = await createTestApp({}, { patients: 1 });
    try {
      await (await fresh.login('nurse')).get('/api/patients');
      await fresh.context.audit.flush();
      await fresh.context.audit.seal();
      expect((await verifyAuditChain(fresh.database.db)).ok).toBe(true);
      await fresh.database.db.execute(sql`insert into audit_events (action, outcome, xact_id) values ('patient.read', 'success', 1)`);
      const result = await verifyAuditChain(fresh.database.db);
      expect(result.ok).toBe(false);
      expect(result.problem).toMatch(/added/);
    } finally {
      await fresh.close();
    }
  });
});
