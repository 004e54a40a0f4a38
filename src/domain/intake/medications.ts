/**
 * Psychiatric medications an intake records, with the class payers count and the minimum effective daily dose
 * used to judge whether a trial was adequate.
 *
 * Adequacy rule (domain §5 and §4.3): a trial is adequate when the drug reached at least its minimum effective
 * daily dose and was taken at that dose for at least 6 weeks with good adherence. The TRD consensus needs 4-6
 * weeks (Depress Anxiety 2021, PMC8049072); Florida Blue MP-170, Cigna and eviCore need 6 weeks at a therapeutic
 * dose, Florida Blue with at least 80% adherence. We use the stricter 6 weeks so an adequate trial satisfies the
 * payers too. Intolerance is recorded as an outcome; payers accept it in place of a failed adequate trial
 * (UHC, Florida Blue, L34998 in domain §4.3), which the care path (issue 4) reads from the outcome, not from
 * adequacy.
 *
 * Minimum effective doses are the lowest recommended adult daily doses for depression in the US product labels,
 * as used by the MGH Antidepressant Treatment Response Questionnaire. They are not in the domain reference:
 * UNVERIFIED there; a prescriber can override any adequacy verdict with a reason.
 */

export const MEDICATION_CLASSES = {
  ssri: 'SSRI',
  snri: 'SNRI',
  tca: 'Tricyclic (TCA)',
  maoi: 'MAOI',
  ndri: 'NDRI (bupropion)',
  nassa: 'NaSSA (mirtazapine)',
  serotonin_modulator: 'Serotonin modulator',
  sga_augmentation: 'Second-generation antipsychotic (augmentation)',
  lithium: 'Lithium (augmentation)',
  thyroid: 'Thyroid hormone (augmentation)',
  buspirone: 'Buspirone (augmentation)',
  mood_stabilizer: 'Mood stabilizer',
  benzodiazepine: 'Benzodiazepine',
  stimulant: 'Stimulant',
  other: 'Other',
} as const;
export type MedicationClass = keyof typeof MEDICATION_CLASSES;

/** Classes that count as antidepressant trials (the others are augmentation or other psychiatric drugs). */
export const ANTIDEPRESSANT_CLASSES: readonly MedicationClass[] = ['ssri', 'snri', 'tca', 'maoi', 'ndri', 'nassa', 'serotonin_modulator'];
/** Augmentation classes payers list (QualChoice BI734: SGA, lithium, thyroid, buspirone; domain §5). */
export const AUGMENTATION_CLASSES: readonly MedicationClass[] = ['sga_augmentation', 'lithium', 'thyroid', 'buspirone'];

export type Medication = { name: string; class: MedicationClass; minEffectiveDailyDose: number | null; unit: 'mg' | 'mcg' };

export const MEDICATIONS: readonly Medication[] = [
  { name: 'fluoxetine', class: 'ssri', minEffectiveDailyDose: 20, unit: 'mg' },
  { name: 'sertraline', class: 'ssri', minEffectiveDailyDose: 50, unit: 'mg' },
  { name: 'paroxetine', class: 'ssri', minEffectiveDailyDose: 20, unit: 'mg' },
  { name: 'citalopram', class: 'ssri', minEffectiveDailyDose: 20, unit: 'mg' },
  { name: 'escitalopram', class: 'ssri', minEffectiveDailyDose: 10, unit: 'mg' },
  { name: 'fluvoxamine', class: 'ssri', minEffectiveDailyDose: 100, unit: 'mg' },
  { name: 'venlafaxine', class: 'snri', minEffectiveDailyDose: 75, unit: 'mg' },
  { name: 'desvenlafaxine', class: 'snri', minEffectiveDailyDose: 50, unit: 'mg' },
  { name: 'duloxetine', class: 'snri', minEffectiveDailyDose: 60, unit: 'mg' },
  { name: 'levomilnacipran', class: 'snri', minEffectiveDailyDose: 40, unit: 'mg' },
  { name: 'amitriptyline', class: 'tca', minEffectiveDailyDose: 150, unit: 'mg' },
  { name: 'nortriptyline', class: 'tca', minEffectiveDailyDose: 75, unit: 'mg' },
  { name: 'imipramine', class: 'tca', minEffectiveDailyDose: 150, unit: 'mg' },
  { name: 'desipramine', class: 'tca', minEffectiveDailyDose: 150, unit: 'mg' },
  { name: 'clomipramine', class: 'tca', minEffectiveDailyDose: 150, unit: 'mg' },
  { name: 'phenelzine', class: 'maoi', minEffectiveDailyDose: 45, unit: 'mg' },
  { name: 'tranylcypromine', class: 'maoi', minEffectiveDailyDose: 30, unit: 'mg' },
  { name: 'selegiline transdermal', class: 'maoi', minEffectiveDailyDose: 6, unit: 'mg' },
  { name: 'bupropion', class: 'ndri', minEffectiveDailyDose: 300, unit: 'mg' },
  { name: 'mirtazapine', class: 'nassa', minEffectiveDailyDose: 15, unit: 'mg' },
  { name: 'vortioxetine', class: 'serotonin_modulator', minEffectiveDailyDose: 10, unit: 'mg' },
  { name: 'vilazodone', class: 'serotonin_modulator', minEffectiveDailyDose: 20, unit: 'mg' },
  { name: 'trazodone', class: 'serotonin_modulator', minEffectiveDailyDose: 150, unit: 'mg' },
  { name: 'nefazodone', class: 'serotonin_modulator', minEffectiveDailyDose: 300, unit: 'mg' },
  { name: 'aripiprazole', class: 'sga_augmentation', minEffectiveDailyDose: 2, unit: 'mg' },
  { name: 'brexpiprazole', class: 'sga_augmentation', minEffectiveDailyDose: 1, unit: 'mg' },
  { name: 'cariprazine', class: 'sga_augmentation', minEffectiveDailyDose: 1.5, unit: 'mg' },
  { name: 'quetiapine extended-release', class: 'sga_augmentation', minEffectiveDailyDose: 150, unit: 'mg' },
  { name: 'olanzapine/fluoxetine', class: 'sga_augmentation', minEffectiveDailyDose: 6, unit: 'mg' },
  { name: 'lithium carbonate', class: 'lithium', minEffectiveDailyDose: 600, unit: 'mg' },
  { name: 'liothyronine (T3)', class: 'thyroid', minEffectiveDailyDose: 25, unit: 'mcg' },
  { name: 'buspirone', class: 'buspirone', minEffectiveDailyDose: 20, unit: 'mg' },
  { name: 'lamotrigine', class: 'mood_stabilizer', minEffectiveDailyDose: null, unit: 'mg' },
  { name: 'valproate', class: 'mood_stabilizer', minEffectiveDailyDose: null, unit: 'mg' },
  { name: 'lorazepam', class: 'benzodiazepine', minEffectiveDailyDose: null, unit: 'mg' },
  { name: 'clonazepam', class: 'benzodiazepine', minEffectiveDailyDose: null, unit: 'mg' },
  { name: 'alprazolam', class: 'benzodiazepine', minEffectiveDailyDose: null, unit: 'mg' },
  { name: 'methylphenidate', class: 'stimulant', minEffectiveDailyDose: null, unit: 'mg' },
  { name: 'amphetamine salts', class: 'stimulant', minEffectiveDailyDose: null, unit: 'mg' },
];

const BY_NAME = new Map(MEDICATIONS.map((m) => [m.name.toLowerCase(), m]));

export function findMedication(name: string): Medication | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** Minimum weeks at an effective dose for an adequate trial (see the module comment). */
export const ADEQUATE_TRIAL_WEEKS = 6;

export type TrialAdherence = 'good' | 'partial' | 'poor' | 'unknown';
export type TrialOutcome = 'no_response' | 'partial_response' | 'intolerance' | 'response' | 'ongoing';

export type TrialFacts = {
  drug: string;
  highestDailyDose: number | null;
  weeksAtDose: number | null;
  adherence: TrialAdherence;
};

export type Adequacy = { adequate: boolean | null; reasons: string[] };

/**
 * Whether a medication trial was adequate: dose at or above the minimum effective dose, at least 6 weeks at that
 * dose, and good adherence. `adequate` is null when a fact is missing or the drug has no known minimum dose, so
 * the provider decides (and records why).
 */
export function assessTrialAdequacy(t: TrialFacts): Adequacy {
  const med = findMedication(t.drug);
  const reasons: string[] = [];
  let unknown = false;
  let failed = false;
  if (!med || med.minEffectiveDailyDose === null) {
    reasons.push(`no minimum effective dose is on file for ${t.drug}; the provider must judge adequacy`);
    unknown = true;
  } else if (t.highestDailyDose === null) {
    reasons.push('highest daily dose is missing');
    unknown = true;
  } else if (t.highestDailyDose < med.minEffectiveDailyDose) {
    reasons.push(`dose ${t.highestDailyDose} ${med.unit}/day is below the minimum effective ${med.minEffectiveDailyDose} ${med.unit}/day`);
    failed = true;
  } else {
    reasons.push(`dose ${t.highestDailyDose} ${med.unit}/day reaches the minimum effective ${med.minEffectiveDailyDose} ${med.unit}/day`);
  }
  if (t.weeksAtDose === null) {
    reasons.push('weeks at that dose are missing');
    unknown = true;
  } else if (t.weeksAtDose < ADEQUATE_TRIAL_WEEKS) {
    reasons.push(`${t.weeksAtDose} weeks at that dose is shorter than ${ADEQUATE_TRIAL_WEEKS} weeks`);
    failed = true;
  } else {
    reasons.push(`${t.weeksAtDose} weeks at that dose (at least ${ADEQUATE_TRIAL_WEEKS})`);
  }
  if (t.adherence === 'unknown') {
    reasons.push('adherence is unknown');
    unknown = true;
  } else if (t.adherence !== 'good') {
    reasons.push(`adherence was ${t.adherence} (good adherence, about 80% of doses, is needed)`);
    failed = true;
  }
  return { adequate: failed ? false : unknown ? null : true, reasons };
}

/** Weeks between two ISO dates, rounded down; a helper for forms that know dates but not weeks. */
export function weeksBetween(start: string, end: string): number {
  return Math.floor((Date.parse(end) - Date.parse(start)) / (7 * 86_400_000));
}
