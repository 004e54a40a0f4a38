import type { z } from 'zod';
import type { SessionUser } from '../../../contracts/auth.js';
import type { paymentSchema } from '../../../contracts/billing.js';
import { formatCents } from '../../../domain/coverage/estimate.js';
import { installmentStanding, nsaCheck } from '../../../domain/billing/patient-money.js';
import { defined } from '../../../domain/defined.js';
import { findDiagnosisCode } from '../../../domain/intake/diagnoses.js';
import { clinicDateOf, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { authorize } from '../../platform/access/authorize.js';
import type { AuditContext } from '../../platform/audit/audit-trail.js';
import { renderPdf, type DocumentSpec } from '../../platform/documents/pdf.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { coveragesOfPatients } from '../coverage/index.js';
import { ownEstimates } from '../estimates/index.js';
import { billingLocations, type BillingLocation } from '../locations/index.js';
import { authorizePatient, patientsForBilling, type PatientForBilling } from '../patients/index.js';
import { billingIdentities } from '../users/index.js';
import * as repo from './billing.repository.js';
import type { BillingDeps } from './billing.service.js';

type Ctx = AuditContext;
const METHODS: Partial<Record<string, string>> = { cash: 'Cash', card: 'Card', check: 'Check', hsa_fsa: 'HSA/FSA card' };
const methodName = (m: string) => METHODS[m] ?? m;

/** The patient's account as the ledger, the balances the trigger keeps, payments, plan standing and the No Surprises Act check. */
export async function accountOf(db: Db, patientId: string, today: string) {
  const [entries, balance, payments, selfPay, estimates] = await Promise.all([
    repo.ledgerOf(db, patientId),
    repo.balanceOf(db, patientId),
    repo.paymentsOf(db, patientId),
    repo.selfPayBilledCents(db, patientId),
    ownEstimates(db, patientId),
  ]);
  const gfe = estimates.find((e) => e.kind === 'good_faith_estimate') ?? null;
  const plan = estimates.find((e) => e.paymentPlan.length > 1) ?? null;
  const paidCents = payments.reduce((s, p) => s + (p.kind === 'payment' ? p.amountCents : -p.amountCents), 0);
  const nsa = gfe && selfPay.totalCents > 0 ? nsaCheck(selfPay.totalCents, gfe.patientCents, selfPay.firstBilledOn ?? today) : null;
  return {
    balance: {
      totalCents: balance.balanceCents,
      patientCents: balance.patientBalanceCents,
      insuranceCents: balance.balanceCents - balance.patientBalanceCents,
      // The database keeps the balance; this shows it equals the sum of the entries (it always does: the trigger moves it).
      equalsSumOfEntries: balance.balanceCents === balance.sumCents && balance.patientBalanceCents === balance.patientSumCents,
    },
    entries: entries.map((e) => ({
      id: e.id,
      seq: Number(e.seq),
      kind: e.kind,
      responsibility: e.responsibility,
      amountCents: e.amountCents,
      balanceCents: Number(e.balanceCents),
      patientBalanceCents: Number(e.patientBalanceCents),
      description: e.description,
      dateOfService: e.dateOfService,
      postedOn: e.postedOn,
      claimId: e.claimId,
      paymentId: e.paymentId,
      reason: e.reason,
    })),
    payments: payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      method: p.method,
      methodName: methodName(p.method),
      amountCents: p.amountCents,
      refundedCents: p.refundedCents,
      reference: p.reference,
      receivedOn: p.receivedOn,
      refundOf: p.refundOf,
      recordedBy: p.recordedByName,
    })),
    paymentPlan: plan
      ? {
          estimateId: plan.id,
          installments: plan.paymentPlan,
          standing: installmentStanding({ installments: plan.paymentPlan.map((i) => ({ dueOn: i.dueDate, amountCents: i.amountCents })) }, paidCents, today),
        }
      : null,
    noSurprisesAct: nsa && gfe ? { ...nsa, goodFaithEstimateCents: gfe.patientCents, goodFaithEstimateId: gfe.id, billedCents: selfPay.totalCents } : null,
  };
}

async function patientZone(db: Db, user: SessionUser, locationId: string | null): Promise<string> {
  const ids = locationId ? [locationId] : user.locationIds.slice(0, 1);
  const [loc] = await billingLocations(db, ids);
  return loc?.timeZone ?? 'America/New_York';
}

export async function patientAccount(deps: BillingDeps, user: SessionUser, patientId: string, ctx: Ctx) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'ledger.read');
  const today = clinicToday(await patientZone(deps.db, user, grant.facts.locationIds[0] ?? null));
  const account = await accountOf(deps.db, patientId, today);
  grant.done();
  return account;
}

/** A payment the front desk or biller takes (cash, card on the clinic's terminal, check, HSA/FSA card). */
export async function recordPayment(deps: BillingDeps, user: SessionUser, patientId: string, input: z.infer<typeof paymentSchema>, ctx: Ctx) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'payment.record');
  if (!grant.facts.locationIds.includes(input.locationId))
    throw badRequest('locationId is not one of the patient’s clinics', [{ path: 'locationId', message: 'is not one of the patient’s clinics' }]);
  const id = await deps.db.transaction(async (tx) => {
    const pid = await repo.insertPayment(tx, { organizationId: user.organizationId, patientId, ...input, kind: 'payment', recordedBy: user.id });
    await repo.insertLedger(tx, [
      {
        organizationId: user.organizationId,
        patientId,
        kind: 'patient_payment',
        responsibility: 'patient',
        amountCents: -input.amountCents,
        description: `Payment, ${methodName(input.method)}${input.reference ? ` ${input.reference}` : ''}`,
        postedOn: input.receivedOn,
        paymentId: pid,
        createdBy: user.id,
      },
    ]);
    return pid;
  });
  grant.done({ paymentId: id, amountCents: input.amountCents, method: input.method });
  return { id, ...(await accountOf(deps.db, patientId, input.receivedOn)) };
}

/** Refunds (part of) a payment, never more than is left of it; appended, never an edit of the payment. */
export async function refundPayment(deps: BillingDeps, user: SessionUser, paymentId: string, input: { amountCents: number; note: string }, ctx: Ctx) {
  const result = await deps.db.transaction(async (tx) => {
    const p = await repo.findPayment(tx, paymentId, true);
    const grant = authorize(
      deps,
      ctx,
      user,
      'payment.refund',
      p ? { type: 'payment', id: paymentId, organizationId: p.organizationId, locationIds: [p.locationId], patientId: p.patientId } : null,
      { label: 'Payment' },
    );
    const pay = defined(p);
    if (pay.kind !== 'payment') throw conflict('A refund is made against a payment, not another refund.', 'conflict');
    if (input.amountCents > pay.amountCents - pay.refundedCents)
      throw new AppError(409, 'refund_exceeds_payment', `At most ${formatCents(pay.amountCents - pay.refundedCents)} of this payment is left to refund.`, [
        { path: 'amountCents', message: `must be at most ${pay.amountCents - pay.refundedCents}` },
      ]);
    const [loc] = await billingLocations(tx, [pay.locationId]);
    const today = clinicToday(loc?.timeZone ?? 'America/New_York');
    const rid = await repo.insertPayment(tx, {
      organizationId: pay.organizationId,
      locationId: pay.locationId,
      patientId: pay.patientId,
      kind: 'refund',
      method: pay.method,
      amountCents: input.amountCents,
      refundOf: pay.id,
      receivedOn: today,
      note: input.note,
      recordedBy: user.id,
    });
    await repo.insertLedger(tx, [
      {
        organizationId: pay.organizationId,
        patientId: pay.patientId,
        kind: 'refund',
        responsibility: 'patient',
        amountCents: input.amountCents,
        description: `Refund to ${methodName(pay.method)}: ${input.note}`.slice(0, 200),
        postedOn: today,
        paymentId: rid,
        createdBy: user.id,
      },
    ]);
    grant.done({ refundId: rid, amountCents: input.amountCents });
    return { patientId: pay.patientId, today, id: rid };
  });
  return { id: result.id, ...(await accountOf(deps.db, result.patientId, result.today)) };
}

// ---- Documents: superbills, statements, receipts ----

/** The last day of a YYYY-MM month. */
const lastDayOf = (month: string) =>
  `${month}-${String(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()).padStart(2, '0')}`;

type Provider = { id: string; displayName: string; npi: string | null; credentials: string | null };
/** "Dr. Priya Raman, MD": the credentials once, whether or not the display name already carries them. */
const withCredentials = (p: Pick<Provider, 'displayName' | 'credentials'>) =>
  p.credentials && !p.displayName.includes(p.credentials) ? `${p.displayName}, ${p.credentials}` : p.displayName;

function letterheadOf(loc: BillingLocation) {
  return {
    name: loc.name,
    lines: [
      [loc.addressLine1, loc.addressLine2].filter(Boolean).join(', '),
      `${loc.city}, ${loc.state} ${loc.postalCode}`,
      [loc.phone ? `Phone ${loc.phone}` : null, loc.npi ? `NPI ${loc.npi}` : null, loc.taxId ? `Tax ID ${loc.taxId}` : null].filter(Boolean).join(' · '),
    ].filter(Boolean),
  };
}

const patientRows = (p: PatientForBilling, memberId: string | null): [string, string][] => [
  ['Patient', `${p.legalGivenName} ${p.legalFamilyName}`],
  ['Date of birth', p.dateOfBirth],
  ['Address', [p.addressLine1, p.addressLine2, p.city && `${p.city}, ${p.state ?? ''} ${p.postalCode ?? ''}`].filter(Boolean).join(', ') || 'Not on file'],
  ['Member ID', memberId ?? 'Not on file'],
  ['Account', p.mrn],
];

/**
 * A superbill (domain.md §8.1, delivery-and-billing.md B7.2): every field a payer needs for the patient's own
 * out-of-network claim (patient, provider with individual NPI, practice NPI and tax ID, each date of service, place of
 * service, CPT/HCPCS with modifiers, units and fee, ICD-10-CM codes with pointers, paid amounts, signature).
 */
export function superbillDocument(s: {
  patient: PatientForBilling;
  memberId: string | null;
  location: BillingLocation;
  providers: Provider[];
  charges: repo.ChargeRow[];
  paidCents: number;
  period: string;
  signedOn: string;
}): DocumentSpec {
  const dx: string[] = [];
  for (const c of s.charges) for (const d of c.diagnoses) if (!dx.includes(d)) dx.push(d);
  const letter = (code: string) => String.fromCharCode(65 + dx.indexOf(code));
  const total = s.charges.reduce((t, c) => t + c.chargeCents, 0);
  return {
    letterhead: letterheadOf(s.location),
    title: 'Superbill',
    subtitle: `Statement of services for insurance reimbursement · ${s.period}`,
    sections: [
      { heading: 'Patient', blocks: [{ kind: 'rows', rows: patientRows(s.patient, s.memberId) }] },
      {
        heading: 'Provider',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ...s.providers.map((p): [string, string] => ['Rendering provider', `${withCredentials(p)} · NPI ${p.npi ?? 'not on file'}`]),
              ['Practice', `${s.location.name} · NPI ${s.location.npi ?? 'not on file'}`],
              ['Tax ID (EIN)', s.location.taxId ?? 'Not on file'],
              ['Place of service', `${s.charges[0]?.placeOfService ?? '11'} (office)`],
            ],
          },
        ],
      },
      {
        heading: 'Diagnoses (ICD-10-CM)',
        blocks: [{ kind: 'rows', rows: dx.map((d): [string, string] => [`${letter(d)}. ${d}`, findDiagnosisCode(d)?.description ?? '']) }],
      },
      {
        heading: 'Services',
        blocks: [
          {
            kind: 'rows',
            rows: s.charges.map((c): [string, string] => [
              `${c.dateOfService} · ${c.code}${c.modifiers.length ? `-${c.modifiers.join('-')}` : ''} x${c.units}`,
              `${formatCents(c.chargeCents)} · POS ${c.placeOfService} · Dx ${c.pointers.map((p) => letter(defined(c.diagnoses[p - 1]))).join(',')}${c.drug?.ndc ? ` · NDC ${c.drug.ndc}` : ''}`,
            ]),
          },
        ],
      },
      {
        heading: 'Totals',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['Total charges', formatCents(total)],
              ['Paid by the patient', formatCents(s.paidCents)],
              ['Balance', formatCents(Math.max(0, total - s.paidCents))],
            ],
          },
        ],
      },
      {
        heading: 'Signature',
        blocks: [
          {
            kind: 'paragraph',
            text: `I certify these services were provided as listed. ${s.providers.map(withCredentials).join('; ')} · signed electronically ${s.signedOn}`,
          },
        ],
      },
    ],
    footer: 'This superbill is not a claim. Send it with your insurer’s claim form to ask for out-of-network reimbursement.',
  };
}

async function superbillFor(db: Db, patientId: string, q: { sessionId?: string | undefined; month?: string | undefined }, today: string) {
  const from = q.month ? `${q.month}-01` : undefined;
  const to = q.month ? lastDayOf(q.month) : undefined;
  const all = (await repo.chargesOfPatient(db, patientId, from, to)).filter((c) => c.status === 'approved' || c.status === 'billed');
  const charges = q.sessionId ? all.filter((c) => c.sessionId === q.sessionId) : all;
  if (charges.length === 0) return null;
  const first = defined(charges[0]);
  const [[patient], [location], coverages, providers, payments] = await Promise.all([
    patientsForBilling(db, [patientId]),
    billingLocations(db, [first.locationId]),
    coveragesOfPatients(db, [patientId]),
    billingIdentities(db, [...new Set(charges.flatMap((c) => (c.renderingProviderId ? [c.renderingProviderId] : [])))]),
    repo.paymentsOf(db, patientId),
  ]);
  const paid = payments
    .filter((p) => (!from || p.receivedOn >= from) && (!to || p.receivedOn <= to))
    .reduce((s, p) => s + (p.kind === 'payment' ? p.amountCents : -p.amountCents), 0);
  return superbillDocument({
    patient: defined(patient),
    memberId: coverages[0]?.memberId ?? null,
    location: defined(location),
    providers,
    charges,
    paidCents: q.sessionId ? 0 : paid,
    period: q.month ? `Services in ${q.month}` : `Visit on ${first.dateOfService}`,
    signedOn: today,
  });
}

export async function superbillPdf(
  deps: BillingDeps,
  user: SessionUser,
  patientId: string,
  q: { sessionId?: string | undefined; month?: string | undefined },
  ctx: Ctx,
) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'superbill.print');
  const doc = await superbillFor(deps.db, patientId, q, clinicToday(await patientZone(deps.db, user, grant.facts.locationIds[0] ?? null)));
  if (!doc) throw notFound('Billed service');
  const pdf = await renderPdf(doc);
  grant.done(q);
  return pdf;
}

/** The patient's statement: what they owe now, the account's recent entries, the plan's next installment, their dispute rights. */
async function statementFor(db: Db, patientId: string, today: string) {
  const [account, [patient], charges] = await Promise.all([
    accountOf(db, patientId, today),
    patientsForBilling(db, [patientId]),
    repo.chargesOfPatient(db, patientId),
  ]);
  const [location] = await billingLocations(db, charges[0] ? [charges[0].locationId] : []);
  const p = defined(patient);
  const recent = account.entries.filter((e) => e.responsibility === 'patient').slice(-30);
  const sections: DocumentSpec['sections'] = [
    { heading: 'Patient', blocks: [{ kind: 'rows', rows: patientRows(p, null).filter(([k]) => k !== 'Member ID') }] },
    {
      heading: 'Amount due',
      blocks: [
        {
          kind: 'rows',
          rows: [
            ['You owe', formatCents(Math.max(0, account.balance.patientCents))],
            ['Waiting on insurance', formatCents(account.balance.insuranceCents)],
            ...(account.balance.patientCents < 0 ? ([['Credit on your account', formatCents(-account.balance.patientCents)]] as [string, string][]) : []),
            ...(account.paymentPlan?.standing.nextDue
              ? ([
                  ['Next installment', `${formatCents(account.paymentPlan.standing.nextDue.amountCents)} due ${account.paymentPlan.standing.nextDue.dueOn}`],
                ] as [string, string][])
              : []),
          ],
        },
      ],
    },
    {
      heading: 'Activity',
      blocks: [{ kind: 'rows', rows: recent.map((e): [string, string] => [`${e.postedOn} · ${e.description}`, formatCents(e.amountCents)]) }],
    },
  ];
  if (account.noSurprisesAct?.disputeEligible && account.noSurprisesAct.notice)
    sections.push({ heading: 'Your right to dispute this bill', blocks: [{ kind: 'paragraph', text: account.noSurprisesAct.notice }] });
  return {
    letterhead: location ? letterheadOf(location) : null,
    title: 'Statement',
    subtitle: `As of ${today}`,
    sections,
    footer: 'Pay at the front desk (cash, card, check, HSA/FSA card). Questions about this statement: call the clinic.',
  } satisfies DocumentSpec;
}

export async function statementPdf(deps: BillingDeps, user: SessionUser, patientId: string, ctx: Ctx) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'statement.print');
  const doc = await statementFor(deps.db, patientId, clinicToday(await patientZone(deps.db, user, grant.facts.locationIds[0] ?? null)));
  const pdf = await renderPdf(doc);
  grant.done();
  return pdf;
}

/**
 * An itemized receipt for a payment, with what an HSA/FSA administrator asks for (B8, DERIVED): patient, provider
 * name, NPI and tax ID, the services with dates and codes, amount charged and paid, payment date and method.
 */
async function receiptFor(db: Db, paymentId: string) {
  const pay = await repo.findPayment(db, paymentId);
  if (!pay || pay.kind !== 'payment') return null;
  const [[patient], [location], charges] = await Promise.all([
    patientsForBilling(db, [pay.patientId]),
    billingLocations(db, [pay.locationId]),
    repo.chargesOfPatient(db, pay.patientId, undefined, pay.receivedOn),
  ]);
  const yearAgo = `${Number(pay.receivedOn.slice(0, 4)) - 1}${pay.receivedOn.slice(4)}`;
  const services = charges.filter((c) => c.dateOfService >= yearAgo && c.status !== 'review').slice(-20);
  const providers = await billingIdentities(db, [...new Set(services.flatMap((c) => (c.renderingProviderId ? [c.renderingProviderId] : [])))]);
  const p = defined(patient);
  const loc = defined(location);
  return {
    patientId: pay.patientId,
    doc: {
      letterhead: letterheadOf(loc),
      title: 'Receipt',
      subtitle: `Payment of ${formatCents(pay.amountCents)} on ${pay.receivedOn}`,
      sections: [
        { heading: 'Patient', blocks: [{ kind: 'rows', rows: patientRows(p, null).filter(([k]) => k !== 'Member ID') }] },
        {
          heading: 'Payment',
          blocks: [
            {
              kind: 'rows',
              rows: [
                ['Amount paid', formatCents(pay.amountCents)],
                ['Date', pay.receivedOn],
                ['Method', `${methodName(pay.method)}${pay.reference ? ` (${pay.reference})` : ''}`],
                ...(pay.refundedCents ? ([['Refunded since', formatCents(pay.refundedCents)]] as [string, string][]) : []),
              ],
            },
          ],
        },
        {
          heading: 'Provider',
          blocks: [
            {
              kind: 'rows',
              rows: [
                ['Practice', `${loc.name} · NPI ${loc.npi ?? 'not on file'}`],
                ['Tax ID (EIN)', loc.taxId ?? 'Not on file'],
                ...providers.map((x): [string, string] => ['Provider', `${withCredentials(x)} · NPI ${x.npi ?? 'not on file'}`]),
              ],
            },
          ],
        },
        {
          heading: 'Medical services on the account (last 12 months)',
          blocks: [
            {
              kind: 'rows',
              rows: services.map((c): [string, string] => [`${c.dateOfService} · ${c.code} x${c.units}`, formatCents(c.chargeCents)]),
            },
          ],
        },
      ],
      footer: 'Medical care by a licensed provider for a diagnosed condition. Keep this receipt for your HSA or FSA administrator.',
    } satisfies DocumentSpec,
  };
}

export async function receiptPdf(deps: BillingDeps, user: SessionUser, paymentId: string, ctx: Ctx) {
  const pay = await repo.findPayment(deps.db, paymentId);
  const grant = authorize(
    deps,
    ctx,
    user,
    'receipt.print',
    pay ? { type: 'payment', id: paymentId, organizationId: pay.organizationId, locationIds: [pay.locationId], patientId: pay.patientId } : null,
    { label: 'Payment' },
  );
  const r = await receiptFor(deps.db, paymentId);
  if (!r) throw notFound('Payment');
  const pdf = await renderPdf(r.doc);
  grant.done();
  return pdf;
}

// ---- The patient's own documents (the portal) ----

/** The billing documents a patient sees in the portal: the current statement, each payment's receipt, and monthly superbills. */
export async function ownBillingDocuments(db: Db, patientId: string) {
  const [payments, charges, balance] = await Promise.all([repo.paymentsOf(db, patientId), repo.chargesOfPatient(db, patientId), repo.balanceOf(db, patientId)]);
  const billed = charges.filter((c) => c.status === 'approved' || c.status === 'billed');
  const months = [...new Set(billed.map((c) => c.dateOfService.slice(0, 7)))].sort().reverse();
  const docs: { id: string; kind: 'statement' | 'receipt' | 'superbill'; title: string; date: string; amountCents: number | null }[] = [];
  if (billed.length || payments.length)
    docs.push({
      id: 'current',
      kind: 'statement',
      title: 'Statement',
      date: clinicDateOf('America/New_York', new Date()),
      amountCents: Math.max(0, balance.patientBalanceCents),
    });
  for (const p of payments.filter((x) => x.kind === 'payment').reverse())
    docs.push({ id: p.id, kind: 'receipt', title: `Receipt: ${formatCents(p.amountCents)} paid`, date: p.receivedOn, amountCents: p.amountCents });
  for (const m of months)
    docs.push({
      id: m,
      kind: 'superbill',
      title: `Superbill for ${m}`,
      date: `${m}-01`,
      amountCents: billed.filter((c) => c.dateOfService.startsWith(m)).reduce((s, c) => s + c.chargeCents, 0),
    });
  return docs;
}

/** One of the patient's own billing documents as a PDF; null when it is not theirs (the portal answers 404). */
export async function ownBillingPdf(
  db: Db,
  patientId: string,
  kind: 'statement' | 'receipt' | 'superbill',
  id: string,
  timeZone: string,
): Promise<Uint8Array | null> {
  const today = clinicToday(timeZone);
  if (kind === 'statement') return id === 'current' ? renderPdf(await statementFor(db, patientId, today)) : null;
  if (kind === 'superbill') {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(id)) return null;
    const doc = await superbillFor(db, patientId, { month: id }, today);
    return doc ? renderPdf(doc) : null;
  }
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const r = await receiptFor(db, id);
  return r && r.patientId === patientId ? renderPdf(r.doc) : null;
}
