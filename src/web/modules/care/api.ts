import type { z } from 'zod';
import type { priorAuthorizationSchema, vaReferralSchema, expiringSchema } from '../../../contracts/authorizations.js';
import type { carePathViewSchema, coverageSchema, payerSchema, recommendationSchema } from '../../../contracts/coverage.js';
import type { Estimate } from '../../../contracts/estimates.js';
import { api } from '../../app/api.js';

export type CarePathView = z.infer<typeof carePathViewSchema>;
export type Coverage = z.infer<typeof coverageSchema>;
export type Payer = z.infer<typeof payerSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type PriorAuthorization = z.infer<typeof priorAuthorizationSchema>;
export type VaReferral = z.infer<typeof vaReferralSchema>;
export type Expiring = z.infer<typeof expiringSchema>['items'][number];
export type PriceItem = {
  id: string;
  locationId: string;
  code: string;
  name: string;
  kind: string;
  treatment: string;
  sessions: number;
  priceCents: number;
  includes: string[];
  serviceCodes: string[];
  hsaFsaEligible: boolean;
  active: boolean;
};

export const getCarePath = (patientId: string) => api<CarePathView>('GET', `/api/patients/${patientId}/care-path`);
export const recordRecommendation = (patientId: string, body: unknown) =>
  api<Recommendation>('POST', `/api/patients/${patientId}/care-path/recommendations`, body);
export const listRecommendations = (patientId: string) =>
  api<{ items: { id: string; engineVersion: string; createdAt: string; chosenOption: string | null; nextStep: string | null }[] }>(
    'GET',
    `/api/patients/${patientId}/care-path/recommendations`,
  );
export const getRecommendation = (id: string) => api<Recommendation>('GET', `/api/care-path/recommendations/${id}`);
export const listPayers = () => api<{ items: Payer[] }>('GET', '/api/payers');
export const publishPolicy = (payerId: string, body: unknown) => api<unknown>('POST', `/api/payers/${payerId}/policies`, body);
export const listCoverages = (patientId: string) => api<{ items: Coverage[] }>('GET', `/api/patients/${patientId}/coverages`);
export const addCoverage = (patientId: string, body: unknown) => api<{ items: Coverage[] }>('POST', `/api/patients/${patientId}/coverages`, body);
export const addBenefitsCheck = (coverageId: string, body: unknown) => api<{ items: Coverage[] }>('POST', `/api/coverages/${coverageId}/benefits-checks`, body);
export const listPriorAuthorizations = (patientId: string) => api<{ items: PriorAuthorization[] }>('GET', `/api/patients/${patientId}/prior-authorizations`);
export const startPriorAuthorization = (patientId: string, body: unknown) =>
  api<PriorAuthorization>('POST', `/api/patients/${patientId}/prior-authorizations`, body);
export const saveLetter = (id: string, body: unknown) => api<PriorAuthorization>('PATCH', `/api/prior-authorizations/${id}/letter`, body);
export const amendLetter = (id: string, body: unknown) => api<PriorAuthorization>('POST', `/api/prior-authorizations/${id}/letter/amendments`, body);
export const signLetter = (id: string, version: number) => api<PriorAuthorization>('POST', `/api/prior-authorizations/${id}/letter/sign`, { version });
export const shareLetter = (id: string) => api<PriorAuthorization>('POST', `/api/prior-authorizations/${id}/letter/share`);
export const changeStatus = (id: string, body: unknown) => api<PriorAuthorization>('POST', `/api/prior-authorizations/${id}/status`, body);
export const recordPaSession = (id: string, body: unknown) => api<PriorAuthorization>('POST', `/api/prior-authorizations/${id}/sessions`, body);
export const listVaReferrals = (patientId: string) => api<{ items: VaReferral[] }>('GET', `/api/patients/${patientId}/va-referrals`);
export const addVaReferral = (patientId: string, body: unknown) => api<{ items: VaReferral[] }>('POST', `/api/patients/${patientId}/va-referrals`, body);
export const updateVaSteps = (id: string, body: unknown) => api<VaReferral>('PATCH', `/api/va-referrals/${id}/steps`, body);
export const recordVaSession = (id: string, body: unknown) => api<VaReferral>('POST', `/api/va-referrals/${id}/sessions`, body);
export const listExpiring = () => api<{ items: Expiring[] }>('GET', '/api/authorizations/expiring');
export const getPriceList = (locationId: string) => api<{ items: PriceItem[] }>('GET', `/api/locations/${locationId}/price-list`);
export const createEstimate = (patientId: string, body: unknown) => api<Estimate>('POST', `/api/patients/${patientId}/estimates`, body);
export const listEstimates = (patientId: string) =>
  api<{ items: { id: string; createdAt: string; goodFaith: boolean; patientCents: number; chargeCents: number; itemName: string }[] }>(
    'GET',
    `/api/patients/${patientId}/estimates`,
  );
export const getEstimate = (id: string) => api<Estimate>('GET', `/api/estimates/${id}`);

export const money = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const TREATMENT_LABELS: Record<string, string> = {
  tms: 'TMS',
  esketamine: 'Esketamine (Spravato)',
  iv_ketamine: 'IV ketamine',
  integration_therapy: 'Integration therapy',
};
