import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTING_POLICY as P, policyProblems } from './policy.js';
import { readingProblems, thresholdAlerts, vitalsSchedule } from './vitals.js';

const t0 = new Date('2026-12-01T17:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

describe('threshold alerts against the default policy (hand-written limits: SBP 90-180, DBP 50-110, HR 50-120, SpO2 ≥92, RR 10-24)', () => {
  it.each([
    ['normal reading', { systolic: 128, diastolic: 82, heartRate: 76, spo2: 98, respiratoryRate: 14 }, []],
    ['systolic 181 is above 180', { systolic: 181, diastolic: 90 }, ['systolic above 180']],
    ['systolic 180 is at the limit, not above', { systolic: 180, diastolic: 90 }, []],
    ['diastolic 111', { systolic: 170, diastolic: 111 }, ['diastolic above 110']],
    ['SpO2 91', { spo2: 91 }, ['spo2 below 92']],
    ['SpO2 92 at the limit', { spo2: 92 }, []],
    ['bradycardia 48', { heartRate: 48 }, ['heartRate below 50']],
    ['tachycardia 121 and RR 26', { heartRate: 121, respiratoryRate: 26 }, ['heartRate above 120', 'respiratoryRate above 24']],
    ['hypotension 88/48', { systolic: 88, diastolic: 48 }, ['systolic below 90', 'diastolic below 50']],
    ['MOAA/S 2 (deep sedation)', { sedation: 2 }, ['sedation below 3']],
    ['CADSS-6 17', { dissociation: 17 }, ['dissociation above 16']],
  ] as const)('%s', (_name, reading, expected) => {
    expect(thresholdAlerts({ takenAt: t0, ...reading }, P.thresholds).map((a) => `${a.field} ${a.direction} ${a.limit}`)).toEqual(expected);
  });
});

describe('reading input', () => {
  it.each([
    ['empty', {}, ['body']],
    ['systolic 400', { systolic: 400 }, ['systolic']],
    ['fractional heart rate', { heartRate: 72.5 }, ['heartRate']],
    ['diastolic above systolic', { systolic: 80, diastolic: 90 }, ['diastolic']],
    ['SpO2 101', { spo2: 101 }, ['spo2']],
    ['one value is enough', { spo2: 97 }, []],
  ] as const)('%s', (_name, r, fields) => {
    expect(readingProblems({ takenAt: t0, ...r }).map((p) => p.field)).toEqual(fields);
  });
});

describe('reading schedule (every 10 min during, 15 after: Dunlop 2018)', () => {
  const policy = { vitalsEveryMinutesDuring: 10, vitalsEveryMinutesAfter: 15, overdueGraceMinutes: 2 };

  it('nothing is due before treatment starts', () => {
    expect(vitalsSchedule({ startedAt: null, endedAt: null, dischargedAt: null }, [], at(0), policy)).toEqual({ slots: [], next: null, overdueCount: 0 });
  });

  it('during a 40-minute infusion: due at 0, 10, 20, 30; the 10-minute reading missing is overdue at minute 13', () => {
    const s = vitalsSchedule({ startedAt: t0, endedAt: null, dischargedAt: null }, [at(0)], at(13), policy);
    expect(s.slots.map((x) => [x.dueAt.slice(11, 16), x.takenAt !== null, x.overdue])).toEqual([
      ['17:00', true, false],
      ['17:10', false, true],
      ['17:20', false, false],
    ]);
    expect(s.next?.dueAt).toBe(at(20).toISOString());
    expect(s.overdueCount).toBe(1);
  });

  it('a reading 2 minutes late meets its slot, and one reading meets one slot only', () => {
    const s = vitalsSchedule({ startedAt: t0, endedAt: null, dischargedAt: null }, [at(0), at(12), at(14)], at(16), policy);
    expect(s.slots.slice(0, 3).map((x) => x.takenAt?.slice(11, 16) ?? null)).toEqual(['17:00', '17:12', null]);
    expect(s.overdueCount).toBe(0);
  });

  it('after the infusion ends at 40: due every 15 minutes from the end', () => {
    const readings = [0, 10, 20, 30, 40].map(at);
    const s = vitalsSchedule({ startedAt: t0, endedAt: at(40), dischargedAt: null }, readings, at(50), policy);
    expect(s.slots.map((x) => `${x.phase} ${x.dueAt.slice(11, 16)}`)).toEqual([
      'during 17:00',
      'during 17:10',
      'during 17:20',
      'during 17:30',
      'after 17:40',
      'after 17:55',
    ]);
    expect(s.next?.dueAt).toBe(at(55).toISOString());
  });

  it('a session left running for two days is scheduled from a day back, and the next reading is still due', () => {
    const s = vitalsSchedule({ startedAt: t0, endedAt: null, dischargedAt: null }, [], at(48 * 60 + 3), policy);
    expect(s.next?.dueAt).toBe(at(48 * 60 + 10).toISOString());
    expect(s.slots.length).toBeLessThan(24 * 6 + 3);
  });

  it('discharge ends the schedule', () => {
    const s = vitalsSchedule({ startedAt: t0, endedAt: at(40), dischargedAt: at(70) }, [0, 10, 20, 30, 40, 55, 70].map(at), at(200), policy);
    expect(s.next).toBeNull();
    expect(s.overdueCount).toBe(0);
    expect(s.slots.at(-1)?.dueAt).toBe(at(70).toISOString());
  });
});

describe('clinic policy soundness', () => {
  it('the defaults are sound', () => expect(policyProblems(P)).toEqual([]));
  it.each([
    ['observation below the REMS 120 minutes', { ...P, spravatoObservationMinutes: 90 }, 'spravatoObservationMinutes'],
    ['pre-dose BP above the label 140/90', { ...P, spravatoPreDoseBp: { systolic: 160, diastolic: 100 } }, 'spravatoPreDoseBp'],
    ['weight age 0', { ...P, weightMaxAgeDays: 0 }, 'weightMaxAgeDays'],
    ['min above max', { ...P, thresholds: { ...P.thresholds, systolic: { min: 200, max: 180 } } }, 'thresholds.systolic'],
  ] as const)('refuses %s', (_n, p, field) => {
    expect(policyProblems(p).join(' ')).toContain(field);
  });
});
