import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql-values.js';
import { patientWithIntake } from '../../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let provider: Agent;
let nurse: Agent;
let biller: Agent;
let patientId: string;
let recommendationId: string;
let protocolIds: Map<string, string>;

beforeAll(async () => {
  t = await createTestApp({}, { patients: 0 });
  provider = await t.login('provider');
  nurse = await t.login('nurse');
  biller = await t.login('biller');
  patientId = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
  // Registered at San Francisco and Seattle (Seattle offers no IV ketamine).
  const current = (await provider.get(`/api/patients/${patientId}`)).json();
  const moved = await (
    await t.login('coordinator')
  ).patch(`/api/patients/${patientId}`, {
    version: current.version,
    locationIds: [t.clinics.get('SF'), t.clinics.get('SEA')],
  });
  expect(moved.statusCode, moved.body).toBe(200);
  recommendationId = (await provider.post(`/api/patients/${patientId}/care-path/recommendations`, {})).json().id;
  protocolIds = new Map(((await provider.get('/api/protocols')).json().items as { id: string; code: string }[]).map((p) => [p.code, p.id]));
});
afterAll(async () => t.close());

const start = (body: Record<string, unknown>) => provider.post(`/api/patients/${patientId}/courses`, body);
const fieldsOf = (res: { json(): { error: { fields?: { path: string; message: string }[] } } }) =>
  Object.fromEntries((res.json().error.fields ?? []).map((f) => [f.path, f.message]));

describe('treatment courses', () => {
  it('a provider starts a TMS course from the care path, linked to its prior authorization; the course shows its protocol version and counts', async () => {
    const pa = (await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'tms' })).json();
    const res = await start({
      protocolId: protocolIds.get('tms-10hz-standard'),
      locationId: t.clinics.get('SF'),
      recommendationId,
      priorAuthorizationId: pa.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const course = res.json();
    expect(course).toMatchObject({
      status: 'planned',
      protocol: { code: 'tms-10hz-standard', version: 1, sessions: 37, treatment: 'tms' },
      location: { id: t.clinics.get('SF'), timeZone: 'America/Los_Angeles' },
      recommendationId,
      payerLink: { kind: 'prior_authorization', id: pa.id, inForce: false, used: 0 },
      visits: { done: 0, booked: 0, first: null, last: null },
    });
    const listed = (await nurse.get(`/api/patients/${patientId}/courses`)).json().items as { id: string }[];
    expect(listed.map((c) => c.id)).toContain(course.id);
    expect((await biller.get(`/api/courses/${course.id}`)).statusCode).toBe(200);
    await t.context.audit.flush();
    const [audit] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = 'course.create' and entity_id = ${course.id}`,
    );
    expect(audit!.n).toBe(1);
  });

  it('refuses, naming the field: no recommendation or reason, a clinic without the treatment, another patient’s records, a mismatched authorization', async () => {
    const noBasis = await start({ protocolId: protocolIds.get('tms-itbs'), locationId: t.clinics.get('SF') });
    expect(noBasis.statusCode).toBe(400);
    expect(fieldsOf(noBasis).recommendationId).toMatch(/differReason/);

    const noIv = await start({
      protocolId: protocolIds.get('iv-ketamine-series'),
      locationId: t.clinics.get('SEA'),
      differReason: 'Patient prefers the Seattle clinic.',
    });
    expect(noIv.statusCode).toBe(400);
    expect(fieldsOf(noIv).locationId).toMatch(/does not offer iv ketamine/);

    const notTheirs = await start({
      protocolId: protocolIds.get('tms-itbs'),
      locationId: t.clinics.get('ATL'),
      differReason: 'Testing a clinic the patient is not at.',
    });
    expect(fieldsOf(notTheirs).locationId).toMatch(/not one of the patient/);

    const other = await patientWithIntake(t, provider, null);
    const otherRec = (await provider.post(`/api/patients/${other}/care-path/recommendations`, {})).json().id;
    const wrongRec = await start({ protocolId: protocolIds.get('tms-itbs'), locationId: t.clinics.get('SF'), recommendationId: otherRec });
    expect(fieldsOf(wrongRec).recommendationId).toMatch(/not a recommendation recorded for this patient/);

    const esketaminePa = (await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'esketamine' })).json();
    const mismatch = await start({
      protocolId: protocolIds.get('tms-itbs'),
      locationId: t.clinics.get('SF'),
      recommendationId,
      priorAuthorizationId: esketaminePa.id,
    });
    expect(fieldsOf(mismatch).priorAuthorizationId).toMatch(/is for esketamine/);

    const both = await start({
      protocolId: protocolIds.get('tms-itbs'),
      locationId: t.clinics.get('SF'),
      recommendationId,
      priorAuthorizationId: esketaminePa.id,
      vaReferralId: esketaminePa.id,
    });
    expect(fieldsOf(both).vaReferralId).toMatch(/not both/);

    expect(
      (await nurse.post(`/api/patients/${patientId}/courses`, { protocolId: protocolIds.get('tms-itbs'), locationId: t.clinics.get('SF'), recommendationId }))
        .statusCode,
    ).toBe(403);
  });

  it('starts on the current protocol version and keeps it when a new version is published', async () => {
    const course = (
      await start({
        protocolId: protocolIds.get('spravato-trd'),
        locationId: t.clinics.get('SF'),
        differReason: 'Esketamine chosen over TMS: cannot attend daily.',
      })
    ).json();
    const admin = await t.loginAdmin();
    const v1 = ((await admin.get('/api/protocols')).json().items as Record<string, unknown>[]).find((p) => p.code === 'spravato-trd')!;
    const { id: _i, version: _v, sessions: _s, current: _c, publishedAt: _p, publishedBy: _b, ...definition } = v1;
    expect((await admin.post('/api/protocols', { ...definition, source: `${String(definition.source)}; revised` })).statusCode).toBe(201);
    expect((await provider.get(`/api/courses/${course.id}`)).json().protocol.version).toBe(1);
    const stale = await start({ protocolId: v1.id, locationId: t.clinics.get('SF'), differReason: 'Trying to start on the old version.' });
    expect(fieldsOf(stale).protocolId).toMatch(/current version 2/);
  });

  it('moves through its statuses: holding or stopping says why, an ended course stays ended, a stale version is refused', async () => {
    const course = (await start({ protocolId: protocolIds.get('tms-itbs'), locationId: t.clinics.get('SF'), recommendationId })).json();
    const move = (status: string, version: number, reason?: string) =>
      provider.post(`/api/courses/${course.id}/status`, { status, version, ...(reason ? { reason } : {}) });
    const active = await move('active', 1);
    expect(active.statusCode, active.body).toBe(200);
    expect(active.json()).toMatchObject({ status: 'active', version: 2 });
    expect((await move('planned', 2)).statusCode).toBe(409);
    const noReason = await move('on_hold', 2);
    expect(noReason.statusCode).toBe(400);
    expect(fieldsOf(noReason).reason).toMatch(/required/);
    expect((await move('on_hold', 1, 'Hospitalised')).statusCode).toBe(409); // stale version
    const held = await move('on_hold', 2, 'Hospitalised for an unrelated surgery');
    expect(held.json()).toMatchObject({ status: 'on_hold', statusReason: 'Hospitalised for an unrelated surgery' });
    expect((await move('stopped', 3, 'Moved out of state')).json().status).toBe('stopped');
    const restart = await move('active', 4);
    expect(restart.statusCode).toBe(409);
    expect(restart.json().error.code).toBe('invalid_transition');
  });

  it('a nurse of another clinic cannot read the course, and the refusal is audited', async () => {
    const course = (await provider.get(`/api/patients/${patientId}/courses`)).json().items[0];
    const austin = await t.login('nurse.austin');
    const res = await austin.get(`/api/courses/${course.id}`);
    expect(res.statusCode).toBe(403);
    await t.context.audit.flush();
    const denied = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_events where request_id = ${String(res.headers['x-request-id'])} and outcome = 'denied'`,
    );
    expect(denied.map((d) => d.action)).toEqual(['course.read']);
    expect((await austin.get(`/api/courses/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it('a coordinator asks for a plan: every visit proposed with a device and a nurse, inside the approved authorization, at times the patient can come', async () => {
    const coordinator = await t.login('coordinator');
    const pa = (await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'tms' })).json();
    const course = (
      await start({ protocolId: protocolIds.get('tms-10hz-standard'), locationId: t.clinics.get('SF'), recommendationId, priorAuthorizationId: pa.id })
    ).json();

    // Not approved yet: the plan covers the whole course and says the authorization did not limit it.
    const open = await coordinator.post(`/api/courses/${course.id}/plan`, {});
    expect(open.statusCode, open.body).toBe(200);
    const plan = open.json();
    expect(plan.visits).toHaveLength(37);
    expect(plan.blocked).toBeNull();
    expect(plan.warnings.join(' ')).toMatch(/not approved yet/);
    expect(plan.visits[0]).toMatchObject({ kind: 'tms_mapping', staff: [{ role: 'provider' }] });
    expect(plan.visits[1].resource.name).toMatch(/TMS/);
    expect(plan.visits[1].staff[0].role).toBe('nurse');
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
    expect(plan.visits[0].date >= tomorrow).toBe(true);

    // Approved for 20 sessions over three months: the 21st visit is refused with the reason.
    const from = plan.visits[0].date as string;
    await t.database.db.execute(
      sql`update prior_authorizations set status = 'approved', authorization_number = 'AUTH-20', approved_sessions = 20,
             approved_from = ${from}::date, approved_to = ${from}::date + 90 where id = ${pa.id}`,
    );
    const capped = (await coordinator.post(`/api/courses/${course.id}/plan`, {})).json();
    expect(capped.visits).toHaveLength(20);
    expect(capped.blocked).toMatchObject({ index: 20, rule: 'authorization_count' });
    expect(capped.notPlanned).toBe(17);

    // Early mornings only.
    const early = (
      await coordinator.post(`/api/courses/${course.id}/plan`, { preferredTimes: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '09:00' })) })
    ).json();
    for (const v of early.visits) expect(v.localStart <= '08:15').toBe(true);
  });

  it('refuses a malformed plan request naming the field, and a course that has ended', async () => {
    const coordinator = await t.login('coordinator');
    const course = (await provider.get(`/api/patients/${patientId}/courses`)).json().items[0];
    const bad = await coordinator.post(`/api/courses/${course.id}/plan`, {
      preferredTimes: [{ weekday: 8, from: '09:00', to: '08:00' }],
      startOn: '2027-02-30',
    });
    expect(bad.statusCode).toBe(400);
    const fields = fieldsOf(bad);
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['preferredTimes.0.weekday', 'preferredTimes.0.to', 'startOn']));
    const stopped = (await provider.get(`/api/patients/${patientId}/courses`)).json().items.find((c: { status: string }) => c.status === 'stopped');
    const res = await coordinator.post(`/api/courses/${stopped.id}/plan`, {});
    expect(res.statusCode).toBe(409);
  });
});
