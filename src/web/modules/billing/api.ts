import { api } from '../../app/api.js';

export type Charge = {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  sessionId: string | null;
  dateOfService: string;
  code: string;
  modifiers: string[];
  units: number;
  unitFeeCents: number;
  chargeCents: number;
  drug: { ndc: string | null; quantity: number; unit: string; name: string } | null;
  diagnoses: string[];
  pointers: number[];
  renderingName: string | null;
  payerName: string;
  payerKind: string;
  why: string;
  review: string | null;
  status: 'review' | 'approved' | 'billed' | 'void';
  claimId: string | null;
  version: number;
};
export type Claim = {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  payerName: string;
  payerKind: string;
  patientControlNumber: string;
  frequency: '1' | '7' | '8';
  frequencyName: string;
  originalPatientControlNumber: string | null;
  originalPayerClaimNumber: string | null;
  payerClaimNumber: string | null;
  status: string;
  diagnoses: string[];
  priorAuthorizationNumber: string | null;
  referralNumber: string | null;
  firstDateOfService: string;
  totalCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  adjustedCents: number;
  batchId: string | null;
  version: number;
};
export type Finding = { rule: string; severity: 'error' | 'warning'; message: string; denial: string | null; line: number | null };
export type ClaimDetail = Claim & {
  lines: {
    lineNumber: number;
    controlNumber: string;
    dateOfService: string;
    code: string;
    modifiers: string[];
    units: number;
    chargeCents: number;
    pointers: number[];
    drug: Charge['drug'];
    paidCents: number;
  }[];
  renderingProvider: { name: string; npi: string | null } | null;
  memberId: string | null;
  scrub: { clean: boolean; findings: Finding[] };
  events: { fromStatus: string | null; toStatus: string; note: string | null; at: string; byName: string | null }[];
  remittances: {
    id: string;
    status: string;
    paidCents: number;
    patientResponsibilityCents: number;
    paymentDate: string;
    adjustments: { group: string; reason: string; amountCents: number }[];
  }[];
  denials: { id: string; groupCode: string; reasonCode: string; amountCents: number; deadline: string | null; status: string }[];
  appeals: { id: string; level: number; levelName: string; deadline: string; status: string }[];
};
export type Batch = {
  id: string;
  controlNumber: number;
  claimCount: number;
  totalCents: number;
  status: string;
  submittedAt: string | null;
  createdAt: string;
  fileName: string;
};
export type Remittance = {
  id: string;
  payerName: string | null;
  traceNumber: string | null;
  paymentCents: number;
  paymentDate: string | null;
  status: 'posted' | 'held';
  problems: string[];
  claimCount: number;
  importedAt: string;
  duplicate?: boolean;
};
export type Denial = {
  id: string;
  claimId: string;
  patientId: string;
  patientName: string;
  patientControlNumber: string;
  payerName: string;
  code: string;
  meaning: string;
  likelyFix: string;
  amountCents: number;
  deniedOn: string;
  appealable: boolean;
  appealNote: string | null;
  deadline: string | null;
  daysLeft: number | null;
  status: string;
  version: number;
};
export type Appeal = {
  id: string;
  claimId: string;
  patientControlNumber: string;
  payerName: string;
  level: number;
  levelName: string;
  deadline: string;
  letter: { sections: { title: string; body: string }[] };
  status: string;
  version: number;
};
export type Account = {
  balance: { totalCents: number; patientCents: number; insuranceCents: number; equalsSumOfEntries: boolean };
  entries: {
    id: string;
    seq: number;
    kind: string;
    responsibility: string;
    amountCents: number;
    balanceCents: number;
    description: string;
    dateOfService: string | null;
    postedOn: string;
  }[];
  payments: {
    id: string;
    kind: string;
    methodName: string;
    amountCents: number;
    refundedCents: number;
    reference: string | null;
    receivedOn: string;
    recordedBy: string;
  }[];
  paymentPlan: {
    installments: { number: number; dueDate: string; amountCents: number }[];
    standing: { overdueCents: number; nextDue: { dueOn: string; amountCents: number } | null };
  } | null;
  noSurprisesAct: {
    disputeEligible: boolean;
    overCents: number;
    disputeBy: string | null;
    notice: string | null;
    goodFaithEstimateCents: number;
    billedCents: number;
  } | null;
};

export const charges = (status: string) => api<{ items: Charge[] }>('GET', `/api/charges?status=${status}`);
export const editCharge = (id: string, body: Record<string, unknown>) => api<Charge>('PATCH', `/api/charges/${id}`, body);
export const approveCharges = (ids: string[]) => api<{ approved: number; billedToPatient: number }>('POST', '/api/charges/approve', { ids });
export const createClaims = (ids: string[]) => api<{ items: Claim[] }>('POST', '/api/claims', { ids });
export const claims = (status: string | null) => api<{ items: Claim[] }>('GET', `/api/claims${status ? `?status=${status}` : ''}`);
export const claim = (id: string) => api<ClaimDetail>('GET', `/api/claims/${id}`);
export const markReady = (id: string, version: number) => api<Claim>('POST', `/api/claims/${id}/ready`, { version });
export const correctClaim = (id: string, kind: 'replace' | 'void', version: number, note: string) =>
  api<Claim>('POST', `/api/claims/${id}/${kind}`, { version, note });
export const batches = () => api<{ items: Batch[] }>('GET', '/api/claim-batches');
export const createBatches = (ids: string[]) => api<{ items: Batch[] }>('POST', '/api/claim-batches', { ids });
export const submitBatch = (id: string) => api<Batch>('POST', `/api/claim-batches/${id}/submit`);
export const remittances = () => api<{ items: Remittance[] }>('GET', '/api/remittances');
export const importRemittance = (file: string) => api<Remittance>('POST', '/api/remittances', { file });
export const retryRemittance = (id: string) => api<Remittance>('POST', `/api/remittances/${id}/post`);
export const denials = (status: string) =>
  api<{
    items: Denial[];
    byPayer: { payerName: string; count: number; amountCents: number }[];
    byCode: { code: string; meaning: string; count: number; amountCents: number }[];
  }>('GET', `/api/denials?status=${status}`);
export const resolveDenial = (id: string, action: string, note: string, version: number) =>
  api<Denial>('POST', `/api/denials/${id}/resolve`, { action, note, version });
export const appeal = (denialId: string) => api<Appeal>('POST', `/api/denials/${denialId}/appeals`, {});
export const saveAppealLetter = (id: string, version: number, letter: Appeal['letter']) =>
  api<Appeal>('PATCH', `/api/appeals/${id}/letter`, { version, letter });
export const appealStatus = (id: string, status: string, version: number, note?: string) =>
  api<Appeal>('POST', `/api/appeals/${id}/status`, { status, version, note });
export const account = (patientId: string) => api<Account>('GET', `/api/patients/${patientId}/ledger`);
export const recordPayment = (patientId: string, body: Record<string, unknown>) =>
  api<Account & { id: string }>('POST', `/api/patients/${patientId}/payments`, body);
export const billingReport = (from: string, to: string) =>
  api<{
    aging: { payerName: string; claims: number; buckets: Record<string, number>; totalCents: number }[];
    denialRate: { payerName: string; adjudicated: number; denied: number; ratePercent: number | null }[];
    denialCodes: { payerName: string; code: string; meaning: string; count: number; amountCents: number }[];
    daysToPayment: { payerName: string; claims: number; averageDays: number; medianDays: number }[];
    collections: { locationName: string; month: string; insuranceCents: number; patientCents: number; totalCents: number }[];
  }>('GET', `/api/reports/billing?from=${from}&to=${to}`);

/** "125", "125.5", "$1,250.00" typed by a person, as whole cents; null when it is not an amount. */
export function parseDollars(text: string): number | null {
  const t = text.trim().replace(/^\$/, '').replaceAll(',', '');
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
