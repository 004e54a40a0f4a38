import type { Patient, PatientSummary } from '../../../contracts/patients.js';
import { api } from '../../app/api.js';

export type SearchPage = { items: PatientSummary[]; offset: number; limit: number; hasMore: boolean; interpretedAs: string };
export type Weight = { id: string; measuredAt: string; weightGrams: number; weightKg: number; source: string };

export const searchPatients = (q: string, offset: number, limit: number, locationId?: string | null) => {
  const params = new URLSearchParams({ q, offset: String(offset), limit: String(limit) });
  if (locationId) params.set('locationId', locationId);
  return api<SearchPage>('GET', `/api/patients?${params}`);
};
export const getPatient = (id: string) => api<Patient>('GET', `/api/patients/${id}`);
export const createPatient = (body: unknown) => api<Patient>('POST', '/api/patients', body);
export const updatePatient = (id: string, body: unknown) => api<Patient>('PATCH', `/api/patients/${id}`, body);
export const listWeights = (id: string) => api<{ items: Weight[] }>('GET', `/api/patients/${id}/weights`);
export const recordWeight = (id: string, body: unknown) => api<Weight>('POST', `/api/patients/${id}/weights`, body);
