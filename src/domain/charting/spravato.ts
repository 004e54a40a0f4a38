/**
 * Spravato (esketamine nasal spray) at the chair (issue 10). Sources: ../shared/domain.md §2.1-2.3 and
 * delivery-and-billing.md A2.1-A2.2: 28 mg per device, 56 mg = 2 devices, 84 mg = 3; a 5-minute rest between devices;
 * blood pressure before dosing (above 140/90 weigh the rise against benefit: here a provider's documented decision),
 * about 40 minutes after and before discharge; pulse oximetry each session; observation at least 2 hours and until
 * sedation, dissociation and respiratory depression resolve (REMS ID 386); no driving until the next day; the
 * patient enrolled in the REMS before the first treatment and the setting certified; a Patient Monitoring Form
 * within 7 calendar days of each session.
 */

export const SPRAVATO_DOSES = [56, 84] as const;
export type SpravatoDose = (typeof SPRAVATO_DOSES)[number];
export const MG_PER_DEVICE = 28;
export const DEVICE_REST_MINUTES = 5;
export const PMF_DUE_DAYS = 7;
export const BP_RECHECK_MINUTES = 40;

export const devicesFor = (dose: SpravatoDose) => dose / MG_PER_DEVICE;

/** Whether device n may be given at `at`: the dose's device count, in order, 5 minutes after the previous. */
export function deviceProblem(dose: SpravatoDose | null, given: readonly Date[], at: Date): { rule: string; message: string } | null {
  if (dose === null) return { rule: 'no_dose', message: 'Record the dose (56 or 84 mg) before the first device.' };
  if (given.length >= devicesFor(dose)) return { rule: 'dose_complete', message: `All ${devicesFor(dose)} devices of the ${dose} mg dose are recorded.` };
  const last = given.at(-1);
  if (last) {
    const minutes = (at.getTime() - last.getTime()) / 60_000;
    if (minutes < 0) return { rule: 'device_order', message: 'A device cannot be recorded before the previous one.' };
    if (minutes < DEVICE_REST_MINUTES)
      return {
        rule: 'device_too_soon',
        message: `Wait ${DEVICE_REST_MINUTES} minutes between devices (label): ${Math.ceil(DEVICE_REST_MINUTES - minutes)} more minute(s) after the device at ${last.toISOString()}.`,
      };
  }
  return null;
}

/** A pre-dose blood pressure above the label's threshold (>140 systolic or >90 diastolic) needs a provider's decision. */
export const preDoseBpNeedsDecision = (bp: { systolic: number; diastolic: number }, limit: { systolic: number; diastolic: number }) =>
  bp.systolic > limit.systolic || bp.diastolic > limit.diastolic;

/** Minutes of observation still required after the last device (0 when the minimum has run). */
export function observationMinutesLeft(lastDeviceAt: Date | null, now: Date, minimum: number): number {
  if (!lastDeviceAt) return minimum;
  return Math.max(0, Math.ceil(minimum - (now.getTime() - lastDeviceAt.getTime()) / 60_000));
}

/** The Patient Monitoring Form is due 7 calendar days after the session's clinic date (lucido-go: Friday -> next Friday). */
export function pmfDueDate(sessionDate: string): string {
  const d = new Date(`${sessionDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + PMF_DUE_DAYS);
  return d.toISOString().slice(0, 10);
}

export type PmfState = 'submitted' | 'due' | 'overdue';
export const pmfState = (due: string, today: string, submitted: boolean): PmfState => (submitted ? 'submitted' : today > due ? 'overdue' : 'due');

/**
 * The readings the Spravato label asks for, as a schedule: blood pressure about 40 minutes after dosing (the first
 * device) and again before discharge (due when the observation minimum is reached). Not the infusion's 10/15-minute
 * cadence: the label names these two moments (domain.md §2.1). A slot is met by a blood pressure taken from 10
 * minutes before it; it is overdue 10 minutes after it falls due.
 */
export function spravatoSchedule(
  firstDeviceAt: Date | null,
  lastDeviceAt: Date | null,
  bloodPressures: readonly Date[],
  now: Date,
  observationMinutes: number,
  dischargedAt: Date | null,
): {
  slots: { dueAt: string; phase: 'during' | 'after'; takenAt: string | null; overdue: boolean }[];
  next: { dueAt: string; phase: 'during' | 'after'; takenAt: string | null; overdue: boolean } | null;
  overdueCount: number;
} {
  if (!firstDeviceAt) return { slots: [], next: null, overdueCount: 0 };
  const min = 60_000;
  const due: { at: number; phase: 'during' | 'after' }[] = [{ at: firstDeviceAt.getTime() + BP_RECHECK_MINUTES * min, phase: 'during' }];
  if (lastDeviceAt) due.push({ at: lastDeviceAt.getTime() + observationMinutes * min, phase: 'after' });
  const slots = due.map((d, i) => {
    const following = due[i + 1];
    const until = following ? following.at - 10 * min : Number.POSITIVE_INFINITY;
    const met = bloodPressures.map((b) => b.getTime()).find((t) => t >= d.at - 10 * min && t < until) ?? null;
    const overdue = met === null && !dischargedAt && now.getTime() > d.at + 10 * min;
    return { dueAt: new Date(d.at).toISOString(), phase: d.phase, takenAt: met === null ? null : new Date(met).toISOString(), overdue };
  });
  const next = dischargedAt ? null : (slots.find((s) => s.takenAt === null) ?? null);
  return { slots, next, overdueCount: slots.filter((s) => s.overdue).length };
}
