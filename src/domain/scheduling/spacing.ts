import { DateTime } from 'luxon';
import { addDays } from '../time/clinic-today.js';
import type { Spacing } from './protocols.js';

/**
 * The protocol's spacing rules checked on visits people chose (an accepted plan with a visit moved, a rescheduled
 * visit): the same rules the planner obeys (domain/scheduling/planner.ts), so a plan it proposed always passes.
 * Each visit's phase spacing governs the gap from the visit before it; a phase's weekly cap counts its own visits in
 * a clinic week (Monday to Sunday), and visits already held before the series count toward the first phase.
 */
export type SeriesVisit = { phase: string; spacing: Spacing; date: string };
export type SpacingProblem = { index: number; message: string };

const weekdayOf = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).weekday;
const mondayOf = (date: string) => addDays(date, 1 - weekdayOf(date));
const daysBetween = (a: string, b: string) => Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);

export function spacingProblems(earlierDates: readonly string[], visits: readonly SeriesVisit[]): SpacingProblem[] {
  const problems: SpacingProblem[] = [];
  const perWeek = new Map<string, number>();
  const firstPhase = visits[0]?.phase ?? '';
  for (const d of earlierDates) perWeek.set(`${firstPhase}|${mondayOf(d)}`, (perWeek.get(`${firstPhase}|${mondayOf(d)}`) ?? 0) + 1);
  let previous = [...earlierDates].sort().at(-1) ?? null;
  visits.forEach((v, index) => {
    const s = v.spacing;
    if (s.weekdaysOnly && weekdayOf(v.date) > 5) problems.push({ index, message: `${v.date} is a weekend day; ${v.phase} visits are on weekdays only` });
    if (previous !== null) {
      const gap = daysBetween(previous, v.date);
      if (gap < s.minGapDays)
        problems.push({
          index,
          message: `${v.date} is ${gap} day${gap === 1 ? '' : 's'} after the visit before (${previous}); ${v.phase} needs at least ${s.minGapDays}`,
        });
      else if (s.maxGapDays !== null && gap > s.maxGapDays)
        problems.push({ index, message: `${v.date} is ${gap} days after the visit before (${previous}); ${v.phase} allows at most ${s.maxGapDays}` });
    }
    const key = `${v.phase}|${mondayOf(v.date)}`;
    const count = (perWeek.get(key) ?? 0) + 1;
    perWeek.set(key, count);
    if (count > s.perWeek)
      problems.push({ index, message: `${v.date} would be ${v.phase} visit ${count} in the week of ${mondayOf(v.date)}; at most ${s.perWeek} a week` });
    previous = v.date;
  });
  return problems;
}
