import { describe, expect, it } from 'vitest';
import { deviceProblem, devicesFor, observationMinutesLeft, pmfDueDate, pmfState, preDoseBpNeedsDecision, spravatoSchedule } from './spravato.js';

const t0 = new Date('2026-12-01T17:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

describe('Spravato devices (label: 28 mg per device, 5-minute rest)', () => {
  it('56 mg is 2 devices, 84 mg is 3', () => {
    expect(devicesFor(56)).toBe(2);
    expect(devicesFor(84)).toBe(3);
  });
  it.each([
    ['first device of 56 mg', 56, [], at(0), null],
    ['second device 5 minutes later', 56, [at(0)], at(5), null],
    ['second device 4 minutes later is refused', 56, [at(0)], at(4), 'device_too_soon'],
    ['second device 4 min 59 s later is refused', 56, [at(0)], new Date(at(5).getTime() - 1000), 'device_too_soon'],
    ['third device of 56 mg is refused', 56, [at(0), at(5)], at(10), 'dose_complete'],
    ['third device of 84 mg', 84, [at(0), at(5)], at(10), null],
    ['fourth device of 84 mg is refused', 84, [at(0), at(5), at(10)], at(15), 'dose_complete'],
    ['a device before the previous one', 84, [at(5)], at(0), 'device_order'],
    ['no dose recorded', null, [], at(0), 'no_dose'],
  ] as const)('%s', (_n, dose, given, when, rule) => {
    expect(deviceProblem(dose, given, when)?.rule ?? null).toBe(rule);
  });
});

describe('pre-dose blood pressure (label: above 140/90 weighs risk; here a provider decision)', () => {
  const limit = { systolic: 140, diastolic: 90 };
  it.each([
    [140, 90, false],
    [141, 80, true],
    [130, 91, true],
    [120, 70, false],
  ])('%i/%i needs a decision: %s', (systolic, diastolic, needs) => {
    expect(preDoseBpNeedsDecision({ systolic, diastolic }, limit)).toBe(needs);
  });
});

describe('observation after the last device (REMS: at least 120 minutes)', () => {
  it.each([
    [0, 120],
    [60, 60],
    [119.5, 1],
    [120, 0],
    [150, 0],
  ])('%f minutes after the last device: %i left', (minutes, left) => {
    expect(observationMinutesLeft(t0, new Date(t0.getTime() + minutes * 60_000), 120)).toBe(left);
  });
});

describe('Patient Monitoring Form due 7 calendar days after the session', () => {
  it.each([
    ['2026-12-04', '2026-12-11'],
    ['2026-12-28', '2027-01-04'],
    ['2028-02-25', '2028-03-03'],
  ])('%s -> %s', (session, due) => expect(pmfDueDate(session)).toBe(due));
  it('due, overdue the day after, submitted', () => {
    expect(pmfState('2026-12-11', '2026-12-11', false)).toBe('due');
    expect(pmfState('2026-12-11', '2026-12-12', false)).toBe('overdue');
    expect(pmfState('2026-12-11', '2026-12-20', true)).toBe('submitted');
  });
});

describe('Spravato readings (label: BP about 40 minutes after dosing and before discharge)', () => {
  it('due at 40 minutes after the first device, then at the end of the 2 hours after the last', () => {
    const s = spravatoSchedule(at(0), at(5), [], at(20), 120, null);
    expect(s.slots.map((x) => [x.dueAt.slice(11, 16), x.phase])).toEqual([
      ['17:40', 'during'],
      ['19:05', 'after'],
    ]);
    expect(s.next?.dueAt).toBe(at(40).toISOString());
  });
  it('a blood pressure at 38 minutes meets the 40-minute check; none by 51 minutes is overdue', () => {
    expect(spravatoSchedule(at(0), at(5), [at(38)], at(60), 120, null).slots[0]?.takenAt).toBe(at(38).toISOString());
    expect(spravatoSchedule(at(0), at(5), [], at(51), 120, null).overdueCount).toBe(1);
  });
});
