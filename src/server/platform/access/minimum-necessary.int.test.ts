import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clinicToday } from '../../../domain/time/clinic-today.js';
import { queryRows } from '../../db/sql-values.js';
import { SIGNED_INTAKE } from '../../testing/builders.js';
import { createTestApp, portalAgent, type Agent, type TestApp } from '../../testing/test-app.js';

/**
 * Minimum necessary (issue 8), read as the people who use it: what each role sees of one patient who screened high
 * risk on a C-SSRS, and that every successful read of patient data leaves its audit row.
 */
let t: TestApp;
let provider: Agent;
let nurse: Agent;
let coordinator: Agent;
let biller: Agent;
let manager: Agent;
let admin: Agent;
let patientId: string;
let paId: string;
let estimateId: string | null = null;
let recommendationId: string;
let courseId: string;
let intakeId: string;
let appointmentId: string;
let visitDate: string;
let sessionId: string;
let patient: Agent;
let questionnaireId: string;
const today = clinicToday('America/Los_Angeles');

beforeAll(async () => {
  t = await createTestApp();
  provider = await t.login('provider');
  nurse = await t.login('nurse');
  coordinator = await t.login('coordinator');
  biller = await t.login('biller');
  manager = await t.login('manager');
  admin = await t.loginAdmin();
  const p = await coordinator.post('/api/patients', {
    legalGivenName: 'Marlowe',
    legalFamilyName: 'Minimum-Necessary',
    dateOfBirth: '1984-04-04',
    sexAssignedAtBirth: 'female',
    locationIds: [t.clinics.get('SF')],
  });
  patientId = p.json().id;
  const content = {
    ...SIGNED_INTAKE,
    measures: { ...SIGNED_INTAKE.measures, cssrsPaper: { risk: 'high', takenOn: today, notes: 'plan with intent, past month' } },
  };
  const draft = await provider.post(`/api/patients/${patientId}/intake-assessments`, { content });
  intakeId = draft.json().id;
  await provider.post(`/api/intake-assessments/${intakeId}/sign`, { version: draft.json().version });
  await nurse.post(`/api/patients/${patientId}/weights`, { value: 71, unit: 'kg' });
  const payers = (await coordinator.get('/api/payers')).json().items as { id: string; name: string; plans: { id: string }[] }[];
  const payer = payers.find((x) => x.name === 'Blue Horizon Commercial')!;
  await coordinator.post(`/api/patients/${patientId}/coverages`, {
    payerId: payer.id,
    planId: payer.plans[0]!.id,
    priority: 'primary',
    memberId: 'XJ1',
    effectiveFrom: '2026-01-01',
  });
  paId = (await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'tms' })).json().id;
  recommendationId = (await provider.post(`/api/patients/${patientId}/care-path/recommendations`, {})).json().id;
  const prices = (await coordinator.get(`/api/locations/${t.clinics.get('SF')}/price-list`)).json().items as { id: string; active: boolean }[];
  const estimate = await coordinator.post(`/api/patients/${patientId}/estimates`, { priceItemId: prices.find((x) => x.active)!.id, installments: 1 });
  if (estimate.statusCode === 201) estimateId = estimate.json().id;
  const protocols = (await provider.get('/api/protocols')).json().items as { id: string; code: string }[];
  const course = await provider.post(`/api/patients/${patientId}/courses`, {
    protocolId: protocols.find((p) => p.code === 'tms-10hz-standard')!.id,
    locationId: t.clinics.get('SF'),
    recommendationId,
    priorAuthorizationId: paId,
  });
  expect(course.statusCode, course.body).toBe(201);
  courseId = course.json().id;
  const plan = (await coordinator.post(`/api/courses/${courseId}/plan`, {})).json() as {
    visits: { index: number; date: string; localStart: string; resource: { id: string } | null; staff: { id: string }[] }[];
  };
  const visit = plan.visits[0]!;
  const booked = await coordinator.post(`/api/courses/${courseId}/appointments`, {
    visits: [{ index: 0, date: visit.date, localStart: visit.localStart, resourceId: visit.resource?.id ?? null, staffIds: visit.staff.map((x) => x.id) }],
  });
  expect(booked.statusCode, booked.body).toBe(201);
  appointmentId = booked.json().course.items[0].id;
  visitDate = visit.date;
  // The visit's chart, opened on its day (the clock moved to it, then back).
  const startsAt = new Date(booked.json().course.items[0].startsAt).getTime();
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(startsAt - 10 * 60_000), shouldAdvanceTime: true });
  const [deskThen, nurseThen] = await Promise.all([t.login('coordinator'), t.login('nurse')]);
  expect(
    (await deskThen.post(`/api/appointments/${appointmentId}/status`, { status: 'checked_in', version: booked.json().course.items[0].version })).statusCode,
  ).toBe(200);
  const opened = await nurseThen.post('/api/treatment-sessions', { appointmentId });
  expect(opened.statusCode, opened.body).toBe(200);
  sessionId = opened.json().id;
  vi.useRealTimers();
  [provider, nurse, coordinator, biller, manager] = await Promise.all([
    t.login('provider'),
    t.login('nurse'),
    t.login('coordinator'),
    t.login('biller'),
    t.login('manager'),
  ]);
  // The patient in the portal (invited by the front desk), and a questionnaire their course made due.
  const email = `minimum.${Date.now()}@example.test`;
  expect((await coordinator.post(`/api/patients/${patientId}/portal-invitation`, { email })).statusCode).toBe(201);
  const token = /#([A-Za-z0-9_-]{43})/.exec(t.patientMessages.at(-1)!.text)![1]!;
  expect((await t.app.inject({ method: 'POST', url: '/api/portal/link', payload: { token, password: 'minimum-necessary-1' } })).statusCode).toBe(200);
  patient = await portalAgent(t.app, email, 'minimum-necessary-1');
  questionnaireId = ((await patient.get('/api/portal/questionnaires')).json().items as { id: string }[])[0]!.id;
});
afterAll(async () => t.close());

describe('what each role sees of a high-risk patient', () => {
  it('clinical staff see the risk and its reasons; coordinators, billers and managers see only that the patient is urgent', async () => {
    const forProvider = (await provider.get(`/api/patients/${patientId}/risk`)).json();
    expect(forProvider).toMatchObject({ urgent: true, level: 'high', signals: [expect.objectContaining({ rule: 'suicidality.cssrs' })] });
    expect((await nurse.get(`/api/patients/${patientId}/risk`)).json().level).toBe('high');
    for (const agent of [coordinator, biller, manager, admin]) {
      const res = await agent.get(`/api/patients/${patientId}/risk`);
      expect(res.json()).toEqual({ urgent: true, level: null, signals: [] });
    }
    const carePath = await coordinator.get(`/api/patients/${patientId}/care-path`);
    expect(carePath.statusCode).toBe(200);
    expect(carePath.json().result.urgent).toBe(true);
    expect(carePath.json().result.suicideRisk).toBeUndefined();
    expect(carePath.body).not.toMatch(/C-SSRS|plan with intent/);
    const rec = await biller.get(`/api/care-path/recommendations/${recommendationId}`);
    expect(rec.body).not.toMatch(/C-SSRS/);
    expect((await provider.get(`/api/patients/${patientId}/care-path`)).body).toMatch(/C-SSRS high risk/);
  });

  it('billers get diagnosis codes and the letter to send, never questionnaire answers; coordinators get authorization facts only', async () => {
    expect((await biller.get(`/api/patients/${patientId}/diagnoses`)).json().items).toEqual([expect.objectContaining({ code: 'F33.2' })]);
    expect((await biller.get(`/api/patients/${patientId}/observations`)).statusCode).toBe(403);
    expect((await biller.get(`/api/patients/${patientId}/intake-assessments`)).statusCode).toBe(403);
    expect((await coordinator.get(`/api/patients/${patientId}/diagnoses`)).statusCode).toBe(403);
    const forBiller = (await biller.get(`/api/prior-authorizations/${paId}`)).json();
    expect(forBiller.letter.sections.length).toBeGreaterThan(0);
    const forCoordinator = (await coordinator.get(`/api/prior-authorizations/${paId}`)).json();
    expect(forCoordinator).toMatchObject({ letter: null, letterDrafted: true, status: 'draft', treatment: 'tms' });
    for (const agent of [coordinator, biller, manager]) {
      const edit = await agent.patch(`/api/prior-authorizations/${paId}/letter`, {
        version: forBiller.version,
        letter: { sections: [{ heading: 'x', body: 'y' }] },
      });
      expect(edit.statusCode).toBe(403);
    }
    expect((await coordinator.get(`/api/prior-authorizations/${paId}/letter.pdf`)).statusCode).toBe(403);
  });

  it('the weight is clinical: nurses see it on the patient, coordinators do not', async () => {
    expect((await nurse.get(`/api/patients/${patientId}`)).json().latestWeight.weightKg).toBe(71);
    expect((await coordinator.get(`/api/patients/${patientId}`)).json().latestWeight).toBeNull();
    expect((await manager.get(`/api/patients/${patientId}/intake-assessments`)).statusCode).toBe(403);
  });
});

describe('every successful read of patient data is audited (route walk)', () => {
  // Billing records of the patient: a charge, its claim in a batch, a remittance denying it, an appeal, a payment.
  const billing = { claimId: '', batchId: '', remittanceId: '', appealId: '', paymentId: '', month: '' };
  beforeAll(async () => {
    const charge = await biller.post('/api/charges', {
      patientId,
      locationId: t.clinics.get('SF'),
      dateOfService: today,
      code: '99214',
      units: 1,
      diagnoses: ['F33.2'],
      renderingProviderId: provider.userId,
      why: 'Medication management visit',
    });
    expect(charge.statusCode, charge.body).toBe(201);
    billing.month = today.slice(0, 7);
    expect((await biller.post('/api/charges/approve', { ids: [charge.json().id] })).statusCode).toBe(200);
    const claim = (await biller.post('/api/claims', { ids: [charge.json().id] })).json().items[0];
    billing.claimId = claim.id;
    expect((await biller.post(`/api/claims/${claim.id}/ready`, { version: claim.version })).statusCode).toBe(200);
    billing.batchId = (await biller.post('/api/claim-batches', { ids: [claim.id] })).json().items[0].id;
    const line = (await biller.get(`/api/claims/${claim.id}`)).json().lines[0];
    const segs = [
      'ST*835*0001',
      'BPR*I*0*C*NON************20261215',
      'TRN*1*WALK1*1512345678',
      'N1*PR*BLUE HORIZON',
      'LX*1',
      `CLP*${claim.patientControlNumber}*4*250*0*0*CI*WALK-1`,
      'SVC*HC:99214:25*250*0**1',
      'CAS*CO*197*250',
      `REF*6R*${line.controlNumber}`,
    ];
    const file = [
      'ISA*00*          *00*          *ZZ*BLUEHORIZON    *ZZ*STEPWISE       *261215*0900*^*00501*000000009*0*T*:',
      'GS*HP*BLUEHORIZON*STEPWISE*20261215*0900*9*X*005010X221A1',
      ...segs,
      `SE*${segs.length + 1}*0001`,
      'GE*1*9',
      'IEA*1*000000009',
    ].join('~');
    const remit = await biller.post('/api/remittances', { file: `${file}~` });
    expect(remit.statusCode, remit.body).toBe(201);
    billing.remittanceId = remit.json().id;
    const denial = (await biller.get('/api/denials'))
      .json()
      .items.find((d: { patientControlNumber: string }) => d.patientControlNumber === claim.patientControlNumber);
    billing.appealId = (await biller.post(`/api/denials/${denial.id}/appeals`, {})).json().id;
    const paid = await coordinator.post(`/api/patients/${patientId}/payments`, {
      locationId: t.clinics.get('SF'),
      method: 'card',
      amountCents: 5000,
      receivedOn: today,
    });
    expect(paid.statusCode, paid.body).toBe(201);
    billing.paymentId = paid.json().id;
  });
  // Written by hand: every GET route that returns patient data, with who reads it. A new patient-data route must be
  // added here; the check below fails when a GET route is in neither list.
  const PATIENT_READS: [route: string, who: () => Agent, url: () => string][] = [
    ['GET /api/patients', () => coordinator, () => '/api/patients?q=minimum-necessary'],
    ['GET /api/patients/:id', () => coordinator, () => `/api/patients/${patientId}`],
    ['GET /api/patients/:id/risk', () => coordinator, () => `/api/patients/${patientId}/risk`],
    ['GET /api/patients/:id/weights', () => nurse, () => `/api/patients/${patientId}/weights`],
    ['GET /api/patients/:id/intake-assessments', () => provider, () => `/api/patients/${patientId}/intake-assessments`],
    ['GET /api/intake-assessments/:id', () => nurse, () => `/api/intake-assessments/${intakeId}`],
    ['GET /api/patients/:id/observations', () => nurse, () => `/api/patients/${patientId}/observations`],
    ['GET /api/patients/:id/diagnoses', () => biller, () => `/api/patients/${patientId}/diagnoses`],
    ['GET /api/patients/:id/appointments', () => coordinator, () => `/api/patients/${patientId}/appointments`],
    ['GET /api/patients/:id/courses', () => nurse, () => `/api/patients/${patientId}/courses`],
    ['GET /api/courses/:id', () => biller, () => `/api/courses/${courseId}`],
    ['GET /api/courses/:id/visits', () => nurse, () => `/api/courses/${courseId}/visits`],
    ['GET /api/appointments/:id', () => coordinator, () => `/api/appointments/${appointmentId}`],
    ['GET /api/locations/:id/board', () => nurse, () => `/api/locations/${t.clinics.get('SF')}/board?date=${visitDate}`],
    ['GET /api/locations/:id/calendar', () => provider, () => `/api/locations/${t.clinics.get('SF')}/calendar?from=${visitDate}&days=7`],
    ['GET /api/treatment-sessions/:id', () => nurse, () => `/api/treatment-sessions/${sessionId}`],
    ['GET /api/locations/:id/treatment-sessions', () => coordinator, () => `/api/locations/${t.clinics.get('SF')}/treatment-sessions`],
    ['GET /api/locations/:id/charting-tasks', () => manager, () => `/api/locations/${t.clinics.get('SF')}/charting-tasks`],
    [
      'GET /api/locations/:id/controlled-substances',
      () => manager,
      () => `/api/locations/${t.clinics.get('SF')}/controlled-substances?from=${today}&to=${today}`,
    ],
    ['GET /api/patients/:id/rems-enrollment', () => nurse, () => `/api/patients/${patientId}/rems-enrollment`],
    ['GET /api/patients/:id/motor-thresholds', () => provider, () => `/api/patients/${patientId}/motor-thresholds`],
    ['GET /api/locations/:id/readiness', () => coordinator, () => `/api/locations/${t.clinics.get('SF')}/readiness?date=${visitDate}`],
    ['GET /api/messages/inbound', () => coordinator, () => '/api/messages/inbound'],
    ['GET /api/patients/:id/coverages', () => biller, () => `/api/patients/${patientId}/coverages`],
    ['GET /api/patients/:id/care-path', () => coordinator, () => `/api/patients/${patientId}/care-path`],
    ['GET /api/patients/:id/care-path/recommendations', () => provider, () => `/api/patients/${patientId}/care-path/recommendations`],
    ['GET /api/care-path/recommendations/:id', () => biller, () => `/api/care-path/recommendations/${recommendationId}`],
    ['GET /api/patients/:id/prior-authorizations', () => biller, () => `/api/patients/${patientId}/prior-authorizations`],
    ['GET /api/prior-authorizations/:id', () => coordinator, () => `/api/prior-authorizations/${paId}`],
    ['GET /api/prior-authorizations/:id/letter.pdf', () => biller, () => `/api/prior-authorizations/${paId}/letter.pdf`],
    ['GET /api/patients/:id/va-referrals', () => biller, () => `/api/patients/${patientId}/va-referrals`],
    ['GET /api/authorizations/expiring', () => biller, () => '/api/authorizations/expiring'],
    ['GET /api/patients/:id/estimates', () => biller, () => `/api/patients/${patientId}/estimates`],
    ['GET /api/estimates/:id', () => coordinator, () => `/api/estimates/${estimateId}`],
    ['GET /api/estimates/:id/pdf', () => coordinator, () => `/api/estimates/${estimateId}/pdf`],
    ['GET /api/leads', () => coordinator, () => '/api/leads'],
    ['GET /api/leads/:id', () => coordinator, () => `/api/leads/${PLACEHOLDER}`],
    ['GET /api/leads/:id/patient-matches', () => coordinator, () => `/api/leads/${PLACEHOLDER}/patient-matches`],
    ['GET /api/front-door/metrics', () => manager, () => `/api/front-door/metrics?from=${today}&to=${today}`],
    ['GET /api/patients/:id/questionnaires', () => coordinator, () => `/api/patients/${patientId}/questionnaires`],
    ['GET /api/questionnaires/:id/form', () => coordinator, () => `/api/questionnaires/${questionnaireId}/form`],
    ['GET /api/risk-alerts', () => provider, () => '/api/risk-alerts'],
    ['GET /api/patients/:id/outcomes', () => nurse, () => `/api/patients/${patientId}/outcomes`],
    ['GET /api/reports/outcomes', () => manager, () => `/api/reports/outcomes?from=2026-01-01&to=2027-01-01`],
    ['GET /api/patients/:id/portal-account', () => coordinator, () => `/api/patients/${patientId}/portal-account`],
    // The patient's own reads in the portal, audited with the patient as the actor.
    ['GET /api/portal/me', () => patient, () => '/api/portal/me'],
    ['GET /api/portal/visits', () => patient, () => '/api/portal/visits'],
    ['GET /api/portal/visits/:id/ics', () => patient, () => `/api/portal/visits/${appointmentId}/ics`],
    ['GET /api/portal/questionnaires', () => patient, () => '/api/portal/questionnaires'],
    ['GET /api/portal/questionnaires/:id', () => patient, () => `/api/portal/questionnaires/${questionnaireId}`],
    ['GET /api/portal/scores', () => patient, () => '/api/portal/scores'],
    ['GET /api/portal/documents', () => patient, () => '/api/portal/documents'],
    ['GET /api/portal/documents/statements/:id.pdf', () => patient, () => '/api/portal/documents/statements/current.pdf'],
    ['GET /api/portal/documents/receipts/:id.pdf', () => patient, () => `/api/portal/documents/receipts/${billing.paymentId}.pdf`],
    ['GET /api/portal/documents/superbills/:id.pdf', () => patient, () => `/api/portal/documents/superbills/${billing.month}.pdf`],
    // Reimbursement (issue 12).
    ['GET /api/charges', () => manager, () => '/api/charges?status=approved'],
    ['GET /api/claims', () => biller, () => '/api/claims'],
    ['GET /api/claims/:id', () => manager, () => `/api/claims/${billing.claimId}`],
    ['GET /api/claim-batches', () => biller, () => '/api/claim-batches'],
    ['GET /api/claim-batches/:id/837p', () => manager, () => `/api/claim-batches/${billing.batchId}/837p`],
    ['GET /api/remittances', () => biller, () => '/api/remittances'],
    ['GET /api/remittances/:id', () => manager, () => `/api/remittances/${billing.remittanceId}`],
    ['GET /api/denials', () => manager, () => '/api/denials?status=appealed'],
    ['GET /api/appeals/:id', () => biller, () => `/api/appeals/${billing.appealId}`],
    ['GET /api/appeals/:id/letter.pdf', () => biller, () => `/api/appeals/${billing.appealId}/letter.pdf`],
    ['GET /api/patients/:id/ledger', () => coordinator, () => `/api/patients/${patientId}/ledger`],
    ['GET /api/payments/:id/receipt.pdf', () => coordinator, () => `/api/payments/${billing.paymentId}/receipt.pdf`],
    ['GET /api/patients/:id/statement.pdf', () => coordinator, () => `/api/patients/${patientId}/statement.pdf`],
    ['GET /api/patients/:id/superbill.pdf', () => biller, () => `/api/patients/${patientId}/superbill.pdf?month=${billing.month}`],
    ['GET /api/reports/billing', () => manager, () => `/api/reports/billing?from=2026-01-01&to=2027-01-01`],
  ];
  const PLACEHOLDER = '__LEAD__';
  const NOT_PATIENT_DATA = new Set([
    'GET /api/health',
    'GET /api/auth/me',
    'GET /api/locations',
    'GET /api/locations/:id',
    'GET /api/staff',
    'GET /api/audit',
    'GET /api/jobs',
    'GET /api/public/clinics',
    'GET /api/providers',
    'GET /api/notifications',
    'GET /api/reference/icd10',
    'GET /api/reference/medications',
    'GET /api/payers',
    'GET /api/protocols',
    // Staff hours and time off: no patient data.
    'GET /api/locations/:id/staff-availability',
    // Only "changed" signals; the board's refetch is the audited read.
    'GET /api/locations/:id/board/stream',
    'GET /api/locations/:id/price-list',
    'GET /api/openapi.json',
    // A clinic's certification and the practice's charting policy: no patient data.
    'GET /api/locations/:id/rems-certification',
    'GET /api/charting-policy',
    // Needs a signed Spravato session; its audit row is asserted in charting.int.test.ts.
    'GET /api/treatment-sessions/:id/rems-monitoring-form',
    // A patient's own estimate PDF: audited as portal.document.read, asserted in portal.int.test.ts.
    'GET /api/portal/documents/estimates/:id.pdf',
    'GET /api/portal/documents/letters/:id.pdf',
    // The practice's clearinghouse and payer settings, and its fees: no patient data.
    'GET /api/billing/settings',
    'GET /api/fee-schedules',
  ]);

  it('classifies every GET route', () => {
    const gets = t.context.routeTable.filter((r) => r.method === 'GET').map((r) => `${r.method} ${r.url}`);
    const listed = new Set([...PATIENT_READS.map(([route]) => route), ...NOT_PATIENT_DATA]);
    expect(gets.filter((g) => !listed.has(g))).toEqual([]);
  });

  it('writes a success audit row for each read, under the request id', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/public/callback-requests',
      payload: { name: 'Audit Walk', phone: '(415) 555-0177', state: 'CA', consentToCall: true },
    });
    const leadId = (await queryRows<{ id: string }>(t.database.db, sql`select id from leads limit 1`))[0]?.id;
    const missing: string[] = [];
    for (const [route, who, url] of PATIENT_READS) {
      if (route.includes('/estimates/:id') && !estimateId) continue;
      const target = url().replace(PLACEHOLDER, leadId!);
      const res = await who().get(target);
      expect(res.statusCode, `${route} -> ${res.body.slice(0, 200)}`).toBe(200);
      await t.context.audit.flush();
      const rows = await queryRows<{ action: string }>(
        t.database.db,
        sql`select action from audit_events where request_id = ${String(res.headers['x-request-id'])} and outcome = 'success'`,
      );
      if (rows.length === 0) missing.push(route);
    }
    expect(missing, 'reads without an audit row').toEqual([]);
  });

  it('audits refusals too: by role at the gate, and by clinic for each kind of record', async () => {
    const deniedRow = async (res: { headers: Record<string, unknown> }) => {
      await t.context.audit.flush();
      const rows = await queryRows<{ action: string; details: { reason?: string; route?: string } | null; entityType: string | null }>(
        t.database.db,
        sql`select action, details, entity_type from audit_events where request_id = ${String(res.headers['x-request-id'])} and outcome = 'denied'`,
      );
      return rows;
    };
    // The gate: a coordinator may not read the audit trail.
    const gate = await coordinator.get('/api/audit');
    expect(gate.statusCode).toBe(403);
    expect(await deniedRow(gate)).toEqual([
      { action: 'access.denied', entityType: null, details: { route: 'GET /api/audit', reason: 'role lacks audit:read' } },
    ]);

    // Records of a clinic that is not the caller's: a San Francisco lead, price list and patient, from Atlanta and Austin.
    await t.app.inject({
      method: 'POST',
      url: '/api/public/callback-requests',
      payload: { name: 'Refusal Walk', phone: '(415) 555-0188', state: 'CA', consentToCall: true },
    });
    const [lead] = await queryRows<{ id: string }>(t.database.db, sql`select id from leads where name = 'Refusal Walk'`);
    const atlanta = await t.login('manager.atlanta');
    const austinNurse = await t.login('nurse.austin');
    const cases: [string, Promise<{ statusCode: number; headers: Record<string, unknown> }>, string, string][] = [
      ['lead', atlanta.get(`/api/leads/${lead!.id}`), 'lead.read', 'lead'],
      [
        'price list',
        atlanta.post(`/api/locations/${t.clinics.get('SF')}/price-list`, {
          code: 'ATL-X',
          name: 'x',
          kind: 'session',
          treatment: 'tms',
          sessions: 1,
          priceCents: 100,
        }),
        'price.create',
        'location',
      ],
      ['observations', austinNurse.get(`/api/patients/${patientId}/observations`), 'observation.list', 'patient'],
      ['patient', austinNurse.get(`/api/patients/${patientId}`), 'patient.read', 'patient'],
    ];
    for (const [what, request, action, entityType] of cases) {
      const res = await request;
      expect(res.statusCode, what).toBe(403);
      expect(await deniedRow(res), what).toEqual([{ action, entityType: entityType, details: { reason: 'not in your clinics' } }]);
    }
  });
});
