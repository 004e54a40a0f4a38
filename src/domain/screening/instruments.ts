import { defined } from '../defined.js';
/**
 * The screening and outcome instruments, with their published items, answer options and scoring.
 *
 * Sources (docs/domain reference = ../shared/domain.md):
 * - PHQ-9: 9 items 0-3, total 0-27, bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe;
 *   item 9 above 0 needs immediate follow-up whatever the total. Kroenke, Spitzer & Williams 2001 (domain §6.1).
 *   Free to use; keep the attribution line (Pfizer release, domain §6.1).
 * - GAD-7: 7 items 0-3, total 0-21, cut-points 5/10/15 (mild/moderate/severe), 0-4 minimal. Spitzer et al. 2006 (domain §6.2).
 * - PCL-5: 20 items 0-4, total 0-80, provisional PTSD at a total of 31-33 or by the DSM-5 cluster rule (an item rated
 *   2 or more is endorsed; at least 1 of B 1-5, 1 of C 6-7, 2 of D 8-14, 2 of E 15-20); no published severity
 *   bands. VA National Center for PTSD, public domain (domain §6.3).
 * - ASQ (Ask Suicide-Screening Questions): 4 yes/no questions, then the acuity question 5 when any is yes. Any yes
 *   (or a refusal) to 1-4 is a positive screen; yes to 5 is an acute positive screen (imminent risk, STAT safety
 *   evaluation). NIMH ASQ Toolkit, https://www.nimh.nih.gov/research/research-conducted-at-nimh/asq-toolkit-materials
 *   (public domain). Not in the domain reference: UNVERIFIED against it; re-check the toolkit text before launch.
 * - LOINC codes: domain §6.1 (PHQ-9 44261-6, items 44250-9...44260-8), §6.2 (GAD-7 70274-6, items), §6.3 (PCL-5 101698-9).
 */

export const FREQUENCY_OPTIONS = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
] as const;

export const PCL5_OPTIONS = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'A little bit' },
  { value: 2, label: 'Moderately' },
  { value: 3, label: 'Quite a bit' },
  { value: 4, label: 'Extremely' },
] as const;

export const YES_NO_OPTIONS = [
  { value: 0, label: 'No' },
  { value: 1, label: 'Yes' },
] as const;

export type InstrumentId = 'PHQ-9' | 'GAD-7' | 'PCL-5' | 'ASQ';
export const INSTRUMENT_IDS: readonly InstrumentId[] = ['PHQ-9', 'GAD-7', 'PCL-5', 'ASQ'];

export type InstrumentItem = { text: string; loinc?: string };

export type Instrument = {
  id: InstrumentId;
  title: string;
  stem: string;
  items: readonly InstrumentItem[];
  options: readonly { value: number; label: string }[];
  /** LOINC code of the total score observation, where LOINC has one. */
  totalLoinc: string | null;
  panelLoinc: string | null;
  maxTotal: number | null;
  attribution: string;
};

export const PHQ9: Instrument = {
  id: 'PHQ-9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    { text: 'Little interest or pleasure in doing things', loinc: '44250-9' },
    { text: 'Feeling down, depressed, or hopeless', loinc: '44255-8' },
    { text: 'Trouble falling or staying asleep, or sleeping too much', loinc: '44259-0' },
    { text: 'Feeling tired or having little energy', loinc: '44254-1' },
    { text: 'Poor appetite or overeating', loinc: '44251-7' },
    { text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down', loinc: '44258-2' },
    { text: 'Trouble concentrating on things, such as reading the newspaper or watching television', loinc: '44252-5' },
    {
      text: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
      loinc: '44253-3',
    },
    { text: 'Thoughts that you would be better off dead or of hurting yourself in some way', loinc: '44260-8' },
  ],
  options: FREQUENCY_OPTIONS,
  totalLoinc: '44261-6',
  panelLoinc: '44249-1',
  maxTotal: 27,
  attribution:
    'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
};

export const GAD7: Instrument = {
  id: 'GAD-7',
  title: 'Generalized Anxiety Disorder scale (GAD-7)',
  stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  items: [
    { text: 'Feeling nervous, anxious, or on edge', loinc: '69725-0' },
    { text: 'Not being able to stop or control worrying', loinc: '68509-9' },
    { text: 'Worrying too much about different things', loinc: '69733-4' },
    { text: 'Trouble relaxing', loinc: '69734-2' },
    { text: 'Being so restless that it is hard to sit still', loinc: '69735-9' },
    { text: 'Becoming easily annoyed or irritable', loinc: '69689-8' },
    { text: 'Feeling afraid, as if something awful might happen', loinc: '69736-7' },
  ],
  options: FREQUENCY_OPTIONS,
  totalLoinc: '70274-6',
  panelLoinc: '69737-5',
  maxTotal: 21,
  attribution:
    'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
};

export const PCL5: Instrument = {
  id: 'PCL-5',
  title: 'PTSD Checklist for DSM-5 (PCL-5)',
  stem: 'In the past month, how much were you bothered by:',
  items: [
    { text: 'Repeated, disturbing, and unwanted memories of the stressful experience?' },
    { text: 'Repeated, disturbing dreams of the stressful experience?' },
    { text: 'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?' },
    { text: 'Feeling very upset when something reminded you of the stressful experience?' },
    {
      text: 'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
    },
    { text: 'Avoiding memories, thoughts, or feelings related to the stressful experience?' },
    { text: 'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?' },
    { text: 'Trouble remembering important parts of the stressful experience?' },
    {
      text: 'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
    },
    { text: 'Blaming yourself or someone else for the stressful experience or what happened after it?' },
    { text: 'Having strong negative feelings such as fear, horror, anger, guilt, or shame?' },
    { text: 'Loss of interest in activities that you used to enjoy?' },
    { text: 'Feeling distant or cut off from other people?' },
    { text: 'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?' },
    { text: 'Irritable behavior, angry outbursts, or acting aggressively?' },
    { text: 'Taking too many risks or doing things that could cause you harm?' },
    { text: 'Being "superalert" or watchful or on guard?' },
    { text: 'Feeling jumpy or easily startled?' },
    { text: 'Having difficulty concentrating?' },
    { text: 'Trouble falling or staying asleep?' },
  ],
  options: PCL5_OPTIONS,
  totalLoinc: '101698-9',
  panelLoinc: '101697-1',
  maxTotal: 80,
  attribution: 'PCL-5: Weathers, Litz, Keane, Palmieri, Marx & Schnurr (2013), National Center for PTSD. Public domain.',
};

export const ASQ: Instrument = {
  id: 'ASQ',
  title: 'Ask Suicide-Screening Questions (ASQ)',
  stem: 'Ask the patient:',
  items: [
    { text: 'In the past few weeks, have you wished you were dead?' },
    { text: 'In the past few weeks, have you felt that you or your family would be better off if you were dead?' },
    { text: 'In the past week, have you been having thoughts about killing yourself?' },
    { text: 'Have you ever tried to kill yourself?' },
    { text: 'Are you having thoughts of killing yourself right now? (ask only if any answer above is yes)' },
  ],
  options: YES_NO_OPTIONS,
  totalLoinc: null,
  panelLoinc: null,
  maxTotal: null,
  attribution: 'ASQ: National Institute of Mental Health (NIMH) ASQ Suicide Risk Screening Toolkit. Public domain.',
};

export const INSTRUMENTS: Record<InstrumentId, Instrument> = { 'PHQ-9': PHQ9, 'GAD-7': GAD7, 'PCL-5': PCL5, ASQ };

export type DepressionSeverity = 'minimal' | 'mild' | 'moderate' | 'moderately severe' | 'severe';
export type AnxietySeverity = 'minimal' | 'mild' | 'moderate' | 'severe';

export type ScoreResult =
  | { instrument: 'PHQ-9'; total: number; severity: DepressionSeverity; selfHarmThoughts: boolean }
  | { instrument: 'GAD-7'; total: number; severity: AnxietySeverity }
  | { instrument: 'PCL-5'; total: number; severity: null; provisionalPtsd: boolean; meetsClusterRule: boolean; meetsCutPoint: boolean }
  | { instrument: 'ASQ'; total: null; severity: 'negative' | 'non-acute positive' | 'acute positive'; positive: boolean; acute: boolean };

/** Problems with a set of answers (wrong count, out of range), as `{ index, message }`; empty when valid. */
export function validateAnswers(id: InstrumentId, answers: readonly (number | null)[]): { index: number | null; message: string }[] {
  const inst = INSTRUMENTS[id];
  const max = defined(inst.options[inst.options.length - 1]).value;
  if (id === 'ASQ') {
    const problems: { index: number | null; message: string }[] = [];
    if (answers.length < 4 || answers.length > 5) return [{ index: null, message: 'must have 4 answers, or 5 when any of the first four is yes' }];
    answers.forEach((a, i) => {
      if (i < 4 && (a === null || !Number.isInteger(a) || a < 0 || a > 1)) problems.push({ index: i, message: 'must be 0 (no) or 1 (yes)' });
    });
    const anyYes = answers.slice(0, 4).some((a) => a === 1);
    const fifth = answers[4];
    if (anyYes && (fifth === undefined || fifth === null || (fifth !== 0 && fifth !== 1)))
      problems.push({ index: 4, message: 'is required (0 or 1) when any of questions 1-4 is yes' });
    return problems;
  }
  if (answers.length !== inst.items.length) return [{ index: null, message: `must have exactly ${inst.items.length} answers` }];
  return answers.flatMap((a, index) =>
    a === null || !Number.isInteger(a) || a < 0 || a > max ? [{ index, message: `must be a whole number from 0 to ${max}` }] : [],
  );
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** PHQ-9 severity band of a total (domain §6.1: 0-4, 5-9, 10-14, 15-19, 20-27). */
export function phq9Severity(total: number): DepressionSeverity {
  if (total >= 20) return 'severe';
  if (total >= 15) return 'moderately severe';
  if (total >= 10) return 'moderate';
  if (total >= 5) return 'mild';
  return 'minimal';
}

/** GAD-7 severity band of a total (domain §6.2: cut-points 5, 10, 15). */
export function gad7Severity(total: number): AnxietySeverity {
  if (total >= 15) return 'severe';
  if (total >= 10) return 'moderate';
  if (total >= 5) return 'mild';
  return 'minimal';
}

/** The PCL-5 total at or above which PTSD is provisionally likely; the published range is 31-33 (domain §6.3). */
export const PCL5_CUT_POINT = 33;

/**
 * Scores a complete set of answers exactly as published. Throws on invalid answers: validate first with
 * `validateAnswers`, which names each bad item.
 */
export function scoreInstrument(id: InstrumentId, answers: readonly number[]): ScoreResult {
  const problems = validateAnswers(id, answers);
  if (problems.length) throw new Error(`${id} answers are invalid: ${problems.map((p) => `${p.index ?? 'all'} ${p.message}`).join('; ')}`);
  switch (id) {
    case 'PHQ-9': {
      const total = sum(answers);
      return { instrument: id, total, severity: phq9Severity(total), selfHarmThoughts: defined(answers[8]) > 0 };
    }
    case 'GAD-7': {
      const total = sum(answers);
      return { instrument: id, total, severity: gad7Severity(total) };
    }
    case 'PCL-5': {
      const total = sum(answers);
      const endorsed = (from: number, to: number) => answers.slice(from - 1, to).filter((a) => a >= 2).length;
      const meetsClusterRule = endorsed(1, 5) >= 1 && endorsed(6, 7) >= 1 && endorsed(8, 14) >= 2 && endorsed(15, 20) >= 2;
      const meetsCutPoint = total >= PCL5_CUT_POINT;
      return { instrument: id, total, severity: null, provisionalPtsd: meetsCutPoint || meetsClusterRule, meetsClusterRule, meetsCutPoint };
    }
    case 'ASQ': {
      const positive = answers.slice(0, 4).some((a) => a === 1);
      const acute = positive && answers[4] === 1;
      return { instrument: id, total: null, severity: acute ? 'acute positive' : positive ? 'non-acute positive' : 'negative', positive, acute };
    }
  }
}

/** Whether a result calls for crisis resources at once: PHQ-9 item 9 above 0 (domain §6.1) or an acute positive ASQ. */
export function needsCrisisResponse(results: readonly ScoreResult[]): boolean {
  return results.some((r) => (r.instrument === 'PHQ-9' && r.selfHarmThoughts) || (r.instrument === 'ASQ' && r.acute));
}

/** Plain-words explanation of a result for the person who took the check (not a diagnosis). */
export function explainResult(r: ScoreResult): string {
  switch (r.instrument) {
    case 'PHQ-9': {
      const words: Record<DepressionSeverity, string> = {
        minimal: 'Your answers suggest few or no symptoms of depression right now.',
        mild: 'Your answers suggest mild symptoms of depression. It can help to talk with a clinician, especially if they last.',
        moderate: 'Your answers suggest moderate symptoms of depression. A conversation with a clinician about treatment options is a good next step.',
        'moderately severe': 'Your answers suggest moderately severe symptoms of depression. We recommend talking with a clinician soon about treatment.',
        severe:
          'Your answers suggest severe symptoms of depression. Please talk with a clinician soon; effective treatments exist even when others have not worked.',
      };
      return `${words[r.severity]} (PHQ-9 score ${r.total} of 27.)`;
    }
    case 'GAD-7': {
      const words: Record<AnxietySeverity, string> = {
        minimal: 'Your answers suggest few or no symptoms of anxiety right now.',
        mild: 'Your answers suggest mild symptoms of anxiety.',
        moderate: 'Your answers suggest moderate symptoms of anxiety. A clinician can help you look at options.',
        severe: 'Your answers suggest severe symptoms of anxiety. We recommend talking with a clinician soon.',
      };
      return `${words[r.severity]} (GAD-7 score ${r.total} of 21.)`;
    }
    case 'PCL-5':
      return r.provisionalPtsd
        ? `Your answers are consistent with probable PTSD (PCL-5 score ${r.total} of 80). A clinician can confirm and discuss treatment.`
        : `Your answers are below the usual threshold for PTSD (PCL-5 score ${r.total} of 80).`;
    case 'ASQ':
      return r.acute
        ? 'Acute positive screen: imminent risk. The patient needs a STAT safety evaluation and may not leave until evaluated.'
        : r.positive
          ? 'Non-acute positive screen: potential risk. A brief suicide safety assessment is needed before the patient leaves.'
          : 'Negative screen. Clinical judgement can always override a negative screen.';
  }
}
