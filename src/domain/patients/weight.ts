/** Pounds to grams, exact by definition (international avoirdupois pound). */
export const GRAMS_PER_POUND = 453.59237;

/** A weight in kg or lb as whole grams: dosing is weight-based, so weights are stored as integers. */
export function weightToGrams(value: number, unit: 'kg' | 'lb'): number {
  return Math.round(unit === 'kg' ? value * 1000 : value * GRAMS_PER_POUND);
}
