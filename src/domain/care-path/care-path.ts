import { CONTRAINDICATIONS, type Treatment } from '../intake/contraindications.js';
import { ANTIDEPRESSANT_CLASSES, AUGMENTATION_CLASSES, type MedicationClass } from '../intake/medications.js';

/**
 * The care-path engine: which treatment is the right next step, and why. Pure and deterministic: the same facts
 * and the same version give the same answer, so a stored recommendation can be explained later.
 *
 * Bump CARE_PATH_VERSION whenever a rule changes; every stored recommendation keeps the version it was made under.
 */
export const CARE_PATH_VERSION = '2026.11.1';

export type CareOption = 'medication_optimization' | 'psychotherapy' | 'tms' | 'esketamine' | 'iv_ketamine' | 'integration_therapy';
export const CARE_OPTIONS: readonly CareOption[] = ['medication_optimization', 'psychotherapy', 'tms', 'esketamine', 'iv_ketamine', 'integration_therapy'];
export const CARE_OPTION_LABELS: Record<CareOption, string> = {
  medication_optimization: 'Medication optimization',
  psychotherapy: 'Psychotherapy',
  tms: 'TMS',
  esketamine: 'Esketamine (Spravato)',
  iv_ketamine: 'IV ketamine',
  integration_therapy: 'Integration therapy',
};

export type Verdict = 'recommended' | 'eligible' | 'eligible_with_conditions' | 'not_eligible' | 'missing_information';

export type TrialFact = {
  drug: string;
  class: MedicationClass;
  /** Final adequacy verdict (computed or the provider's override); null when undetermined. */
  adequate: boolean | null;
  outcome: 'no_response' | 'partial_response' | 'intolerance' | 'response' | 'ongoing';
  currentEpisode: boolean;
};

export type InterventionFact = { type: 'psychotherapy' | 'tms' | 'esketamine' | 'iv_ketamine' | 'ect'; response: 'none' | 'partial' | 'response' | 'remission' | 'unknown'; sessions: number | null };

export type CarePathFacts = {
  ageYears: number;
  /** ICD-10-CM codes. */
  diagnoses: string[];
  trials: TrialFact[];
  interventions: InterventionFact[];
  /** Checklist answers by key (domain/intake/contraindications.ts); a missing key is unknown. */
  contraindications: Record<string, 'yes' | 'no' | 'unknown'>;
  /** The latest PHQ-9: total, item 9 and the date it was taken (ISO date). */
  phq9: { total: number; item9: number; takenOn: string } | null;
  /** Latest suicide-risk screen: ASQ (positive / acute) or a paper C-SSRS risk level. */
  suicideScreen: { kind: 'ASQ'; positive: boolean; acute: boolean; takenOn: string } | { kind: 'C-SSRS'; risk: 'low' | 'moderate' | 'high'; takenOn: string } | null;
  /** The date the engine runs (ISO), to judge how recent the scores are. */
  today: string;
  /** What the patient's coverage says per treatment (from the payer policy in force), when known. */
  coverage?: Partial<Record<'tms' | 'esketamine' | 'iv_ketamine' | 'integration_therapy', { payerName: string; covered: boolean; priorAuthorizationRequired: boolean }>> | undefined;
};

export type Reason = { rule: string; source: string; text: string };
export type OptionResult = { option: CareOption; verdict: Verdict; reasons: Reason[]; conditions: string[]; missing: string[] };
export type CarePathResult = {
  version: string;
  urgent: boolean;
  urgentReasons: Reason[];
  treatmentResistant: boolean | null;
  failedAdequateTrials: number;
  options: OptionResult[];
  /** The engine's own next step (before any provider choice). */
  engineNextStep: CareOption | null;
  providerChoice: { option: CareOption; reason: string } | null;
};

// ---- Sources (see ../shared/domain.md) ----
const SRC = {
  trd: 'TRD consensus: failure of two adequately dosed antidepressant trials (Depress Anxiety 2021, PMC8049072; domain §5)',
  intolerance: 'Payers accept intolerance in place of a failed adequate trial (LCD L34998, UHC, Florida Blue MP-170; domain §4.3)',
  stepped: 'Practice stepped path: medications, then TMS, then esketamine, then IV ketamine (Mindful Health Solutions; domain §0)',
  tmsIndication: 'NeuroStar indication: MDD after failure of at least one adequate antidepressant in the current episode (domain §4.1)',
  spravato: 'Spravato label: TRD in adults, with an oral antidepressant (domain §2.1)',
  spravatoContra: 'Spravato label contraindications (domain §2.1)',
  ketamineOffLabel: 'IV ketamine for depression is off-label; 0.5 mg/kg over 40 minutes with vital-sign monitoring (domain §3)',
  tmsContra: 'LCD L37086 TMS contraindications (domain §4.3)',
  phq9Item9: 'PHQ-9 item 9 above 0 needs immediate follow-up whatever the total (domain §6.1)',
  asq: 'ASQ positive screen needs a safety assessment; acute positive needs a STAT evaluation (NIMH ASQ toolkit)',
  cssrs: 'C-SSRS high risk: immediate referral and safety precautions (domain §6.4)',
  psychotherapy: 'Payers require a failed adequate psychotherapy trial for TMS (LCD L37086, UHC, Florida Blue, Ambetter; domain §4.3)',
  integration: 'Psychotherapy alongside ketamine consolidates gains (domain §0, patient-education article; Stella)',
  age: 'Spravato and TMS indications are for adults (domain §2.1, §4.1)',
  coverage: 'Payer policy in force for the patient (payer rules are data; domain reference, introduction)',
  recency: 'Scores older than 30 days are not current for eligibility (payer criteria ask for recent scores, e.g. QualChoice BI734 within 4 weeks; domain §5)',
} as const;

const isDepressive = (code: string) => /^F3[23]\./.test(code) || code === 'F32.A';
const isMdd = (code: string) => /^F3[23]\.[0-9]/.test(code);
const isBipolar = (code: string) => code.startsWith('F31');
const isPtsd = (code: string) => code.startsWith('F43.1');
const isChronicPain = (code: string) => code.startsWith('G89') || code.startsWith('G90.5');

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

/** A trial counts as failed in the current episode when it was adequate and did not work, or was stopped for intolerance. */
export function failedTrialsInCurrentEpisode(trials: readonly TrialFact[]) {
  const antidepressant = trials.filter((t) => t.currentEpisode && ANTIDEPRESSANT_CLASSES.includes(t.class));
  const adequateFailures = antidepressant.filter((t) => t.adequate === true && (t.outcome === 'no_response' || t.outcome === 'partial_response'));
  const intolerances = antidepressant.filter((t) => t.outcome === 'intolerance');
  const undetermined = antidepressant.filter((t) => t.adequate === null && (t.outcome === 'no_response' || t.outcome === 'partial_response'));
  const classes = new Set([...adequateFailures, ...intolerances].map((t) => t.class));
  const augmentations = trials.filter((t) => t.currentEpisode && AUGMENTATION_CLASSES.includes(t.class) && t.outcome !== 'response' && t.outcome !== 'ongoing');
  return { adequateFailures, intolerances, undetermined, count: adequateFailures.length + intolerances.length, classes, augmentations };
}

function contraindicationFindings(facts: CarePathFacts, treatment: Treatment) {
  const absolute: string[] = [];
  const relative: string[] = [];
  const unknown: string[] = [];
  for (const item of CONTRAINDICATIONS) {
    const level = item.applies[treatment];
    if (!level) continue;
    const answer = facts.contraindications[item.key] ?? 'unknown';
    if (answer === 'unknown') unknown.push(item.label);
    else if (answer === 'yes') (level === 'absolute' ? absolute : relative).push(item.label);
  }
  const source = treatment === 'tms' ? SRC.tmsContra : SRC.spravatoContra;
  return { absolute, relative, unknown, source };
}

/** Recent suicidal ideation (within 30 days): PHQ-9 item 9 above 0, a positive ASQ, or a moderate/high C-SSRS. */
export function suicidality(facts: CarePathFacts): Reason[] {
  const reasons: Reason[] = [];
  const recent = (d: string) => daysBetween(d, facts.today) <= 30;
  if (facts.phq9 && facts.phq9.item9 > 0 && recent(facts.phq9.takenOn)) {
    reasons.push({ rule: 'suicidality.phq9-item9', source: SRC.phq9Item9, text: `PHQ-9 item 9 was ${facts.phq9.item9} on ${facts.phq9.takenOn}: same-day provider review of suicide risk.` });
  }
  const s = facts.suicideScreen;
  if (s && recent(s.takenOn)) {
    if (s.kind === 'ASQ' && s.positive) reasons.push({ rule: 'suicidality.asq', source: SRC.asq, text: `ASQ ${s.acute ? 'acute positive (imminent risk)' : 'positive'} on ${s.takenOn}: same-day provider review.` });
    if (s.kind === 'C-SSRS' && s.risk !== 'low') reasons.push({ rule: 'suicidality.cssrs', source: SRC.cssrs, text: `C-SSRS ${s.risk} risk on ${s.takenOn}: same-day provider review.` });
  }
  return reasons;
}

type Draft = { verdict: Verdict; reasons: Reason[]; conditions: string[]; missing: string[] };

/** Evaluates every option for a patient. `providerChoice` records a provider choosing another step, with a reason. */
export function evaluateCarePath(facts: CarePathFacts, providerChoice: { option: CareOption; reason: string } | null = null): CarePathResult {
  if (providerChoice && providerChoice.reason.trim() === '') throw new Error('a provider choice needs a reason');
  const missingCommon: string[] = [];
  if (facts.diagnoses.length === 0) missingCommon.push('a diagnosis');
  const depressive = facts.diagnoses.some(isDepressive);
  const mdd = facts.diagnoses.some(isMdd);
  const bipolar = facts.diagnoses.some(isBipolar);
  const ptsd = facts.diagnoses.some(isPtsd);
  const pain = facts.diagnoses.some(isChronicPain);
  const phqCurrent = facts.phq9 !== null && daysBetween(facts.phq9.takenOn, facts.today) <= 30;
  const failed = failedTrialsInCurrentEpisode(facts.trials);
  const trd = failed.count >= 2 ? true : failed.count + failed.undetermined.length >= 2 ? null : false;
  const trdReason: Reason = {
    rule: 'trd.definition',
    source: SRC.trd,
    text:
      trd === true
        ? `Treatment-resistant: ${failed.count} failed antidepressant trials in the current episode (${[...failed.adequateFailures, ...failed.intolerances].map((t) => `${t.drug}${t.outcome === 'intolerance' ? ' (intolerance)' : ''}`).join(', ')}).`
        : trd === null
          ? `Possibly treatment-resistant: ${failed.count} failed trial(s) plus ${failed.undetermined.length} whose adequacy is undetermined.`
          : `Not treatment-resistant: ${failed.count} failed adequate antidepressant trial(s) in the current episode; two are needed.`,
  };
  const intoleranceReason: Reason[] = failed.intolerances.length
    ? [{ rule: 'trd.intolerance', source: SRC.intolerance, text: `Intolerance counted as a failed trial: ${failed.intolerances.map((t) => t.drug).join(', ')}.` }]
    : [];
  const had = (type: InterventionFact['type']) => facts.interventions.filter((i) => i.type === type);
  const failedIntervention = (type: InterventionFact['type']) => had(type).some((i) => i.response === 'none' || i.response === 'partial');
  const respondedIntervention = (type: InterventionFact['type']) => had(type).some((i) => i.response === 'response' || i.response === 'remission');
  const psychotherapyTried = had('psychotherapy').some((i) => (i.sessions ?? 0) >= 8 || i.response !== 'unknown');

  const drafts = {} as Record<CareOption, Draft>;

  // Medication optimization: always possible; the first step until two trials have failed.
  drafts.medication_optimization = {
    verdict: 'eligible',
    reasons: [trdReason, ...intoleranceReason],
    conditions: [],
    missing: [...missingCommon, ...(failed.undetermined.length ? failed.undetermined.map((t) => `adequacy of the ${t.drug} trial (dose, weeks at dose, adherence)`) : [])],
  };

  // Psychotherapy: always appropriate; payers want a failed adequate trial before TMS.
  drafts.psychotherapy = {
    verdict: 'eligible',
    reasons: [{ rule: 'psychotherapy.trial', source: SRC.psychotherapy, text: psychotherapyTried ? 'An adequate psychotherapy trial is on record.' : 'No adequate psychotherapy trial on record; many payers require one before TMS.' }],
    conditions: [],
    missing: [],
  };

  // TMS.
  {
    const c = contraindicationFindings(facts, 'tms');
    const reasons: Reason[] = [{ rule: 'tms.indication', source: SRC.tmsIndication, text: mdd ? `Major depressive disorder with ${failed.count} failed trial(s) in the current episode.` : 'No major depressive disorder diagnosis on record.' }];
    const missing = [...missingCommon];
    let verdict: Verdict;
    if (facts.ageYears < 18) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'tms.age', source: SRC.age, text: `Age ${facts.ageYears}: TMS is indicated for adults.` });
    } else if (c.absolute.length) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'tms.contraindication.absolute', source: c.source, text: `Contraindicated: ${c.absolute.join('; ')}.` });
    } else if (!mdd && facts.diagnoses.length) {
      verdict = 'not_eligible';
    } else if (failed.count < 1) {
      verdict = failed.undetermined.length ? 'missing_information' : 'not_eligible';
      reasons.push({ rule: 'tms.prior-trial', source: SRC.tmsIndication, text: 'At least one failed adequate antidepressant trial in the current episode is needed.' });
    } else {
      verdict = c.relative.length || c.unknown.length ? 'eligible_with_conditions' : 'eligible';
    }
    if (c.unknown.length && verdict !== 'not_eligible') {
      missing.push(...c.unknown.map((u) => `checklist: ${u}`));
      if (verdict === 'eligible') verdict = 'eligible_with_conditions';
    }
    const conditions = c.relative.map((r) => `Provider review of a relative contraindication: ${r}`);
    if (respondedIntervention('tms')) reasons.push({ rule: 'tms.retreatment', source: SRC.tmsContra, text: 'Responded to TMS before: retreatment is an option after relapse.' });
    if (failedIntervention('tms')) reasons.push({ rule: 'tms.failed-before', source: SRC.stepped, text: 'A previous TMS course did not work: the stepped path moves on to esketamine.' });
    drafts.tms = { verdict, reasons, conditions, missing };
  }

  // Esketamine.
  {
    const c = contraindicationFindings(facts, 'esketamine');
    const reasons: Reason[] = [{ rule: 'esketamine.indication', source: SRC.spravato, text: 'Spravato is indicated for treatment-resistant depression in adults, with an oral antidepressant.' }];
    const missing = [...missingCommon];
    let verdict: Verdict;
    if (facts.ageYears < 18) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'esketamine.age', source: SRC.age, text: `Age ${facts.ageYears}: indicated for adults.` });
    } else if (c.absolute.length) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'esketamine.contraindication.absolute', source: c.source, text: `Contraindicated: ${c.absolute.join('; ')}.` });
    } else if (!mdd && facts.diagnoses.length) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'esketamine.diagnosis', source: SRC.spravato, text: 'No major depressive disorder diagnosis on record.' });
    } else if (trd === false) {
      verdict = 'not_eligible';
      reasons.push(trdReason);
    } else if (trd === null) {
      verdict = 'missing_information';
      reasons.push(trdReason);
      missing.push(...failed.undetermined.map((t) => `adequacy of the ${t.drug} trial`));
    } else {
      verdict = c.relative.length || c.unknown.length ? 'eligible_with_conditions' : 'eligible';
      reasons.push(trdReason, ...intoleranceReason);
    }
    if (c.unknown.length && verdict !== 'not_eligible') {
      missing.push(...c.unknown.map((u) => `checklist: ${u}`));
      if (verdict === 'eligible') verdict = 'eligible_with_conditions';
    }
    const conditions = [...c.relative.map((r) => `Provider review of a relative contraindication: ${r}`), 'Given with an oral antidepressant; 2-hour observation and REMS enrolment'];
    drafts.esketamine = { verdict, reasons, conditions, missing };
  }

  // IV ketamine.
  {
    const c = contraindicationFindings(facts, 'iv_ketamine');
    const reasons: Reason[] = [{ rule: 'ketamine.off-label', source: SRC.ketamineOffLabel, text: 'Off-label for depression; payers often deny it, so the cost outlook matters.' }];
    const missing = [...missingCommon];
    let verdict: Verdict;
    if (facts.ageYears < 18) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'ketamine.age', source: SRC.age, text: `Age ${facts.ageYears}: this practice treats adults.` });
    } else if (c.absolute.length) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'ketamine.contraindication.absolute', source: c.source, text: `Contraindicated: ${c.absolute.join('; ')}.` });
    } else if (!(depressive || ptsd || pain || bipolar) && facts.diagnoses.length) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'ketamine.diagnosis', source: SRC.ketamineOffLabel, text: 'No depressive, PTSD, bipolar depression or chronic-pain diagnosis on record.' });
    } else if (depressive && trd === false && !pain) {
      verdict = 'not_eligible';
      reasons.push(trdReason);
    } else if (trd === null && !pain) {
      verdict = 'missing_information';
      reasons.push(trdReason);
    } else {
      verdict = 'eligible_with_conditions';
      if (depressive) reasons.push(trdReason);
    }
    if (c.unknown.length && verdict !== 'not_eligible') missing.push(...c.unknown.map((u) => `checklist: ${u}`));
    const conditions = [...c.relative.map((r) => `Provider review of a relative contraindication: ${r}`), 'Weight-based dosing and vital signs through the infusion and observation'];
    if (bipolar) conditions.push('Bipolar depression: on a mood stabilizer, provider review');
    drafts.iv_ketamine = { verdict, reasons, conditions, missing };
  }

  // Integration therapy: alongside ketamine or esketamine.
  drafts.integration_therapy = {
    verdict: drafts.iv_ketamine.verdict === 'not_eligible' && drafts.esketamine.verdict === 'not_eligible' ? 'not_eligible' : 'eligible_with_conditions',
    reasons: [{ rule: 'integration.alongside', source: SRC.integration, text: 'Integration therapy accompanies a ketamine or esketamine course.' }],
    conditions: ['Only with a ketamine or esketamine course'],
    missing: [],
  };

  // Severity: a current PHQ-9 is needed to judge and to document for payers.
  if (!phqCurrent) {
    for (const o of ['tms', 'esketamine', 'iv_ketamine'] as const) {
      drafts[o].missing.push(facts.phq9 ? `a PHQ-9 within 30 days (latest ${facts.phq9.takenOn})` : 'a baseline PHQ-9');
      if (drafts[o].verdict === 'eligible') drafts[o].verdict = 'eligible_with_conditions';
      drafts[o].reasons.push({ rule: 'severity.recent-score', source: SRC.recency, text: 'No PHQ-9 in the last 30 days.' });
    }
  }

  // The stepped path (domain §0): the first step not yet tried and not excluded.
  const steps: { option: CareOption; tried: boolean }[] = [
    { option: 'medication_optimization', tried: failed.count >= 2 },
    { option: 'tms', tried: failedIntervention('tms') },
    { option: 'esketamine', tried: failedIntervention('esketamine') },
    { option: 'iv_ketamine', tried: failedIntervention('iv_ketamine') },
  ];
  const usable = (v: Verdict) => v === 'eligible' || v === 'eligible_with_conditions';
  const next = steps.find((s) => !s.tried && (s.option === 'medication_optimization' || usable(drafts[s.option].verdict)));
  // When every interventional step is closed (not eligible, or nothing on the path fits), medications remain.
  const interventionalOpen = (['tms', 'esketamine', 'iv_ketamine'] as const).some((o) => usable(drafts[o].verdict));
  const engineNextStep = next?.option ?? (interventionalOpen ? null : 'medication_optimization');
  if (engineNextStep) {
    const skipped = steps.slice(0, steps.findIndex((s) => s.option === engineNextStep)).map((s) => `${CARE_OPTION_LABELS[s.option]} (${s.tried ? 'tried' : 'not eligible'})`);
    drafts[engineNextStep].reasons.unshift({
      rule: 'stepped-path.next',
      source: SRC.stepped,
      text: !next
        ? 'No interventional treatment is open now: continue medication optimization, with psychotherapy.'
        : skipped.length ? `Next step on the stepped path after ${skipped.join(', ')}.` : 'First step on the stepped path.',
    });
    drafts[engineNextStep].verdict = 'recommended';
  }
  if ((engineNextStep === 'iv_ketamine' || engineNextStep === 'esketamine') && drafts.integration_therapy.verdict !== 'not_eligible') {
    drafts.integration_therapy.reasons.push({ rule: 'integration.with-next-step', source: SRC.integration, text: `Recommended alongside ${CARE_OPTION_LABELS[engineNextStep]}.` });
  }

  if (providerChoice) {
    const chosen = drafts[providerChoice.option];
    chosen.reasons.unshift({ rule: 'provider.choice', source: 'Provider judgement, recorded with a reason', text: `Chosen by the provider: ${providerChoice.reason}` });
    if (engineNextStep && engineNextStep !== providerChoice.option) {
      drafts[engineNextStep].verdict = usable(drafts[engineNextStep].verdict) || drafts[engineNextStep].verdict === 'recommended' ? 'eligible' : drafts[engineNextStep].verdict;
      drafts[engineNextStep].reasons.push({ rule: 'provider.choice.other', source: 'Provider judgement', text: `The stepped path suggested this; the provider chose ${CARE_OPTION_LABELS[providerChoice.option]} instead.` });
    }
    chosen.verdict = 'recommended';
  }

  // Coverage never changes the clinical verdict; it adds what must happen before treatment can be paid for.
  for (const [treatment, c] of Object.entries(facts.coverage ?? {})) {
    const d = drafts[treatment as CareOption];
    if (!d || !c || d.verdict === 'not_eligible') continue;
    if (!c.covered) {
      d.conditions.push(`Not covered by ${c.payerName}: self-pay estimate, superbill or appeal`);
      d.reasons.push({ rule: 'coverage.not-covered', source: SRC.coverage, text: `${c.payerName} does not cover this treatment.` });
    } else if (c.priorAuthorizationRequired) {
      d.conditions.push(`Prior authorization from ${c.payerName} before the first session`);
    }
  }

  // Suicidality: never a silent block or a silent pass; every option carries the same-day review.
  const urgentReasons = suicidality(facts);
  if (urgentReasons.length) {
    for (const o of CARE_OPTIONS) {
      drafts[o].conditions.unshift('Same-day provider review of suicide risk before starting');
      if (drafts[o].verdict === 'eligible') drafts[o].verdict = 'eligible_with_conditions';
    }
  }

  return {
    version: CARE_PATH_VERSION,
    urgent: urgentReasons.length > 0,
    urgentReasons,
    treatmentResistant: trd,
    failedAdequateTrials: failed.count,
    options: CARE_OPTIONS.map((option) => ({ option, ...drafts[option], missing: [...new Set(drafts[option].missing)] })),
    engineNextStep,
    providerChoice,
  };
}
