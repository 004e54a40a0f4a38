import type { LeadDetail, LeadSummary } from '../../../contracts/front-door.js';
import { api } from '../../app/api.js';

export type Provider = { id: string; name: string; locationIds: string[] };
export type Match = { id: string; mrn: string; name: string; dateOfBirth: string; phone: string | null; matchedOn: ('name_and_date_of_birth' | 'phone')[] };
export type MetricsRow = {
  locationId: string;
  clinicName: string;
  day: string;
  leads: number;
  firstCalled: number;
  medianMinutesToFirstCall: number | null;
  calledWithin10Minutes: number;
  shareCalledWithin10Minutes: number | null;
  conversions: number;
  urgentLeads: number;
  medianMinutesToReachUrgent: number | null;
  escalated: number;
};
export type Notification = { id: string; kind: string; title: string; body: string; link: string | null; createdAt: string; readAt: string | null };

export const listLeads = (status: string, locationId?: string | null) => {
  const p = new URLSearchParams({ status });
  if (locationId) p.set('locationId', locationId);
  return api<{ items: LeadSummary[]; serverTime: string }>('GET', `/api/leads?${p}`);
};
export const getLead = (id: string) => api<LeadDetail>('GET', `/api/leads/${id}`);
export const createLead = (body: unknown) => api<LeadDetail>('POST', '/api/leads', body);
export const claimLead = (id: string, version: number) => api<LeadDetail>('POST', `/api/leads/${id}/claim`, { version });
export const logAttempt = (id: string, body: unknown) => api<LeadDetail>('POST', `/api/leads/${id}/attempts`, body);
export const closeLead = (id: string, body: unknown) => api<LeadDetail>('POST', `/api/leads/${id}/close`, body);
export const findMatches = (id: string, q: { givenName: string; familyName: string; dateOfBirth: string }) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  return api<{ items: Match[] }>('GET', `/api/leads/${id}/patient-matches?${p}`);
};
export const convertLead = (id: string, body: unknown) =>
  api<{ patientId: string; createdPatient: boolean; appointment: { id: string; startsAt: string } }>('POST', `/api/leads/${id}/convert`, body);
export const listProviders = () => api<{ items: Provider[] }>('GET', '/api/providers');
export const getMetrics = (from: string, to: string, locationId?: string | null) => {
  const p = new URLSearchParams({ from, to });
  if (locationId) p.set('locationId', locationId);
  return api<{ items: MetricsRow[]; anonymousScreenings: { day: string; instrument: string; severity: string; crisis: boolean; count: number }[] }>(
    'GET',
    `/api/front-door/metrics?${p}`,
  );
};
export const listNotifications = () => api<{ items: Notification[]; unread: number }>('GET', '/api/notifications');
export const markNotificationRead = (id: string) => api<{ ok: true }>('POST', `/api/notifications/${id}/read`);
