/**
 * Weight-based ketamine dosing (issue 10). The provider orders mg/kg, infusion minutes, the prepared concentration
 * and a maximum dose; the dose is computed from the latest weight in whole tenths of a mg, with the volume to draw and
 * the pump rate, and every number says how it was computed.
 *
 * Sources: ../shared/domain.md §3 and delivery-and-billing.md A3.1 (0.5 mg/kg IV over 40 minutes; worked example
 * 70 kg -> 35 mg, 0.875 mg/min); domain.md §3 (Ketalar 100 mg/mL must be diluted before IV use, so an IV preparation
 * above 50 mg/mL, the equal-volume dilution, is refused); A3.4 (IM ketamine). Arithmetic is in integers (µg/kg,
 * grams, tenths of a mg) so no float rounding reaches a dose.
 */

export type KetamineRoute = 'iv' | 'im';

export type KetamineOrder = {
  route: KetamineRoute;
  /** mg per kg, up to 3 decimals (0.5, 0.75). */
  mgPerKg: number;
  /** IV only: minutes the infusion runs. */
  infusionMinutes: number | null;
  /** mg per mL of the prepared syringe or bag. */
  concentrationMgPerMl: number;
  maxDoseMg: number;
};

export type Weight = { grams: number; measuredAt: Date };

export type ComputedDose = {
  doseMg: number;
  /** The dose before the order's maximum applied, and whether the maximum capped it. */
  uncappedMg: number;
  cappedAtMax: boolean;
  volumeMl: number;
  rateMlPerHour: number | null;
  mgPerMinute: number | null;
  weightKg: number;
  weightMeasuredAt: string;
  weightAgeDays: number;
  /** How each number was computed, in words and figures. */
  steps: string[];
};

export type DoseProblem = { field: string; message: string };

const MAX_IV_CONCENTRATION = 50;
const DAY_MS = 86_400_000;

/** Rounds a non-negative rational a/b to whole units, half up. */
const roundDiv = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));
const tenths = (n: number) => (n / 10).toFixed(1);

/** What is wrong with an order on its own (before a weight): empty when it may be computed. */
export function orderProblems(order: KetamineOrder, maxMgPerKg: number): DoseProblem[] {
  const p: DoseProblem[] = [];
  if (!(order.mgPerKg > 0) || Math.round(order.mgPerKg * 1000) !== order.mgPerKg * 1000)
    p.push({ field: 'mgPerKg', message: 'must be above 0 with at most 3 decimals' });
  else if (order.mgPerKg > maxMgPerKg) p.push({ field: 'mgPerKg', message: `is above the clinic's ceiling of ${maxMgPerKg} mg/kg` });
  if (order.route === 'iv') {
    if (order.infusionMinutes === null || !Number.isInteger(order.infusionMinutes) || order.infusionMinutes < 10 || order.infusionMinutes > 240)
      p.push({ field: 'infusionMinutes', message: 'must be a whole number of minutes from 10 to 240 for an IV infusion' });
    if (order.concentrationMgPerMl > MAX_IV_CONCENTRATION)
      p.push({ field: 'concentrationMgPerMl', message: 'above 50 mg/mL must be diluted before IV use (Ketalar label)' });
  } else if (order.infusionMinutes !== null) p.push({ field: 'infusionMinutes', message: 'applies to IV infusions only' });
  if (
    !(order.concentrationMgPerMl > 0) ||
    order.concentrationMgPerMl > 100 ||
    Math.round(order.concentrationMgPerMl * 100) !== order.concentrationMgPerMl * 100
  )
    p.push({ field: 'concentrationMgPerMl', message: 'must be above 0 and at most 100 mg/mL, with at most 2 decimals' });
  if (!(order.maxDoseMg > 0) || order.maxDoseMg > 500 || Math.round(order.maxDoseMg * 10) !== order.maxDoseMg * 10)
    p.push({ field: 'maxDoseMg', message: 'must be above 0 and at most 500 mg, in tenths of a mg' });
  return p;
}

/**
 * The dose for an order and the latest weight, or the problems that refuse it: no weight, or one older than the
 * clinic's limit, is a refusal (never a guess).
 */
export function computeKetamineDose(
  order: KetamineOrder,
  weight: Weight | null,
  now: Date,
  limits: { weightMaxAgeDays: number; maxMgPerKg: number },
): { dose: ComputedDose; problems: [] } | { dose: null; problems: DoseProblem[] } {
  const problems = orderProblems(order, limits.maxMgPerKg);
  if (!weight) problems.push({ field: 'weight', message: 'no weight is recorded: weigh the patient before the dose is computed' });
  else {
    const ageDays = Math.floor((now.getTime() - weight.measuredAt.getTime()) / DAY_MS);
    if (ageDays > limits.weightMaxAgeDays)
      problems.push({
        field: 'weight',
        message: `the latest weight is ${ageDays} days old; the clinic requires one within ${limits.weightMaxAgeDays} days`,
      });
  }
  if (problems.length > 0 || !weight) return { dose: null, problems };

  const ugPerKg = Math.round(order.mgPerKg * 1000);
  // µg/kg x g / 1000 = µg; tenths of a mg = µg / 100, so tenths = µg/kg x g / 100,000.
  const uncappedTenths = roundDiv(ugPerKg * weight.grams, 100_000);
  const maxTenths = Math.round(order.maxDoseMg * 10);
  const doseTenths = Math.min(uncappedTenths, maxTenths);
  // Concentration in hundredths of mg/mL; volume in hundredths of a mL = (tenths/10 mg) x 100 / (hundredths/100 mg/mL).
  const concHundredths = Math.round(order.concentrationMgPerMl * 100);
  const volumeHundredthsMl = roundDiv(doseTenths * 1000, concHundredths);
  const volumeMl = volumeHundredthsMl / 100;
  const weightKg = weight.grams / 1000;
  const steps = [
    `Weight ${weightKg} kg, measured ${weight.measuredAt.toISOString().slice(0, 10)}.`,
    `${order.mgPerKg} mg/kg × ${weightKg} kg = ${tenths(uncappedTenths)} mg (rounded to the nearest 0.1 mg).`,
    doseTenths < uncappedTenths
      ? `Capped at the order's maximum of ${tenths(maxTenths)} mg: the dose is ${tenths(doseTenths)} mg.`
      : `Within the order's maximum of ${tenths(maxTenths)} mg: the dose is ${tenths(doseTenths)} mg.`,
    `${tenths(doseTenths)} mg ÷ ${order.concentrationMgPerMl} mg/mL = ${volumeMl.toFixed(2)} mL.`,
  ];
  let rate: number | null = null;
  let perMinute: number | null = null;
  if (order.route === 'iv' && order.infusionMinutes) {
    // mL/h to 0.1: hundredths mL x 60 / minutes / 10.
    rate = roundDiv(volumeHundredthsMl * 60, order.infusionMinutes * 10) / 10;
    perMinute = Math.round((doseTenths / 10 / order.infusionMinutes) * 1000) / 1000;
    steps.push(`${volumeMl.toFixed(2)} mL over ${order.infusionMinutes} min = ${rate.toFixed(1)} mL/h (${perMinute} mg/min).`);
  }
  return {
    dose: {
      doseMg: doseTenths / 10,
      uncappedMg: uncappedTenths / 10,
      cappedAtMax: doseTenths < uncappedTenths,
      volumeMl,
      rateMlPerHour: rate,
      mgPerMinute: perMinute,
      weightKg,
      weightMeasuredAt: weight.measuredAt.toISOString(),
      weightAgeDays: Math.floor((now.getTime() - weight.measuredAt.getTime()) / DAY_MS),
      steps,
    },
    problems: [],
  };
}
