import { describe, expect, it } from 'vitest';
import { dischargeProblems, type DischargeChecklist, type DischargeFacts } from './discharge.js';
import { DEFAULT_CHARTING_POLICY } from './policy.js';

const t0 = new Date('2026-12-01T17:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const ok: DischargeChecklist = {
  vitalsWithinLimits: true,
  alertAndOriented: true,
  walkingSteadily: true,
  sedationResolved: true,
  dissociationResolved: true,
  breathingNormal: true,
  escortName: 'Sam Rivera',
  noDrivingAdvised: true,
};
const normal = (min: number) => ({ takenAt: at(min), systolic: 124, diastolic: 80, heartRate: 72, spo2: 98 });
const spravato = (o: Partial<DischargeFacts> = {}): DischargeFacts => ({
  modality: 'spravato',
  checklist: ok,
  now: at(130),
  treatmentStartedAt: at(0),
  treatmentEndedAt: at(10),
  readings: [normal(-5), normal(40), normal(125)],
  openAlerts: 0,
  policy: DEFAULT_CHARTING_POLICY,
  ...o,
});
const criteria = (f: DischargeFacts) => dischargeProblems(f).map((p) => p.criterion);

describe('Spravato discharge (REMS: 2 hours after the last device and until resolved)', () => {
  it('met at 120 minutes after the last device', () => expect(criteria(spravato())).toEqual([]));
  it('refused at 119 minutes after the last device, naming the minutes left', () => {
    const p = dischargeProblems(spravato({ now: at(129), readings: [normal(-5), normal(40), normal(125)] }));
    expect(p).toEqual([expect.objectContaining({ criterion: 'observation', minutesLeft: 1 })]);
  });
  it('refused when sedation has not resolved even after 2 hours', () =>
    expect(criteria(spravato({ checklist: { ...ok, sedationResolved: false } }))).toEqual(['sedationResolved']));
  it('refused without the 40-minute blood pressure', () =>
    expect(criteria(spravato({ readings: [normal(-5), normal(125)] }))).toEqual(['bloodPressure40Minutes']));
  it('refused without a recent blood pressure', () =>
    expect(criteria(spravato({ readings: [normal(-5), normal(40)], now: at(130) }))).toEqual(['dischargeBloodPressure']));
  it('refused with a reading still over the limit', () =>
    expect(criteria(spravato({ readings: [normal(-5), normal(40), { ...normal(125), systolic: 185 }] }))).toEqual(['vitalsWithinLimits']));
  it('refused without an escort or the no-driving advice', () =>
    expect(criteria(spravato({ checklist: { ...ok, escortName: ' ', noDrivingAdvised: false } }))).toEqual(['escortName', 'noDrivingAdvised']));
  it('refused while an alert has no action note', () => expect(criteria(spravato({ openAlerts: 1 }))).toEqual(['alerts']));
  it('refused before the last device', () => expect(criteria(spravato({ treatmentEndedAt: null }))).toContain('treatment'));
});

describe('IV ketamine discharge (clinic recovery minutes, default 30)', () => {
  const iv = (o: Partial<DischargeFacts> = {}) =>
    spravato({ modality: 'iv_ketamine', treatmentEndedAt: at(40), now: at(70), readings: [normal(0), normal(10), normal(40), normal(65)], ...o });
  it('met 30 minutes after the infusion ends', () => expect(criteria(iv())).toEqual([]));
  it('refused 20 minutes after', () => expect(criteria(iv({ now: at(60), readings: [normal(0), normal(55)] }))).toEqual(['observation']));
  it('does not ask the Spravato-only items', () => expect(criteria(iv({ checklist: { ...ok, sedationResolved: false } }))).toEqual([]));
});

describe('TMS discharge', () => {
  it('needs only the end of treatment and alertness', () =>
    expect(criteria(spravato({ modality: 'tms', readings: [], checklist: { ...ok, escortName: null, noDrivingAdvised: false } }))).toEqual([]));
});
