import type { IntakeAssessment } from '../../../contracts/intake.js';
import { api } from '../../app/api.js';

export type Observation = {
  id: string;
  kind: string;
  loinc: string | null;
  effectiveAt: string;
  value: number | null;
  valueText: string | null;
  unit: string | null;
  interpretation: string | null;
  source: string;
};
export type Appointment = {
  id: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  status: string;
  clinic: { id: string; name: string; timeZone: string };
  provider: { id: string; name: string };
};

export const listAssessments = (patientId: string) =>
  api<{ items: { id: string; status: string; createdAt: string; signedAt: string | null; version: number }[] }>(
    'GET',
    `/api/patients/${patientId}/intake-assessments`,
  );
export const startAssessment = (patientId: string) => api<IntakeAssessment>('POST', `/api/patients/${patientId}/intake-assessments`, {});
export const getAssessment = (id: string) => api<IntakeAssessment>('GET', `/api/intake-assessments/${id}`);
export const saveAssessment = (id: string, version: number, content: unknown) =>
  api<IntakeAssessment>('PATCH', `/api/intake-assessments/${id}`, { version, content });
export const signAssessment = (id: string, version: number) => api<IntakeAssessment>('POST', `/api/intake-assessments/${id}/sign`, { version });
export const amendAssessment = (id: string, version: number, reason: string, content: unknown) =>
  api<IntakeAssessment>('POST', `/api/intake-assessments/${id}/amendments`, { version, reason, content });
export const listObservations = (patientId: string) => api<{ items: Observation[] }>('GET', `/api/patients/${patientId}/observations`);
export const listAppointments = (patientId: string) => api<{ items: Appointment[] }>('GET', `/api/patients/${patientId}/appointments`);
