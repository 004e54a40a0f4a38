import { ANTIDEPRESSANT_CLASSES, type MedicationClass } from '../intake/medications.js';

/**
 * The one definition of a failed medication trial and of a failed psychotherapy trial, used by the care-path engine
 * and by the chart evidence payers read (coverage outlook, letters), so the two can never disagree.
 *
 * Medication (current episode, antidepressant classes only; augmentation agents are not antidepressant trials):
 * - `failed_adequate`: adequately dosed and long enough (computed, or the provider's override), and no or partial
 *   response, or stopped for intolerance after an adequate dose and duration. Counts for the consensus definition
 *   of treatment-resistant depression (Depress Anxiety 2021, PMC8049072; domain §5).
 * - `intolerance`: stopped for intolerance before an adequate dose and duration. Payer criteria often accept it
 *   (LCD L34998; domain §4.3); the TRD definition does not.
 * - `undetermined`: no or partial response, but adequacy unknown.
 * - `not_failed`: responding, ongoing, another episode, or not an antidepressant.
 */
export type TrialClass = 'failed_adequate' | 'intolerance' | 'undetermined' | 'not_failed';

export type TrialLike = {
  class: MedicationClass;
  adequate: boolean | null;
  outcome: 'no_response' | 'partial_response' | 'intolerance' | 'response' | 'ongoing';
  currentEpisode: boolean;
};

/** Classifies one medication trial (see above). */
export function classifyTrial(t: TrialLike): TrialClass {
  if (!t.currentEpisode || !ANTIDEPRESSANT_CLASSES.includes(t.class)) return 'not_failed';
  const nonResponse = t.outcome === 'no_response' || t.outcome === 'partial_response';
  if (t.adequate === true && (nonResponse || t.outcome === 'intolerance')) return 'failed_adequate';
  if (t.outcome === 'intolerance') return 'intolerance';
  if (t.adequate === null && nonResponse) return 'undetermined';
  return 'not_failed';
}

export type PsychotherapyLike = { type: string; response: 'none' | 'partial' | 'response' | 'remission' | 'unknown' };

/**
 * A failed psychotherapy trial: psychotherapy with no or only partial response. Payers ask for one before TMS
 * (LCD L37086, UHC, Florida Blue, Ambetter; domain §4.3).
 */
export function isFailedPsychotherapyTrial(i: PsychotherapyLike): boolean {
  return i.type === 'psychotherapy' && (i.response === 'none' || i.response === 'partial');
}
