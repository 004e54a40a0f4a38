/**
 * TMS at the chair (issue 10). Sources: ../shared/domain.md §4.1-4.2 and delivery-and-billing.md A1.1-A1.5:
 * motor threshold in % machine output; treatment at a % of MT (110-120%; SAINT 90%); 90867 once per course (the
 * initial mapping, MT determination and delivery), 90868 for each later session, 90869 instead of 90868 when the MT
 * is re-determined that day (not with 90867/90868 the same day); CTMSS: MT re-determined weekly unless indicated more
 * often; medication and sleep changes are the usual triggers for a re-check (a clinician prompt, UNVERIFIED as rule).
 */

export type TmsCpt = '90867' | '90868' | '90869';

/** The CPT code a TMS session bills: the course's first delivered session 90867, a re-determination 90869, else 90868. */
export function tmsCptCode(f: { firstOfCourse: boolean; thresholdRedetermined: boolean }): { code: TmsCpt; why: string } {
  if (f.firstOfCourse) return { code: '90867', why: 'initial session: cortical mapping, motor threshold and delivery (once per course)' };
  if (f.thresholdRedetermined) return { code: '90869', why: 'motor threshold re-determined today, with delivery (instead of 90868)' };
  return { code: '90868', why: 'subsequent delivery and management' };
}

/** The absolute intensity (% machine output, whole) for a % of motor threshold. */
export const absoluteIntensity = (motorThreshold: number, percentOfMt: number) => Math.round((motorThreshold * percentOfMt) / 100);

export type RecheckPrompt = { due: boolean; reasons: string[] };

/**
 * Whether to prompt a motor-threshold re-check: none recorded, the last one `recheckDays` or more ago, or a medication
 * or sleep change reported at today's check-in.
 */
export function motorThresholdRecheck(f: {
  lastDeterminedOn: string | null;
  today: string;
  recheckDays: number;
  medicationChange: boolean;
  sleepChange: boolean;
}): RecheckPrompt {
  const reasons: string[] = [];
  if (!f.lastDeterminedOn) reasons.push('no motor threshold is recorded for this course');
  else {
    const days = Math.round((Date.parse(`${f.today}T00:00:00Z`) - Date.parse(`${f.lastDeterminedOn}T00:00:00Z`)) / 86_400_000);
    if (days >= f.recheckDays) reasons.push(`the last threshold is ${days} days old (re-check every ${f.recheckDays} days)`);
  }
  if (f.medicationChange) reasons.push('a medication change was reported at check-in');
  if (f.sleepChange) reasons.push('a sleep change was reported at check-in');
  return { due: reasons.length > 0, reasons };
}
