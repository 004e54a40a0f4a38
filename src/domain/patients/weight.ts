/** Pounds to grams, exact by definition (international avoirdupois pound). */
export const GRAMS_PER_POUND = 453.59237;

/**
 * The one weight rule, used by every path that stores a weight (recording a weight, signing an intake) and by the
 * database's CHECK constraint: an adult between 20 and 350 kg. Doses are computed from it, so a typo (0 g, 700 kg)
 * must never be stored. The bounds are a plausibility range for adults, not a clinical source.
 */
export const WEIGHT_LIMITS_GRAMS = { min: 20_000, max: 350_000 } as const;
export const WEIGHT_RANGE_TEXT = 'must be between 20 and 350 kg (44-771 lb)';

/** A weight in kg or lb as whole grams: dosing is weight-based, so weights are stored as integers. */
export function weightToGrams(value: number, unit: 'kg' | 'lb'): number {
  return Math.round(unit === 'kg' ? value * 1000 : value * GRAMS_PER_POUND);
}

/** Whether a weight in grams passes the rule. */
export function isPlausibleWeightGrams(grams: number): boolean {
  return Number.isSafeInteger(grams) && grams >= WEIGHT_LIMITS_GRAMS.min && grams <= WEIGHT_LIMITS_GRAMS.max;
}

/** The problem with a weight as entered, or null when it may be stored. */
export function weightProblem(value: number, unit: 'kg' | 'lb'): string | null {
  if (!Number.isFinite(value)) return 'must be a number';
  return isPlausibleWeightGrams(weightToGrams(value, unit)) ? null : WEIGHT_RANGE_TEXT;
}
