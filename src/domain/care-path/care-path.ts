import { CONTRAINDICATIONS, type Treatment } from '../intake/contraindications.js';
import { AUGMENTATION_CLASSES, type MedicationClass } from '../intake/medications.js';
import { classifyTrial, isFailedPsychotherapyTrial } from './trials.js';
import { daysFromTo } from '../time/clinic-today.js';

/**
 * The care-path engine: which treatment is the right next step, and why. Pure and deterministic: the same facts
 * and the same version give the same answer, so a stored recommendation can be explained later.
 *
 * Bump CARE_PATH_VERSION whenever a rule changes; every stored recommendation keeps the version it was made under.
 */
export const CARE_PATH_VERSION = '2026.12.1';

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

export type SuicideScreen =
  { kind: 'ASQ'; positive: boolean; acute: boolean; takenOn: string } | { kind: 'C-SSRS'; risk: 'low' | 'moderate' | 'high'; takenOn: string };

/** Ordered suicide-risk levels; the most severe signal from any source sets the patient's level. */
export const SUICIDE_RISK_LEVELS = ['none', 'low', 'moderate', 'high', 'imminent'] as const;
export type SuicideRiskLevel = (typeof SUICIDE_RISK_LEVELS)[number];
export type SuicideSignal = Reason & { level: SuicideRiskLevel; on: string; confirmed: boolean };

export type InterventionFact = {
  type: 'psychotherapy' | 'tms' | 'esketamine' | 'iv_ketamine' | 'ect';
  response: 'none' | 'partial' | 'response' | 'remission' | 'unknown';
  sessions: number | null;
};

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
  /**
   * Every suicide-risk screen on record (ASQ, paper C-SSRS), each with its date. All of them are weighed: a negative
   * screen never hides a positive one from another instrument.
   */
  /** Absent from facts recorded before engine 2026.12.1. */
  suicideScreens?: SuicideScreen[];
  /** Suicidal ideation recorded by the clinician (the intake checklist's "active suicidal ideation with plan or intent"). */
  clinicianIdeation: { withPlanOrIntent: boolean; recordedOn: string } | null;
  /** Risk flags carried into the chart from elsewhere: a crisis answer on the public screening, an urgent lead. Absent before 2026.12.1. */
  riskFlags?: { source: 'public_screening' | 'lead_urgent' | 'staff'; notedOn: string; text: string }[];
  /** The date the engine runs (ISO), to judge how recent the scores are. */
  today: string;
  /** What the patient's coverage says per treatment (from the payer policy in force), when known. */
  coverage?:
    | Partial<
        Record<'tms' | 'esketamine' | 'iv_ketamine' | 'integration_therapy', { payerName: string; covered: boolean; priorAuthorizationRequired: boolean }>
      >
    | undefined;
};

export type Reason = { rule: string; source: string; text: string };
export type OptionResult = { option: CareOption; verdict: Verdict; reasons: Reason[]; conditions: string[]; missing: string[] };
export type CarePathResult = {
  version: string;
  urgent: boolean;
  urgentReasons: Reason[];
  /** The most severe recent suicide-risk signal from any source, and every signal behind it. */
  suicideRisk: { level: SuicideRiskLevel; signals: SuicideSignal[] };
  /** Treatment-resistant depression by the consensus definition (two failed adequate trials, MDD only); null = undetermined. */
  treatmentResistant: boolean | null;
  failedAdequateTrials: number;
  /** The payer concept: failed adequate trials plus trials stopped for intolerance (kept apart from the definition). */
  failedTrialsIncludingIntolerance: number;
  treatmentResistantIncludingIntolerance: boolean;
  options: OptionResult[];
  /** The engine's own next step (before any provider choice). */
  engineNextStep: CareOption | null;
  providerChoice: { option: CareOption; reason: string } | null;
};

// ---- Sources (see ../shared/domain.md) ----
const SRC = {
  trd: 'TRD consensus: failure to respond (<50% reduction) to two adequately dosed antidepressant trials of 4-6 weeks, in major depressive disorder (Depress Anxiety 2021;38(4):456-467, PMC8049072 Table 3; domain §5)',
  trdMddOnly:
    'TRD is defined for major depressive disorder (consensus definition, PMC8049072; EU-PEARL Delphi, PMC9095475; domain §5); bipolar depression is a different indication',
  intolerance:
    'Payer criteria that accept intolerance in place of a failed adequate trial (LCD L34998, UHC, Florida Blue MP-170; domain §4.3); not part of the TRD definition',
  stepped: 'Practice stepped path: medications, then TMS, then esketamine, then IV ketamine (Mindful Health Solutions; domain §0)',
  tmsIndication: 'NeuroStar indication: MDD after failure of at least one adequate antidepressant in the current episode (domain §4.1)',
  spravato: 'Spravato label indication 1: treatment-resistant depression in adults, with an oral antidepressant (domain §2.1)',
  spravatoMddSi:
    'Spravato label indication 2: depressive symptoms in adults with MDD with acute suicidal ideation or behavior, with an oral antidepressant; 84 mg twice weekly for 4 weeks, use beyond 4 weeks not systematically evaluated (domain §2.1; CMS A59250 note on the 10/18/2023 label)',
  spravatoContra: 'Spravato label contraindications (domain §2.1)',
  ketamineOffLabel: 'IV ketamine for depression is off-label; 0.5 mg/kg over 40 minutes with vital-sign monitoring (domain §3)',
  tmsContra: 'LCD L37086 TMS contraindications (domain §4.3)',
  phq9Item9: 'PHQ-9 item 9 above 0 needs immediate follow-up whatever the total (domain §6.1)',
  asq: 'ASQ positive screen needs a safety assessment; acute positive needs a STAT evaluation (NIMH ASQ toolkit)',
  cssrs:
    'C-SSRS triage: moderate risk needs a same-day assessment; high risk (Q4 or Q5 in the past month, or behavior in the past 3 months) immediate referral and safety precautions (domain §6.4)',
  clinician:
    'Clinician-recorded active suicidal ideation with plan or intent: high risk, immediate safety precautions (C-SSRS triage, domain §6.4; Aetna CPB 0469, domain §4.3)',
  publicScreening: 'A crisis answer (PHQ-9 item 9 above 0) on the public self-screening carries into the chart and needs follow-up (domain §6.1)',
  mostSevere: 'Suicide risk: the most severe signal from any source wins; no screen cancels another (C-SSRS triage, domain §6.4; NIMH ASQ toolkit)',
  psychotherapy: 'Payers require a failed adequate psychotherapy trial for TMS (LCD L37086, UHC, Florida Blue, Ambetter; domain §4.3)',
  integration: 'Psychotherapy alongside ketamine consolidates gains (domain §0, patient-education article; Stella)',
  age: 'Spravato and TMS indications are for adults (domain §2.1, §4.1)',
  coverage: 'Payer policy in force for the patient (payer rules are data; domain reference, introduction)',
  recency: 'Scores older than 30 days are not current for eligibility (payer criteria ask for recent scores, e.g. QualChoice BI734 within 4 weeks; domain §5)',
} as const;

const isDepressive = (code: string) => /^F3[23]\./.test(code) || code === 'F32.A';
const isMddCode = (code: string) => /^F3[23]\.[0-9]/.test(code);
const isBipolar = (code: string) => code.startsWith('F31');
const isPtsd = (code: string) => code.startsWith('F43.1');
const isChronicPain = (code: string) => code.startsWith('G89') || code.startsWith('G90.5');

/**
 * Failed trials in the current episode, two named concepts kept apart:
 * - `adequateFailures`: adequately dosed trials that did not work (no or partial response), or adequate trials later
 *   stopped for intolerance. Only these count for the consensus definition of TRD (PMC8049072).
 * - `intolerances`: trials stopped for intolerance before an adequate dose and duration. Payer criteria often accept
 *   them (LCD L34998, domain §4.3); the definition of TRD does not.
 */
export function failedTrialsInCurrentEpisode(trials: readonly TrialFact[]) {
  const of = (c: ReturnType<typeof classifyTrial>) => trials.filter((t) => classifyTrial(t) === c);
  const adequateFailures = of('failed_adequate');
  const intolerances = of('intolerance');
  const undetermined = of('undetermined');
  const classes = new Set([...adequateFailures, ...intolerances].map((t) => t.class));
  const augmentations = trials.filter((t) => t.currentEpisode && AUGMENTATION_CLASSES.includes(t.class) && t.outcome !== 'response' && t.outcome !== 'ongoing');
  return {
    adequateFailures,
    intolerances,
    undetermined,
    count: adequateFailures.length,
    countIncludingIntolerance: adequateFailures.length + intolerances.length,
    classes,
    augmentations,
  };
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

const LEVEL_RANK: Record<SuicideRiskLevel, number> = { none: 0, low: 1, moderate: 2, high: 3, imminent: 4 };

/** The more severe of two levels. */
export function moreSevere(a: SuicideRiskLevel, b: SuicideRiskLevel): SuicideRiskLevel {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/**
 * Every recent (30 days) suicide-risk signal from every source, and the most severe level among them. A negative
 * screen is not a signal and cancels nothing. `confirmed` marks a clinician-level assessment (C-SSRS, an acute ASQ,
 * the clinician's own finding) as opposed to a self-report screen that still needs one.
 */
export function suicideRisk(facts: CarePathFacts): { level: SuicideRiskLevel; signals: SuicideSignal[] } {
  const signals: SuicideSignal[] = [];
  const recent = (d: string) => daysFromTo(d, facts.today) <= 30;
  if (facts.phq9 && facts.phq9.item9 > 0 && recent(facts.phq9.takenOn)) {
    signals.push({
      level: 'moderate',
      on: facts.phq9.takenOn,
      confirmed: false,
      rule: 'suicidality.phq9-item9',
      source: SRC.phq9Item9,
      text: `PHQ-9 item 9 was ${facts.phq9.item9} on ${facts.phq9.takenOn}: same-day provider review of suicide risk.`,
    });
  }
  for (const s of facts.suicideScreens ?? []) {
    if (!recent(s.takenOn)) continue;
    if (s.kind === 'ASQ' && s.positive) {
      signals.push(
        s.acute
          ? {
              level: 'imminent',
              on: s.takenOn,
              confirmed: true,
              rule: 'suicidality.asq',
              source: SRC.asq,
              text: `ASQ acute positive (imminent risk) on ${s.takenOn}: STAT safety evaluation, same-day provider review.`,
            }
          : {
              level: 'moderate',
              on: s.takenOn,
              confirmed: false,
              rule: 'suicidality.asq',
              source: SRC.asq,
              text: `ASQ positive on ${s.takenOn}: brief safety assessment, same-day provider review.`,
            },
      );
    }
    if (s.kind === 'C-SSRS' && s.risk !== 'low') {
      signals.push({
        level: s.risk,
        on: s.takenOn,
        confirmed: true,
        rule: 'suicidality.cssrs',
        source: SRC.cssrs,
        text: `C-SSRS ${s.risk} risk on ${s.takenOn}: ${s.risk === 'high' ? 'immediate safety precautions and' : ''} same-day provider review.`.replace(
          ':  ',
          ': ',
        ),
      });
    }
    if (s.kind === 'C-SSRS' && s.risk === 'low') {
      signals.push({ level: 'low', on: s.takenOn, confirmed: true, rule: 'suicidality.cssrs', source: SRC.cssrs, text: `C-SSRS low risk on ${s.takenOn}.` });
    }
  }
  const c = facts.clinicianIdeation;
  if (c && recent(c.recordedOn)) {
    signals.push({
      level: c.withPlanOrIntent ? 'high' : 'moderate',
      on: c.recordedOn,
      confirmed: true,
      rule: 'suicidality.clinician',
      source: SRC.clinician,
      text: `The clinician recorded active suicidal ideation${c.withPlanOrIntent ? ' with plan or intent' : ''} on ${c.recordedOn}: immediate safety precautions, same-day provider review.`,
    });
  }
  for (const f of facts.riskFlags ?? []) {
    if (!recent(f.notedOn)) continue;
    signals.push({
      level: 'moderate',
      on: f.notedOn,
      confirmed: false,
      rule: `suicidality.${f.source.replace('_', '-')}`,
      source: SRC.publicScreening,
      text: `${f.text} (${f.notedOn}): same-day provider review of suicide risk.`,
    });
  }
  const level = signals.reduce<SuicideRiskLevel>((acc, sig) => moreSevere(acc, sig.level), 'none');
  return { level, signals };
}

/** The signals that make a case urgent (moderate or above, from any source), as reasons. */
export function urgentReasonsOf(risk: { signals: SuicideSignal[] }): Reason[] {
  return risk.signals.filter((s) => LEVEL_RANK[s.level] >= LEVEL_RANK.moderate).map(({ rule, source, text }) => ({ rule, source, text }));
}

type Draft = { verdict: Verdict; reasons: Reason[]; conditions: string[]; missing: string[] };

/** Evaluates every option for a patient. `providerChoice` records a provider choosing another step, with a reason. */
export function evaluateCarePath(facts: CarePathFacts, providerChoice: { option: CareOption; reason: string } | null = null): CarePathResult {
  if (providerChoice && providerChoice.reason.trim() === '') throw new Error('a provider choice needs a reason');
  const missingCommon: string[] = [];
  if (facts.diagnoses.length === 0) missingCommon.push('a diagnosis');
  const depressive = facts.diagnoses.some(isDepressive);
  const bipolar = facts.diagnoses.some(isBipolar);
  // A bipolar diagnosis excludes unipolar major depression: TRD and the MDD indications do not apply (domain §5).
  const mdd = facts.diagnoses.some(isMddCode) && !bipolar;
  const ptsd = facts.diagnoses.some(isPtsd);
  const pain = facts.diagnoses.some(isChronicPain);
  const phqCurrent = facts.phq9 !== null && daysFromTo(facts.phq9.takenOn, facts.today) <= 30;
  const failed = failedTrialsInCurrentEpisode(facts.trials);
  const risk = suicideRisk(facts);
  const urgentReasons = urgentReasonsOf(risk);
  // The consensus definition needs MDD: with a bipolar diagnosis (or no depressive diagnosis at all) it does not apply.
  const trdApplies = mdd || facts.diagnoses.length === 0;
  const trd: boolean | null = !trdApplies ? false : failed.count >= 2 ? true : failed.count + failed.undetermined.length >= 2 ? null : false;
  const trdWithIntolerance = trdApplies && failed.countIncludingIntolerance >= 2;
  const listTrials = (ts: TrialFact[]) => ts.map((t) => `${t.drug}${t.outcome === 'intolerance' ? ' (intolerance)' : ''}`).join(', ');
  const trdReason: Reason = !trdApplies
    ? {
        rule: 'trd.mdd-only',
        source: SRC.trdMddOnly,
        text: bipolar
          ? 'Not assessed for treatment resistance: TRD is defined for major depressive disorder, not bipolar depression.'
          : 'Not assessed for treatment resistance: no major depressive disorder diagnosis.',
      }
    : {
        rule: 'trd.definition',
        source: SRC.trd,
        text:
          trd === true
            ? `Treatment-resistant (consensus definition): ${failed.count} failed adequate antidepressant trials in the current episode (${listTrials(failed.adequateFailures)}).`
            : trd === null
              ? `Possibly treatment-resistant: ${failed.count} failed adequate trial(s) plus ${failed.undetermined.length} whose adequacy is undetermined.`
              : `Not treatment-resistant (consensus definition): ${failed.count} failed adequate antidepressant trial(s) in the current episode; two are needed${failed.intolerances.length ? '; trials stopped for intolerance before an adequate dose and duration do not count' : ''}.`,
      };
  const intoleranceReason: Reason[] =
    failed.intolerances.length && trdApplies
      ? [
          {
            rule: 'trd.payer-intolerance',
            source: SRC.intolerance,
            text: `Payer criteria that accept intolerance would count ${failed.countIncludingIntolerance} failed trial(s) (${listTrials([...failed.adequateFailures, ...failed.intolerances])})${trdWithIntolerance && trd !== true ? ': enough for such a payer, not for the definition of TRD' : ''}.`,
          },
        ]
      : [];
  // Esketamine's second indication: MDD with acute suicidal ideation or behavior, judged by a clinician.
  const confirmedAcuteSi = risk.signals.some((x) => x.confirmed && LEVEL_RANK[x.level] >= LEVEL_RANK.moderate);
  const screenedSi = risk.signals.some((x) => !x.confirmed && LEVEL_RANK[x.level] >= LEVEL_RANK.moderate);
  const had = (type: InterventionFact['type']) => facts.interventions.filter((i) => i.type === type);
  const failedIntervention = (type: InterventionFact['type']) => had(type).some((i) => i.response === 'none' || i.response === 'partial');
  const respondedIntervention = (type: InterventionFact['type']) => had(type).some((i) => i.response === 'response' || i.response === 'remission');
  const psychotherapyTried = facts.interventions.some(isFailedPsychotherapyTrial);

  const drafts = {} as Record<CareOption, Draft>;

  // Medication optimization: always possible; the first step until two trials have failed.
  drafts.medication_optimization = {
    verdict: 'eligible',
    reasons: [trdReason, ...intoleranceReason],
    conditions: [],
    missing: [
      ...missingCommon,
      ...(failed.undetermined.length ? failed.undetermined.map((t) => `adequacy of the ${t.drug} trial (dose, weeks at dose, adherence)`) : []),
    ],
  };

  // Psychotherapy: always appropriate; payers want a failed adequate trial before TMS.
  drafts.psychotherapy = {
    verdict: 'eligible',
    reasons: [
      {
        rule: 'psychotherapy.trial',
        source: SRC.psychotherapy,
        text: psychotherapyTried
          ? 'A psychotherapy trial without remission is on record.'
          : 'No failed psychotherapy trial on record; many payers require one before TMS.',
      },
    ],
    conditions: [],
    missing: [],
  };

  // TMS.
  {
    const c = contraindicationFindings(facts, 'tms');
    const reasons: Reason[] = [
      {
        rule: 'tms.indication',
        source: SRC.tmsIndication,
        text: mdd
          ? `Major depressive disorder with ${failed.count} failed trial(s) in the current episode.`
          : 'No major depressive disorder diagnosis on record.',
      },
    ];
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
    } else if (failed.count < 1 && failed.intolerances.length > 0) {
      // The device indication asks for a failed adequate trial; payer criteria may accept intolerance instead.
      verdict = 'eligible_with_conditions';
      reasons.push(...intoleranceReason, {
        rule: 'tms.prior-trial',
        source: SRC.tmsIndication,
        text: 'No failed adequate trial yet: eligibility rests on intolerance, which the payer must accept.',
      });
    } else if (failed.count < 1) {
      verdict = failed.undetermined.length ? 'missing_information' : 'not_eligible';
      reasons.push({
        rule: 'tms.prior-trial',
        source: SRC.tmsIndication,
        text: 'At least one failed adequate antidepressant trial in the current episode is needed.',
      });
    } else {
      verdict = c.relative.length || c.unknown.length ? 'eligible_with_conditions' : 'eligible';
    }
    if (c.unknown.length && verdict !== 'not_eligible') {
      missing.push(...c.unknown.map((u) => `checklist: ${u}`));
      if (verdict === 'eligible') verdict = 'eligible_with_conditions';
    }
    const conditions = c.relative.map((r) => `Provider review of a relative contraindication: ${r}`);
    if (respondedIntervention('tms'))
      reasons.push({ rule: 'tms.retreatment', source: SRC.tmsContra, text: 'Responded to TMS before: retreatment is an option after relapse.' });
    if (failedIntervention('tms'))
      reasons.push({ rule: 'tms.failed-before', source: SRC.stepped, text: 'A previous TMS course did not work: the stepped path moves on to esketamine.' });
    drafts.tms = { verdict, reasons, conditions, missing };
  }

  // Esketamine.
  {
    const c = contraindicationFindings(facts, 'esketamine');
    const reasons: Reason[] = [
      {
        rule: 'esketamine.indication',
        source: SRC.spravato,
        text: 'Spravato is indicated for treatment-resistant depression, and for depressive symptoms in MDD with acute suicidal ideation or behavior, in adults, with an oral antidepressant.',
      },
    ];
    const missing = [...missingCommon];
    const extraConditions: string[] = [];
    let verdict: Verdict;
    if (facts.ageYears < 18) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'esketamine.age', source: SRC.age, text: `Age ${facts.ageYears}: indicated for adults.` });
    } else if (c.absolute.length) {
      verdict = 'not_eligible';
      reasons.push({ rule: 'esketamine.contraindication.absolute', source: c.source, text: `Contraindicated: ${c.absolute.join('; ')}.` });
    } else if (!mdd && facts.diagnoses.length) {
      verdict = 'not_eligible';
      reasons.push({
        rule: 'esketamine.diagnosis',
        source: SRC.spravato,
        text: bipolar
          ? 'Bipolar depression: neither Spravato indication (both are for major depressive disorder).'
          : 'No major depressive disorder diagnosis on record.',
      });
    } else if (trd === true) {
      verdict = c.relative.length || c.unknown.length ? 'eligible_with_conditions' : 'eligible';
      reasons.push(trdReason, ...intoleranceReason);
    } else if (confirmedAcuteSi) {
      // Indication 2 does not need treatment resistance.
      verdict = 'eligible_with_conditions';
      reasons.push(
        {
          rule: 'esketamine.indication.mdd-si',
          source: SRC.spravatoMddSi,
          text: 'Major depressive disorder with acute suicidal ideation or behavior assessed by a clinician: Spravato is indicated without treatment resistance.',
        },
        trdReason,
        ...intoleranceReason,
      );
      extraConditions.push(
        'MDD with acute suicidal ideation or behavior: 84 mg twice weekly for 4 weeks (may reduce to 56 mg); use beyond 4 weeks not systematically evaluated; alongside standard of care for suicide risk, which may include hospitalization',
      );
    } else if (trd === null) {
      verdict = 'missing_information';
      reasons.push(trdReason, ...intoleranceReason);
      missing.push(...failed.undetermined.map((t) => `adequacy of the ${t.drug} trial`));
    } else if (screenedSi) {
      verdict = 'missing_information';
      reasons.push(trdReason, ...intoleranceReason, {
        rule: 'esketamine.indication.mdd-si',
        source: SRC.spravatoMddSi,
        text: 'A screen suggests suicidal ideation: if a clinician confirms acute suicidal ideation or behavior, Spravato is indicated without treatment resistance.',
      });
      missing.push("a clinician's suicide-risk assessment (acute suicidal ideation or behavior)");
    } else {
      verdict = 'not_eligible';
      reasons.push(trdReason, ...intoleranceReason);
    }
    if (c.unknown.length && verdict !== 'not_eligible') {
      missing.push(...c.unknown.map((u) => `checklist: ${u}`));
      if (verdict === 'eligible') verdict = 'eligible_with_conditions';
    }
    const conditions = [
      ...c.relative.map((r) => `Provider review of a relative contraindication: ${r}`),
      ...extraConditions,
      'Given with an oral antidepressant; 2-hour observation and REMS enrolment',
    ];
    drafts.esketamine = { verdict, reasons, conditions, missing };
  }

  // IV ketamine.
  {
    const c = contraindicationFindings(facts, 'iv_ketamine');
    const reasons: Reason[] = [
      { rule: 'ketamine.off-label', source: SRC.ketamineOffLabel, text: 'Off-label for depression; payers often deny it, so the cost outlook matters.' },
    ];
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
      reasons.push({
        rule: 'ketamine.diagnosis',
        source: SRC.ketamineOffLabel,
        text: 'No depressive, PTSD, bipolar depression or chronic-pain diagnosis on record.',
      });
    } else if (depressive && !bipolar && trd === false && !pain) {
      verdict = 'not_eligible';
      reasons.push(trdReason);
    } else if (trd === null && !pain) {
      verdict = 'missing_information';
      reasons.push(trdReason);
    } else {
      verdict = 'eligible_with_conditions';
      if (depressive || bipolar) reasons.push(trdReason, ...intoleranceReason);
    }
    if (c.unknown.length && verdict !== 'not_eligible') missing.push(...c.unknown.map((u) => `checklist: ${u}`));
    const conditions = [
      ...c.relative.map((r) => `Provider review of a relative contraindication: ${r}`),
      'Weight-based dosing and vital signs through the infusion and observation',
    ];
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
    const skipped = steps
      .slice(
        0,
        steps.findIndex((s) => s.option === engineNextStep),
      )
      .map((s) => `${CARE_OPTION_LABELS[s.option]} (${s.tried ? 'tried' : 'not eligible'})`);
    drafts[engineNextStep].reasons.unshift({
      rule: 'stepped-path.next',
      source: SRC.stepped,
      text: !next
        ? 'No interventional treatment is open now: continue medication optimization, with psychotherapy.'
        : skipped.length
          ? `Next step on the stepped path after ${skipped.join(', ')}.`
          : 'First step on the stepped path.',
    });
    drafts[engineNextStep].verdict = 'recommended';
  }
  if ((engineNextStep === 'iv_ketamine' || engineNextStep === 'esketamine') && drafts.integration_therapy.verdict !== 'not_eligible') {
    drafts.integration_therapy.reasons.push({
      rule: 'integration.with-next-step',
      source: SRC.integration,
      text: `Recommended alongside ${CARE_OPTION_LABELS[engineNextStep]}.`,
    });
  }

  if (providerChoice) {
    const chosen = drafts[providerChoice.option];
    chosen.reasons.unshift({
      rule: 'provider.choice',
      source: 'Provider judgement, recorded with a reason',
      text: `Chosen by the provider: ${providerChoice.reason}`,
    });
    if (engineNextStep && engineNextStep !== providerChoice.option) {
      drafts[engineNextStep].verdict =
        usable(drafts[engineNextStep].verdict) || drafts[engineNextStep].verdict === 'recommended' ? 'eligible' : drafts[engineNextStep].verdict;
      drafts[engineNextStep].reasons.push({
        rule: 'provider.choice.other',
        source: 'Provider judgement',
        text: `The stepped path suggested this; the provider chose ${CARE_OPTION_LABELS[providerChoice.option]} instead.`,
      });
    }
    chosen.verdict = 'recommended';
  }

  // Coverage never changes the clinical verdict; it adds what must happen before treatment can be paid for.
  for (const [treatment, c] of Object.entries(facts.coverage ?? {})) {
    // Stored coverage may name a treatment this engine version does not draft.
    const d = (drafts as Partial<Record<string, (typeof drafts)[CareOption]>>)[treatment];
    if (!d || d.verdict === 'not_eligible') continue;
    if (!c.covered) {
      d.conditions.push(`Not covered by ${c.payerName}: self-pay estimate, superbill or appeal`);
      d.reasons.push({ rule: 'coverage.not-covered', source: SRC.coverage, text: `${c.payerName} does not cover this treatment.` });
    } else if (c.priorAuthorizationRequired) {
      d.conditions.push(`Prior authorization from ${c.payerName} before the first session`);
    }
  }

  // Suicidality: never a silent block or a silent pass; every option carries the same-day review.
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
    suicideRisk: risk,
    treatmentResistant: trd,
    failedAdequateTrials: failed.count,
    failedTrialsIncludingIntolerance: failed.countIncludingIntolerance,
    treatmentResistantIncludingIntolerance: trdWithIntolerance,
    options: CARE_OPTIONS.map((option) => ({ option, ...drafts[option], missing: [...new Set(drafts[option].missing)] })),
    engineNextStep,
    providerChoice,
  };
}
