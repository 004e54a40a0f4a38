import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../db/sql-values.js';
import { courseWithVisits as bookCourse, type BookedVisit } from '../../testing/builders.js';
import { testConfig } from '../../config.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';
import * as repo from './charting.repository.js';

/**
 * Session charting against a real database (PGlite, or PostgreSQL with DATABASE_URL): the safety rules end to
 * end. Expected numbers are worked by hand: the intake weighs the patient 78 kg, so 0.5 mg/kg is 39.0 mg, at 1 mg/mL
 * 39.00 mL, over 40 minutes 58.5 mL/h.
 */
let t: TestApp;
let provider: Agent;
let nurse: Agent;
let coordinator: Agent;
let manager: Agent;
const MIN = 60_000;

type Visit = BookedVisit;

async function loginAll() {
  [provider, nurse, coordinator, manager] = await Promise.all([t.login('provider'), t.login('nurse'), t.login('coordinator'), t.login('manager')]);
}
async function clockAt(instant: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(instant), shouldAdvanceTime: true });
  await loginAll();
}

beforeAll(async () => {
  // Moving the clock logs everyone in again (sessions end when idle): more logins than the per-minute limit allows.
  const base = testConfig();
  t = await createTestApp({ login: { ...base.login, ratePerMinute: 10_000 } });
  await loginAll();
});
afterEach(async () => {
  vi.useRealTimers();
  await loginAll();
});
afterAll(async () => t.close());

const courseWithVisits = (code: string, n = 1) => bookCourse(t, provider, coordinator, code, n);

/** Checks a visit in (on its day) and opens its chart. */
async function openChart(visit: Visit) {
  const checkIn = await coordinator.post(`/api/appointments/${visit.id}/status`, { status: 'checked_in', version: visit.version });
  expect(checkIn.statusCode, checkIn.body).toBe(200);
  const opened = await nurse.post('/api/treatment-sessions', { appointmentId: visit.id });
  expect(opened.statusCode, opened.body).toBe(200);
  return opened.json() as Chart;
}

type Chart = {
  id: string;
  version: number;
  status: string;
  modality: string;
  sessionNumber: number | null;
  dose: { doseMg: number; volumeMl: number; rateMlPerHour: number; steps: string[]; weightKg: number } | null;
  startBlockers: string[];
  alerts: { id: string; kind: string; message: string; action: string | null }[];
  schedule: { next: { dueAt: string } | null; overdueCount: number } | null;
  dischargeUnmet: { criterion: string; minutesLeft?: number }[];
  tms: { cpt: { code: string }; recheck: { due: boolean; reasons: string[] }; absoluteIntensity: number | null } | null;
  monitoringForm: { dueOn: string; state: string } | null;
};

const chart = async (id: string, who: Agent = nurse) => (await who.get(`/api/treatment-sessions/${id}`)).json() as Chart;
const fields = (res: { json(): { error: { fields?: { path: string; message: string }[] } } }) => (res.json().error.fields ?? []).map((f) => f.path);
const goodChecklist = {
  vitalsWithinLimits: true,
  alertAndOriented: true,
  walkingSteadily: true,
  sedationResolved: true,
  dissociationResolved: true,
  breathingNormal: true,
  escortName: 'Sam Rivera',
  noDrivingAdvised: true,
};
const preCheck = {
  identityConfirmed: true,
  consentOnFile: true,
  readinessReviewed: true,
  newMedications: null,
  medicationChange: false,
  sleepChange: false,
  pregnancyStatus: 'not_pregnant',
};

describe('IV ketamine infusion', () => {
  it('computes the dose from the weight, needs a second person, alerts on a high reading, refuses early discharge, locks when signed', async () => {
    const { visits } = await courseWithVisits('iv-ketamine-series');
    const visit = visits[0]!;
    const start = new Date(visit.startsAt).getTime();
    await clockAt(start - 5 * MIN);
    let c = await openChart(visit);
    expect(c).toMatchObject({ modality: 'iv_ketamine', status: 'open', sessionNumber: 1 });
    expect(c.startBlockers.join(' ')).toMatch(/pre-treatment check.*suicide-risk.*order/);
    // Opening twice answers the same chart.
    expect((await nurse.post('/api/treatment-sessions', { appointmentId: visit.id })).json().id).toBe(c.id);

    const order = { mgPerKg: 0.5, infusionMinutes: 40, concentrationMgPerMl: 1, maxDoseMg: 100, version: c.version };
    expect((await nurse.post(`/api/treatment-sessions/${c.id}/order`, order)).statusCode).toBe(403);
    const ordered = await provider.post(`/api/treatment-sessions/${c.id}/order`, order);
    expect(ordered.statusCode, ordered.body).toBe(200);
    c = ordered.json();
    expect(c.dose).toMatchObject({ doseMg: 39, volumeMl: 39, rateMlPerHour: 58.5, weightKg: 78 });
    expect(c.dose!.steps[1]).toBe('0.5 mg/kg × 78 kg = 39.0 mg (rounded to the nearest 0.1 mg).');
    expect((await provider.post(`/api/treatment-sessions/${c.id}/dose-confirmation`, { version: c.version })).json().error.code).toBe('second_person_required');
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/dose-confirmation`, { version: c.version })).json();
    expect(c.startBlockers).toEqual(['Record the pre-treatment check.', 'Record the suicide-risk check (PHQ-9 item 9 or the C-SSRS screener).']);
    const early = await nurse.post(`/api/treatment-sessions/${c.id}/start`, { version: c.version });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('not_ready');
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/pre-check`, { ...preCheck, version: c.version })).json();
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/risk-check`, { phq9Item9: 0, version: c.version })).json();
    expect(c.startBlockers).toEqual([]);
    await clockAt(start);
    const started = await nurse.post(`/api/treatment-sessions/${c.id}/start`, { version: c.version });
    expect(started.statusCode, started.body).toBe(200);
    c = started.json();
    expect(c.status).toBe('in_treatment');
    expect((await coordinator.get(`/api/appointments/${visit.id}`)).json().status).toBe('in_treatment');
    expect(Date.parse(c.schedule!.next!.dueAt) - start).toBeLessThan(2000);

    // Readings: one normal, one past the threshold (alert returned with the reading), one sent twice from a tablet.
    const normal = await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, {
      takenAt: new Date(start).toISOString(),
      systolic: 128,
      diastolic: 82,
      heartRate: 74,
      spo2: 98,
      respiratoryRate: 14,
    });
    expect(normal.statusCode, normal.body).toBe(201);
    expect(normal.json().alerts).toEqual([]);
    await clockAt(start + 10 * MIN);
    const high = await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 186, diastolic: 104, heartRate: 92 });
    expect(high.statusCode).toBe(201);
    expect(high.json().alerts).toEqual([expect.objectContaining({ kind: 'threshold', message: 'Systolic 186 mmHg is above 180' })]);
    const clientId = '8b0d7d0e-2f61-4e5e-9a51-0a7d2c6f0b11';
    const offline = { takenAt: new Date(start + 19 * MIN).toISOString(), systolic: 150, diastolic: 90, clientId };
    await clockAt(start + 20 * MIN);
    expect((await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, offline)).statusCode).toBe(201);
    const again = await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, offline);
    expect(again.statusCode).toBe(200);
    expect(again.json().duplicate).toBe(true);
    c = await chart(c.id);
    expect(c.alerts).toHaveLength(1);
    expect((await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from session_vitals where session_id = ${c.id}`))[0]!.n).toBe(3);
    // Every reading is audited.
    const audited = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = 'treatment_session.vitals' and entity_id = ${c.id}`,
    );
    expect(audited[0]!.n).toBe(3);
    // The board sees one open alert.
    const active = (await coordinator.get(`/api/locations/${t.clinics.get('SF')}/treatment-sessions`)).json().items as {
      id: string;
      openAlerts: number;
      patient?: string;
    }[];
    expect(active.find((a) => a.id === c.id)).toEqual(expect.objectContaining({ openAlerts: 1 }));
    expect(active.find((a) => a.id === c.id)?.patient).toBeUndefined();

    // Bad readings name their field; none are stored.
    expect(fields(await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, {}))).toEqual(['body']);
    expect(fields(await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 400 }))).toEqual(['systolic']);
    expect(fields(await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 80, diastolic: 90 }))).toEqual(['diastolic']);

    await clockAt(start + 40 * MIN);
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/end`, { version: (await chart(c.id)).version })).json();
    expect(c.status).toBe('observing');
    await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 132, diastolic: 84, heartRate: 76, spo2: 97 });
    // Discharge 20 minutes after the infusion: refused, naming what is left; the alert's action note is one of them.
    await clockAt(start + 60 * MIN);
    await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 130, diastolic: 80, heartRate: 72, spo2: 98 });
    c = await chart(c.id);
    const refused = await nurse.post(`/api/treatment-sessions/${c.id}/discharge`, { ...goodChecklist, version: c.version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('discharge_criteria');
    expect(fields(refused)).toEqual(['alerts', 'observation']);
    expect(refused.json().error.message).toMatch(/1[01] more minute\(s\) of recovery/);
    // The appointment cannot be completed around the chart, by anyone.
    const visitNow = (await coordinator.get(`/api/appointments/${visit.id}`)).json();
    const around = await provider.post(`/api/appointments/${visit.id}/status`, { status: 'ready_for_discharge', version: visitNow.version });
    expect(around.statusCode).toBe(409);
    expect(around.json().error.code).toBe('discharge_from_chart');

    c = (
      await nurse.post(`/api/treatment-sessions/${c.id}/alerts/${c.alerts[0]!.id}/action`, {
        action: 'provider_called',
        note: 'Dr. Raman called; infusion continued, BP settled to 150/90.',
      })
    ).json();
    await clockAt(start + 71 * MIN);
    await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 126, diastolic: 80, heartRate: 70, spo2: 98 });
    c = await chart(c.id);
    const noEscort = await nurse.post(`/api/treatment-sessions/${c.id}/discharge`, { ...goodChecklist, escortName: null, version: c.version });
    expect(fields(noEscort)).toEqual(['escortName']);
    const out = await nurse.post(`/api/treatment-sessions/${c.id}/discharge`, { ...goodChecklist, version: c.version });
    expect(out.statusCode, out.body).toBe(200);
    c = out.json();
    expect(c.status).toBe('discharged');
    expect((await coordinator.get(`/api/appointments/${visit.id}`)).json().status).toBe('completed');

    // Signed by the nurse, co-signed by the provider; then nothing changes, whoever asks.
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/sign`, { note: 'Tolerated well.', version: c.version })).json();
    expect(c.status).toBe('awaiting_cosign');
    expect((await nurse.post(`/api/treatment-sessions/${c.id}/cosign`, {})).statusCode).toBe(403);
    c = (await provider.post(`/api/treatment-sessions/${c.id}/cosign`, {})).json();
    expect(c.status).toBe('cosigned');
    const late = await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 120, diastolic: 80 });
    expect(late.json().error.code).toBe('signed');
    await expect(t.database.db.execute(sql`update treatment_sessions set note = 'changed' where id = ${c.id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`update treatment_sessions set cosigned_by = null where id = ${c.id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from session_vitals where session_id = ${c.id}`)).rejects.toThrow();
    await expect(
      t.database.db.execute(
        sql`insert into session_vitals (session_id, taken_at, systolic, recorded_by) select ${c.id}, now(), 120, opened_by from treatment_sessions where id = ${c.id}`,
      ),
    ).rejects.toThrow();
    const amended = await nurse.post(`/api/treatment-sessions/${c.id}/amendments`, {
      reason: 'Late entry',
      text: 'Patient reported mild nausea after discharge call.',
    });
    expect(amended.statusCode).toBe(200);
    expect(amended.json().amendments).toHaveLength(1);

    // The controlled-substance log for the session balances: 39 mg given of 40 drawn, 1 mg wasted with a witness.
    const sf = t.clinics.get('SF')!;
    const vial = { drug: 'ketamine', vial: 'K-2026-0041', lot: 'LOT55A', expiresOn: '2027-06-30' };
    const providerId = (await provider.get('/api/auth/me')).json().user.id as string;
    const post = (who: Agent, body: object) => who.post(`/api/locations/${sf}/controlled-substances`, { ...vial, ...body });
    expect((await post(nurse, { kind: 'receive', amountMg: 500 })).statusCode).toBe(201);
    expect((await post(nurse, { kind: 'draw', amountMg: 40, sessionId: c.id })).statusCode).toBe(201);
    expect((await post(nurse, { kind: 'administer', amountMg: 39, sessionId: c.id })).statusCode).toBe(201);
    const unwitnessed = await post(nurse, { kind: 'waste', amountMg: 1, sessionId: c.id });
    expect(fields(unwitnessed)).toEqual(['witnessId']);
    const tooMuch = await post(nurse, { kind: 'waste', amountMg: 1.5, sessionId: c.id, witnessId: providerId });
    expect(tooMuch.json().error.code).toBe('ledger_imbalance');
    expect((await post(nurse, { kind: 'waste', amountMg: 1, sessionId: c.id, witnessId: providerId })).statusCode).toBe(201);
    const day = visit.date;
    const report = (await manager.get(`/api/locations/${sf}/controlled-substances?from=${day}&to=${day}&drug=ketamine`)).json();
    expect(report.drugs[0]).toMatchObject({ drug: 'ketamine', closingMg: 460, balanced: true, vials: [{ vial: 'K-2026-0041', onHandMg: 460 }] });
    expect(report.drugs[0].draws).toEqual([expect.objectContaining({ sessionId: c.id, drawnMg: 40, givenMg: 39, wastedMg: 1, balanced: true })]);
    expect(report.drugs[0].entries.map((e: { balanceMg: number }) => e.balanceMg)).toEqual([500, 460, 460, 460]);
    await expect(t.database.db.execute(sql`delete from controlled_substance_entries where location_id = ${sf}`)).rejects.toThrow();
  });

  it('refuses a dose without a weight recorded within the clinic’s limit (30 days)', async () => {
    const { visits, patientId } = await courseWithVisits('iv-ketamine-series');
    await t.database.db.execute(sql`update patient_weights set measured_at = measured_at - interval '40 days' where patient_id = ${patientId}`);
    await clockAt(new Date(visits[0]!.startsAt).getTime() - 5 * MIN);
    const c = await openChart(visits[0]!);
    const res = await provider.post(`/api/treatment-sessions/${c.id}/order`, {
      mgPerKg: 0.5,
      infusionMinutes: 40,
      concentrationMgPerMl: 1,
      maxDoseMg: 100,
      version: c.version,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'weight_required', fields: [expect.objectContaining({ path: 'weight' })] });
    expect(res.json().error.message).toMatch(/within 30 days/);
  });
});

describe('Spravato', () => {
  it('enforces the REMS: enrollment and certification, the BP decision, 5 minutes between devices, 2 hours before discharge; produces the monitoring form', async () => {
    const { visits, patientId } = await courseWithVisits('spravato-trd');
    const visit = visits[0]!;
    const start = new Date(visit.startsAt).getTime();
    await clockAt(start - 5 * MIN);
    let c = await openChart(visit);
    const noMeds = await nurse.post(`/api/treatment-sessions/${c.id}/pre-check`, { ...preCheck, version: c.version });
    expect(fields(noMeds)).toEqual(['concomitant']);
    c = (
      await nurse.post(`/api/treatment-sessions/${c.id}/pre-check`, {
        ...preCheck,
        fastingConfirmed: true,
        concomitant: { benzodiazepines: false, sedativeHypnotics: false, psychostimulants: false, maois: false, opioids: false },
        version: c.version,
      })
    ).json();
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/risk-check`, { cssrs: { q1: false, q2: false, q6: false }, version: c.version })).json();
    const dosed = await nurse.post(`/api/treatment-sessions/${c.id}/spravato-dose`, {
      doseMg: 56,
      preDoseSystolic: 152,
      preDoseDiastolic: 88,
      version: c.version,
    });
    expect(dosed.statusCode, dosed.body).toBe(200);
    c = dosed.json();
    const bpAlert = c.alerts.find((a) => a.kind === 'pre_dose_bp')!;
    expect(bpAlert.message).toMatch(/152\/88 is above 140\/90/);
    const blocked = await nurse.post(`/api/treatment-sessions/${c.id}/devices`, { lot: 'SPV-1001', version: c.version });
    expect(blocked.json().error.code).toBe('not_ready');
    expect((await nurse.post(`/api/treatment-sessions/${c.id}/alerts/${bpAlert.id}/action`, { action: 'continued', note: 'ok' })).statusCode).toBe(403);
    c = (
      await provider.post(`/api/treatment-sessions/${c.id}/alerts/${bpAlert.id}/action`, {
        action: 'continued',
        note: 'Benefit outweighs a transient rise; recheck at 40 minutes.',
      })
    ).json();
    const noRems = await nurse.post(`/api/treatment-sessions/${c.id}/devices`, { lot: 'SPV-1001', version: c.version });
    expect(noRems.statusCode).toBe(409);
    expect(noRems.json().error.code).toBe('rems_required');
    expect(fields(noRems)).toEqual(['remsCertification', 'remsEnrollment']);
    expect(
      (
        await manager.put(`/api/locations/${t.clinics.get('SF')}/rems-certification`, {
          certificationId: 'HCS-778812',
          certifiedOn: '2026-01-15',
          authorizedRepresentative: 'Morgan Manager',
        })
      ).statusCode,
    ).toBe(200);
    expect((await nurse.put(`/api/patients/${patientId}/rems-enrollment`, { enrollmentId: 'PT-5521904', enrolledOn: visit.date })).statusCode).toBe(200);

    await clockAt(start);
    const at = (min: number) => new Date(start + min * MIN).toISOString();
    const first = await nurse.post(`/api/treatment-sessions/${c.id}/devices`, { lot: 'SPV-1001', administeredAt: at(0), version: c.version });
    expect(first.statusCode, first.body).toBe(200);
    c = first.json();
    expect(c.status).toBe('in_treatment');
    await clockAt(start + 4 * MIN);
    // A device backdated past the late-charting window would shorten the observation: refused, naming the field.
    const backdated = await nurse.post(`/api/treatment-sessions/${c.id}/devices`, { lot: 'SPV-1001', administeredAt: at(-16), version: c.version });
    expect(fields(backdated)).toEqual(['administeredAt']);
    const soon = await nurse.post(`/api/treatment-sessions/${c.id}/devices`, { lot: 'SPV-1001', administeredAt: at(4), version: c.version });
    expect(soon.statusCode).toBe(409);
    expect(soon.json().error.code).toBe('device_too_soon');
    await clockAt(start + 5 * MIN);
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/devices`, { lot: 'SPV-1001', administeredAt: at(5), version: c.version })).json();
    expect(c.status).toBe('observing');
    const third = await nurse.post(`/api/treatment-sessions/${c.id}/devices`, { lot: 'SPV-1001', version: c.version });
    expect(third.statusCode).toBe(409);

    await clockAt(start + 40 * MIN);
    await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 146, diastolic: 90, spo2: 97, sedation: 4, dissociation: 6 });
    await clockAt(start + 124 * MIN);
    await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 130, diastolic: 82, spo2: 98, sedation: 5, dissociation: 0 });
    c = await chart(c.id);
    // 119 minutes after the last device (given at +5): one minute left, whoever asks.
    for (const who of [nurse, provider]) {
      const early = await who.post(`/api/treatment-sessions/${c.id}/discharge`, { ...goodChecklist, readyToLeaveMinutes: 70, version: c.version });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.fields).toEqual([expect.objectContaining({ path: 'observation' })]);
      expect(early.json().error.message).toMatch(/1 more minute\(s\) of observation: the REMS requires at least 120 minutes/);
    }
    await clockAt(start + 125 * MIN);
    const notResolved = await nurse.post(`/api/treatment-sessions/${c.id}/discharge`, { ...goodChecklist, dissociationResolved: false, version: c.version });
    expect(fields(notResolved)).toEqual(['dissociationResolved']);
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/discharge`, { ...goodChecklist, readyToLeaveMinutes: 70, version: c.version })).json();
    expect(c.status).toBe('discharged');
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/sign`, { version: c.version })).json();
    const due = new Date(`${visit.date}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 7);
    expect(c.monitoringForm).toEqual(expect.objectContaining({ dueOn: due.toISOString().slice(0, 10), state: 'due' }));

    const pdf = await nurse.get(`/api/treatment-sessions/${c.id}/rems-monitoring-form`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    await t.context.audit.flush();
    const read = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = 'rems.form.read' and outcome = 'success' and request_id = ${String(pdf.headers['x-request-id'])}`,
    );
    expect(read[0]!.n).toBe(1);
    const tasks = (await manager.get(`/api/locations/${t.clinics.get('SF')}/charting-tasks`)).json();
    expect(tasks.monitoringForms).toEqual(expect.arrayContaining([expect.objectContaining({ sessionId: c.id, state: 'due' })]));
    expect(tasks.awaitingCosign).toEqual(expect.arrayContaining([expect.objectContaining({ id: c.id })]));
    const submitted = await manager.post(`/api/treatment-sessions/${c.id}/rems-monitoring-form/submission`, { method: 'fax', confirmation: 'FX-20261204-11' });
    expect(submitted.json()).toMatchObject({ state: 'submitted', method: 'fax' });
    expect((await chart(c.id)).monitoringForm?.state).toBe('submitted');
    expect((await manager.get(`/api/locations/${t.clinics.get('SF')}/charting-tasks`)).json().monitoringForms).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ sessionId: c.id })]),
    );
  });
});

describe('TMS', () => {
  it('bills 90867 for the mapping, 90869 when the threshold is re-checked, and needs an adverse-event record for a seizure', async () => {
    const { visits, courseId } = await courseWithVisits('tms-10hz-standard', 3);
    const [mapping, second] = visits;
    await clockAt(new Date(mapping!.startsAt).getTime() - 5 * MIN);
    let c = await openChart(mapping!);
    expect(c.tms?.cpt.code).toBe('90867');
    expect(c.tms?.recheck).toEqual({ due: true, reasons: ['no motor threshold is recorded for this course'] });
    const noMetal = await nurse.post(`/api/treatment-sessions/${c.id}/pre-check`, { ...preCheck, version: c.version });
    expect(fields(noMetal)).toEqual(['metalScreenClear']);
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/pre-check`, { ...preCheck, metalScreenClear: true, version: c.version })).json();
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/risk-check`, { phq9Item9: 0, version: c.version })).json();
    c = (await provider.post(`/api/treatment-sessions/${c.id}/motor-threshold`, { valuePercent: 55, method: 'visual', reason: 'Initial mapping' })).json();
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/start`, { version: c.version })).json();
    const tms = {
      protocol: '10hz_standard',
      frequencyHz: 10,
      pulsesPerTrain: 40,
      interTrainSeconds: 26,
      coilPosition: 'Head-holder 5.2 / 12.0 / L',
      targetingMethod: '5cm_rule',
      percentMt: 120,
      pulsesPlanned: 3000,
      pulsesDelivered: 3000,
      trainsCompleted: 75,
      interruptions: 0,
      interruptionNote: null,
      scalpDiscomfort: 3,
      seizure: true,
      sideEffects: ['headache'],
    };
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/tms`, { ...tms, version: c.version })).json();
    expect(c.tms?.absoluteIntensity).toBe(66);
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/end`, { version: c.version })).json();
    c = (
      await nurse.post(`/api/treatment-sessions/${c.id}/discharge`, { ...goodChecklist, escortName: null, noDrivingAdvised: false, version: c.version })
    ).json();
    expect(c.status).toBe('discharged');
    const unsigned = await nurse.post(`/api/treatment-sessions/${c.id}/sign`, { version: c.version });
    expect(unsigned.statusCode).toBe(400);
    expect(fields(unsigned)).toEqual(['adverseEvents']);
    c = (
      await nurse.post(`/api/treatment-sessions/${c.id}/adverse-events`, {
        type: 'seizure',
        severity: 'severe',
        serious: true,
        onsetAt: new Date().toISOString(),
        actionTaken: 'Stimulation stopped, recovery position, provider at bedside',
        outcome: 'resolved',
      })
    ).json();
    const aeAlert = c.alerts.find((a) => a.kind === 'adverse_event')!;
    const stillOpen = await nurse.post(`/api/treatment-sessions/${c.id}/sign`, { version: c.version });
    expect(fields(stillOpen)).toEqual(['alerts']);
    c = (
      await provider.post(`/api/treatment-sessions/${c.id}/alerts/${aeAlert.id}/action`, { action: 'reviewed', note: 'Examined; EEG referral placed.' })
    ).json();
    const signed = await nurse.post(`/api/treatment-sessions/${c.id}/sign`, { version: c.version });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().status).toBe('signed');

    // Next session: a medication change reported at check-in prompts a re-check; re-determining bills 90869.
    await clockAt(new Date(second!.startsAt).getTime() - 5 * MIN);
    const secondNow = ((await coordinator.get(`/api/courses/${courseId}/visits`)).json().items as Visit[]).find((v) => v.id === second!.id)!;
    let d = await openChart(secondNow);
    expect(d.sessionNumber).toBe(2);
    expect(d.tms?.cpt.code).toBe('90868');
    d = (
      await nurse.post(`/api/treatment-sessions/${d.id}/pre-check`, { ...preCheck, metalScreenClear: true, medicationChange: true, version: d.version })
    ).json();
    expect(d.tms?.recheck).toEqual({ due: true, reasons: ['a medication change was reported at check-in'] });
    d = (await provider.post(`/api/treatment-sessions/${d.id}/motor-threshold`, { valuePercent: 58, method: 'visual', reason: 'Sertraline increased' })).json();
    expect(d.tms?.cpt.code).toBe('90869');
    expect(d.tms?.recheck.due).toBe(false);
  });
});

describe('the suicide-risk check', () => {
  it('a positive answer alerts the providers once, shows on the board, and holds treatment until a provider reviews it', async () => {
    const { visits } = await courseWithVisits('iv-ketamine-series');
    await clockAt(new Date(visits[0]!.startsAt).getTime() - 5 * MIN);
    let c = await openChart(visits[0]!);
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/pre-check`, { ...preCheck, version: c.version })).json();
    const positive = await nurse.post(`/api/treatment-sessions/${c.id}/risk-check`, { phq9Item9: 2, version: c.version });
    expect(positive.statusCode).toBe(200);
    c = positive.json();
    expect(c.alerts).toEqual([expect.objectContaining({ kind: 'suicide_risk', action: null })]);
    expect(c.startBlockers).toContain('A provider must review the positive suicide-risk screen before treatment.');
    // Asked again (a second entry): still one open alert, one notification per provider.
    c = (await nurse.post(`/api/treatment-sessions/${c.id}/risk-check`, { phq9Item9: 1, version: c.version })).json();
    expect(c.alerts.filter((a) => a.kind === 'suicide_risk')).toHaveLength(1);
    const notes = (await provider.get('/api/notifications')).json().items as { kind: string; link: string }[];
    expect(notes.filter((n) => n.kind === 'session.suicide_risk' && n.link === `/sessions/${c.id}`)).toHaveLength(1);
    const board = (await coordinator.get(`/api/locations/${t.clinics.get('SF')}/treatment-sessions`)).json().items as { id: string; riskPositive: boolean }[];
    expect(board.find((b) => b.id === c.id)).toEqual(expect.objectContaining({ riskPositive: true }));
    const alertId = c.alerts[0]!.id;
    expect((await nurse.post(`/api/treatment-sessions/${c.id}/alerts/${alertId}/action`, { action: 'reviewed', note: 'ok' })).statusCode).toBe(403);
    c = (
      await provider.post(`/api/treatment-sessions/${c.id}/alerts/${alertId}/action`, {
        action: 'reviewed',
        note: 'Passive ideation, no plan; safety plan reviewed; proceed.',
      })
    ).json();
    expect(c.startBlockers).not.toContain('A provider must review the positive suicide-risk screen before treatment.');
  });
});

describe('therapy and the manager’s list', () => {
  it('a therapist’s note with start, end and modality completes the visit and is signed', async () => {
    const { visits } = await courseWithVisits('kap');
    const start = new Date(visits[0]!.startsAt).getTime();
    await clockAt(start + 60 * MIN);
    let c = await openChart(visits[0]!);
    expect(c.modality).toBe('therapy');
    const backwards = await nurse.post(`/api/treatment-sessions/${c.id}/therapy-note`, {
      startedAt: new Date(start + 50 * MIN).toISOString(),
      endedAt: new Date(start).toISOString(),
      modality: 'kap_integration',
      note: 'x',
      version: c.version,
    });
    expect(fields(backwards)).toEqual(['endedAt']);
    c = (
      await provider.post(`/api/treatment-sessions/${c.id}/therapy-note`, {
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 50 * MIN).toISOString(),
        modality: 'kap_integration',
        note: 'Integration after the dosing session; themes of grief; plan for next week.',
        version: c.version,
      })
    ).json();
    expect((await coordinator.get(`/api/appointments/${visits[0]!.id}`)).json().status).toBe('completed');
    const signed = await provider.post(`/api/treatment-sessions/${c.id}/sign`, { version: c.version });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().status).toBe('signed');
  });

  it('an unsigned chart older than 24 hours shows on the manager’s list', async () => {
    const { visits } = await courseWithVisits('iv-ketamine-series');
    const start = new Date(visits[0]!.startsAt).getTime();
    await clockAt(start - 5 * MIN);
    const c = await openChart(visits[0]!);
    await clockAt(start + 25 * 60 * MIN);
    const tasks = (await manager.get(`/api/locations/${t.clinics.get('SF')}/charting-tasks`)).json();
    expect(tasks.unsigned).toEqual(expect.arrayContaining([expect.objectContaining({ id: c.id, hoursOpen: 25 })]));
    expect(JSON.stringify(tasks)).not.toMatch(/dose|vitals|risk/);
    expect((await coordinator.get(`/api/locations/${t.clinics.get('SF')}/charting-tasks`)).statusCode).toBe(403);
    expect((await coordinator.get(`/api/treatment-sessions/${c.id}`)).statusCode).toBe(403);
  });
});

describe('readings recorded at the same moment', () => {
  it('share one statement, each stored and audited once; a resent reading is answered, a signed chart’s reading fails alone', async () => {
    const { visits } = await courseWithVisits('iv-ketamine-series');
    const visit = visits[0]!;
    await clockAt(new Date(visit.startsAt).getTime() - 5 * MIN);
    const open = await openChart(visit);
    const db = t.database.db;
    // A second, signed chart (signed by hand here: signing through the API is covered above).
    const other = (await courseWithVisits('iv-ketamine-series')).visits[0]!;
    await clockAt(new Date(other.startsAt).getTime() - 5 * MIN);
    const signed = await openChart(other);
    await db.execute(sql`update treatment_sessions set signed_at = now(), signed_by = opened_by where id = ${signed.id}`);
    const nurseId = (await queryRows<{ id: string }>(db, sql`select id from users where email = ${nurse.email}`))[0]!.id;
    const ctx = { actor: { id: nurseId, email: nurse.email, role: 'nurse' }, ip: null, userAgent: null, requestId: 'batch-test' };
    const clientId = '7d1f0c1e-5b0a-4d8e-9a51-2f4f3c1d9e01';
    const reading = (sessionId: string, systolic: number, client: string | null) =>
      repo.insertVitalsAudited(
        db,
        {
          sessionId,
          takenAt: new Date(),
          systolic,
          diastolic: 80,
          heartRate: 70,
          spo2: 98,
          respiratoryRate: null,
          sedation: null,
          dissociation: null,
          clientId: client,
          recordedBy: nurseId,
        },
        systolic > 160 ? [{ message: `Systolic ${systolic} is above 160`, detail: { field: 'systolic' } }] : [],
        { ctx, entry: { action: 'treatment_session.vitals', outcome: 'success', entityType: 'treatment_session', entityId: sessionId } },
      );
    // All called in one turn of the event loop, so they are sent as one batch.
    const results = await Promise.allSettled([
      reading(open.id, 120, null),
      reading(open.id, 171, clientId),
      reading(open.id, 171, clientId), // the same reading resent within the batch
      reading(signed.id, 130, null),
      reading(open.id, 125, null),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const ok = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(ok[1]!.alerts.map((a) => a.message)).toEqual(['Systolic 171 is above 160']);
    expect(ok[2]!.reading.id).toBe(ok[1]!.reading.id);
    expect([ok[1]!.duplicate, ok[2]!.duplicate].sort()).toEqual([false, true]);
    const stored = await queryRows<{ n: number; alerts: number; audits: number }>(
      db,
      sql`select (select count(*)::int from session_vitals where session_id = ${open.id}) as n,
                 (select count(*)::int from session_alerts where session_id = ${open.id} and kind = 'threshold') as alerts,
                 (select count(*)::int from audit_events where request_id = 'batch-test' and action = 'treatment_session.vitals') as audits`,
    );
    expect(stored[0]).toEqual({ n: 3, alerts: 1, audits: 3 });
    expect(await queryRows(db, sql`select 1 from session_vitals where session_id = ${signed.id}`)).toEqual([]);

    // A batch with nothing refused runs as one statement: a reading resent within it is still stored once.
    const again = '0b7e4a52-1c7d-4f0e-8d2a-6c3b5e9f1a22';
    const [a, b, c] = await Promise.all([reading(open.id, 165, again), reading(open.id, 165, again), reading(open.id, 118, null)]);
    expect(a.reading.id).toBe(b.reading.id);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(c.duplicate).toBe(false);
    const after = await queryRows<{ n: number; audits: number }>(
      db,
      sql`select (select count(*)::int from session_vitals where session_id = ${open.id}) as n,
                 (select count(*)::int from audit_events where request_id = 'batch-test' and action = 'treatment_session.vitals') as audits`,
    );
    expect(after[0]).toEqual({ n: 5, audits: 5 });
  });
});
