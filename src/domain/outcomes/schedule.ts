/**
 * Which questionnaires a course makes due, and when: the schedule of measures of each treatment.
 *
 * Sources (domain reference = ../shared/domain.md, billing reference = ../shared/delivery-and-billing.md):
 * - PHQ-9 before every ketamine infusion and weekly during TMS: the issue's own examples of measurement-based care; the
 *   practices compared in domain §1 (Osmind: recurring PHQ-9; SimplePractice: recurring PHQ-9/GAD-7/PCL-5).
 * - TMS progress must be documented with validated scales for an extension (Medicare L37086 / A57692; CTMSS extension
 *   guidance in 10-session increments; delivery-and-billing A1.2): weekly PHQ-9 provides the figures.
 * - Esketamine: the label's induction phase is twice weekly for 4 weeks, then weekly (domain §2): a weekly PHQ-9.
 * - PCL-5 for PTSD (domain §6.3): at baseline and every 4 weeks, a clinic default (no source gives a cadence).
 * - GAD-7 (domain §6.2): at baseline and every 2 weeks, a clinic default.
 * - The C-SSRS screener is asked by a clinician at every visit in the chart's risk check, not as a patient
 *   questionnaire: its electronic use needs a licence (domain §6.4).
 */
import type { OutcomeInstrument } from './outcomes.js';

export type Treatment = 'tms' | 'esketamine' | 'iv_ketamine' | 'im_ketamine' | 'kap';

/**
 * One measure of a schedule:
 * - `baseline`: due before the first visit;
 * - `every_visit`: due on the day of each treatment visit, before it;
 * - `every_days`: due every `days` days from the first visit while the course runs.
 * `when: 'ptsd'` limits it to patients with a PTSD diagnosis.
 */
export type MeasureRule =
  | { instrument: OutcomeInstrument; kind: 'baseline'; when?: 'ptsd' }
  | { instrument: OutcomeInstrument; kind: 'every_visit'; when?: 'ptsd' }
  | { instrument: OutcomeInstrument; kind: 'every_days'; days: number; when?: 'ptsd' };

const PTSD_MEASURES: MeasureRule[] = [
  { instrument: 'PCL-5', kind: 'baseline', when: 'ptsd' },
  { instrument: 'PCL-5', kind: 'every_days', days: 28, when: 'ptsd' },
];
const ANXIETY_MEASURES: MeasureRule[] = [
  { instrument: 'GAD-7', kind: 'baseline' },
  { instrument: 'GAD-7', kind: 'every_days', days: 14 },
];

export const DEFAULT_MEASURE_SCHEDULES: Record<Treatment, MeasureRule[]> = {
  iv_ketamine: [{ instrument: 'PHQ-9', kind: 'baseline' }, { instrument: 'PHQ-9', kind: 'every_visit' }, ...ANXIETY_MEASURES, ...PTSD_MEASURES],
  im_ketamine: [{ instrument: 'PHQ-9', kind: 'baseline' }, { instrument: 'PHQ-9', kind: 'every_visit' }, ...ANXIETY_MEASURES, ...PTSD_MEASURES],
  tms: [{ instrument: 'PHQ-9', kind: 'baseline' }, { instrument: 'PHQ-9', kind: 'every_days', days: 7 }, ...ANXIETY_MEASURES, ...PTSD_MEASURES],
  esketamine: [{ instrument: 'PHQ-9', kind: 'baseline' }, { instrument: 'PHQ-9', kind: 'every_days', days: 7 }, ...ANXIETY_MEASURES, ...PTSD_MEASURES],
  kap: [{ instrument: 'PHQ-9', kind: 'baseline' }, { instrument: 'PHQ-9', kind: 'every_visit' }, ...ANXIETY_MEASURES, ...PTSD_MEASURES],
};

export type DueItem = { instrument: OutcomeInstrument; dueOn: string; reason: string };

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const fromDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The questionnaires due for a course up to `horizon` (a clinic date, inclusive), from the day the course was started
 * and its treatment visits' dates. Dates are the clinic's wall-clock dates (YYYY-MM-DD). Baselines are due from the
 * day the course started (or the first visit, if that came first); periodic measures run from the first visit to the
 * last planned one. One item per instrument and day: a rule that lands on a day another already made due adds
 * nothing. Returned in date order, then instrument.
 */
export function dueQuestionnaires(input: {
  rules: readonly MeasureRule[];
  visitDates: readonly string[];
  startedOn: string;
  horizon: string;
  hasPtsd: boolean;
}): DueItem[] {
  const visits = [...new Set(input.visitDates)].sort();
  const first = visits[0] ?? null;
  const last = visits.at(-1) ?? null;
  const out = new Map<string, DueItem>();
  const add = (instrument: OutcomeInstrument, dueOn: string, reason: string) => {
    if (dueOn > input.horizon) return;
    const key = `${dueOn}|${instrument}`;
    if (!out.has(key)) out.set(key, { instrument, dueOn, reason });
  };
  for (const rule of input.rules) {
    if (rule.when === 'ptsd' && !input.hasPtsd) continue;
    if (rule.kind === 'baseline') {
      // Before the first visit: due from the day the course started, or on the first visit's day if it came first.
      add(rule.instrument, first && first < input.startedOn ? first : input.startedOn, 'Baseline');
      continue;
    }
    if (!first || !last) continue;
    if (rule.kind === 'every_visit') {
      visits.forEach((d, i) => add(rule.instrument, d, `Before visit ${i + 1}`));
      continue;
    }
    for (let t = toDay(first) + rule.days * DAY, week = 1; t <= toDay(last); t += rule.days * DAY, week++)
      add(
        rule.instrument,
        fromDay(t),
        rule.days % 7 === 0 ? `Every ${rule.days / 7 === 1 ? 'week' : `${rule.days / 7} weeks`} (${week})` : `Every ${rule.days} days`,
      );
  }
  return [...out.values()].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.instrument.localeCompare(b.instrument));
}
