import { defined } from '../defined.js';
/**
 * Vital signs as coded observations: the LOINC code and UCUM unit of each. Standard LOINC codes (loinc.org; not in
 * the domain reference, so UNVERIFIED there): 8480-6 systolic and 8462-4 diastolic blood pressure, 8867-4 heart
 * rate, 59408-5 oxygen saturation by pulse oximetry, 9279-1 respiratory rate, 29463-7 body weight.
 */
export const VITAL_SIGNS = [
  { key: 'systolic', kind: 'bp-systolic', loinc: '8480-6', unit: 'mm[Hg]', label: 'Systolic blood pressure' },
  { key: 'diastolic', kind: 'bp-diastolic', loinc: '8462-4', unit: 'mm[Hg]', label: 'Diastolic blood pressure' },
  { key: 'heartRate', kind: 'heart-rate', loinc: '8867-4', unit: '/min', label: 'Heart rate' },
  { key: 'spo2', kind: 'spo2', loinc: '59408-5', unit: '%', label: 'Oxygen saturation (pulse oximetry)' },
  { key: 'respiratoryRate', kind: 'respiratory-rate', loinc: '9279-1', unit: '/min', label: 'Respiratory rate' },
] as const;

export type VitalKey = (typeof VITAL_SIGNS)[number]['key'];

export const BODY_WEIGHT = { kind: 'body-weight', loinc: '29463-7', unit: 'g' } as const;

/** The code table entry of a vital sign. */
export function vitalSign(key: VitalKey) {
  return defined(VITAL_SIGNS.find((v) => v.key === key));
}
