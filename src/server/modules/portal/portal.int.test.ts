import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-values.js';
import { courseWithVisits } from '../../testing/builders.js';
import { currentTotp } from '../../platform/auth/totp.js';
import { createTestApp, portalAgent, TEST_PASSWORD, type Agent, type TestApp } from '../../testing/test-app.js';

/**
 * The patient portal against a real database: invitation, sign-in, the patient's own questionnaires with the crisis
 * rule, visits, and isolation (a patient reaches nothing of another patient's; staff and patient sessions never
 * cross).
 */
let t: TestApp;
let provider: Agent;
let nurse: Agent;
let coordinator: Agent;
let manager: Agent;
const PASSWORD = 'a long portal password';

beforeAll(async () => {
  t = await createTestApp();
  [provider, nurse, coordinator, manager] = await Promise.all([t.login('provider'), t.login('nurse'), t.login('coordinator'), t.login('manager')]);
});
afterAll(async () => t.close());

/** Invites the patient and follows the emailed link with a password; answers a signed-in portal agent. */
async function invited(patientId: string, email: string): Promise<Agent> {
  const inv = await coordinator.post(`/api/patients/${patientId}/portal-invitation`, { email });
  expect(inv.statusCode, inv.body).toBe(201);
  expect(inv.json().sentTo).not.toContain(email.split('@')[0]);
  const message = t.patientMessages.at(-1)!;
  expect(message).toMatchObject({ channel: 'email', to: email });
  const token = /#([A-Za-z0-9_-]{43})/.exec(message.text)![1]!;
  const short = await t.app.inject({ method: 'POST', url: '/api/portal/link', payload: { token, password: 'short' } });
  expect(short.statusCode).toBe(400);
  expect(short.json().error.fields[0].path).toBe('password');
  const ok = await t.app.inject({ method: 'POST', url: '/api/portal/link', payload: { token, password: PASSWORD } });
  expect(ok.statusCode, ok.body).toBe(200);
  expect(ok.cookies.some((c) => c.name === 'stepwise_portal' && c.httpOnly)).toBe(true);
  const again = await t.app.inject({ method: 'POST', url: '/api/portal/link', payload: { token, password: PASSWORD } });
  expect(again.statusCode, 'a link works once').toBe(400);
  return portalAgent(t.app, email, PASSWORD);
}

describe('the patient portal', () => {
  it('invites, signs in, answers a PHQ-9 with item 9 above 0: crisis resources at once, one provider alert until acknowledged', async () => {
    const { patientId } = await courseWithVisits(t, provider, coordinator, 'iv-ketamine-series', 2);
    const patient = await invited(patientId, `pat.${Date.now()}@example.test`);

    const me = await patient.get('/api/portal/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().patient.id).toBe(patientId);
    // Every read is audited with the patient as the actor.
    await t.context.audit.flush();
    const audited = await queryRows<{ actorRole: string; actorUserId: string }>(
      t.database.db,
      sql`select actor_role, actor_user_id from audit_events where action = 'portal.me.read' and patient_id = ${patientId}`,
    );
    expect(audited[0]).toEqual({ actorRole: 'patient', actorUserId: patientId });

    const due = (await patient.get('/api/portal/questionnaires')).json().items as { id: string; instrument: string; status: string; reason: string }[];
    const phq = due.find((q) => q.instrument === 'PHQ-9' && q.status === 'due')!;
    expect(phq.reason).toBe('Baseline');
    const form = (await patient.get(`/api/portal/questionnaires/${phq.id}`)).json();
    expect(form.form.items).toHaveLength(9);

    const bad = await patient.post(`/api/portal/questionnaires/${phq.id}/answers`, { answers: [1, 1, 1, 1, 1, 1, 1, 1, 7] });
    expect(bad.statusCode).toBe(400);
    const incomplete = await patient.post(`/api/portal/questionnaires/${phq.id}/answers`, { answers: [1, 1, 1, 1, 1, 1, 1, 1, null] });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['answers.8']);

    const answered = await patient.post(`/api/portal/questionnaires/${phq.id}/answers`, { answers: [2, 2, 1, 1, 2, 1, 1, 1, 1] });
    expect(answered.statusCode, answered.body).toBe(201);
    // Domain §6.1's worked example: 2,2,1,1,2,1,1,1,1 = 12, moderate; item 9 = 1 is a suicide-risk flag.
    expect(answered.json()).toMatchObject({ total: 12, severity: 'moderate', crisis: true, providerAlerted: true });
    expect(answered.json().crisisResources.map((r: { href: string }) => r.href)).toEqual(expect.arrayContaining(['tel:988', 'tel:911']));
    const twice = await patient.post(`/api/portal/questionnaires/${phq.id}/answers`, { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] });
    expect(twice.statusCode).toBe(409);

    // The provider is told once; the alert stays open until a clinician acknowledges it.
    const notes = (await provider.get('/api/notifications')).json().items as { kind: string; entityId: string }[];
    expect(notes.filter((n) => n.kind === 'outcomes.risk_alert')).toHaveLength(1);
    const alerts = (await provider.get('/api/risk-alerts')).json().items as { id: string; patientId: string; acknowledgedAt: string | null; reason: string }[];
    const mine = alerts.filter((a) => a.patientId === patientId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ acknowledgedAt: null });
    expect(mine[0]!.reason).toMatch(/item 9/);
    const managerView = (await manager.get('/api/risk-alerts')).json().items.find((a: { id: string }) => a.id === mine[0]!.id);
    expect(managerView.reason).toBe('Positive suicide-risk answer');
    expect((await coordinator.post(`/api/risk-alerts/${mine[0]!.id}/acknowledge`, { note: 'Called' })).statusCode).toBe(403);
    const tooShort = await nurse.post(`/api/risk-alerts/${mine[0]!.id}/acknowledge`, { note: '' });
    expect(tooShort.statusCode).toBe(400);
    const ack = await nurse.post(`/api/risk-alerts/${mine[0]!.id}/acknowledge`, { note: 'Called the patient; safety plan reviewed with Dr. Lee.' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledgedAt).not.toBeNull();
    expect((await nurse.post(`/api/risk-alerts/${mine[0]!.id}/acknowledge`, { note: 'again' })).statusCode).toBe(409);

    // The score is an observation clinical staff see.
    const obs = (await nurse.get(`/api/patients/${patientId}/observations?kind=PHQ-9`)).json().items as { value: number; source: string }[];
    expect(obs.some((o) => o.value === 12 && o.source === 'questionnaire:portal')).toBe(true);

    // Visits: listed, confirmed, as a calendar file.
    const visits = (await patient.get('/api/portal/visits')).json().items as { id: string; upcoming: boolean; confirmation: string }[];
    expect(visits.filter((v) => v.upcoming)).toHaveLength(2);
    const confirmed = await patient.post(`/api/portal/visits/${visits[0]!.id}/answer`, { action: 'confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().confirmation).toBe('confirmed');
    const ics = await patient.get(`/api/portal/visits/${visits[0]!.id}/ics`);
    expect(ics.headers['content-type']).toMatch(/text\/calendar/);
    expect(ics.body).toMatch(/BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT/);

    const contact = await patient.patch('/api/portal/me', { phoneMobile: '(415) 555-0100', language: 'es' });
    expect(contact.statusCode, contact.body).toBe(200);
    // In Spanish, the published Spanish GAD-7.
    const gad = due.find((q) => q.instrument === 'GAD-7')!;
    const spanish = (await patient.get(`/api/portal/questionnaires/${gad.id}`)).json();
    expect(spanish.form).toMatchObject({ language: 'es', stem: expect.stringMatching(/^Durante las últimas 2 semanas/) });
    expect(spanish.form.options.map((o: { label: string }) => o.label)).toEqual([
      'Ningún día',
      'Varios días',
      'Más de la mitad de los días',
      'Casi todos los días',
    ]);
    const badPhone = await patient.patch('/api/portal/me', { phoneMobile: '+44 20 7946 0958' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.fields[0].path).toBe('phoneMobile');

    const out = await patient.post('/api/portal/sign-out');
    expect(out.statusCode).toBe(200);
    expect((await patient.get('/api/portal/me')).statusCode).toBe(401);
  });

  it('a patient reaches nothing of another patient’s, and staff and patient sessions never cross', async () => {
    const a = await courseWithVisits(t, provider, coordinator, 'iv-ketamine-series', 1);
    const b = await courseWithVisits(t, provider, coordinator, 'iv-ketamine-series', 1);
    const patientA = await invited(a.patientId, `a.${Date.now()}@example.test`);
    const patientB = await invited(b.patientId, `b.${Date.now()}@example.test`);
    const qA = ((await patientA.get('/api/portal/questionnaires')).json().items as { id: string }[])[0]!.id;
    const visitA = a.visits[0]!.id;
    // An estimate for A, made by the front desk: A reads it, B cannot.
    const items = (await coordinator.get(`/api/locations/${t.clinics.get('SF')}/price-list`)).json().items as { id: string }[];
    const estimate = await coordinator.post(`/api/patients/${a.patientId}/estimates`, { priceItemId: items[0]!.id, sessions: 6 });
    const estimateId = estimate.statusCode === 201 ? (estimate.json().id as string) : null;
    if (estimateId) {
      const docs = (await patientA.get('/api/portal/documents')).json().items as { id: string; url: string }[];
      expect(docs.map((d) => d.id)).toContain(estimateId);
      const pdf = await patientA.get(docs.find((d) => d.id === estimateId)!.url);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((await patientB.get(`/api/portal/documents/estimates/${estimateId}.pdf`)).statusCode).toBe(404);
      expect((await patientB.get('/api/portal/documents')).body).not.toContain(estimateId);
      await t.context.audit.flush();
      const read = await queryRows<{ actorRole: string }>(
        t.database.db,
        sql`select actor_role from audit_events where action = 'portal.document.read' and patient_id = ${a.patientId}`,
      );
      expect(read.map((r) => r.actorRole)).toEqual(['patient']);
    }
    expect(estimateId, estimate.body).not.toBeNull();
    // A signed letter of medical necessity the provider shares: A reads it, B cannot; an unshared one is not listed.
    const pa = (await provider.post(`/api/patients/${a.patientId}/prior-authorizations`, { treatment: 'tms' })).json() as { id: string; version: number };
    expect((await provider.post(`/api/prior-authorizations/${pa.id}/letter/share`)).statusCode, 'unsigned').toBe(409);
    const signed = await provider.post(`/api/prior-authorizations/${pa.id}/letter/sign`, { version: pa.version });
    expect(signed.statusCode, signed.body).toBe(200);
    expect((await patientA.get('/api/portal/documents')).body).not.toContain(pa.id);
    const shared = await provider.post(`/api/prior-authorizations/${pa.id}/letter/share`);
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json().letterSharedAt).not.toBeNull();
    const letters = ((await patientA.get('/api/portal/documents')).json().items as { id: string; url: string; title: string }[]).filter((d) => d.id === pa.id);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.title).toMatch(/^Letter of medical necessity/);
    expect((await patientA.get(letters[0]!.url)).headers['content-type']).toBe('application/pdf');
    expect((await patientB.get(`/api/portal/documents/letters/${pa.id}.pdf`)).statusCode).toBe(404);
    // Every portal route that takes an id, with patient A's ids, as patient B: 404, as if they did not exist.
    const attempts = [
      patientB.get(`/api/portal/questionnaires/${qA}`),
      patientB.post(`/api/portal/questionnaires/${qA}/answers`, { answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] }),
      patientB.post(`/api/portal/visits/${visitA}/answer`, { action: 'confirm' }),
      patientB.get(`/api/portal/visits/${visitA}/ics`),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode, res.body).toBe(404);
    // B's own lists hold nothing of A's.
    const bLists = [await patientB.get('/api/portal/questionnaires'), await patientB.get('/api/portal/visits'), await patientB.get('/api/portal/scores')];
    for (const res of bLists) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(qA);
      expect(res.body).not.toContain(visitA);
    }
    expect((await patientB.get('/api/portal/me')).json().patient.id).toBe(b.patientId);
    // A's questionnaire is still due: B's attempt changed nothing.
    expect(((await patientA.get(`/api/portal/questionnaires/${qA}`)).json() as { status: string }).status).toBe('due');
    // Staff cookies do not open the portal; a patient's cookie opens no staff route.
    expect((await nurse.get('/api/portal/me')).statusCode).toBe(401);
    expect((await patientA.get(`/api/patients/${a.patientId}`)).statusCode).toBe(401);
    expect((await patientA.get(`/api/patients/${a.patientId}/questionnaires`)).statusCode).toBe(401);
    // Writes need the portal's CSRF token.
    const noCsrf = await patientA.request({ method: 'POST', url: '/api/portal/sign-out', headers: { 'x-csrf-token': 'wrong' } });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('sign-in refuses a wrong password alike for unknown addresses and locks after five failures', async () => {
    const { patientId } = await courseWithVisits(t, provider, coordinator, 'iv-ketamine-series', 1);
    const email = `lock.${Date.now()}@example.test`;
    await invited(patientId, email);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in', payload: { email: 'nobody@example.test', password: 'whatever-it-is' } });
    expect(unknown.statusCode).toBe(401);
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in', payload: { email, password: 'not the password' } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toBe(unknown.json().error.message);
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in', payload: { email, password: PASSWORD } });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.message).toMatch(/15 minutes/);
    // A sign-in link answers the same for any address, and signs in once.
    const before = t.patientMessages.length;
    const linkRes = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in-link', payload: { email } });
    const noneRes = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in-link', payload: { email: 'nobody@example.test' } });
    expect(linkRes.json()).toEqual(noneRes.json());
    expect(t.patientMessages.length).toBe(before + 1);
    const token = /#([A-Za-z0-9_-]{43})/.exec(t.patientMessages.at(-1)!.text)![1]!;
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/portal/link', payload: { token } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
  });
});

describe('the demo practice', () => {
  it('has a patient who can sign in to the portal with the demo password', async () => {
    const demo = await portalAgent(t.app, 'patient@demo.stepwise.test', TEST_PASSWORD);
    expect((await demo.get('/api/portal/me')).json().patient.loginEmail).toBe('patient@demo.stepwise.test');
  });
});

describe('an invitation by text', () => {
  it('goes only to a mobile number with consent to texts', async () => {
    const { patientId } = await courseWithVisits(t, provider, coordinator, 'iv-ketamine-series', 1);
    const email = `sms.${Date.now()}@example.test`;
    const refused = await coordinator.post(`/api/patients/${patientId}/portal-invitation`, { email, channel: 'sms' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].path).toBe('channel');
    const p = (await coordinator.get(`/api/patients/${patientId}`)).json() as { version: number };
    const consent = await coordinator.patch(`/api/patients/${patientId}`, { version: p.version, phoneMobile: '(415) 555-0142', reminderSms: true });
    expect(consent.statusCode, consent.body).toBe(200);
    const sent = await coordinator.post(`/api/patients/${patientId}/portal-invitation`, { email, channel: 'sms' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ channel: 'sms', sentTo: expect.stringMatching(/0142$/) });
    const text = t.patientMessages.at(-1)!;
    expect(text).toMatchObject({ channel: 'sms', to: '+14155550142' });
    expect(text.text).toMatch(/\/portal\/welcome#[A-Za-z0-9_-]{43}/);
  });
});

describe('two-step sign-in', () => {
  it('a patient turns it on with a code from the app; sign-in then needs a fresh code; the clinic can turn it off', async () => {
    const { patientId } = await courseWithVisits(t, provider, coordinator, 'iv-ketamine-series', 1);
    const email = `totp.${Date.now()}@example.test`;
    const patient = await invited(patientId, email);
    const setup = await patient.post('/api/portal/totp/setup');
    expect(setup.statusCode, setup.body).toBe(200);
    const secret = setup.json().secret as string;
    expect((await patient.post('/api/portal/totp/enable', { code: '000000' })).statusCode).toBe(400);
    expect((await patient.post('/api/portal/totp/enable', { code: await currentTotp(secret) })).statusCode).toBe(200);
    expect((await patient.get('/api/portal/me')).json().patient.totpEnabled).toBe(true);

    const noCode = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in', payload: { email, password: PASSWORD } });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    // The code used to turn it on cannot be used again; the next one can.
    const next = await currentTotp(secret, 1);
    const vi2 = await import('vitest');
    vi2.vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 30_000, shouldAdvanceTime: true });
    try {
      const withCode = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in', payload: { email, password: PASSWORD, totp: next } });
      expect(withCode.statusCode, withCode.body).toBe(200);
      const replay = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in', payload: { email, password: PASSWORD, totp: next } });
      expect(replay.json().error.code).toBe('invalid_totp');
    } finally {
      vi2.vi.useRealTimers();
    }
    // Lost phone: the front desk turns it off; the password alone works again.
    expect((await coordinator.post(`/api/patients/${patientId}/portal-account/totp-reset`)).statusCode).toBe(200);
    expect((await coordinator.get(`/api/patients/${patientId}/portal-account`)).json().totpEnabled).toBe(false);
    const plain = await t.app.inject({ method: 'POST', url: '/api/portal/sign-in', payload: { email, password: PASSWORD } });
    expect(plain.statusCode, plain.body).toBe(200);
  });
});
