/**
 * The clinic's charting policy (issue 10): the numbers a session is charted against. Where a published source gives a
 * number it is cited; where none does, the number is a clinic setting with a documented default, marked
 * `source: null` (the issue: "where a source gives no number, make it a clinic setting with a documented default").
 * A policy is versioned: each session records the version it was charted under, so a later change never rewrites
 * what an old chart was judged against.
 */

export type Limit = { min: number | null; max: number | null };

export type ChartingPolicy = {
  /** Dose from a weight no older than this (days). No source gives a number: clinic default 30 (the issue). */
  weightMaxAgeDays: number;
  /** Vital-sign readings due every N minutes during an infusion, and after it. */
  vitalsEveryMinutesDuring: number;
  vitalsEveryMinutesAfter: number;
  /** Minutes a reading may run late before it is flagged overdue. Clinic default 2; no source. */
  overdueGraceMinutes: number;
  /** Thresholds that raise an alert needing an action note. */
  thresholds: { systolic: Limit; diastolic: Limit; heartRate: Limit; spo2: Limit; respiratoryRate: Limit; sedation: Limit; dissociation: Limit };
  /** Spravato pre-dose blood pressure above which dosing needs a provider's documented decision (label, >140/90). */
  spravatoPreDoseBp: { systolic: number; diastolic: number };
  /** Minutes of observation after the last Spravato device (REMS minimum, 120). */
  spravatoObservationMinutes: number;
  /** Minutes of recovery after a ketamine infusion or IM dose before discharge. No source gives a number: clinic default. */
  ketamineRecoveryMinutes: number;
  /** Highest mg/kg an IV or IM ketamine order may carry. No source gives a ceiling: clinic default 1.0. */
  ketamineMaxMgPerKg: number;
  /** TMS motor threshold re-check prompt after this many days. CTMSS guidance via ehrsource: weekly. */
  motorThresholdRecheckDays: number;
};

export type PolicySource = { field: string; value: string; source: string | null };

/**
 * Defaults. Sources: ../shared/domain.md §3 and ../shared/delivery-and-billing.md A3.1 (Emory, Dunlop et al. 2018,
 * PMID 29525051: blood pressure every 10 minutes during the infusion and every 15 after), §2.1 / A2.1 (Spravato label:
 * BP above 140/90 before dosing weighs risk against benefit; observe at least 2 hours), A2.2 (REMS ID 386: until
 * sedation, dissociation and respiratory depression resolve), A1.2 (CTMSS: re-determine MT once weekly).
 * The alert thresholds are NOT from a source: the Sanacora numbers often quoted (>180/100, HR >110) are UNVERIFIED
 * (domain.md §3), so they are clinic defaults a medical director reviews and changes.
 */
export const DEFAULT_CHARTING_POLICY: ChartingPolicy = {
  weightMaxAgeDays: 30,
  vitalsEveryMinutesDuring: 10,
  vitalsEveryMinutesAfter: 15,
  overdueGraceMinutes: 2,
  thresholds: {
    systolic: { min: 90, max: 180 },
    diastolic: { min: 50, max: 110 },
    heartRate: { min: 50, max: 120 },
    spo2: { min: 92, max: null },
    respiratoryRate: { min: 10, max: 24 },
    // MOAA/S 5 (responds readily to name) to 0 (no response): below 3 is deeper sedation than these visits intend.
    sedation: { min: 3, max: null },
    // CADSS-6 total (6 items, 0-4 each, 0-24; Rodrigues et al. 2021): no published cut-off; clinic default.
    dissociation: { min: null, max: 16 },
  },
  spravatoPreDoseBp: { systolic: 140, diastolic: 90 },
  spravatoObservationMinutes: 120,
  ketamineRecoveryMinutes: 30,
  ketamineMaxMgPerKg: 1,
  motorThresholdRecheckDays: 7,
};

/** Each default with where it comes from (null: a clinic default no source gives), shown on the policy page. */
export const POLICY_SOURCES: PolicySource[] = [
  { field: 'weightMaxAgeDays', value: '30 days', source: null },
  { field: 'vitalsEveryMinutesDuring', value: '10 min', source: 'Dunlop et al., J Affect Disord 2018 (PMID 29525051), domain.md §3' },
  { field: 'vitalsEveryMinutesAfter', value: '15 min', source: 'Dunlop et al., J Affect Disord 2018 (PMID 29525051), domain.md §3' },
  { field: 'overdueGraceMinutes', value: '2 min', source: null },
  { field: 'thresholds', value: 'SBP 90-180, DBP 50-110, HR 50-120, SpO2 ≥92, RR 10-24, MOAA/S ≥3, CADSS-6 ≤16', source: null },
  { field: 'spravatoPreDoseBp', value: '>140/90 needs a provider decision', source: 'Spravato label via domain.md §2.1, delivery-and-billing.md A2.1' },
  { field: 'spravatoObservationMinutes', value: '120 min and until resolved', source: 'Spravato REMS (FDA REMS ID 386), delivery-and-billing.md A2.2' },
  { field: 'ketamineRecoveryMinutes', value: '30 min', source: null },
  { field: 'ketamineMaxMgPerKg', value: '1.0 mg/kg', source: null },
  { field: 'motorThresholdRecheckDays', value: '7 days', source: 'CTMSS guidance (90869 weekly), delivery-and-billing.md A1.2' },
];

/** What is wrong with a policy a clinic publishes (empty when it may be used). */
export function policyProblems(p: ChartingPolicy): string[] {
  const problems: string[] = [];
  const whole = (name: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) problems.push(`${name} must be a whole number from ${min} to ${max}`);
  };
  whole('weightMaxAgeDays', p.weightMaxAgeDays, 1, 365);
  whole('vitalsEveryMinutesDuring', p.vitalsEveryMinutesDuring, 1, 60);
  whole('vitalsEveryMinutesAfter', p.vitalsEveryMinutesAfter, 1, 120);
  whole('overdueGraceMinutes', p.overdueGraceMinutes, 0, 30);
  whole('ketamineRecoveryMinutes', p.ketamineRecoveryMinutes, 0, 480);
  whole('motorThresholdRecheckDays', p.motorThresholdRecheckDays, 1, 90);
  // The REMS minimum is a floor no clinic may lower (A2.2).
  if (!Number.isInteger(p.spravatoObservationMinutes) || p.spravatoObservationMinutes < 120 || p.spravatoObservationMinutes > 480)
    problems.push('spravatoObservationMinutes must be at least 120 (Spravato REMS) and at most 480');
  if (p.spravatoPreDoseBp.systolic > 140 || p.spravatoPreDoseBp.diastolic > 90) problems.push('spravatoPreDoseBp cannot be above the label’s 140/90');
  if (!(p.ketamineMaxMgPerKg > 0 && p.ketamineMaxMgPerKg <= 2)) problems.push('ketamineMaxMgPerKg must be above 0 and at most 2');
  for (const [name, limit] of Object.entries(p.thresholds)) {
    if (limit.min !== null && limit.max !== null && limit.min >= limit.max) problems.push(`thresholds.${name}: min must be below max`);
  }
  return problems;
}
