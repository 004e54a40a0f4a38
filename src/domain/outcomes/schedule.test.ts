import { describe, expect, it } from 'vitest';
import { DEFAULT_MEASURE_SCHEDULES, dueQuestionnaires } from './schedule.js';

const due = (treatment: keyof typeof DEFAULT_MEASURE_SCHEDULES, visitDates: string[], startedOn: string, horizon: string, hasPtsd = false) =>
  dueQuestionnaires({ rules: DEFAULT_MEASURE_SCHEDULES[treatment], visitDates, startedOn, horizon, hasPtsd }).map((d) => `${d.dueOn} ${d.instrument}`);

describe('questionnaires due from the schedule', () => {
  it('IV ketamine: PHQ-9 before every infusion; the baseline due from the day the course started', () => {
    // Six infusions over two weeks (Mon/Wed/Fri), the course booked on 2026-03-05.
    const visits = ['2026-03-09', '2026-03-11', '2026-03-13', '2026-03-16', '2026-03-18', '2026-03-20'];
    expect(due('iv_ketamine', visits, '2026-03-05', '2026-03-11')).toEqual(['2026-03-05 GAD-7', '2026-03-05 PHQ-9', '2026-03-09 PHQ-9', '2026-03-11 PHQ-9']);
    // By the end: six PHQ-9s plus the baseline, GAD-7 at baseline and two weeks after the first infusion.
    const all = due('iv_ketamine', visits, '2026-03-05', '2026-03-31');
    expect(all.filter((d) => d.endsWith('PHQ-9'))).toHaveLength(7);
    expect(all.filter((d) => d.endsWith('GAD-7'))).toEqual(['2026-03-05 GAD-7']);
  });
  it('the baseline on the first visit’s day when the visit came before the course was recorded, and not twice', () => {
    expect(due('iv_ketamine', ['2026-03-09', '2026-03-11'], '2026-03-10', '2026-03-10')).toEqual(['2026-03-09 GAD-7', '2026-03-09 PHQ-9']);
  });
  it('TMS: PHQ-9 weekly from the first session to the last', () => {
    const weekdays: string[] = [];
    for (let d = Date.parse('2026-03-02T00:00:00Z'); weekdays.length < 30; d += 86_400_000) {
      const day = new Date(d).getUTCDay();
      if (day !== 0 && day !== 6) weekdays.push(new Date(d).toISOString().slice(0, 10));
    }
    const phq = due('tms', weekdays, '2026-02-27', '2026-12-31').filter((d) => d.endsWith('PHQ-9'));
    expect(phq).toEqual(['2026-02-27 PHQ-9', '2026-03-09 PHQ-9', '2026-03-16 PHQ-9', '2026-03-23 PHQ-9', '2026-03-30 PHQ-9', '2026-04-06 PHQ-9']);
  });
  it('PCL-5 only with a PTSD diagnosis, every four weeks', () => {
    const visits = ['2026-03-02', '2026-03-30', '2026-04-27'];
    expect(due('esketamine', visits, '2026-03-01', '2026-12-31').some((d) => d.endsWith('PCL-5'))).toBe(false);
    expect(due('esketamine', visits, '2026-03-01', '2026-12-31', true).filter((d) => d.endsWith('PCL-5'))).toEqual([
      '2026-03-01 PCL-5',
      '2026-03-30 PCL-5',
      '2026-04-27 PCL-5',
    ]);
  });
  it('the baseline keeps its day whatever day it is read on', () => {
    const visits = ['2026-03-09'];
    expect(due('iv_ketamine', visits, '2026-03-05', '2026-03-06')).toEqual(due('iv_ketamine', visits, '2026-03-05', '2026-03-08'));
  });
  it('nothing past the horizon; only baselines without visits', () => {
    expect(due('tms', [], '2026-03-01', '2026-03-01')).toEqual(['2026-03-01 GAD-7', '2026-03-01 PHQ-9']);
    expect(due('tms', ['2026-03-10'], '2026-03-01', '2026-02-28')).toEqual([]);
  });
});
