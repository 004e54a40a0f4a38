import { api } from '../../app/api.js';

export type StaffQuestionnaire = {
  id: string;
  instrument: string;
  title: string;
  dueOn: string;
  reason: string;
  status: 'due' | 'answered' | 'missed';
  answeredAt: string | null;
  answeredVia: string | null;
  total?: number | null;
  interpretation?: string | null;
};
export type Form = {
  instrument: string;
  title: string;
  stem: string;
  items: { index: number; text: string }[];
  options: { value: number; label: string }[];
  attribution: string;
};
export type CourseOutcome = {
  instrument: string;
  baseline: { at: string; total: number } | null;
  latest: { at: string; total: number } | null;
  followUps: number;
  change: number | null;
  percentReduction: number | null;
  response: boolean | null;
  remission: boolean | null;
  meaningfulChange: boolean | null;
  daysToResponse: number | null;
  notes: string[];
  source: string;
};
export type Outcomes = {
  series: { instrument: string; maxTotal: number; remissionBelow: number | null; points: { at: string; total: number }[] }[];
  treatmentVisits: { at: string; courseId: string }[];
  courses: {
    id: string;
    treatment: string;
    protocolName: string;
    status: string;
    firstTreatmentAt: string | null;
    endedAt: string | null;
    sessionsDone: number;
    outcomes: CourseOutcome[];
    payerThreshold: { name: string; percent: number; met: boolean | null; instrument: string } | null;
    endedWithoutResponse: boolean;
  }[];
};
export type RiskAlert = {
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  instrument: string;
  reason: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  note: string | null;
};
type Rate = { n: number; of: number; percent: number | null };
export type Summary = {
  courses: number;
  completed: Rate;
  droppedOut: Rate;
  stillActive: number;
  measured: number;
  medianChange: number | null;
  medianPercentReduction: number | null;
  response: Rate;
  remission: Rate | null;
  medianDaysToResponse: number | null;
};
export type Report = { definition: string; baselineRule: string; total: Summary; groups: (Summary & { treatment: string; locationId: string })[] };

export const questionnairesOf = (patientId: string) => api<{ items: StaffQuestionnaire[] }>('GET', `/api/patients/${patientId}/questionnaires`);
export const formOf = (id: string) => api<{ questionnaire: StaffQuestionnaire; form: Form }>('GET', `/api/questionnaires/${id}/form`);
export const enterAnswers = (id: string, answers: (number | null)[], via: 'tablet' | 'paper') =>
  api<{ crisis: boolean; total?: number; severity?: string }>('POST', `/api/questionnaires/${id}/answers`, { answers, via });
export const outcomesOf = (patientId: string) => api<Outcomes>('GET', `/api/patients/${patientId}/outcomes`);
export const riskAlerts = () => api<{ items: RiskAlert[] }>('GET', '/api/risk-alerts');
export const acknowledge = (id: string, note: string) => api<RiskAlert>('POST', `/api/risk-alerts/${id}/acknowledge`, { note });
export const portalAccount = (patientId: string) =>
  api<{ invited: boolean; email: string | null; active: boolean; activatedAt: string | null; locked: boolean; totpEnabled: boolean }>(
    'GET',
    `/api/patients/${patientId}/portal-account`,
  );
export const resetPortalTotp = (patientId: string) => api<{ totpEnabled: boolean }>('POST', `/api/patients/${patientId}/portal-account/totp-reset`);
export const invite = (patientId: string, email: string | undefined, channel: 'email' | 'sms' = 'email') =>
  api<{ sentTo: string; expiresAt: string }>('POST', `/api/patients/${patientId}/portal-invitation`, { ...(email ? { email } : {}), channel });
export const outcomeReport = (q: URLSearchParams) => api<Report>('GET', `/api/reports/outcomes?${q.toString()}`);
