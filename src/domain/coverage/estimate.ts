import type { PolicyPayment } from './policy.js';

/**
 * The patient's expected cost for a course, in integer cents (never floating point). Per session, in order: the
 * deductible (when the policy applies one), then the coinsurance share of the rest, or a flat copay; the total is
 * capped by the out-of-pocket maximum still open. Not covered (or self-pay): the patient pays the price.
 */
export type EstimateInput = {
  /** Price of each session, or of the package spread over its sessions. */
  priceCents: number;
  sessions: number;
  /** A package price for the whole course, instead of sessions x price. */
  packagePriceCents?: number | null;
  covered: boolean;
  payment: PolicyPayment;
  deductibleRemainingCents: number;
  outOfPocketRemainingCents: number | null;
};

export type EstimateLine = {
  session: number;
  chargeCents: number;
  deductibleCents: number;
  coinsuranceCents: number;
  copayCents: number;
  patientCents: number;
  payerCents: number;
};
export type Estimate = { lines: EstimateLine[]; chargeCents: number; patientCents: number; payerCents: number; steps: string[] };

/** Splits `total` cents into `n` whole-cent parts that add up exactly (the first parts take the remainder). */
export function splitCents(total: number, n: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error('total must be whole cents, at least 0');
  if (!Number.isInteger(n) || n < 1) throw new Error('n must be a whole number, at least 1');
  const base = Math.floor(total / n);
  const extra = total - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}

/** `cents x percent / 100`, rounded half up, in integers. */
export function percentOf(cents: number, percent: number): number {
  return Math.floor((cents * percent * 100 + 5_000) / 10_000);
}

/** Cents as dollars for people: "$1,234.50", "-$20.00". */
export const formatCents = (c: number) =>
  `${c < 0 ? '-' : ''}$${(Math.abs(c) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function estimateCourse(input: EstimateInput): Estimate {
  for (const [k, v] of Object.entries({ priceCents: input.priceCents, sessions: input.sessions, deductibleRemainingCents: input.deductibleRemainingCents })) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${k} must be a whole number, at least 0`);
  }
  const charges =
    input.packagePriceCents !== null && input.packagePriceCents !== undefined
      ? splitCents(input.packagePriceCents, input.sessions)
      : Array.from({ length: input.sessions }, () => input.priceCents);
  let capReached = false as boolean; // set inside the per-session callback below
  const steps: string[] = [];
  const charge = charges.reduce((a, b) => a + b, 0);
  steps.push(
    input.packagePriceCents !== null && input.packagePriceCents !== undefined
      ? `Package price ${formatCents(input.packagePriceCents)} over ${input.sessions} sessions.`
      : `${input.sessions} sessions x ${formatCents(input.priceCents)} = ${formatCents(charge)}.`,
  );
  let deductibleLeft = input.deductibleRemainingCents;
  let oopLeft = input.outOfPocketRemainingCents;
  const lines: EstimateLine[] = charges.map((c, i) => {
    let deductible = 0;
    let coinsurance = 0;
    let copay = 0;
    if (!input.covered || input.payment.kind === 'none') {
      coinsurance = c;
    } else if (input.payment.kind === 'copay') {
      copay = Math.min(input.payment.copayCents, c);
    } else {
      if (input.payment.deductibleApplies) {
        deductible = Math.min(deductibleLeft, c);
        deductibleLeft -= deductible;
      }
      coinsurance = percentOf(c - deductible, input.payment.patientPercent);
    }
    let patient = deductible + coinsurance + copay;
    if (input.covered && oopLeft !== null) {
      const capped = Math.min(patient, oopLeft);
      if (capped < patient) {
        capReached = true;
        // The out-of-pocket maximum is reached: shrink coinsurance/copay first, then deductible.
        let over = patient - capped;
        const fromCoins = Math.min(over, coinsurance + copay);
        if (copay) copay -= Math.min(copay, fromCoins);
        else coinsurance -= fromCoins;
        over -= fromCoins;
        deductible -= over;
        patient = capped;
      }
      oopLeft -= patient;
    }
    return {
      session: i + 1,
      chargeCents: c,
      deductibleCents: deductible,
      coinsuranceCents: coinsurance,
      copayCents: copay,
      patientCents: patient,
      payerCents: c - patient,
    };
  });
  const patient = lines.reduce((a, l) => a + l.patientCents, 0);
  if (!input.covered || input.payment.kind === 'none') steps.push('Not covered: the patient pays the full price.');
  else if (input.payment.kind === 'copay') steps.push(`Copay ${formatCents(input.payment.copayCents)} per session.`);
  else {
    const ded = lines.reduce((a, l) => a + l.deductibleCents, 0);
    if (input.payment.deductibleApplies) steps.push(`Deductible: ${formatCents(ded)} of the ${formatCents(input.deductibleRemainingCents)} still open.`);
    steps.push(
      `Coinsurance: the patient pays ${input.payment.patientPercent}% after the deductible (${formatCents(lines.reduce((a, l) => a + l.coinsuranceCents, 0))}).`,
    );
  }
  // Said only when the cap changed what the patient pays.
  if (capReached) steps.push(`Capped by the out-of-pocket maximum still open: ${formatCents(input.outOfPocketRemainingCents ?? 0)}.`);
  steps.push(`Patient pays ${formatCents(patient)}; the payer ${formatCents(charge - patient)}.`);
  return { lines, chargeCents: charge, patientCents: patient, payerCents: charge - patient, steps };
}

export type Installment = { number: number; dueDate: string; amountCents: number };

/** A payment plan: `count` monthly installments from `firstDue` (ISO date), adding up to the total exactly. */
export function paymentPlan(totalCents: number, count: number, firstDue: string): Installment[] {
  const amounts = splitCents(totalCents, count);
  const [y, m, d] = firstDue.split('-').map(Number) as [number, number, number];
  return amounts.map((amountCents, i) => {
    const month = m - 1 + i;
    const year = y + Math.floor(month / 12);
    const mm = (month % 12) + 1;
    const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
    const day = Math.min(d, lastDay);
    return { number: i + 1, dueDate: `${year}-${String(mm).padStart(2, '0')}-${String(day).padStart(2, '0')}`, amountCents };
  });
}
