import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: Agent;
let nurse: Agent;

beforeAll(async () => {
  t = await createTestApp({}, { patients: 0 });
  admin = await t.loginAdmin();
  nurse = await t.login('nurse');
});
afterAll(async () => t.close());

type ProtocolView = {
  id: string;
  code: string;
  version: number;
  sessions: number;
  current: boolean;
  source: string;
  phases: { name: string; sessions: number; spacing: { perWeek: number; minGapDays: number; maxGapDays: number | null } }[];
  visitTypes: { kind: string; blockAfterMinutes: number; source: string }[];
};

describe('treatment protocols as versioned data', () => {
  it('seeds the published protocols, each with its source, for the staff who plan and deliver courses', async () => {
    const res = await nurse.get('/api/protocols');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as ProtocolView[];
    expect(items.map((p) => p.code).sort()).toEqual(['im-ketamine', 'iv-ketamine-series', 'kap', 'spravato-trd', 'tms-10hz-standard', 'tms-itbs']);
    for (const p of items) {
      expect(p.version).toBe(1);
      expect(p.current).toBe(true);
      expect(p.source.length).toBeGreaterThan(10);
      for (const v of p.visitTypes) expect(v.source.length).toBeGreaterThan(5);
    }
    // 1 mapping visit + 36 sessions.
    expect(items.find((p) => p.code === 'tms-10hz-standard')!.sessions).toBe(37);
  });

  it('an administrator publishes a new version; the old one stays as it was', async () => {
    const current = ((await admin.get('/api/protocols')).json().items as ProtocolView[]).find((p) => p.code === 'spravato-trd')!;
    const {
      id: _id,
      version: _v,
      sessions: _s,
      current: _c,
      publishedAt: _p,
      publishedBy: _b,
      ...definition
    } = current as ProtocolView & Record<string, unknown>;
    const maintenanceEveryTwoWeeks = {
      ...definition,
      source: `${current.source}; maintenance every 2 weeks (clinic decision 2027-01)`,
      phases: current.phases.map((ph) => (ph.name === 'Maintenance' ? { ...ph, spacing: { ...ph.spacing, minGapDays: 14, maxGapDays: 21 } } : ph)),
    };
    const res = await admin.post('/api/protocols', maintenanceEveryTwoWeeks);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'spravato-trd', version: 2, current: true });

    const all = (await admin.get('/api/protocols?all=true')).json().items as ProtocolView[];
    const versions = all.filter((p) => p.code === 'spravato-trd');
    expect(versions.map((p) => [p.version, p.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(versions[1]!.phases.find((ph) => ph.name === 'Maintenance')!.spacing.minGapDays).toBe(7);
    // Only the current version is listed by default.
    expect(((await nurse.get('/api/protocols')).json().items as ProtocolView[]).filter((p) => p.code === 'spravato-trd').map((p) => p.version)).toEqual([2]);
  });

  it('refuses an unsound version naming the rule: a Spravato visit must block the room 2 hours', async () => {
    const current = ((await admin.get('/api/protocols')).json().items as ProtocolView[]).find((p) => p.code === 'spravato-trd')!;
    const {
      id: _id,
      version: _v,
      sessions: _s,
      current: _c,
      publishedAt: _p,
      publishedBy: _b,
      ...definition
    } = current as ProtocolView & Record<string, unknown>;
    const res = await admin.post('/api/protocols', { ...definition, visitTypes: current.visitTypes.map((v) => ({ ...v, blockAfterMinutes: 60 })) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('protocol_unsound');
    expect(res.json().error.message).toMatch(/at least 120 minutes/);
  });

  it('refuses malformed input naming the field, and other roles', async () => {
    const bad = await admin.post('/api/protocols', { code: 'X', treatment: 'tms', name: '', visitTypes: [], phases: [], source: '' });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().error.fields as { path: string }[]).map((f) => f.path);
    for (const f of ['code', 'name', 'visitTypes', 'phases', 'source']) expect(fields).toContain(f);
    expect((await nurse.post('/api/protocols', {})).statusCode).toBe(403);
  });

  it('a published version cannot be changed or deleted in the database', async () => {
    const refusal = async (statement: ReturnType<typeof sql>) => {
      try {
        await t.database.db.execute(statement);
        return 'accepted';
      } catch (err) {
        const e = err as { message: string; cause?: { message?: string } };
        return e.cause?.message ?? e.message;
      }
    };
    expect(await refusal(sql`update treatment_protocols set name = 'changed' where code = 'tms-itbs'`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from treatment_protocols where code = 'tms-itbs'`)).toMatch(/append-only/);
  });
});
