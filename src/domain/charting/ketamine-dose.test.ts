import { describe, expect, it } from 'vitest';
import { computeKetamineDose, type KetamineOrder } from './ketamine-dose.js';

const now = new Date('2026-12-01T18:00:00Z');
const limits = { weightMaxAgeDays: 30, maxMgPerKg: 1 };
const iv = (o: Partial<KetamineOrder> = {}): KetamineOrder => ({
  route: 'iv',
  mgPerKg: 0.5,
  infusionMinutes: 40,
  concentrationMgPerMl: 1,
  maxDoseMg: 100,
  ...o,
});
const w = (grams: number, daysAgo = 1) => ({ grams, measuredAt: new Date(now.getTime() - daysAgo * 86_400_000) });

// Expected figures worked by hand: dose = mg/kg x kg to 0.1 mg; volume = dose / concentration to 0.01 mL;
// rate = volume x 60 / minutes to 0.1 mL/h. The 70 kg case is the published worked example (A3.1: 35 mg over 40 min).
describe('ketamine dose (A3.1: 0.5 mg/kg over 40 minutes)', () => {
  it.each([
    ['70 kg at 0.5 mg/kg, 1 mg/mL over 40 min', iv(), w(70_000), { doseMg: 35, volumeMl: 35, rateMlPerHour: 52.5, mgPerMinute: 0.875, cappedAtMax: false }],
    ['82.35 kg rounds 41.175 mg to 41.2 mg', iv(), w(82_350), { doseMg: 41.2, volumeMl: 41.2, rateMlPerHour: 61.8 }],
    ['82.33 kg rounds 41.165 mg to 41.2 mg (half up)', iv(), w(82_330), { doseMg: 41.2 }],
    ['82.32 kg rounds 41.16 mg to 41.2 mg', iv(), w(82_320), { doseMg: 41.2 }],
    ['82.28 kg rounds 41.14 mg to 41.1 mg', iv(), w(82_280), { doseMg: 41.1 }],
    ['10 mg/mL concentration: 3.5 mL, 5.3 mL/h', iv({ concentrationMgPerMl: 10 }), w(70_000), { doseMg: 35, volumeMl: 3.5, rateMlPerHour: 5.3 }],
    ['capped at the order maximum', iv({ maxDoseMg: 50 }), w(150_000), { doseMg: 50, uncappedMg: 75, cappedAtMax: true, volumeMl: 50, rateMlPerHour: 75 }],
    ['100-minute infusion', iv({ infusionMinutes: 100 }), w(70_000), { doseMg: 35, rateMlPerHour: 21 }],
    ['0.75 mg/kg', iv({ mgPerKg: 0.75 }), w(64_500), { doseMg: 48.4 }],
    ['IM has no rate', iv({ route: 'im', infusionMinutes: null, concentrationMgPerMl: 50 }), w(70_000), { doseMg: 35, volumeMl: 0.7, rateMlPerHour: null }],
    ['weight exactly 30 days old is accepted', iv(), w(70_000, 30), { doseMg: 35, weightAgeDays: 30 }],
  ] as const)('%s', (_name, order, weight, expected) => {
    const r = computeKetamineDose(order, weight, now, limits);
    expect(r.problems).toEqual([]);
    expect(r.dose).toMatchObject(expected);
  });

  it('shows how every number was computed', () => {
    const r = computeKetamineDose(iv(), w(70_000), now, limits);
    expect(r.dose?.steps).toEqual([
      'Weight 70 kg, measured 2026-11-30.',
      '0.5 mg/kg × 70 kg = 35.0 mg (rounded to the nearest 0.1 mg).',
      "Within the order's maximum of 100.0 mg: the dose is 35.0 mg.",
      '35.0 mg ÷ 1 mg/mL = 35.00 mL.',
      '35.00 mL over 40 min = 52.5 mL/h (0.875 mg/min).',
    ]);
  });

  it.each([
    ['no weight', iv(), null, 'weight'],
    ['a weight 31 days old', iv(), w(70_000, 31), 'weight'],
    ['mg/kg above the clinic ceiling', iv({ mgPerKg: 1.5 }), w(70_000), 'mgPerKg'],
    ['zero mg/kg', iv({ mgPerKg: 0 }), w(70_000), 'mgPerKg'],
    ['four decimals of mg/kg', iv({ mgPerKg: 0.5001 }), w(70_000), 'mgPerKg'],
    ['IV without minutes', iv({ infusionMinutes: null }), w(70_000), 'infusionMinutes'],
    ['IV at 5 minutes', iv({ infusionMinutes: 5 }), w(70_000), 'infusionMinutes'],
    ['undiluted 100 mg/mL IV (Ketalar label)', iv({ concentrationMgPerMl: 100 }), w(70_000), 'concentrationMgPerMl'],
    ['IM with infusion minutes', iv({ route: 'im' }), w(70_000), 'infusionMinutes'],
    ['no maximum', iv({ maxDoseMg: 0 }), w(70_000), 'maxDoseMg'],
  ] as const)('refuses %s', (_name, order, weight, field) => {
    const r = computeKetamineDose(order, weight, now, limits);
    expect(r.dose).toBeNull();
    expect(r.problems.map((p) => p.field)).toContain(field);
  });
});
