import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinicToday } from '../../../domain/time/clinic-today.js';
import { queryRows } from '../../db/sql-values.js';
import { patientWithIntake, SIGNED_INTAKE } from '../../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let provider: Agent;
let biller: Agent;
let admin: Agent;
let patientId: string;
let blueHorizon: { id: string; plans: { id: string; name: string }[]; policies: { treatment: string; version: number; terms: Record<string, unknown> }[] };

// The San Francisco clinic's today (the demo patient's clinic), never the UTC date.
const today = clinicToday('America/Los_Angeles');

beforeAll(async () => {
  t = await createTestApp();
  provider = await t.login('provider');
  biller = await t.login('biller');
  admin = await t.loginAdmin();
  patientId = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
  blueHorizon = (await admin.get('/api/payers')).json().items.find((p: { name: string }) => p.name === 'Blue Horizon Commercial');
});
afterAll(async () => t.close());

describe('coverage outlook and care path', () => {
  it('recommends TMS with prior authorization under a commercial plan, listing criteria with chart evidence and documents', async () => {
    const res = await provider.get(`/api/patients/${patientId}/care-path`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.result).toMatchObject({ engineNextStep: 'tms', treatmentResistant: true, urgent: false });
    const tms = view.coverage.find((c: { treatment: string }) => c.treatment === 'tms');
    expect(tms).toMatchObject({
      status: 'covered_with_prior_authorization',
      priorAuthorizationRequired: true,
      payerName: 'Blue Horizon Commercial',
      policy: { version: 1 },
    });
    expect(tms.criteria.find((c: { criterion: string }) => c.criterion === 'failed_trials')).toMatchObject({
      met: true,
      evidence: expect.stringContaining('sertraline 150 mg/day for 8 weeks (2024-01-10 to 2024-04-10)'),
    });
    expect(tms.criteria.find((c: { criterion: string }) => c.criterion === 'severity')).toMatchObject({ met: true, evidence: `PHQ-9 16 on ${today}` });
    expect(tms.documentsNeeded).toContain('Letter of medical necessity signed by the treating psychiatrist');
    const ketamine = view.coverage.find((c: { treatment: string }) => c.treatment === 'iv_ketamine');
    expect(ketamine).toMatchObject({ status: 'not_covered', covered: false, note: expect.stringMatching(/off-label/) });
  });

  it('a recommendation made under a policy version still explains itself after newer versions are published', async () => {
    const publish = async (minPhq9: number, version: number) => {
      const terms = {
        ...(blueHorizon.policies.find((p) => p.treatment === 'tms' && p.version === 1)!.terms as object),
        criteria: { minFailedTrials: 2, minPhq9 },
      };
      const res = await admin.post(`/api/payers/${blueHorizon.id}/policies`, {
        treatment: 'tms',
        effectiveFrom: '2026-02-01',
        terms,
        source: `revision ${version}`,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().version).toBe(version);
    };
    await publish(12, 2);
    await publish(14, 3);
    const rec = await provider.post(`/api/patients/${patientId}/care-path/recommendations`, {});
    expect(rec.statusCode, rec.body).toBe(201);
    const recId = rec.json().id;
    expect(rec.json().policies.find((p: { treatment: string }) => p.treatment === 'tms')).toMatchObject({ version: 3, terms: { criteria: { minPhq9: 14 } } });

    await publish(20, 4); // version 4 raises the bar: the patient's PHQ-9 of 16 no longer meets it
    const now = (await provider.get(`/api/patients/${patientId}/care-path`)).json();
    expect(now.coverage.find((c: { treatment: string }) => c.treatment === 'tms')).toMatchObject({ status: 'criteria_not_met', policy: { version: 4 } });

    const then = await provider.get(`/api/care-path/recommendations/${recId}`);
    expect(then.statusCode).toBe(200);
    expect(then.json()).toMatchObject({ engineVersion: expect.any(String), result: { engineNextStep: 'tms' } });
    expect(then.json().coverage.find((c: { treatment: string }) => c.treatment === 'tms')).toMatchObject({
      status: 'covered_with_prior_authorization',
      policy: { version: 3 },
    });
    expect(then.json().policies.find((p: { treatment: string }) => p.treatment === 'tms')).toMatchObject({ version: 3, terms: { criteria: { minPhq9: 14 } } });
    // A published version cannot be edited in place.
    await expect(t.database.db.execute(sql`update payer_policies set terms = '{}'::jsonb where payer_id = ${blueHorizon.id}`)).rejects.toThrow();
  });

  it('records a provider choosing another step, with a reason', async () => {
    const noReason = await provider.post(`/api/patients/${patientId}/care-path/recommendations`, { chosenOption: 'esketamine' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toEqual([{ path: 'reason', message: 'is required when you choose a step' }]);
    const res = await provider.post(`/api/patients/${patientId}/care-path/recommendations`, { chosenOption: 'esketamine', reason: 'Cannot attend daily TMS' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ chosenOption: 'esketamine', choiceReason: 'Cannot attend daily TMS' });
    expect(res.json().result.options.find((o: { option: string }) => o.option === 'esketamine').verdict).toBe('recommended');
    const list = (await provider.get(`/api/patients/${patientId}/care-path/recommendations`)).json().items;
    expect(list.length).toBeGreaterThanOrEqual(2);
  });

  it('only providers record recommendations; only admins publish policies; bad terms are named', async () => {
    expect((await biller.post(`/api/patients/${patientId}/care-path/recommendations`, {})).statusCode).toBe(403);
    expect((await biller.post(`/api/payers/${blueHorizon.id}/policies`, {})).statusCode).toBe(403);
    const bad = await admin.post(`/api/payers/${blueHorizon.id}/policies`, {
      treatment: 'surgery',
      effectiveFrom: '2026-13-01',
      terms: {
        covered: true,
        priorAuthorizationRequired: true,
        criteria: { minAge: 30, maxAge: 20, diagnosisCodes: ['depression'] },
        payment: { kind: 'coinsurance', patientPercent: 120, deductibleApplies: true },
        approval: { sessions: 0, days: 90 },
        documents: [],
      },
    });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json().error.fields as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['treatment', 'effectiveFrom', 'terms.criteria.diagnosisCodes.0', 'terms.payment.patientPercent', 'terms.approval.sessions']),
    );
  });

  it('records benefits checks beside the coverage', async () => {
    const coverage = (await biller.get(`/api/patients/${patientId}/coverages`)).json().items[0];
    const bad = await biller.post(`/api/coverages/${coverage.id}/benefits-checks`, { checkedOn: today, referenceNumber: '', deductibleCents: 12.5 });
    expect(bad.statusCode).toBe(400);
    const res = await biller.post(`/api/coverages/${coverage.id}/benefits-checks`, {
      treatment: 'tms',
      checkedOn: today,
      referenceNumber: 'REF-20261123-01',
      representative: 'Dana at Blue Horizon',
      deductibleCents: 150_000,
      deductibleMetCents: 100_000,
      outOfPocketMaxCents: 500_000,
      outOfPocketMetCents: 120_000,
      coinsurancePercent: 20,
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = (await provider.get(`/api/patients/${patientId}/care-path`)).json();
    expect(view.coverage.find((c: { treatment: string }) => c.treatment === 'tms').latestBenefitsCheck).toMatchObject({
      referenceNumber: 'REF-20261123-01',
      deductibleMetCents: 100_000,
    });
  });

  it('without a signed intake says what is missing', async () => {
    const coordinator = await t.login('coordinator');
    const p = await coordinator.post('/api/patients', {
      legalGivenName: 'No',
      legalFamilyName: 'Intake',
      dateOfBirth: '1990-01-01',
      sexAssignedAtBirth: 'male',
      locationIds: [t.clinics.get('SF')],
    });
    const view = (await provider.get(`/api/patients/${p.json().id}/care-path`)).json();
    expect(view).toMatchObject({ result: null, missing: ['A signed intake assessment'] });
    expect(view.coverage[0]).toMatchObject({ status: 'no_coverage' });
  });
});

describe('suicide risk reaches the care path from every source (issue 8)', () => {
  async function signedPatient(measures: Record<string, unknown>, contraindications: Record<string, unknown> = {}) {
    const coordinator = await t.login('coordinator');
    const p = await coordinator.post('/api/patients', {
      legalGivenName: 'Rowan',
      legalFamilyName: `Risk-${Math.random().toString(36).slice(2, 7)}`,
      dateOfBirth: '1980-01-01',
      sexAssignedAtBirth: 'male',
      locationIds: [t.clinics.get('SF')],
    });
    const content = {
      ...SIGNED_INTAKE,
      measures: { ...SIGNED_INTAKE.measures, ...measures },
      contraindications: { ...SIGNED_INTAKE.contraindications, ...contraindications },
    };
    const draft = await provider.post(`/api/patients/${p.json().id}/intake-assessments`, { content });
    expect(draft.statusCode, draft.body).toBe(201);
    const signed = await provider.post(`/api/intake-assessments/${draft.json().id}/sign`, { version: draft.json().version });
    expect(signed.statusCode, signed.body).toBe(200);
    return p.json().id as string;
  }

  it('a negative ASQ does not hide a high-risk C-SSRS recorded the same day', async () => {
    const id = await signedPatient({ ASQ: { answers: [0, 0, 0, 0], takenOn: today }, cssrsPaper: { risk: 'high', takenOn: today } });
    const view = (await provider.get(`/api/patients/${id}/care-path`)).json();
    expect(view.result).toMatchObject({ urgent: true, suicideRisk: { level: 'high' } });
    expect(view.result.urgentReasons.map((r: { rule: string }) => r.rule)).toEqual(['suicidality.cssrs']);
  });

  it("the clinician's own finding of active suicidal ideation with plan or intent makes the case urgent", async () => {
    const id = await signedPatient({}, { active_suicidality: { answer: 'yes' } });
    const view = (await provider.get(`/api/patients/${id}/care-path`)).json();
    expect(view.result).toMatchObject({ urgent: true, suicideRisk: { level: 'high' } });
    expect(view.result.urgentReasons.map((r: { rule: string }) => r.rule)).toContain('suicidality.clinician');
  });

  it('a crisis answer carried in from the public screening makes the case urgent', async () => {
    const id = await signedPatient({});
    await t.database.db.execute(
      sql`insert into patient_risk_flags (patient_id, source, summary, noted_at) values (${id}, 'public_screening', 'Screening: thoughts of self-harm', now() - interval '2 days')`,
    );
    const view = (await provider.get(`/api/patients/${id}/care-path`)).json();
    expect(view.result.urgent).toBe(true);
    expect(view.result.urgentReasons.map((r: { rule: string }) => r.rule)).toEqual(['suicidality.public-screening']);
  });

  it('a recommendation recorded under the previous engine version still explains itself', async () => {
    const old = {
      version: '2026.11.1',
      urgent: false,
      urgentReasons: [],
      treatmentResistant: true,
      failedAdequateTrials: 2,
      options: [
        { option: 'tms', verdict: 'recommended', reasons: [{ rule: 'trd.definition', source: 'old source', text: 'old text' }], conditions: [], missing: [] },
      ],
      engineNextStep: 'tms',
      providerChoice: null,
    };
    const [row] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into care_path_recommendations (patient_id, engine_version, facts, result, coverage, policy_ids, created_by)
          values (${patientId}, '2026.11.1', ${JSON.stringify({ suicideScreen: null })}::jsonb, ${JSON.stringify(old)}::jsonb, '[]'::jsonb, '{}', ${provider.userId}) returning id`,
    );
    const res = await provider.get(`/api/care-path/recommendations/${row!.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ engineVersion: '2026.11.1', result: { version: '2026.11.1', options: [{ reasons: [{ text: 'old text' }] }] } });
  });
});
