import type { Agent, TestApp } from './test-app.js';

import { clinicToday } from '../../domain/time/clinic-today.js';

// The San Francisco clinic's today: a PHQ-9 dated by the UTC date would be in the future after 4 pm there.
const today = clinicToday('America/Los_Angeles');
/** Intake content of a patient with treatment-resistant depression (two failed adequate trials) and a PHQ-9 of 16 today. */
export const SIGNED_INTAKE = {
  diagnoses: [{ code: 'F33.2', primary: true }],
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
  baselineVitals: { systolic: 124, diastolic: 80, heartRate: 70 },
  baselineWeight: { value: 78, unit: 'kg' },
  measures: { 'PHQ-9': { answers: [2, 2, 2, 2, 2, 2, 2, 2, 0], takenOn: today }, ASQ: { answers: [0, 0, 0, 0], takenOn: today } },
};

/** A patient with a signed intake (two failed adequate trials) and a coverage with the given payer. */
export async function patientWithIntake(app: TestApp, providerAgent: Agent, payerName: string | null): Promise<string> {
  const coordinator = await app.login('coordinator');
  const p = await coordinator.post('/api/patients', {
    legalGivenName: 'Casey',
    legalFamilyName: `Coverage-${Math.random().toString(36).slice(2, 7)}`,
    dateOfBirth: '1982-03-04',
    sexAssignedAtBirth: 'female',
    locationIds: [app.clinics.get('SF')],
  });
  const id = p.json().id as string;
  const draft = await providerAgent.post(`/api/patients/${id}/intake-assessments`, { content: SIGNED_INTAKE });
  const signed = await providerAgent.post(`/api/intake-assessments/${draft.json().id}/sign`, { version: draft.json().version });
  if (signed.statusCode !== 200) throw new Error(signed.body);
  if (payerName) {
    const payers = (await coordinator.get('/api/payers')).json().items as { id: string; name: string; plans: { id: string }[] }[];
    const payer = payers.find((x) => x.name === payerName)!;
    const c = await coordinator.post(`/api/patients/${id}/coverages`, {
      payerId: payer.id,
      planId: payer.plans[0]!.id,
      priority: 'primary',
      memberId: 'XJ12345678',
      groupId: 'G-100',
      effectiveFrom: '2026-01-01',
    });
    if (c.statusCode !== 201) throw new Error(c.body);
  }
  return id;
}

type PlannedVisit = { index: number; date: string; localStart: string; resource: { id: string } | null; staff: { id: string }[] };
export type BookedVisit = { id: string; version: number; startsAt: string; date: string; status: string };

/**
 * A patient with a signed intake, a course of the protocol (by code) at the SF clinic and its first `n` visits booked
 * as the planner proposes them.
 */
export async function courseWithVisits(app: TestApp, provider: Agent, coordinator: Agent, code: string, n = 1) {
  const patientId = await patientWithIntake(app, provider, null);
  const protocols = (await provider.get('/api/protocols')).json().items as { id: string; code: string }[];
  const course = await provider.post(`/api/patients/${patientId}/courses`, {
    protocolId: protocols.find((p) => p.code === code)?.id,
    locationId: app.clinics.get('SF'),
    differReason: 'Chosen with the patient for this test.',
  });
  if (course.statusCode !== 201) throw new Error(course.body);
  const courseId = course.json().id as string;
  const plan = (await coordinator.post(`/api/courses/${courseId}/plan`, {})).json() as { visits: PlannedVisit[] };
  const booked = await coordinator.post(`/api/courses/${courseId}/appointments`, {
    visits: plan.visits
      .slice(0, n)
      .map((v) => ({ index: v.index, date: v.date, localStart: v.localStart, resourceId: v.resource?.id ?? null, staffIds: v.staff.map((s) => s.id) })),
  });
  if (booked.statusCode !== 201) throw new Error(booked.body);
  const visits = (await coordinator.get(`/api/courses/${courseId}/visits`)).json().items as BookedVisit[];
  return { patientId, courseId, visits };
}
