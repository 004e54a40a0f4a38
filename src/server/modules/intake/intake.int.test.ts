import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-values.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let provider: Agent;
let nurse: Agent;
let atlantaProvider: Agent;
let patientId: string;

beforeAll(async () => {
  t = await createTestApp();
  provider = await t.login('provider');
  nurse = await t.login('nurse');
  atlantaProvider = await t.login('provider.atlanta');
  const coordinator = await t.login('coordinator');
  const res = await coordinator.post('/api/patients', {
    legalGivenName: 'Riley',
    legalFamilyName: 'Intake-Test',
    dateOfBirth: '1985-06-15',
    sexAssignedAtBirth: 'male',
    locationIds: [t.clinics.get('SF')],
  });
  patientId = res.json().id;
});
afterAll(async () => t.close());

const COMPLETE = {
  chiefComplaint: 'Depression for 3 years despite two medications',
  diagnoses: [{ code: 'f33.2', primary: true }],
  medicationTrials: [
    {
      drug: 'sertraline',
      class: 'ssri',
      highestDailyDose: 150,
      startDate: '2024-01-10',
      endDate: '2024-04-10',
      weeksAtDose: 8,
      adherence: 'good',
      outcome: 'no_response',
    },
    {
      drug: 'bupropion',
      class: 'ndri',
      highestDailyDose: 300,
      startDate: '2024-05-01',
      endDate: '2024-08-01',
      weeksAtDose: 10,
      adherence: 'good',
      outcome: 'partial_response',
    },
    { drug: 'escitalopram', class: 'ssri', highestDailyDose: 5, weeksAtDose: 3, adherence: 'good', outcome: 'intolerance', sideEffects: 'nausea' },
  ],
  priorInterventions: [{ type: 'psychotherapy', modality: 'CBT', sessions: 16, startDate: '2023-01-01', endDate: '2023-06-01', response: 'partial' }],
  contraindications: Object.fromEntries(
    [
      'aneurysm_or_avm',
      'intracerebral_hemorrhage',
      'ketamine_hypersensitivity',
      'uncontrolled_hypertension',
      'psychosis',
      'seizure_disorder',
      'metal_or_implant_near_head',
      'substance_use_recent',
      'pregnancy',
      'active_suicidality',
    ].map((k) => [k, { answer: 'no' }]),
  ),
  noKnownAllergies: true,
  substanceUse: [{ substance: 'alcohol', status: 'past', lastUse: '2022-01-01' }],
  baselineVitals: { systolic: 128, diastolic: 82, heartRate: 72, spo2: 98, respiratoryRate: 14 },
  baselineWeight: { value: 80.5, unit: 'kg' },
  measures: {
    'PHQ-9': { answers: [2, 2, 1, 1, 2, 1, 1, 1, 1], takenOn: '2026-11-20' },
    'GAD-7': { answers: [1, 1, 1, 1, 1, 0, 0], takenOn: '2026-11-20' },
    'PCL-5': { answers: Array(20).fill(1), takenOn: '2026-11-20' },
    ASQ: { answers: [1, 0, 0, 0, 0], takenOn: '2026-11-20' },
  },
};

describe('intake assessment', () => {
  let id: string;
  let version: number;

  it('starts as a draft and saves partial content', async () => {
    const res = await provider.post(`/api/patients/${patientId}/intake-assessments`, { content: { chiefComplaint: 'first notes' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'draft', version: 1, content: { chiefComplaint: 'first notes', diagnoses: [] } });
    id = res.json().id;
    version = res.json().version;
  });

  it('refuses to sign an incomplete assessment, naming what is missing', async () => {
    const res = await provider.post(`/api/intake-assessments/${id}/sign`, { version });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('not_ready_to_sign');
    const paths = (res.json().error.fields as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'content.diagnoses',
        'content.contraindications.seizure_disorder',
        'content.allergies',
        'content.measures.PHQ-9',
        'content.measures.ASQ',
        'content.baselineVitals.systolic',
        'content.baselineWeight',
      ]),
    );
  });

  it('names bad fields in the content', async () => {
    const res = await provider.patch(`/api/intake-assessments/${id}`, {
      version,
      content: {
        ...COMPLETE,
        diagnoses: [{ code: 'Z99.9' }],
        medicationTrials: [{ drug: 'sertraline', class: 'vitamin', outcome: 'no_response', startDate: '2024-05-01', endDate: '2024-01-01' }],
        measures: { 'PHQ-9': { answers: [1, 2], takenOn: '2026-11-20' } },
      },
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().error.fields as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['content.diagnoses.0.code', 'content.medicationTrials.0.class', 'content.measures.PHQ-9.answers']));
  });

  it('computes trial adequacy and scores from the draft', async () => {
    const res = await provider.patch(`/api/intake-assessments/${id}`, { version, content: COMPLETE });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    version = a.version;
    expect(a.content.diagnoses).toEqual([{ code: 'F33.2', primary: true }]);
    expect(a.trialAdequacy.map((x: { final: boolean }) => x.final)).toEqual([true, true, false]);
    expect(a.adequateAntidepressantTrials).toBe(2);
    expect(a.scores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ instrument: 'PHQ-9', total: 12, severity: 'moderate', loinc: '44261-6', flag: 'item 9 positive: assess suicide risk today' }),
        expect.objectContaining({ instrument: 'GAD-7', total: 5, severity: 'mild', loinc: '70274-6' }),
        expect.objectContaining({ instrument: 'PCL-5', total: 20, loinc: '101698-9' }),
        expect.objectContaining({ instrument: 'ASQ', severity: 'non-acute positive' }),
      ]),
    );
    const stale = await provider.patch(`/api/intake-assessments/${id}`, { version: version - 1, content: COMPLETE });
    expect(stale.statusCode).toBe(409);
  });

  it('lets nurses read but not write, and refuses providers of other clinics', async () => {
    expect((await nurse.get(`/api/intake-assessments/${id}`)).statusCode).toBe(200);
    expect((await nurse.patch(`/api/intake-assessments/${id}`, { version, content: COMPLETE })).statusCode).toBe(403);
    expect((await atlantaProvider.get(`/api/intake-assessments/${id}`)).statusCode).toBe(403);
  });

  it('signs, locks, and stores baseline scores and vitals as dated LOINC observations and the weight', async () => {
    const res = await provider.post(`/api/intake-assessments/${id}/sign`, { version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'signed', signedBy: { id: provider.userId } });
    expect(res.json().signedContentHash).toMatch(/^[0-9a-f]{64}$/);
    version = res.json().version;

    const obs = (await provider.get(`/api/patients/${patientId}/observations`)).json().items as {
      kind: string;
      loinc: string;
      value: number;
      interpretation: string;
    }[];
    expect(obs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'PHQ-9', loinc: '44261-6', value: 12, interpretation: 'moderate' }),
        expect.objectContaining({ kind: 'GAD-7', loinc: '70274-6', value: 5 }),
        expect.objectContaining({ kind: 'bp-systolic', loinc: '8480-6', value: 128 }),
        expect.objectContaining({ kind: 'heart-rate', loinc: '8867-4', value: 72 }),
      ]),
    );
    const weights = (await provider.get(`/api/patients/${patientId}/weights`)).json().items;
    expect(weights[0]).toMatchObject({ weightGrams: 80500 });

    const edit = await provider.patch(`/api/intake-assessments/${id}`, { version, content: COMPLETE });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('signed');
  });

  it('the database itself refuses to change a signed assessment', async () => {
    const [row] = await queryRows<{ status: string }>(t.database.db, sql`select status from intake_assessments where id = ${id}`);
    expect(row!.status).toBe('signed');
    await expect(t.database.db.execute(sql`update intake_assessments set content = '{}'::jsonb where id = ${id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from intake_assessments where id = ${id}`)).rejects.toThrow();
  });

  it('amends with a reason and keeps the signed original', async () => {
    const amended = {
      ...COMPLETE,
      diagnoses: [{ code: 'F33.2', primary: true }, { code: 'F43.12' }],
      measures: { ...COMPLETE.measures, 'PCL-5': { answers: Array(20).fill(2), takenOn: '2026-11-20' } },
    };
    const noReason = await provider.post(`/api/intake-assessments/${id}/amendments`, { version, content: amended });
    expect(noReason.statusCode).toBe(400);
    const res = await provider.post(`/api/intake-assessments/${id}/amendments`, { version, reason: 'PTSD history disclosed at follow-up', content: amended });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a.content.diagnoses.map((d: { code: string }) => d.code)).toEqual(['F33.2', 'F43.12']);
    expect(a.originalContent.diagnoses.map((d: { code: string }) => d.code)).toEqual(['F33.2']);
    expect(a.amendments).toEqual([expect.objectContaining({ sequence: 1, reason: 'PTSD history disclosed at follow-up' })]);
    const pcl = (await provider.get(`/api/patients/${patientId}/observations?kind=PCL-5`)).json().items;
    expect(pcl).toEqual([expect.objectContaining({ value: 40, interpretation: null })]);
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = 'intake.amend' and entity_id = ${id}`,
    );
    expect(row!.n).toBe(1);
    await expect(t.database.db.execute(sql`update intake_amendments set reason = 'x' where assessment_id = ${id}`)).rejects.toThrow();
  });

  it('searches the ICD-10-CM list and lists medications', async () => {
    const codes = (await provider.get('/api/reference/icd10?q=recurrent%20severe')).json().items.map((c: { code: string }) => c.code);
    expect(codes).toContain('F33.2');
    const meds = (await nurse.get('/api/reference/medications')).json().items;
    expect(meds.find((m: { name: string }) => m.name === 'sertraline')).toMatchObject({ class: 'ssri', minEffectiveDailyDose: 50 });
  });
});

describe('groundwork checks on intake (issue 8)', () => {
  it('links only an appointment of its own patient', async () => {
    const coordinator = await t.login('coordinator');
    const other = await coordinator.post('/api/patients', {
      legalGivenName: 'Other',
      legalFamilyName: 'Appointment-Owner',
      dateOfBirth: '1990-01-01',
      sexAssignedAtBirth: 'female',
      locationIds: [t.clinics.get('SF')],
    });
    const [loc] = await queryRows<{ id: string }>(t.database.db, sql`select id from locations where code = 'SF'`);
    const [appt] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into appointments (organization_id, patient_id, location_id, provider_id, kind, starts_at, ends_at, created_by)
          select organization_id, ${other.json().id}, ${loc!.id}, ${provider.userId}, 'intake_consultation', now() + interval '1 day', now() + interval '1 day 1 hour', ${provider.userId} from patients where id = ${other.json().id} returning id`,
    );
    const res = await provider.post(`/api/patients/${patientId}/intake-assessments`, { appointmentId: appt!.id, content: {} });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toContain('appointmentId');
    const own = await provider.post(`/api/patients/${other.json().id}/intake-assessments`, { appointmentId: appt!.id, content: {} });
    expect(own.statusCode, own.body).toBe(201);
  });

  it('applies the one weight rule: 0 g and 700 kg are refused, in the draft and by the database', async () => {
    for (const weight of [
      { value: 700, unit: 'kg' },
      { value: 0.0001, unit: 'kg' },
      { value: 10, unit: 'lb' },
      { value: 1000, unit: 'lb' },
    ]) {
      const res = await provider.post(`/api/patients/${patientId}/intake-assessments`, { content: { baselineWeight: weight } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toContain('content.baselineWeight.value');
    }
    await expect(
      t.database.db.execute(sql`insert into patient_weights (patient_id, measured_at, weight_grams) values (${patientId}, now(), 0)`),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(sql`insert into patient_weights (patient_id, measured_at, weight_grams) values (${patientId}, now(), 700000)`),
    ).rejects.toThrow();
    const weight = await nurse.post(`/api/patients/${patientId}/weights`, { value: 700, unit: 'kg' });
    expect(weight.statusCode).toBe(400);

    // A draft saved before the rule existed (700 kg in the stored content) cannot be signed, and nothing is stored.
    const draft = await provider.post(`/api/patients/${patientId}/intake-assessments`, { content: COMPLETE });
    expect(draft.statusCode, draft.body).toBe(201);
    await t.database.db.execute(
      sql`update intake_assessments set content = jsonb_set(content, '{baselineWeight}', '{"value": 700, "unit": "kg"}') where id = ${draft.json().id}`,
    );
    const before = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from patient_weights where patient_id = ${patientId}`);
    const sign = await provider.post(`/api/intake-assessments/${draft.json().id}/sign`, { version: draft.json().version });
    expect(sign.statusCode, sign.body).toBe(400);
    expect(sign.json().error.fields.map((f: { path: string }) => f.path)).toContain('content.baselineWeight.value');
    const after = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from patient_weights where patient_id = ${patientId}`);
    expect(after[0]!.n).toBe(before[0]!.n);
    // The old draft still opens, so the provider can correct it.
    expect((await provider.get(`/api/intake-assessments/${draft.json().id}`)).statusCode).toBe(200);
  });
});
