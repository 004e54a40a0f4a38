import type { IntakeContent } from '../../../contracts/intake.js';
import type { CarePathFacts } from '../../../domain/care-path/care-path.js';
import type { ChartFacts } from '../../../domain/coverage/policy.js';
import { classifyTrial, isFailedPsychotherapyTrial } from '../../../domain/care-path/trials.js';
import { AUGMENTATION_CLASSES, assessTrialAdequacy, MEDICATION_CLASSES } from '../../../domain/intake/medications.js';
import { scoreInstrument } from '../../../domain/screening/instruments.js';
import { ageOn } from '../../../domain/patients/age.js';
import { defined } from '../../../domain/defined.js';

const OUTCOME_WORDS = {
  no_response: 'no response',
  partial_response: 'partial response',
  intolerance: 'stopped for intolerance',
  response: 'response',
  ongoing: 'ongoing',
} as const;

function finalAdequacy(t: IntakeContent['medicationTrials'][number]): boolean | null {
  return t.adequacyOverride ? t.adequacyOverride.adequate : assessTrialAdequacy(t).adequate;
}

const dates = (a: string | null, b: string | null) => `${a ?? '?'} to ${b ?? '?'}`;

/** The care-path engine's facts, read from the signed intake (signed on `signedOn`) and the patient's risk flags. */
export function carePathFacts(
  content: IntakeContent,
  dateOfBirth: string,
  today: string,
  signedOn: string,
  riskFlags: CarePathFacts['riskFlags'] = [],
): CarePathFacts {
  const m = content.measures;
  return {
    ageYears: ageOn(dateOfBirth, today),
    diagnoses: content.diagnoses.map((d) => d.code),
    trials: content.medicationTrials.map((t) => ({
      drug: t.drug,
      class: t.class,
      adequate: finalAdequacy(t),
      outcome: t.outcome,
      currentEpisode: t.currentEpisode,
    })),
    interventions: content.priorInterventions.map((i) => ({ type: i.type, response: i.response, sessions: i.sessions })),
    contraindications: Object.fromEntries(Object.entries(content.contraindications).map(([k, v]) => [k, defined(v).answer])),
    phq9: m['PHQ-9']
      ? { total: defined(scoreInstrument('PHQ-9', m['PHQ-9'].answers).total), item9: defined(m['PHQ-9'].answers[8]), takenOn: m['PHQ-9'].takenOn }
      : null,
    // Every screen on record is weighed; none hides another (domain §6.4).
    suicideScreens: [
      ...(m.ASQ
        ? [
            (() => {
              const r = scoreInstrument('ASQ', m.ASQ.answers);
              return { kind: 'ASQ' as const, positive: r.instrument === 'ASQ' && r.positive, acute: r.instrument === 'ASQ' && r.acute, takenOn: m.ASQ.takenOn };
            })(),
          ]
        : []),
      ...(m.cssrsPaper ? [{ kind: 'C-SSRS' as const, risk: m.cssrsPaper.risk, takenOn: m.cssrsPaper.takenOn }] : []),
    ],
    clinicianIdeation: content.contraindications.active_suicidality?.answer === 'yes' ? { withPlanOrIntent: true, recordedOn: signedOn } : null,
    riskFlags,
    today,
  };
}

/** The evidence a payer asks for, read from the signed intake. */
export function chartFacts(content: IntakeContent, dateOfBirth: string, today: string): ChartFacts {
  // The domain's one definition of a failed trial; payers read adequate failures and intolerances alike.
  const failed = content.medicationTrials.filter((t) => {
    const c = classifyTrial({ class: t.class, adequate: finalAdequacy(t), outcome: t.outcome, currentEpisode: t.currentEpisode });
    return c === 'failed_adequate' || c === 'intolerance';
  });
  const therapy = content.priorInterventions.find(isFailedPsychotherapyTrial);
  const phq = content.measures['PHQ-9'];
  return {
    ageYears: ageOn(dateOfBirth, today),
    diagnoses: content.diagnoses.map((d) => d.code),
    failedTrials: failed.map((t) => ({
      drug: t.drug,
      class: MEDICATION_CLASSES[t.class],
      dose: t.highestDailyDose === null ? 'dose not recorded' : `${t.highestDailyDose} ${t.doseUnit}/day for ${t.weeksAtDose ?? '?'} weeks`,
      dates: dates(t.startDate, t.endDate),
      outcome: OUTCOME_WORDS[t.outcome],
    })),
    augmentationTrials: content.medicationTrials
      .filter((t) => t.currentEpisode && AUGMENTATION_CLASSES.includes(t.class))
      .map((t) => ({ drug: t.drug, dates: dates(t.startDate, t.endDate) })),
    psychotherapy: therapy
      ? { modality: therapy.modality ?? 'psychotherapy', sessions: therapy.sessions, dates: dates(therapy.startDate, therapy.endDate) }
      : null,
    phq9: phq ? { total: defined(scoreInstrument('PHQ-9', phq.answers).total), takenOn: phq.takenOn } : null,
  };
}
