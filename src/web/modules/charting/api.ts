import { api, ApiError } from '../../app/api.js';

/** The chart as `GET /api/treatment-sessions/:id` answers it (charting.service.ts presentSession). */
export type Alert = { id: string; kind: string; message: string; raisedAt: string; action: string | null; actionNote: string | null; actedAt: string | null };
export type VitalsRow = {
  id: string;
  takenAt: string;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  sedation: number | null;
  dissociation: number | null;
};
export type Chart = {
  id: string;
  appointmentId: string;
  patientId: string;
  locationId: string;
  courseId: string | null;
  sessionNumber: number | null;
  modality: 'iv_ketamine' | 'im_ketamine' | 'spravato' | 'tms' | 'therapy';
  visitKind: string;
  status: string;
  version: number;
  policy: { thresholds: Record<string, { min: number | null; max: number | null }>; spravatoObservationMinutes: number; ketamineRecoveryMinutes: number };
  preCheck: Record<string, unknown> | null;
  risk: { positive: boolean; level: string; reasons: string[] } | null;
  riskPositive: boolean | null;
  order: { mgPerKg: number; infusionMinutes: number | null; concentrationMgPerMl: number; maxDoseMg: number } | null;
  dose: {
    doseMg: number;
    volumeMl: number;
    rateMlPerHour: number | null;
    mgPerMinute: number | null;
    weightKg: number;
    weightMeasuredAt: string;
    cappedAtMax: boolean;
    steps: string[];
  } | null;
  doseConfirmedAt: string | null;
  spravato: { doseMg: 56 | 84; preDoseBp: { systolic: number; diastolic: number; takenAt: string }; needsDecision: boolean } | null;
  devices: { number: number; lot: string; administeredAt: string }[];
  devicesPlanned: number | null;
  tms: {
    record: Record<string, unknown> | null;
    motorThreshold: { valuePercent: number; method: string; determinedAt: string; reason: string } | null;
    absoluteIntensity: number | null;
    recheck: { due: boolean; reasons: string[] };
    cpt: { code: string; why: string };
  } | null;
  therapy: { startedAt: string; endedAt: string; modality: string; note: string } | null;
  treatmentStartedAt: string | null;
  treatmentEndedAt: string | null;
  startBlockers: string[];
  vitals: VitalsRow[];
  schedule: {
    next: { dueAt: string; phase: string } | null;
    overdueCount: number;
    slots: { dueAt: string; phase: string; takenAt: string | null; overdue: boolean }[];
  } | null;
  alerts: Alert[];
  adverseEvents: { id: string; type: string; severity: string; serious: boolean; onsetAt: string; actionTaken: string; outcome: string }[];
  discharge: Record<string, unknown> | null;
  dischargedAt: string | null;
  dischargeUnmet: { criterion: string; message: string; minutesLeft?: number }[];
  note: string | null;
  signedAt: string | null;
  cosignRequired: boolean;
  cosignedAt: string | null;
  amendments: { id: string; reason: string; text: string; createdAt: string }[];
  monitoringForm: { dueOn: string; state: string; submittedAt: string | null; method: string | null; confirmation: string | null } | null;
};

export type ActiveSession = {
  id: string;
  appointmentId: string;
  openAlerts: number;
  riskPositive: boolean;
  discharged: boolean;
  patient?: string;
  modality?: string;
  sessionNumber?: number | null;
  treatmentStartedAt?: string | null;
  treatmentEndedAt?: string | null;
  lastReadingAt?: string | null;
  nextDueAt?: string | null;
  overdueReadings?: number;
};

export const getChart = (id: string) => api<Chart>('GET', `/api/treatment-sessions/${id}`);
export const openChart = (appointmentId: string) => api<Chart>('POST', '/api/treatment-sessions', { appointmentId });
export const chartAction = (id: string, action: string, body: unknown) => api<Chart>('POST', `/api/treatment-sessions/${id}/${action}`, body);
export const actOnAlert = (id: string, alertId: string, body: { action: string; note: string }) =>
  api<Chart>('POST', `/api/treatment-sessions/${id}/alerts/${alertId}/action`, body);
export const activeSessions = (locationId: string) =>
  api<{ generatedAt: string; items: ActiveSession[] }>('GET', `/api/locations/${locationId}/treatment-sessions`);
export const chartingTasks = (locationId: string) =>
  api<{
    unsigned: { id: string; patient: string; modality: string; openedAt: string; hoursOpen: number }[];
    awaitingCosign: { id: string; patient: string; modality: string; signedAt: string }[];
    monitoringForms: { sessionId: string; patient: string; dueOn: string; state: string; daysLeft: number }[];
  }>('GET', `/api/locations/${locationId}/charting-tasks`);
export const submitForm = (id: string, body: { method: string; confirmation?: string }) =>
  api<unknown>('POST', `/api/treatment-sessions/${id}/rems-monitoring-form/submission`, body);
export const ledger = (locationId: string, from: string, to: string) =>
  api<LedgerReport>('GET', `/api/locations/${locationId}/controlled-substances?from=${from}&to=${to}`);
export const recordLedgerEntry = (locationId: string, body: unknown) => api<unknown>('POST', `/api/locations/${locationId}/controlled-substances`, body);
export type LedgerReport = {
  drugs: {
    drug: string;
    openingMg: number;
    closingMg: number;
    balanced: boolean;
    entries: { id: string; recordedAt: string; kind: string; vial: string; lot: string; amountMg: number; balanceMg: number; sessionId: string | null }[];
    vials: { vial: string; onHandMg: number }[];
    draws: { sessionId: string; vial: string; drawnMg: number; givenMg: number; wastedMg: number; returnedMg: number; balanced: boolean }[];
  }[];
};

export const MODALITY_LABELS: Record<string, string> = {
  iv_ketamine: 'IV ketamine',
  im_ketamine: 'IM ketamine',
  spravato: 'Spravato',
  tms: 'TMS',
  therapy: 'Therapy',
};

// ---- Readings that survive a dropped connection ----

/**
 * Readings waiting to be sent, kept in the tablet's storage so a dropped connection loses nothing. Each has the id
 * the server deduplicates by (`clientId`), so a reading sent, stored, and sent again after the answer was lost is
 * stored once. Only numbers and the session id are kept here: no names.
 */
export type QueuedReading = { sessionId: string; clientId: string; body: Record<string, unknown>; queuedAt: string; error?: string };
const KEY = 'stepwise.vitals-queue';
const listeners = new Set<() => void>();

export function queuedReadings(): QueuedReading[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as QueuedReading[];
  } catch {
    return [];
  }
}
function save(items: QueuedReading[]) {
  localStorage.setItem(KEY, JSON.stringify(items));
  for (const l of listeners) l();
}
export function onQueueChange(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Queues a reading (taken now unless given) and tries to send the queue. */
export function queueReading(sessionId: string, body: Record<string, unknown>) {
  const reading: QueuedReading = {
    sessionId,
    clientId: crypto.randomUUID(),
    body: { takenAt: new Date().toISOString(), ...body },
    queuedAt: new Date().toISOString(),
  };
  save([...queuedReadings(), reading]);
  return flushReadings();
}

let flushing: Promise<{ sent: number; refused: QueuedReading[] }> | null = null;
let inFlight: AbortController | null = null;

/**
 * The connection is back: stop waiting on a request sent while it was down (it may hang until it times out) and send
 * the queue now.
 */
export async function retryReadingsNow() {
  inFlight?.abort();
  await flushing?.catch(() => undefined);
  return flushReadings();
}

/**
 * Sends queued readings in order. A network failure keeps the rest for later (the browser's `online` event and a
 * timer try again); a refusal (a bad value, a signed chart) takes the reading out and reports it, so one bad entry
 * never blocks the others.
 */
export function flushReadings(): Promise<{ sent: number; refused: QueuedReading[] }> {
  // Reset when this run settles (not inside it: a run with nothing to send settles before it is assigned).
  flushing ??= sendQueue().finally(() => {
    flushing = null;
    inFlight = null;
  });
  return flushing;
}

async function sendQueue(): Promise<{ sent: number; refused: QueuedReading[] }> {
  let sent = 0;
  const refused: QueuedReading[] = [];
  for (const r of queuedReadings()) {
    try {
      // No answer in 10 s counts as a dropped connection: the reading stays queued, and if it did arrive the server
      // stores it once (its clientId).
      const abort = new AbortController();
      inFlight = abort;
      const timer = setTimeout(() => abort.abort(), 10_000);
      try {
        await api('POST', `/api/treatment-sessions/${r.sessionId}/vitals`, { ...r.body, clientId: r.clientId }, { signal: abort.signal });
      } finally {
        clearTimeout(timer);
      }
      sent += 1;
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 408 && err.status !== 429) {
        refused.push({ ...r, error: err.message });
      } else break;
    }
    save(queuedReadings().filter((q) => q.clientId !== r.clientId));
  }
  return { sent, refused };
}
