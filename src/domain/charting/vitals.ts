import type { ChartingPolicy, Limit } from './policy.js';

/**
 * Vital signs during and after a treatment (issue 10): which readings cross the clinic's thresholds, when the next
 * reading is due, and which are overdue. Intervals and thresholds come from the versioned clinic policy
 * (policy.ts, with their sources); these rules only apply them.
 */

export type Reading = {
  takenAt: Date;
  systolic?: number | null;
  diastolic?: number | null;
  heartRate?: number | null;
  spo2?: number | null;
  respiratoryRate?: number | null;
  /** MOAA/S, 0 (no response) to 5 (responds readily to name). */
  sedation?: number | null;
  /** CADSS-6 total, 0-24. */
  dissociation?: number | null;
};

export const READING_FIELDS = ['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate', 'sedation', 'dissociation'] as const;
export type ReadingField = (typeof READING_FIELDS)[number];

/** Plausible ranges of what a monitor or a nurse can enter (beyond them it is a typo, refused with the field named). */
export const READING_RANGES: Record<ReadingField, { min: number; max: number; unit: string; label: string }> = {
  systolic: { min: 40, max: 300, unit: 'mmHg', label: 'Systolic' },
  diastolic: { min: 20, max: 200, unit: 'mmHg', label: 'Diastolic' },
  heartRate: { min: 20, max: 250, unit: '/min', label: 'Heart rate' },
  spo2: { min: 50, max: 100, unit: '%', label: 'SpO2' },
  respiratoryRate: { min: 2, max: 60, unit: '/min', label: 'Respiratory rate' },
  sedation: { min: 0, max: 5, unit: 'MOAA/S', label: 'Sedation (MOAA/S)' },
  dissociation: { min: 0, max: 24, unit: 'CADSS-6', label: 'Dissociation (CADSS-6)' },
};

export type ThresholdAlert = { field: ReadingField; value: number; limit: number; direction: 'above' | 'below'; message: string };

/** Problems with a reading as entered: at least one value, each a whole number in its plausible range. */
export function readingProblems(r: Reading): { field: string; message: string }[] {
  const present = READING_FIELDS.filter((f) => r[f] !== undefined && r[f] !== null);
  if (present.length === 0) return [{ field: 'body', message: 'a reading needs at least one value' }];
  const problems: { field: string; message: string }[] = [];
  for (const f of present) {
    const v = r[f] as number;
    const range = READING_RANGES[f];
    if (!Number.isInteger(v) || v < range.min || v > range.max)
      problems.push({ field: f, message: `must be a whole number from ${range.min} to ${range.max}` });
  }
  const { systolic, diastolic } = r;
  if (typeof systolic === 'number' && typeof diastolic === 'number' && diastolic >= systolic)
    problems.push({ field: 'diastolic', message: 'must be below systolic' });
  return problems;
}

/** The thresholds a reading crosses (empty when all values are within the policy's limits). */
export function thresholdAlerts(r: Reading, thresholds: ChartingPolicy['thresholds']): ThresholdAlert[] {
  const alerts: ThresholdAlert[] = [];
  for (const f of READING_FIELDS) {
    const v = r[f];
    if (v === undefined || v === null) continue;
    const limit: Limit = thresholds[f];
    const { label, unit } = READING_RANGES[f];
    if (limit.max !== null && v > limit.max)
      alerts.push({ field: f, value: v, limit: limit.max, direction: 'above', message: `${label} ${v} ${unit} is above ${limit.max}` });
    if (limit.min !== null && v < limit.min)
      alerts.push({ field: f, value: v, limit: limit.min, direction: 'below', message: `${label} ${v} ${unit} is below ${limit.min}` });
  }
  return alerts;
}

export type VitalsWindow = {
  /** When treatment started (infusion start, first device) and ended (infusion stop, last device); null if not yet. */
  startedAt: Date | null;
  endedAt: Date | null;
  /** Discharge ends the schedule. */
  dischargedAt: Date | null;
};

export type DueSlot = { dueAt: string; phase: 'during' | 'after'; takenAt: string | null; overdue: boolean };

/**
 * The reading schedule: one slot every `during` minutes from the start until the end, then every `after` minutes
 * until discharge (or now). A slot is met by any reading taken within half an interval either side of it (windows never overlap);
 * it is overdue when nothing met it `grace` minutes after it fell due. `next` is the first slot not yet met.
 */
export function vitalsSchedule(
  w: VitalsWindow,
  readings: readonly Date[],
  now: Date,
  policy: Pick<ChartingPolicy, 'vitalsEveryMinutesDuring' | 'vitalsEveryMinutesAfter' | 'overdueGraceMinutes'>,
): { slots: DueSlot[]; next: DueSlot | null; overdueCount: number } {
  if (!w.startedAt) return { slots: [], next: null, overdueCount: 0 };
  const min = 60_000;
  const times: { at: number; phase: 'during' | 'after'; every: number }[] = [];
  const stop = (w.dischargedAt ?? now).getTime();
  const end = w.endedAt?.getTime() ?? null;
  const duringEvery = policy.vitalsEveryMinutesDuring * min;
  // A session left running for days: its schedule starts a day back (older slots are history, not due).
  const skip = Math.max(0, Math.floor((now.getTime() - 24 * 60 * min - w.startedAt.getTime()) / duringEvery));
  let t = w.startedAt.getTime() + skip * duringEvery;
  // During: up to the end (or, while still running, one slot past now so the countdown shows).
  const duringLimit = end ?? Math.max(now.getTime(), t) + duringEvery;
  while (t < duringLimit && times.length < 500) {
    times.push({ at: t, phase: 'during', every: policy.vitalsEveryMinutesDuring });
    t += duringEvery;
  }
  if (end !== null) {
    t = end;
    const afterLimit = w.dischargedAt ? stop : Math.max(now.getTime(), end) + policy.vitalsEveryMinutesAfter * min;
    while (t <= afterLimit && times.length < 1000) {
      if (w.dischargedAt && t > stop) break;
      times.push({ at: t, phase: 'after', every: policy.vitalsEveryMinutesAfter });
      t += policy.vitalsEveryMinutesAfter * min;
    }
  }
  const sorted = [...readings].map((d) => d.getTime()).sort((a, b) => a - b);
  const slots: DueSlot[] = times.map((s, i) => {
    // Windows do not overlap: one reading meets one slot.
    const from = s.at - (s.every * min) / 2;
    const following = times[i + 1];
    const until = Math.min(s.at + (s.every * min) / 2, following ? following.at - (following.every * min) / 2 : Number.POSITIVE_INFINITY);
    const met = sorted.find((r) => r >= from && r < until) ?? null;
    const overdue = met === null && now.getTime() > s.at + policy.overdueGraceMinutes * min && (!w.dischargedAt || s.at <= stop);
    return { dueAt: new Date(s.at).toISOString(), phase: s.phase, takenAt: met === null ? null : new Date(met).toISOString(), overdue };
  });
  const next = slots.find((s) => s.takenAt === null && new Date(s.dueAt).getTime() >= now.getTime() - policy.overdueGraceMinutes * min) ?? null;
  return { slots, next: w.dischargedAt ? null : next, overdueCount: slots.filter((s) => s.overdue).length };
}
