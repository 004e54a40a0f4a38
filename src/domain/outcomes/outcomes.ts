/**
 * Outcomes of a course of treatment: baseline, change, response and remission, as published.
 *
 * Sources (domain reference = ../shared/domain.md, billing reference = ../shared/delivery-and-billing.md):
 * - Response = at least 50% reduction from baseline; remission = PHQ-9 below 5 (NCQA/HEDIS measures as used in the
 *   Kaiser study, Psychiatric Services 2019, appi.ps.201900295; domain §6.1). Worked example there: baseline 20,
 *   follow-up 9 = 55% reduction = response, not remission; follow-up 4 = remission.
 * - GAD-7: the same 50% response; remission below 5, the top of the "minimal" band (cut-points 5/10/15, Spitzer 2006;
 *   domain §6.2).
 * - PCL-5: a change of 10 points is clinically meaningful, 5 is reliable (domain §6.3; secondary sources, some say
 *   10-20). No remission cut-point is published in our sources, so none is computed; the 50% response is reported too.
 * - A payer's improvement threshold: Medicare extends a TMS course (up to 10 more + 6 taper) only with at least 25%
 *   improvement on a validated scale (L37086, billing articles A57692/A57598; delivery-and-billing A1.2).
 * - The baseline window (a score at most 30 days before the first treatment) is a clinic default: no source gives a
 *   number.
 */

export type OutcomeInstrument = 'PHQ-9' | 'GAD-7' | 'PCL-5';
export const OUTCOME_INSTRUMENTS: readonly OutcomeInstrument[] = ['PHQ-9', 'GAD-7', 'PCL-5'];

export type OutcomeDefinition = {
  instrument: OutcomeInstrument;
  maxTotal: number;
  responsePercent: number;
  /** A final score below this is remission; null where no source gives one. */
  remissionBelow: number | null;
  /** A reduction of at least this many points is clinically meaningful; null where the source uses remission. */
  meaningfulChange: number | null;
  source: string;
};

export const OUTCOME_DEFINITIONS: Record<OutcomeInstrument, OutcomeDefinition> = {
  'PHQ-9': {
    instrument: 'PHQ-9',
    maxTotal: 27,
    responsePercent: 50,
    remissionBelow: 5,
    meaningfulChange: null,
    source: 'Response ≥50% reduction, remission PHQ-9 <5 (NCQA/HEDIS; Psychiatric Services 2019, appi.ps.201900295)',
  },
  'GAD-7': {
    instrument: 'GAD-7',
    maxTotal: 21,
    responsePercent: 50,
    remissionBelow: 5,
    meaningfulChange: null,
    source: 'Response ≥50% reduction; remission GAD-7 <5, the minimal band (Spitzer 2006 cut-points 5/10/15)',
  },
  'PCL-5': {
    instrument: 'PCL-5',
    maxTotal: 80,
    responsePercent: 50,
    remissionBelow: null,
    meaningfulChange: 10,
    source: 'A 10-point reduction is clinically meaningful, 5 is reliable (National Center for PTSD PCL-5 guidance, as summarised in domain §6.3)',
  },
};

/** Medicare's improvement threshold for a TMS course extension (L37086 / A57692). */
export const MEDICARE_TMS_EXTENSION_PERCENT = 25;

/** Clinic default: the baseline is the last score at most this many days before the first treatment. */
export const DEFAULT_BASELINE_WINDOW_DAYS = 30;

export type Score = { at: Date; total: number };

/**
 * Percent reduction from baseline, to one decimal (positive = better: these scales fall as symptoms improve).
 * Null when the baseline is 0 (no reduction is possible).
 */
export function percentReduction(baseline: number, latest: number): number | null {
  if (baseline <= 0) return null;
  return Math.round(((baseline - latest) / baseline) * 1000) / 10;
}

/**
 * The course's baseline: the last score at or before the first treatment, no older than the window. Without a
 * treatment yet, the last score so far within the window of `asOf`. Null (with the reason) when there is none.
 */
export function courseBaseline(
  scores: readonly Score[],
  firstTreatmentAt: Date | null,
  windowDays = DEFAULT_BASELINE_WINDOW_DAYS,
): { baseline: Score; reason: null } | { baseline: null; reason: string } {
  if (!firstTreatmentAt) {
    const last = [...scores].sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1);
    return last ? { baseline: last, reason: null } : { baseline: null, reason: 'No score has been recorded yet.' };
  }
  const from = firstTreatmentAt.getTime() - windowDays * 86_400_000;
  const candidates = scores.filter((s) => s.at.getTime() <= firstTreatmentAt.getTime() && s.at.getTime() >= from);
  const baseline = candidates.sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1);
  if (baseline) return { baseline, reason: null };
  return { baseline: null, reason: `No score in the ${windowDays} days before the first treatment: the course has no baseline.` };
}

export type CourseOutcome = {
  instrument: OutcomeInstrument;
  baseline: Score | null;
  latest: Score | null;
  /** Scores after the baseline (the course's follow-ups). */
  followUps: number;
  change: number | null;
  percentReduction: number | null;
  response: boolean | null;
  remission: boolean | null;
  meaningfulChange: boolean | null;
  /** Days from the first treatment to the first score that met the response criterion. */
  daysToResponse: number | null;
  /** Why a figure is missing, in words. */
  notes: string[];
  source: string;
};

/**
 * A course's outcome on one instrument. The endpoint is the latest score after the baseline (up to `until`, the
 * course's end or now). Response and remission are null, not false, when there is nothing to judge them on.
 */
export function courseOutcome(
  instrument: OutcomeInstrument,
  scores: readonly Score[],
  firstTreatmentAt: Date | null,
  until: Date,
  windowDays = DEFAULT_BASELINE_WINDOW_DAYS,
): CourseOutcome {
  const def = OUTCOME_DEFINITIONS[instrument];
  const empty = {
    instrument,
    followUps: 0,
    change: null,
    percentReduction: null,
    response: null,
    remission: null,
    meaningfulChange: null,
    daysToResponse: null,
    source: def.source,
  };
  // One pass over the scores in time order (the practice report runs this for every course, so no copies or
  // re-sorting when they already come sorted, as the database sends them).
  let sorted = scores;
  for (let i = 1; i < scores.length; i++)
    if ((scores[i] as Score).at.getTime() < (scores[i - 1] as Score).at.getTime()) {
      sorted = [...scores].sort((x, y) => x.at.getTime() - y.at.getTime());
      break;
    }
  const end = until.getTime();
  const first = firstTreatmentAt?.getTime() ?? null;
  // The baseline: the last score at or before the first treatment (and `until`), no older than the window; without a
  // treatment yet, the last score so far (courseBaseline, the same rule, for a single course).
  const cutoff = first === null ? end : Math.min(first, end);
  const floor = first === null ? -Infinity : first - windowDays * 86_400_000;
  let bi = -1;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const t = (sorted[i] as Score).at.getTime();
    if (t <= cutoff) {
      if (t >= floor) bi = i;
      break;
    }
  }
  if (bi < 0)
    return {
      ...empty,
      baseline: null,
      latest: null,
      notes: [
        sorted.length === 0 || first === null
          ? 'No score has been recorded yet.'
          : `No score in the ${windowDays} days before the first treatment: the course has no baseline.`,
      ],
    };
  const base = sorted[bi] as Score;
  const baseT = base.at.getTime();
  let latest: Score | null = null;
  let followUps = 0;
  let firstResponse: Score | null = null;
  for (let i = bi + 1; i < sorted.length; i++) {
    const s = sorted[i] as Score;
    const t = s.at.getTime();
    if (t <= baseT) continue;
    if (t > end) break;
    followUps++;
    latest = s;
    if (!firstResponse && (percentReduction(base.total, s.total) ?? -Infinity) >= def.responsePercent) firstResponse = s;
  }
  if (!latest || first === null) return { ...empty, baseline: base, latest: null, notes: ['No follow-up score since the baseline.'] };
  const pct = percentReduction(base.total, latest.total);
  // A plain literal (not a spread of `empty`): the report builds one per course.
  return {
    instrument,
    baseline: base,
    latest,
    followUps,
    change: latest.total - base.total,
    percentReduction: pct,
    response: pct === null ? null : pct >= def.responsePercent,
    remission: def.remissionBelow === null ? null : latest.total < def.remissionBelow,
    meaningfulChange: def.meaningfulChange === null ? null : base.total - latest.total >= def.meaningfulChange,
    daysToResponse: firstResponse ? Math.floor((firstResponse.at.getTime() - first) / 86_400_000) : null,
    notes: pct === null ? ['The baseline is 0: a reduction cannot be computed.'] : [],
    source: def.source,
  };
}

/** Whether an improvement meets a payer's threshold (for example Medicare's 25% for a TMS extension). */
export function meetsImprovementThreshold(percent: number | null, thresholdPercent: number): boolean | null {
  return percent === null ? null : percent >= thresholdPercent;
}

/** The median of a list (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const upper = s[mid] ?? 0;
  return s.length % 2 === 1 ? upper : ((s[mid - 1] ?? 0) + upper) / 2;
}

/** A rate with its counts: never a percentage without its n. Null percent when the denominator is 0. */
export function rate(numerator: number, denominator: number): { n: number; of: number; percent: number | null } {
  return { n: numerator, of: denominator, percent: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10 };
}
