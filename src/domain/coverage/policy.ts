import { defined } from '../defined.js';
/**
 * Payer policy terms and how a chart meets them. Payer rules are data, edited by an administrator and versioned
 * (domain reference: "Treat every payer rule as data"); this module only applies them. Criteria names follow the
 * policies in domain §4.3 and §5 (failed trials and classes, augmentation, psychotherapy, severity score, age,
 * diagnosis codes).
 */
export type TreatmentKey = 'tms' | 'esketamine' | 'iv_ketamine' | 'integration_therapy';
export const TREATMENT_KEYS: readonly TreatmentKey[] = ['tms', 'esketamine', 'iv_ketamine', 'integration_therapy'];

export type PolicyCriteria = {
  minFailedTrials?: number | undefined;
  minDistinctClasses?: number | undefined;
  augmentationTrialRequired?: boolean | undefined;
  psychotherapyTrialRequired?: boolean | undefined;
  minPhq9?: number | undefined;
  minAge?: number | undefined;
  maxAge?: number | undefined;
  /** ICD-10-CM codes or prefixes ("F33" covers F33.x). */
  diagnosisCodes?: string[] | undefined;
};

export type PolicyPayment =
  { kind: 'coinsurance'; patientPercent: number; deductibleApplies: boolean } | { kind: 'copay'; copayCents: number } | { kind: 'none' };

export type PolicyTerms = {
  covered: boolean;
  /** Why not covered, or any coverage note ("off-label", "investigational"). */
  note?: string | undefined;
  priorAuthorizationRequired: boolean;
  criteria: PolicyCriteria;
  payment: PolicyPayment;
  /** What an approval covers. */
  approval: { sessions: number | null; days: number | null };
  /** Documents the payer wants with a request. */
  documents: string[];
};

export type ChartFacts = {
  ageYears: number;
  diagnoses: string[];
  failedTrials: { drug: string; class: string; dose: string; dates: string; outcome: string }[];
  augmentationTrials: { drug: string; dates: string }[];
  psychotherapy: { modality: string; sessions: number | null; dates: string } | null;
  phq9: { total: number; takenOn: string } | null;
};

export type CriterionResult = { criterion: string; label: string; met: boolean | null; evidence: string };

/** Evaluates each criterion of a policy against the chart, with the evidence behind each verdict. */
export function evaluateCriteria(c: PolicyCriteria, chart: ChartFacts): CriterionResult[] {
  const out: CriterionResult[] = [];
  if (c.diagnosisCodes?.length) {
    const match = chart.diagnoses.find((d) => defined(c.diagnosisCodes).some((p) => d === p || d.startsWith(p.endsWith('.') ? p : `${p}.`) || d.startsWith(p)));
    out.push({
      criterion: 'diagnosis',
      label: `Diagnosis in ${c.diagnosisCodes.join(', ')}`,
      met: chart.diagnoses.length === 0 ? null : Boolean(match),
      evidence: chart.diagnoses.length ? `Diagnoses on record: ${chart.diagnoses.join(', ')}` : 'No diagnosis on record',
    });
  }
  if (c.minAge !== undefined || c.maxAge !== undefined) {
    const ok = (c.minAge === undefined || chart.ageYears >= c.minAge) && (c.maxAge === undefined || chart.ageYears <= c.maxAge);
    out.push({ criterion: 'age', label: `Age ${c.minAge ?? 0}${c.maxAge !== undefined ? `-${c.maxAge}` : '+'}`, met: ok, evidence: `Age ${chart.ageYears}` });
  }
  if (c.minFailedTrials !== undefined) {
    out.push({
      criterion: 'failed_trials',
      label: `At least ${c.minFailedTrials} failed antidepressant trial(s)`,
      met: chart.failedTrials.length >= c.minFailedTrials,
      evidence: chart.failedTrials.length
        ? chart.failedTrials.map((t) => `${t.drug} ${t.dose} (${t.dates}): ${t.outcome}`).join('; ')
        : 'No failed adequate trials on record',
    });
  }
  if (c.minDistinctClasses !== undefined) {
    const classes = [...new Set(chart.failedTrials.map((t) => t.class))];
    out.push({
      criterion: 'classes',
      label: `From at least ${c.minDistinctClasses} classes`,
      met: classes.length >= c.minDistinctClasses,
      evidence: classes.length ? `Classes: ${classes.join(', ')}` : 'None',
    });
  }
  if (c.augmentationTrialRequired) {
    out.push({
      criterion: 'augmentation',
      label: 'An augmentation trial',
      met: chart.augmentationTrials.length > 0,
      evidence: chart.augmentationTrials.length ? chart.augmentationTrials.map((t) => `${t.drug} (${t.dates})`).join('; ') : 'No augmentation trial on record',
    });
  }
  if (c.psychotherapyTrialRequired) {
    out.push({
      criterion: 'psychotherapy',
      label: 'A failed adequate psychotherapy trial',
      met: chart.psychotherapy !== null,
      evidence: chart.psychotherapy
        ? `${chart.psychotherapy.modality}, ${chart.psychotherapy.sessions ?? '?'} sessions (${chart.psychotherapy.dates})`
        : 'No psychotherapy trial on record',
    });
  }
  if (c.minPhq9 !== undefined) {
    out.push({
      criterion: 'severity',
      label: `PHQ-9 of at least ${c.minPhq9}`,
      met: chart.phq9 ? chart.phq9.total >= c.minPhq9 : null,
      evidence: chart.phq9 ? `PHQ-9 ${chart.phq9.total} on ${chart.phq9.takenOn}` : 'No PHQ-9 on record',
    });
  }
  return out;
}

/** The coverage outlook: covered or not, prior authorization, each criterion, and the documents still needed. */
export function coverageOutlook(terms: PolicyTerms, chart: ChartFacts) {
  const criteria = evaluateCriteria(terms.criteria, chart);
  const unmet = criteria.filter((c) => c.met === false);
  const unknown = criteria.filter((c) => c.met === null);
  const status = !terms.covered
    ? 'not_covered'
    : unmet.length
      ? 'criteria_not_met'
      : unknown.length
        ? 'information_missing'
        : terms.priorAuthorizationRequired
          ? 'covered_with_prior_authorization'
          : 'covered';
  const documentsNeeded = [...terms.documents];
  for (const c of [...unmet, ...unknown]) documentsNeeded.push(`Evidence for: ${c.label}`);
  return { status, covered: terms.covered, priorAuthorizationRequired: terms.priorAuthorizationRequired, note: terms.note ?? null, criteria, documentsNeeded };
}
