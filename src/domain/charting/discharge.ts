import type { ChartingPolicy } from './policy.js';
import { observationMinutesLeft } from './spravato.js';
import { thresholdAlerts, type Reading } from './vitals.js';

/**
 * Discharge (issue 10): what must be true before a patient leaves, each unmet criterion named so a 409 can say it.
 * Sources: Spravato label and REMS (domain.md §2.1, delivery-and-billing.md A2.2: at least 2 hours after the last
 * device and until sedation, dissociation and respiratory depression resolve; BP about 40 minutes after dosing and
 * before leaving; no driving until the next day); procedural-sedation discharge minimums (A3.3, RCEM: vital signs
 * back to baseline, alert and oriented, a responsible adult to take the patient home). Ketamine clinics have no
 * published discharge score (A3.3: Aldrete/PADSS UNVERIFIED), so the checklist is the clinic's, and its recovery
 * minutes a clinic setting (policy.ts).
 */

export type Modality = 'iv_ketamine' | 'im_ketamine' | 'spravato' | 'tms' | 'therapy';

export type DischargeChecklist = {
  vitalsWithinLimits: boolean;
  alertAndOriented: boolean;
  walkingSteadily: boolean;
  /** Spravato: sedation, dissociation and breathing resolved (REMS). */
  sedationResolved: boolean;
  dissociationResolved: boolean;
  breathingNormal: boolean;
  escortName: string | null;
  /** The patient was told not to drive until the next day after restful sleep. */
  noDrivingAdvised: boolean;
};

export type DischargeFacts = {
  modality: Modality;
  checklist: DischargeChecklist;
  now: Date;
  treatmentStartedAt: Date | null;
  /** Infusion stopped, IM dose given, or the last Spravato device. */
  treatmentEndedAt: Date | null;
  readings: readonly Reading[];
  openAlerts: number;
  policy: ChartingPolicy;
};

export type UnmetCriterion = { criterion: string; message: string; minutesLeft?: number };

const sedating = (m: Modality) => m === 'iv_ketamine' || m === 'im_ketamine' || m === 'spravato';

export function dischargeProblems(f: DischargeFacts): UnmetCriterion[] {
  const unmet: UnmetCriterion[] = [];
  const c = f.checklist;
  if (!f.treatmentStartedAt) unmet.push({ criterion: 'treatment', message: 'Treatment has not started.' });
  else if (!f.treatmentEndedAt) unmet.push({ criterion: 'treatment', message: 'Treatment has not ended (stop the infusion or record the last device).' });
  if (f.openAlerts > 0) unmet.push({ criterion: 'alerts', message: `${f.openAlerts} alert(s) have no action note yet.` });
  if (!sedating(f.modality)) {
    if (!c.alertAndOriented) unmet.push({ criterion: 'alertAndOriented', message: 'Confirm the patient is alert and oriented.' });
    return unmet;
  }
  const minimum = f.modality === 'spravato' ? f.policy.spravatoObservationMinutes : f.policy.ketamineRecoveryMinutes;
  const left = observationMinutesLeft(f.treatmentEndedAt, f.now, minimum);
  if (f.treatmentEndedAt && left > 0)
    unmet.push({
      criterion: 'observation',
      minutesLeft: left,
      message:
        f.modality === 'spravato'
          ? `${left} more minute(s) of observation: the REMS requires at least ${minimum} minutes after the last device.`
          : `${left} more minute(s) of recovery: the clinic requires ${minimum} minutes after the dose.`,
    });
  const bps = f.readings.filter((r) => (r.systolic ?? null) !== null && (r.diastolic ?? null) !== null);
  const lastBp = bps.at(-1);
  if (!lastBp || f.now.getTime() - lastBp.takenAt.getTime() > 30 * 60_000)
    unmet.push({ criterion: 'dischargeBloodPressure', message: 'Take a blood pressure within 30 minutes before discharge.' });
  const latest = latestValues(f.readings);
  const outOfLimits = thresholdAlerts({ takenAt: f.now, ...latest }, f.policy.thresholds);
  if (outOfLimits.length > 0)
    unmet.push({ criterion: 'vitalsWithinLimits', message: `Latest readings are outside the limits: ${outOfLimits.map((a) => a.message).join('; ')}.` });
  if (!c.vitalsWithinLimits) unmet.push({ criterion: 'vitalsWithinLimits', message: 'Confirm vital signs are back within limits.' });
  if (!c.alertAndOriented) unmet.push({ criterion: 'alertAndOriented', message: 'Confirm the patient is alert and oriented.' });
  if (!c.walkingSteadily) unmet.push({ criterion: 'walkingSteadily', message: 'Confirm the patient walks steadily.' });
  if (!c.escortName?.trim()) unmet.push({ criterion: 'escortName', message: 'Name the escort taking the patient home.' });
  if (!c.noDrivingAdvised) unmet.push({ criterion: 'noDrivingAdvised', message: 'Tell the patient not to drive until the next day, and record it.' });
  if (f.modality === 'spravato') {
    // "About 40 minutes": a reading 30 to 60 minutes after the first device (the window is the clinic's reading of "about").
    const started = f.treatmentStartedAt;
    if (started && !bps.some((r) => r.takenAt.getTime() - started.getTime() >= 30 * 60_000 && r.takenAt.getTime() - started.getTime() <= 60 * 60_000))
      unmet.push({ criterion: 'bloodPressure40Minutes', message: 'Record the blood pressure about 40 minutes after dosing (30-60 minutes; label).' });
    if (!f.readings.some((r) => (r.spo2 ?? null) !== null))
      unmet.push({ criterion: 'pulseOximetry', message: 'Record a pulse oximetry (SpO2) check (label).' });
    if (!c.sedationResolved) unmet.push({ criterion: 'sedationResolved', message: 'Sedation must have resolved (REMS).' });
    if (!c.dissociationResolved) unmet.push({ criterion: 'dissociationResolved', message: 'Dissociation must have resolved (REMS).' });
    if (!c.breathingNormal) unmet.push({ criterion: 'breathingNormal', message: 'Breathing must be normal, with no respiratory depression (REMS).' });
  }
  return unmet;
}

/** The latest value of each measure across readings (a device may send BP and SpO2 separately). */
export function latestValues(readings: readonly Reading[]): Omit<Reading, 'takenAt'> {
  const out: Record<string, number> = {};
  const sorted = [...readings].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  for (const r of sorted)
    for (const [k, v] of Object.entries(r)) {
      if (k !== 'takenAt' && typeof v === 'number') out[k] = v;
    }
  return out;
}
