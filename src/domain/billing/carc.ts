/**
 * Claim adjustment reason codes (CARC) and group codes a clinic like ours meets, with what each means and the usual
 * fix. Meanings abridge the X12 descriptions as carried in delivery-and-billing.md B6.3 (S60) and domain.md §8.4; the
 * fixes are this project's advice to billers. An unknown code is shown as such, never guessed: the current list is
 * x12.org's (B6.3 warns against copied tables).
 */
export type GroupCode = 'CO' | 'PR' | 'OA' | 'PI' | 'CR';

export const GROUP_CODES: Record<GroupCode, string> = {
  CO: 'Contractual obligation: written off, not billable to the patient',
  PR: 'Patient responsibility: moves to the patient’s balance',
  OA: 'Other adjustment',
  PI: 'Payer-initiated reduction',
  CR: 'Correction or reversal of an earlier payment',
};

export type CarcInfo = { meaning: string; fix: string; kind: 'patient_share' | 'contractual' | 'denial' };

export const CARC: Record<string, CarcInfo> = {
  '1': { meaning: 'Deductible amount', fix: 'Bill the patient', kind: 'patient_share' },
  '2': { meaning: 'Coinsurance amount', fix: 'Bill the patient', kind: 'patient_share' },
  '3': { meaning: 'Co-payment amount', fix: 'Bill the patient', kind: 'patient_share' },
  '11': {
    meaning: 'The diagnosis is inconsistent with the procedure',
    fix: 'Check the ICD-10-CM code against the payer’s policy for this treatment, correct and resubmit as a replacement',
    kind: 'denial',
  },
  '16': {
    meaning: 'Claim lacks information or has billing errors (see the remark code)',
    fix: 'Add what the remark names (NDC on a drug line, referral number) and resubmit as a replacement',
    kind: 'denial',
  },
  '18': {
    meaning: 'Exact duplicate claim or service',
    fix: 'Do not resend; send corrections as a replacement (frequency 7) with the payer’s claim number',
    kind: 'denial',
  },
  '22': {
    meaning: 'This care may be covered by another payer per coordination of benefits',
    fix: 'Bill the primary payer first, then send its remittance to this one',
    kind: 'denial',
  },
  '23': { meaning: 'The impact of prior payer(s) adjudication', fix: 'Secondary claim: check the primary’s payment', kind: 'contractual' },
  '26': {
    meaning: 'Expenses incurred before coverage',
    fix: 'Check eligibility on the date of service; bill the right coverage or the patient',
    kind: 'denial',
  },
  '27': {
    meaning: 'Expenses incurred after coverage terminated',
    fix: 'Check eligibility on the date of service; bill the new coverage or the patient',
    kind: 'denial',
  },
  '29': {
    meaning: 'The time limit for filing has expired',
    fix: 'Find proof of timely filing (clearinghouse acceptance); without it the amount is written off',
    kind: 'denial',
  },
  '45': { meaning: 'Charge exceeds the fee schedule or contracted amount', fix: 'Contractual write-off: nothing to do', kind: 'contractual' },
  '50': {
    meaning: 'Not deemed a medical necessity by the payer',
    fix: 'Appeal with the chart: failed trials, scores, the policy’s criteria met',
    kind: 'denial',
  },
  '55': {
    meaning: 'Procedure, treatment or drug deemed experimental or investigational',
    fix: 'Appeal with published evidence, or bill the patient if they signed a financial waiver',
    kind: 'denial',
  },
  '57': { meaning: 'Units or dosage not supported', fix: 'Check units against the chart (mg given, infusion minutes)', kind: 'denial' },
  '96': {
    meaning: 'Non-covered charge(s) (see the remark code)',
    fix: 'Benefit exclusion: check the policy; bill the patient if they agreed in writing',
    kind: 'denial',
  },
  '97': {
    meaning: 'Included in the payment for another service',
    fix: 'Bundled: do not bill an E/M the same day as G2082/G2083 without a separate, documented reason',
    kind: 'denial',
  },
  '119': { meaning: 'Benefit maximum for this period has been reached', fix: 'Bill the patient or a secondary coverage', kind: 'denial' },
  '150': { meaning: 'The information does not support this level of service', fix: 'Appeal with the documentation, or correct the code', kind: 'denial' },
  '151': {
    meaning: 'The information does not support this many or this frequency of services',
    fix: 'Check sessions against the authorization; appeal with the course plan',
    kind: 'denial',
  },
  '167': { meaning: 'The diagnosis is not covered', fix: 'Check the diagnosis against the payer’s policy', kind: 'denial' },
  '170': {
    meaning: 'Payment denied when performed by this type of provider',
    fix: 'Check who must render the service for this payer (for example a physician for TMS)',
    kind: 'denial',
  },
  '185': {
    meaning: 'The rendering provider is not eligible to perform the service billed',
    fix: 'Check the rendering provider’s enrollment with the payer',
    kind: 'denial',
  },
  '197': {
    meaning: 'Precertification, authorization or notification absent',
    fix: 'Find the authorization number and resubmit as a replacement; request a retro authorization if none',
    kind: 'denial',
  },
  '198': {
    meaning: 'Precertification or authorization exceeded',
    fix: 'Request an extension for the sessions beyond the approval and appeal with it',
    kind: 'denial',
  },
  '242': { meaning: 'Services not provided by network providers', fix: 'Out of network: bill the patient or give them a superbill', kind: 'denial' },
  '252': { meaning: 'An attachment or other documentation is required', fix: 'Send the records the payer asks for', kind: 'denial' },
  '284': {
    meaning: 'The authorization number may be valid but does not apply to these services',
    fix: 'Check the authorized codes; request a corrected authorization',
    kind: 'denial',
  },
  '287': { meaning: 'Referral exceeded', fix: 'VA: submit a Request for Service (10-10172) for more visits', kind: 'denial' },
  '288': { meaning: 'Referral absent', fix: 'Put the VA referral number on the claim (REF*9F) and resubmit', kind: 'denial' },
  '296': {
    meaning: 'The authorization number may be valid but does not apply to this provider',
    fix: 'Check the provider on the authorization',
    kind: 'denial',
  },
  '302': { meaning: 'The authorization’s time limit has expired', fix: 'Request an authorization covering the date of service', kind: 'denial' },
};

/** What a CARC means and the usual fix; unknown codes say so. */
export function carcInfo(code: string): CarcInfo & { known: boolean } {
  const c = CARC[code];
  return c
    ? { ...c, known: true }
    : { meaning: `Reason code ${code} (look it up in the current X12 list)`, fix: 'Read the payer’s remittance advice', kind: 'denial', known: false };
}
