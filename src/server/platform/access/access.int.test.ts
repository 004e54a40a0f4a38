import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-values.js';
import { ROLES, type Role } from '../../../contracts/roles.js';
import { createTestApp, portalAgent, type Agent, type TestApp } from '../../testing/test-app.js';

/**
 * The role walk. Its expectations are a table written by hand from the requirement (minimum necessary, issue 8),
 * role by route, NOT read from the permission table it checks: a wrong grant in permissions.ts fails here.
 *
 * Columns, in order: admin, provider, nurse, coordinator, biller, manager.
 *   Y = let through (the answer may be 400/404 for the placeholder ids and empty bodies, never 401/403/5xx)
 *   N = 403 forbidden
 */
const EXPECTED: Record<string, string> = {
  // Login-only routes: every role.
  'GET /api/auth/me': 'YYYYYY',
  'GET /api/notifications': 'YYYYYY',
  'POST /api/notifications/:id/read': 'YYYYYY',
  // Demographics: everyone who works with patients. Registering: not nurses or billers. Editing: not billers.
  'GET /api/patients': 'YYYYYY',
  'POST /api/patients': 'YYNYNY',
  'GET /api/patients/:id': 'YYYYYY',
  'PATCH /api/patients/:id': 'YYYYNY',
  // Whether a patient is urgent: everyone; the reasons behind it are presented to clinical staff only.
  'GET /api/patients/:id/risk': 'YYYYYY',
  // Weights are clinical (doses are computed from them): providers and nurses.
  'GET /api/patients/:id/weights': 'NYYNNN',
  'POST /api/patients/:id/weights': 'NYYNNN',
  // Clinics: everyone reads; only administrators change them.
  'GET /api/locations': 'YYYYYY',
  'GET /api/locations/:id': 'YYYYYY',
  'POST /api/locations': 'YNNNNN',
  'PATCH /api/locations/:id': 'YNNNNN',
  'POST /api/locations/:id/holidays': 'YNNNNN',
  'DELETE /api/locations/:id/holidays/:holidayId': 'YNNNNN',
  'POST /api/locations/:id/resources': 'YNNNNN',
  'PATCH /api/locations/:id/resources/:resourceId': 'YNNNNN',
  // Staff accounts and the audit trail: administrators only.
  'GET /api/staff': 'YNNNNN',
  'POST /api/staff': 'YNNNNN',
  'PATCH /api/staff/:id': 'YNNNNN',
  'POST /api/staff/:id/password': 'YNNNNN',
  'POST /api/staff/:id/unlock': 'YNNNNN',
  'POST /api/staff/:id/totp/reset': 'YNNNNN',
  'GET /api/audit': 'YNNNNN',
  'POST /api/audit/verify': 'YNNNNN',
  'GET /api/jobs': 'YNNNNN',
  // The lead queue: coordinators work it, managers watch and step in.
  'GET /api/leads': 'NNNYNY',
  'POST /api/leads': 'NNNYNY',
  'GET /api/leads/:id': 'NNNYNY',
  'POST /api/leads/:id/claim': 'NNNYNY',
  'POST /api/leads/:id/attempts': 'NNNYNY',
  'POST /api/leads/:id/close': 'NNNYNY',
  'GET /api/leads/:id/patient-matches': 'NNNYNY',
  'POST /api/leads/:id/convert': 'NNNYNY',
  // Booking: coordinators, managers and providers pick a provider.
  'GET /api/providers': 'NYNYNY',
  'GET /api/front-door/metrics': 'YNNNNY',
  // Intake: clinical detail. Providers write and sign; nurses read; nobody else.
  'GET /api/patients/:id/intake-assessments': 'NYYNNN',
  'POST /api/patients/:id/intake-assessments': 'NYNNNN',
  'GET /api/intake-assessments/:id': 'NYYNNN',
  'PATCH /api/intake-assessments/:id': 'NYNNNN',
  'POST /api/intake-assessments/:id/sign': 'NYNNNN',
  'POST /api/intake-assessments/:id/amendments': 'NYNNNN',
  // Scores with their item answers (suicide-risk answers among them): clinical.
  'GET /api/patients/:id/observations': 'NYYNNN',
  // Diagnosis codes: clinical staff, and billers for claims and authorizations.
  'GET /api/patients/:id/diagnoses': 'NYYNYN',
  'GET /api/patients/:id/appointments': 'YYYYYY',
  'GET /api/reference/icd10': 'YYYYYY',
  'GET /api/reference/medications': 'YYYYYY',
  // Payers: everyone reads the policies; administrators publish.
  'GET /api/payers': 'YYYYYY',
  'GET /api/protocols': 'YYYYYY',
  'POST /api/patients/:id/courses': 'NYNNNN',
  'GET /api/patients/:id/courses': 'NYYYYY',
  'GET /api/courses/:id': 'NYYYYY',
  'POST /api/courses/:id/status': 'NYNNNN',
  'POST /api/courses/:id/plan': 'NYNYNY',
  // Re-linking a course to an extension: the staff who work authorizations (not nurses, not admins).
  'POST /api/courses/:id/payer-link': 'NYNYYY',
  'POST /api/prior-authorizations/:id/extension': 'NYNYYY',
  'POST /api/protocols': 'YNNNNN',
  // Booking and moving visits: whoever plans them (providers, coordinators, managers); the timeline: course readers.
  'POST /api/courses/:id/appointments': 'NYNYNY',
  'POST /api/courses/:id/attached-visits': 'NYNYNY',
  'GET /api/courses/:id/visits': 'NYYYYY',
  'GET /api/appointments/:id': 'YYYYYY',
  'POST /api/appointments/:id/reschedule': 'NYNYNY',
  'POST /api/appointments/:id/cancel': 'NYNYNY',
  // The visit's day: the front desk checks in; the treatment moves are checked again for providers and nurses.
  'POST /api/appointments/:id/status': 'NYYYNY',
  // The day board: the staff on the floor, not billers or admins.
  'GET /api/locations/:id/board': 'NYYYNY',
  'GET /api/locations/:id/calendar': 'NYYYNY',
  'GET /api/locations/:id/board/stream': 'NYYYNY',
  // Staff availability: seen by those who plan and work visits, set by managers and admins.
  'GET /api/locations/:id/staff-availability': 'YYYYNY',
  'PUT /api/locations/:locationId/staff/:id/hours': 'YNNNNY',
  'POST /api/locations/:locationId/staff/:id/time-off': 'YNNNNY',
  'DELETE /api/locations/:locationId/staff/:id/time-off/:timeOffId': 'YNNNNY',
  // Readiness before visits: the floor; patients' text replies: the front desk.
  'GET /api/locations/:id/readiness': 'NYYYNY',
  'GET /api/messages/inbound': 'NNNYNY',
  'POST /api/messages/inbound/:id/review': 'NNNYNY',
  // Everyone's own calendar feed.
  'POST /api/me/calendar-feed': 'YYYYYY',
  'DELETE /api/me/calendar-feed': 'YYYYYY',
  'POST /api/payers/:id/policies': 'YNNNNN',
  // Coverage: the front office and billing record it.
  'GET /api/patients/:id/coverages': 'YYYYYY',
  'POST /api/patients/:id/coverages': 'NNNYYY',
  'POST /api/coverages/:id/benefits-checks': 'NNNYYY',
  // The care path: everyone who plans care (not administrators); only providers record a recommendation.
  'GET /api/patients/:id/care-path': 'NYYYYY',
  'POST /api/patients/:id/care-path/recommendations': 'NYNNNN',
  'GET /api/patients/:id/care-path/recommendations': 'NYYYYY',
  'GET /api/care-path/recommendations/:id': 'NYYYYY',
  // Prior authorizations: providers, coordinators, billers and managers work them; nurses and admins do not.
  'GET /api/patients/:id/prior-authorizations': 'NYNYYY',
  'POST /api/patients/:id/prior-authorizations': 'NYNYYY',
  'GET /api/prior-authorizations/:id': 'NYNYYY',
  'POST /api/prior-authorizations/:id/status': 'NYNYYY',
  'POST /api/prior-authorizations/:id/sessions': 'NYNYYY',
  // The letter's clinical text: providers write and sign it; billers send the PDF; nobody else reads or edits it.
  'PATCH /api/prior-authorizations/:id/letter': 'NYNNNN',
  'POST /api/prior-authorizations/:id/letter/sign': 'NYNNNN',
  // Sharing a signed letter with the patient (portal): the provider who writes letters.
  'POST /api/prior-authorizations/:id/letter/share': 'NYNNNN',
  'POST /api/prior-authorizations/:id/letter/amendments': 'NYNNNN',
  'GET /api/prior-authorizations/:id/letter.pdf': 'NYNNYN',
  'GET /api/patients/:id/va-referrals': 'NYNYYY',
  'POST /api/patients/:id/va-referrals': 'NYNYYY',
  'PATCH /api/va-referrals/:id/steps': 'NYNYYY',
  'POST /api/va-referrals/:id/sessions': 'NYNYYY',
  'GET /api/authorizations/expiring': 'NYNYYY',
  // Prices: everyone reads; administrators and managers set them.
  'GET /api/locations/:id/price-list': 'YYYYYY',
  'POST /api/locations/:id/price-list': 'YNNNNY',
  'PATCH /api/price-list/:id': 'YNNNNY',
  // Estimates: the front office and billing make them; anyone who can open the patient reads them.
  'POST /api/patients/:id/estimates': 'NNNYYY',
  'GET /api/patients/:id/estimates': 'YYYYYY',
  'GET /api/estimates/:id': 'YYYYYY',
  'GET /api/estimates/:id/pdf': 'YYYYYY',
  // Charting at the chair (issue 10): providers and nurses chart; only providers order doses and co-sign.
  'POST /api/treatment-sessions': 'NYYNNN',
  'GET /api/treatment-sessions/:id': 'NYYNNN',
  'POST /api/treatment-sessions/:id/vitals': 'NYYNNN',
  'POST /api/treatment-sessions/:id/pre-check': 'NYYNNN',
  'POST /api/treatment-sessions/:id/risk-check': 'NYYNNN',
  'POST /api/treatment-sessions/:id/order': 'NYNNNN',
  'POST /api/treatment-sessions/:id/dose-confirmation': 'NYYNNN',
  'POST /api/treatment-sessions/:id/spravato-dose': 'NYYNNN',
  'POST /api/treatment-sessions/:id/devices': 'NYYNNN',
  'POST /api/treatment-sessions/:id/start': 'NYYNNN',
  'POST /api/treatment-sessions/:id/end': 'NYYNNN',
  'POST /api/treatment-sessions/:id/adverse-events': 'NYYNNN',
  'POST /api/treatment-sessions/:id/tms': 'NYYNNN',
  'POST /api/treatment-sessions/:id/motor-threshold': 'NYYNNN',
  'POST /api/treatment-sessions/:id/therapy-note': 'NYYNNN',
  'POST /api/treatment-sessions/:id/discharge': 'NYYNNN',
  'POST /api/treatment-sessions/:id/sign': 'NYYNNN',
  'POST /api/treatment-sessions/:id/cosign': 'NYNNNN',
  'POST /api/treatment-sessions/:id/amendments': 'NYYNNN',
  'POST /api/treatment-sessions/:id/alerts/:alertId/action': 'NYYNNN',
  'GET /api/patients/:id/motor-thresholds': 'NYYNNN',
  // The REMS paperwork: clinical staff and the manager who sees forms through to submission.
  'GET /api/treatment-sessions/:id/rems-monitoring-form': 'NYYNNY',
  'POST /api/treatment-sessions/:id/rems-monitoring-form/submission': 'NYYNNY',
  'GET /api/patients/:id/rems-enrollment': 'NYYNNY',
  'PUT /api/patients/:id/rems-enrollment': 'NYYNNY',
  'GET /api/locations/:id/rems-certification': 'YYYYYY',
  'PUT /api/locations/:id/rems-certification': 'NYYNNY',
  // The floor's view of open charts (alert counts for the front desk), and the manager's list of what is unsigned.
  'GET /api/locations/:id/treatment-sessions': 'NYYYNY',
  'GET /api/locations/:id/charting-tasks': 'NYYNNY',
  // The controlled-substance log: recorded by those who handle the drug; reconciled by managers too.
  'POST /api/locations/:id/controlled-substances': 'NYYNNN',
  'GET /api/locations/:id/controlled-substances': 'NYYNNY',
  // The charting policy: everyone reads it; administrators publish.
  'GET /api/charting-policy': 'YYYYYY',
  'POST /api/charting-policy': 'YNNNNN',
  // Measurement-based care (issue 11). The front desk sees what is due and types paper answers, never scores.
  'GET /api/patients/:id/questionnaires': 'NYYYNN',
  'POST /api/patients/:id/questionnaires': 'NYYYNN',
  'GET /api/questionnaires/:id/form': 'NYYYNN',
  'POST /api/questionnaires/:id/answers': 'NYYYNN',
  // Positive risk answers: clinicians see and acknowledge them; the manager sees that they are open.
  'GET /api/risk-alerts': 'NYYNNY',
  'POST /api/risk-alerts/:id/acknowledge': 'NYYNNN',
  // A patient's outcomes are clinical; the practice report is counts and rates, for managers, admins and providers.
  'GET /api/patients/:id/outcomes': 'NYYNNN',
  'GET /api/reports/outcomes': 'YYNNNY',
  // Inviting patients to the portal: the front desk, managers and providers.
  'POST /api/patients/:id/portal-invitation': 'NYNYNY',
  'GET /api/patients/:id/portal-account': 'NYNYNY',
  'POST /api/patients/:id/portal-account/totp-reset': 'NYNYNY',
  // Reimbursement (issue 12). Billers work the revenue cycle; managers watch it (lists, files, reports) without
  // changing it; administrators and billers set up the clearinghouse; the front desk takes payments and prints
  // statements and receipts. Appeal letters and superbills carry diagnoses and the chart's history: billers only.
  'GET /api/billing/settings': 'YNNNYN',
  'PUT /api/billing/settings': 'YNNNYN',
  'PUT /api/billing/payers/:id/settings': 'YNNNYN',
  'GET /api/fee-schedules': 'YNNNYY',
  'PUT /api/fee-schedules': 'YNNNYY',
  'GET /api/charges': 'NNNNYY',
  'POST /api/charges': 'NNNNYN',
  'PATCH /api/charges/:id': 'NNNNYN',
  'POST /api/charges/:id/void': 'NNNNYN',
  'POST /api/charges/approve': 'NNNNYN',
  'GET /api/claims': 'NNNNYY',
  'POST /api/claims': 'NNNNYN',
  'GET /api/claims/:id': 'NNNNYY',
  'POST /api/claims/:id/ready': 'NNNNYN',
  'POST /api/claims/:id/acknowledgment': 'NNNNYN',
  'POST /api/claims/:id/replace': 'NNNNYN',
  'POST /api/claims/:id/void': 'NNNNYN',
  'GET /api/claim-batches': 'NNNNYY',
  'POST /api/claim-batches': 'NNNNYN',
  'GET /api/claim-batches/:id/837p': 'NNNNYY',
  'POST /api/claim-batches/:id/submit': 'NNNNYN',
  'POST /api/remittances': 'NNNNYN',
  'GET /api/remittances': 'NNNNYY',
  'GET /api/remittances/:id': 'NNNNYY',
  'POST /api/remittances/:id/post': 'NNNNYN',
  'GET /api/denials': 'NNNNYY',
  'POST /api/denials/:id/resolve': 'NNNNYN',
  'POST /api/denials/:id/appeals': 'NNNNYN',
  'GET /api/appeals/:id': 'NNNNYN',
  'PATCH /api/appeals/:id/letter': 'NNNNYN',
  'POST /api/appeals/:id/status': 'NNNNYN',
  'GET /api/appeals/:id/letter.pdf': 'NNNNYN',
  'GET /api/patients/:id/ledger': 'NNNYYY',
  'POST /api/patients/:id/payments': 'NNNYYY',
  'POST /api/payments/:id/refund': 'NNNNYY',
  'GET /api/payments/:id/receipt.pdf': 'NNNYYY',
  'GET /api/patients/:id/statement.pdf': 'NNNYYY',
  'GET /api/patients/:id/superbill.pdf': 'NNNNYN',
  'GET /api/reports/billing': 'YNNNYY',
};
/** The portal's own routes: a patient's session only; every staff role is refused as not signed in (401). */
const PORTAL = new Set([
  'POST /api/portal/sign-out',
  'GET /api/portal/me',
  'PATCH /api/portal/me',
  'GET /api/portal/visits',
  'POST /api/portal/visits/:id/answer',
  'GET /api/portal/visits/:id/ics',
  'GET /api/portal/questionnaires',
  'GET /api/portal/questionnaires/:id',
  'POST /api/portal/questionnaires/:id/answers',
  'GET /api/portal/scores',
  'GET /api/portal/documents',
  'POST /api/portal/totp/setup',
  'POST /api/portal/totp/enable',
  'POST /api/portal/totp/disable',
  'GET /api/portal/documents/estimates/:id.pdf',
  'GET /api/portal/documents/letters/:id.pdf',
  'GET /api/portal/documents/statements/:id.pdf',
  'GET /api/portal/documents/receipts/:id.pdf',
  'GET /api/portal/documents/superbills/:id.pdf',
]);
const PUBLIC = new Set([
  'GET /api/health',
  'POST /api/auth/login',
  'GET /api/public/clinics',
  'POST /api/public/callback-requests',
  'POST /api/public/screenings',
  'GET /api/openapi.json',
  // The SMS provider's webhook: a bearer token, no session (reminders.int.test.ts). The token pages outside /api
  // (/visit/:token, /feeds/staff/:token.ics) are tested there too.
  'POST /api/messages/inbound',
  // Patients sign in to the portal (portal.int.test.ts).
  'POST /api/portal/sign-in',
  'POST /api/portal/link',
  'POST /api/portal/sign-in-link',
]);
// Routes that would end the walking session are exercised by their own tests (auth.int.test.ts, mfa-enrollment).
const SESSION_ENDING = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/password',
  'POST /api/auth/totp/setup',
  'POST /api/auth/totp/enable',
  'POST /api/auth/totp/disable',
]);

let t: TestApp;
const agents = new Map<Role, Agent>();

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) agents.set(role, role === 'admin' ? await t.loginAdmin() : await t.login(role));
});
afterAll(async () => t.close());

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const fill = (url: string) => url.replace(/:[a-zA-Z]+/g, PLACEHOLDER_ID);
const bodyFor = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

describe('every route answers each role as the hand-written table says', () => {
  it('has an expectation for every route, and a route for every expectation', () => {
    const declared = t.context.routeTable.map((r) => `${r.method} ${r.url}`);
    const classified = new Set([...Object.keys(EXPECTED), ...PUBLIC, ...SESSION_ENDING, ...PORTAL]);
    expect(
      declared.filter((r) => !classified.has(r)),
      'routes missing from the table',
    ).toEqual([]);
    expect(
      [...classified].filter((r) => !declared.includes(r)),
      'table rows with no route',
    ).toEqual([]);
    for (const row of Object.values(EXPECTED)) expect(row).toMatch(/^[YN]{6}$/);
  });

  it('serves public routes without a session and refuses every other route (401)', async () => {
    for (const route of t.context.routeTable) {
      const key = `${route.method} ${route.url}`;
      const res = await t.app.inject({ method: route.method as 'GET', url: fill(route.url), payload: bodyFor(route.method) });
      if (PUBLIC.has(key)) expect([401, 403], key).not.toContain(res.statusCode);
      else expect(res.statusCode, key).toBe(401);
    }
  });

  ROLES.forEach((role, column) => {
    it(`answers the ${role} role`, async () => {
      const agent = agents.get(role)!;
      for (const [key, row] of Object.entries(EXPECTED)) {
        const [method, url] = key.split(' ') as [string, string];
        const res = await agent.request({ method: method as 'GET', url: fill(url), payload: bodyFor(method) });
        expect(res.statusCode, `${role}: ${key} -> ${res.body}`).toBeLessThan(500);
        if (row[column] === 'N') {
          expect(res.statusCode, `${role}: ${key} should be refused`).toBe(403);
          expect(res.json().error.code, key).toBe('forbidden');
        } else {
          expect([401, 403], `${role}: ${key} should be let through -> ${res.body}`).not.toContain(res.statusCode);
        }
      }
    });
  });

  it('refuses every portal route to every staff role (a staff session is not a patient’s)', async () => {
    for (const [role, agent] of agents)
      for (const key of PORTAL) {
        const [method, url] = key.split(' ') as [string, string];
        const res = await agent.request({ method: method as 'GET', url: fill(url), payload: bodyFor(method) });
        expect(res.statusCode, `${role}: ${key}`).toBe(401);
      }
  });

  it('a patient’s portal session opens the portal routes and no staff route', async () => {
    const coordinator = agents.get('coordinator')!;
    const [{ id: patientId }] = (await queryRows<{ id: string }>(
      t.database.db,
      sql`select pl.patient_id as id from patient_locations pl join user_locations ul on ul.location_id = pl.location_id
           where ul.user_id = ${coordinator.userId} limit 1`,
    )) as [{ id: string }];
    const email = `walk.${Date.now()}@example.test`;
    expect((await coordinator.post(`/api/patients/${patientId}/portal-invitation`, { email })).statusCode).toBe(201);
    const token = /#([A-Za-z0-9_-]{43})/.exec(t.patientMessages.at(-1)!.text)![1]!;
    expect((await t.app.inject({ method: 'POST', url: '/api/portal/link', payload: { token, password: 'walk-password-123' } })).statusCode).toBe(200);
    const patient = await portalAgent(t.app, email, 'walk-password-123');
    for (const key of PORTAL) {
      if (key === 'POST /api/portal/sign-out') continue;
      const [method, url] = key.split(' ') as [string, string];
      const res = await patient.request({ method: method as 'GET', url: fill(url), payload: bodyFor(method) });
      expect([401, 403], `patient: ${key} -> ${res.body}`).not.toContain(res.statusCode);
      expect(res.statusCode, key).toBeLessThan(500);
    }
    for (const key of Object.keys(EXPECTED)) {
      const [method, url] = key.split(' ') as [string, string];
      const res = await patient.request({ method: method as 'GET', url: fill(url), payload: bodyFor(method) });
      expect(res.statusCode, `patient on staff route ${key}`).toBe(401);
    }
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const agent = agents.get('coordinator')!;
    const res = await agent.request({ method: 'POST', url: '/api/patients', payload: {}, headers: { 'x-csrf-token': '' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
  });
});
