import { addDays } from '../time/clinic-today.js';

/**
 * The patient's side of the bill. No Surprises Act patient-provider dispute resolution (delivery-and-billing.md B8,
 * S120-S122; 45 CFR 149.620): an uninsured or self-pay patient may dispute a bill that is at least $400 above the
 * provider's Good Faith Estimate, starting within 120 calendar days of the date on the original bill, for a $25 fee;
 * during a dispute the bill must not go to collections and late fees pause.
 */
export const NSA_THRESHOLD_CENTS = 40000;
export const NSA_DISPUTE_DAYS = 120;

export type NsaCheck = { overCents: number; disputeEligible: boolean; disputeBy: string | null; notice: string | null };

/** Whether a self-pay patient's billed total reaches $400 or more above their Good Faith Estimate, and their rights. */
export function nsaCheck(billedCents: number, goodFaithEstimateCents: number, billDate: string): NsaCheck {
  const overCents = billedCents - goodFaithEstimateCents;
  if (overCents < NSA_THRESHOLD_CENTS) return { overCents, disputeEligible: false, disputeBy: null, notice: null };
  const disputeBy = addDays(billDate, NSA_DISPUTE_DAYS);
  return {
    overCents,
    disputeEligible: true,
    disputeBy,
    notice:
      'Your bill is $400 or more above your Good Faith Estimate. You may start a patient-provider dispute with the U.S. Department of Health and Human Services ' +
      `within 120 days of this bill (by ${disputeBy}); the fee is $25. While a dispute is open, this bill will not be sent to collections and no late fees are charged. ` +
      'See cms.gov/nosurprises or call 1-800-985-3059.',
  };
}

/** A payment plan's installments as of `today`: how much was due so far, how much is paid, and what is overdue. */
export function installmentStanding(
  plan: { installments: { dueOn: string; amountCents: number }[] },
  paidCents: number,
  today: string,
): { dueSoFarCents: number; paidCents: number; overdueCents: number; nextDue: { dueOn: string; amountCents: number } | null } {
  let dueSoFar = 0;
  let next: { dueOn: string; amountCents: number } | null = null;
  let cumulative = 0;
  for (const i of plan.installments) {
    cumulative += i.amountCents;
    if (i.dueOn <= today) dueSoFar += i.amountCents;
    else if (!next && cumulative > paidCents) next = { dueOn: i.dueOn, amountCents: Math.min(i.amountCents, cumulative - paidCents) };
  }
  return { dueSoFarCents: dueSoFar, paidCents, overdueCents: Math.max(0, dueSoFar - paidCents), nextDue: next };
}

/** How many days before an installment falls due its reminder goes out (a clinic default). */
export const INSTALLMENT_REMINDER_DAYS = 3;

/**
 * The installments of a plan to remind the patient of on `today`: unpaid (payments cover installments in order) and
 * due within `leadDays`, or already overdue (an overdue one is reminded once, like the others).
 */
export function installmentsToRemind(
  plan: { installments: { number: number; dueOn: string; amountCents: number }[] },
  paidCents: number,
  today: string,
  leadDays = INSTALLMENT_REMINDER_DAYS,
): { number: number; dueOn: string; amountCents: number; overdue: boolean }[] {
  const horizon = addDays(today, leadDays);
  const out: { number: number; dueOn: string; amountCents: number; overdue: boolean }[] = [];
  let covered = paidCents;
  for (const i of plan.installments) {
    const open = Math.max(0, i.amountCents - Math.max(0, covered));
    covered -= i.amountCents;
    if (open > 0 && i.dueOn <= horizon) out.push({ number: i.number, dueOn: i.dueOn, amountCents: open, overdue: i.dueOn < today });
  }
  return out;
}

/**
 * Whether a payer's remittance may move a share to the patient. VA Community Care: the TPA's payment is payment in
 * full and the veteran is not billed copays, cost-shares or deductibles (delivery-and-billing.md B7.5, TriWest
 * handbook S76), so a PR amount on a CCN remittance is written off, never billed to the veteran.
 */
export function patientShareAllowed(payerKind: string): boolean {
  return payerKind !== 'va_community_care';
}
