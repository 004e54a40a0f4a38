import type { SessionUser } from '../../../contracts/auth.js';
import { policyTermsSchema } from '../../../contracts/coverage.js';
import { estimateSchema, type Estimate } from '../../../contracts/estimates.js';
import { estimateCourse, formatCents, paymentPlan } from '../../../domain/coverage/estimate.js';
import type { PolicyPayment } from '../../../domain/coverage/policy.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { renderPdf, type DocumentSpec } from '../../platform/documents/pdf.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { authorize } from '../../platform/access/authorize.js';
import { listBenefitsChecks, listCoverages, policyInForce } from '../coverage/index.js';
import { latestSignedContent } from '../intake/index.js';
import { assertPatientAccess, authorizePatientRead, patientBasics } from '../patients/index.js';
import { clinicToday } from '../../../domain/time/clinic-today.js';
import * as repo from './estimates.repository.js';
import type { PriceRow } from './estimates.repository.js';
import { defined } from '../../../domain/defined.js';

export type EstimateDeps = { db: Db; audit: AuditTrail };

const presentPrice = (p: PriceRow) => ({
  id: p.id,
  locationId: p.locationId,
  code: p.code,
  name: p.name,
  kind: p.kind as 'session',
  treatment: p.treatment,
  sessions: p.sessions,
  priceCents: p.priceCents,
  includes: p.includes,
  serviceCodes: p.serviceCodes,
  hsaFsaEligible: p.hsaFsaEligible,
  active: p.active,
});

/**
 * The pricing authorize(actor, action, record): a clinic's price list is edited by administrators and by that
 * clinic's managers (pricing:manage); a refusal is audited (platform/access/authorize.ts).
 */
function authorizePrices(
  deps: EstimateDeps,
  ctx: AuditContext,
  user: SessionUser,
  action: string,
  locationId: string,
  organizationId: string | null,
  label = 'Clinic',
) {
  return authorize(deps, ctx, user, action, organizationId ? { type: 'location', id: locationId, organizationId, locationIds: [locationId] } : null, {
    permission: 'pricing:manage',
    label,
    refusal: 'That clinic is not one of yours.',
  });
}

async function ownClinic(db: Db, user: SessionUser, locationId: string) {
  const c = await repo.clinic(db, locationId);
  if (!c || c.organizationId !== user.organizationId) throw notFound('Clinic');
  return c;
}

export async function priceList(deps: EstimateDeps, user: SessionUser, locationId: string) {
  await ownClinic(deps.db, user, locationId);
  return { items: (await repo.listPrices(deps.db, locationId)).map(presentPrice) };
}

export async function addPrice(
  deps: EstimateDeps,
  user: SessionUser,
  locationId: string,
  input: Omit<repo.PriceInsert, 'organizationId' | 'locationId'>,
  ctx: AuditContext,
) {
  const clinic = await repo.clinic(deps.db, locationId);
  authorizePrices(deps, ctx, user, 'price.create', locationId, clinic && clinic.organizationId);
  const row = await deps.db.transaction(async (tx) => {
    const r = await repo.insertPrice(tx, { ...input, organizationId: user.organizationId, locationId });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'price.create',
      outcome: 'success',
      entityType: 'price_list_item',
      entityId: r.id,
      details: { code: r.code, priceCents: r.priceCents },
    });
    return r;
  });
  return presentPrice(row);
}

export async function updatePrice(
  deps: EstimateDeps,
  user: SessionUser,
  id: string,
  input: { priceCents?: number | undefined; active?: boolean | undefined; name?: string | undefined },
  ctx: AuditContext,
) {
  const existing = await repo.findPrice(deps.db, id);
  if (!existing) throw notFound('Price');
  authorizePrices(deps, ctx, user, 'price.update', existing.locationId, existing.organizationId, 'Price');
  const row = await deps.db.transaction(async (tx) => {
    const r = await repo.updatePrice(tx, id, {
      ...(input.priceCents !== undefined ? { priceCents: input.priceCents } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'price.update',
      outcome: 'success',
      entityType: 'price_list_item',
      entityId: id,
      details: { from: existing.priceCents, ...input },
    });
    return defined(r);
  });
  return presentPrice(row);
}

const DISCLAIMERS = [
  'This Good Faith Estimate shows the costs of items and services that are reasonably expected for your health care needs for an item or service. The estimate is based on information known at the time the estimate was created.',
  'The Good Faith Estimate does not include any unknown or unexpected costs that may arise during treatment. You could be charged more if complications or special circumstances occur.',
  'If you are billed for more than this Good Faith Estimate, you have the right to dispute the bill. You may contact the health care provider or facility listed to let them know the billed charges are higher than the Good Faith Estimate. You can also start a dispute resolution process with the U.S. Department of Health and Human Services (HHS) if the bill is $400 or more above this estimate.',
  'The Good Faith Estimate is not a contract and does not require you to obtain the items or services from any of the providers or facilities identified in the Good Faith Estimate.',
  'Keep a copy of this Good Faith Estimate in a safe place or take pictures of it. You may need it if you are billed a higher amount. For questions or more information about your right to a Good Faith Estimate, visit www.cms.gov/nosurprises.',
];

/**
 * Computes a patient's expected cost for a planned course from the price list, the coverage's policy in force and
 * the latest benefits check, and stores it. Uninsured and self-pay patients get a Good Faith Estimate with the
 * content 45 CFR 149.610 requires (domain §0.1).
 */
export async function createEstimate(
  deps: EstimateDeps,
  user: SessionUser,
  patientId: string,
  input: {
    priceItemId: string;
    sessions?: number | undefined;
    coverageId?: string | undefined;
    plannedStart?: string | undefined;
    installments: number;
    firstDueDate?: string | undefined;
  },
  ctx: AuditContext,
) {
  const access = await assertPatientAccess(deps, user, patientId, ctx, 'estimate.create');
  const item = await repo.findPrice(deps.db, input.priceItemId);
  if (!item || item.organizationId !== user.organizationId || !item.active) throw fieldError('priceItemId', 'is not an active item of a clinic price list');
  if (!access.locationIds.includes(item.locationId) && user.role !== 'admin' && user.role !== 'biller')
    throw fieldError('priceItemId', "is not at one of the patient's clinics");
  const sessions = item.kind === 'package' ? item.sessions : (input.sessions ?? item.sessions);
  const [basics, intake, coverages, c] = await Promise.all([
    patientBasics(deps.db, patientId),
    latestSignedContent(deps.db, patientId),
    listCoverages(deps.db, patientId),
    repo.clinic(deps.db, item.locationId),
  ]);
  // The estimating clinic's today (its IANA zone): the policy in force and the first due date turn on it.
  const today = clinicToday(c?.timeZone ?? defined(basics).timeZone);
  const coverage = input.coverageId ? coverages.find((x) => x.id === input.coverageId) : undefined;
  if (input.coverageId && !coverage) throw fieldError('coverageId', 'is not a coverage of this patient');
  const goodFaith = !coverage || coverage.payerKind === 'self_pay';

  let payment: PolicyPayment = { kind: 'none' };
  let covered = false;
  let coverageSummary: Estimate['coverage'] = null;
  let policyId: string | null = null;
  let deductibleRemaining = 0;
  let oopRemaining: number | null = null;
  if (coverage && !goodFaith) {
    const policy = await policyInForce(deps.db, coverage.payerId, item.treatment, input.plannedStart ?? today);
    const terms = policy ? policyTermsSchema.parse(policy.terms) : null;
    policyId = policy?.id ?? null;
    covered = terms?.covered ?? false;
    payment = terms?.payment ?? { kind: 'none' };
    const checks = await listBenefitsChecks(deps.db, [coverage.id]);
    const check = checks.find((b) => b.treatment === item.treatment || b.treatment === null) ?? null;
    if (check) {
      deductibleRemaining = Math.max(0, (check.deductibleCents ?? 0) - (check.deductibleMetCents ?? 0));
      oopRemaining = check.outOfPocketMaxCents !== null ? Math.max(0, check.outOfPocketMaxCents - (check.outOfPocketMetCents ?? 0)) : null;
      // What the payer said on the call wins over the policy's generic share.
      if (covered && check.coinsurancePercent !== null && payment.kind === 'coinsurance') payment = { ...payment, patientPercent: check.coinsurancePercent };
      if (covered && check.copayCents !== null && payment.kind === 'copay') payment = { kind: 'copay', copayCents: check.copayCents };
    }
    coverageSummary = {
      payerName: coverage.payerName,
      policyVersion: policy ? policy.version : null,
      covered,
      note: terms?.note ?? (policy ? null : 'No policy on file for this treatment'),
      deductibleRemainingCents: deductibleRemaining,
      outOfPocketRemainingCents: oopRemaining,
      benefitsReference: check?.referenceNumber ?? null,
    };
  }
  const result = estimateCourse({
    priceCents: item.kind === 'package' ? 0 : item.priceCents,
    packagePriceCents: item.kind === 'package' ? item.priceCents : null,
    sessions,
    covered,
    payment,
    deductibleRemainingCents: deductibleRemaining,
    outOfPocketRemainingCents: oopRemaining,
  });
  const body: Omit<Estimate, 'id' | 'createdAt'> = {
    patientId,
    goodFaith,
    patient: { name: `${defined(basics).legalGivenName} ${defined(basics).legalFamilyName}`, dateOfBirth: defined(basics).dateOfBirth },
    provider: {
      name: defined(c).name,
      npi: defined(c).npi,
      taxId: defined(c).taxId,
      address: [defined(c).addressLine1, defined(c).addressLine2, `${defined(c).city}, ${defined(c).state} ${defined(c).postalCode}`]
        .filter(Boolean)
        .join(', '),
      phone: defined(c).phone,
    },
    item: {
      code: item.code,
      name: item.name,
      includes: item.includes,
      serviceCodes: item.serviceCodes,
      sessions,
      priceCents: item.priceCents,
      kind: item.kind,
      treatment: item.treatment,
    },
    plannedStart: input.plannedStart ?? null,
    diagnosisCodes: intake ? intake.content.diagnoses.map((d) => d.code) : [],
    coverage: coverageSummary,
    lines: result.lines,
    steps: result.steps,
    chargeCents: result.chargeCents,
    patientCents: result.patientCents,
    payerCents: result.payerCents,
    hsaFsa: item.hsaFsaEligible
      ? 'These services are medical care a Health Savings Account (HSA) or Flexible Spending Account (FSA) can usually pay for; check your plan. An itemized receipt is provided for each payment.'
      : 'This item is not usually HSA/FSA eligible.',
    paymentPlan: result.patientCents > 0 ? paymentPlan(result.patientCents, input.installments, input.firstDueDate ?? input.plannedStart ?? today) : [],
    separatelyScheduled: [
      'Psychiatric evaluation and follow-up visits with the prescribing provider',
      'Laboratory tests, if ordered',
      'Care from other providers or facilities',
    ],
    disclaimers: goodFaith
      ? DISCLAIMERS
      : [
          'This is an estimate based on your plan information and the benefits check above. Your plan decides the final amount; it is not a guarantee of payment.',
        ],
  };
  const id = await deps.db.transaction(async (tx) => {
    const newId = await repo.insertEstimate(tx, {
      patientId,
      priceItemId: item.id,
      coverageId: coverage?.id ?? null,
      policyId,
      goodFaith,
      body: body,
      patientCents: result.patientCents,
      createdBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'estimate.create',
      outcome: 'success',
      entityType: 'cost_estimate',
      entityId: newId,
      patientId,
      details: { item: item.code, patientCents: result.patientCents, goodFaith },
    });
    return newId;
  });
  return readEstimate(deps, user, id, ctx);
}

export async function readEstimate(deps: EstimateDeps, user: SessionUser, id: string, ctx: AuditContext): Promise<Estimate> {
  const row = await repo.findEstimate(deps.db, id);
  if (!row) throw notFound('Estimate');
  await assertPatientAccess(deps, user, row.patientId, ctx, 'estimate.read');
  deps.audit.record(ctx, { action: 'estimate.read', outcome: 'success', entityType: 'cost_estimate', entityId: id, patientId: row.patientId });
  return estimateSchema.parse({ ...row.body, id: row.id, createdAt: toIsoRequired(row.createdAt) });
}

export async function listEstimates(deps: EstimateDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const read = await authorizePatientRead(deps, user, patientId, ctx, 'estimate.list');
  const rows = await repo.listEstimates(deps.db, patientId);
  read.done({ count: rows.length });
  return {
    items: rows.map((r) => ({
      id: r.id,
      createdAt: toIsoRequired(r.createdAt),
      goodFaith: r.goodFaith,
      patientCents: r.patientCents,
      chargeCents: r.body.chargeCents,
      itemName: r.body.item.name,
    })),
  };
}

export function estimateDocument(e: Estimate): DocumentSpec {
  return {
    // The clinic's own letterhead, not the software's name.
    letterhead: {
      name: e.provider.name,
      lines: [
        e.provider.address,
        [e.provider.phone ? `Phone ${e.provider.phone}` : null, e.provider.npi ? `NPI ${e.provider.npi}` : null].filter(Boolean).join(' · '),
      ].filter(Boolean),
    },
    title: e.goodFaith ? 'Good Faith Estimate' : 'Cost estimate',
    subtitle: `Created ${e.createdAt.slice(0, 10)} · ${e.provider.name}`,
    sections: [
      {
        heading: 'Patient',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['Name', e.patient.name],
              ['Date of birth', e.patient.dateOfBirth],
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
              ['Practice / location', e.provider.name],
              ['Address', e.provider.address],
              ['Phone', e.provider.phone ?? ''],
              ['NPI', e.provider.npi ?? 'not on file'],
              ['TIN', e.provider.taxId ?? 'not on file'],
            ],
          },
        ],
      },
      {
        heading: 'Primary service',
        blocks: [
          {
            kind: 'rows',
            rows: [
              ['Service', e.item.name],
              ['Planned start', e.plannedStart ?? 'to be scheduled'],
              ['Sessions', String(e.item.sessions)],
              ['Service codes', e.item.serviceCodes.join(', ') || '—'],
              ['Diagnosis codes', e.diagnosisCodes.join(', ') || '—'],
            ],
          },
          { kind: 'bullets', items: e.item.includes.map((i) => `Includes: ${i}`) },
        ],
      },
      {
        heading: 'Expected charges',
        blocks: [
          {
            kind: 'rows',
            rows: e.lines.map(
              (l) => [`Session ${l.session}`, `${formatCents(l.chargeCents)} charge · you pay ${formatCents(l.patientCents)}`] as [string, string],
            ),
          },
          {
            kind: 'rows',
            rows: [
              ['Total charges', formatCents(e.chargeCents)],
              ['Expected from your plan', formatCents(e.payerCents)],
              ['Expected from you', formatCents(e.patientCents)],
            ],
          },
          { kind: 'bullets', items: e.steps },
        ],
      },
      ...(e.coverage
        ? [
            {
              heading: 'Coverage',
              blocks: [
                {
                  kind: 'rows' as const,
                  rows: [
                    ['Payer', e.coverage.payerName],
                    ['Policy version', String(e.coverage.policyVersion ?? '—')],
                    ['Covered', e.coverage.covered ? 'yes' : 'no'],
                    ['Benefits check reference', e.coverage.benefitsReference ?? '—'],
                  ] as [string, string][],
                },
                ...(e.coverage.note ? [{ kind: 'paragraph' as const, text: e.coverage.note }] : []),
              ],
            },
          ]
        : []),
      { heading: 'HSA / FSA', blocks: [{ kind: 'paragraph', text: e.hsaFsa }] },
      ...(e.paymentPlan.length > 1
        ? [
            {
              heading: 'Payment plan',
              blocks: [
                {
                  kind: 'rows' as const,
                  rows: e.paymentPlan.map((p) => [`Installment ${p.number}`, `${formatCents(p.amountCents)} due ${p.dueDate}`] as [string, string]),
                },
              ],
            },
          ]
        : []),
      { heading: 'Items or services scheduled separately (not in this estimate)', blocks: [{ kind: 'bullets', items: e.separatelyScheduled }] },
      { heading: 'Disclaimer', blocks: e.disclaimers.map((d) => ({ kind: 'paragraph' as const, text: d })) },
    ],
    footer: `${e.goodFaith ? 'Good Faith Estimate' : 'Estimate'} ${e.id.slice(0, 8)}`,
  };
}

export async function estimatePdf(deps: EstimateDeps, user: SessionUser, id: string, ctx: AuditContext) {
  return renderPdf(estimateDocument(await readEstimate(deps, user, id, ctx)));
}

// ---- The patient's own estimates (portal): the caller has checked the patient is signed in as themselves ----

/** The patient's estimates and Good Faith Estimates, newest first. */
export async function ownEstimates(db: Db, patientId: string) {
  const rows = await repo.listEstimates(db, patientId);
  return rows.map((r) => ({
    id: r.id,
    kind: r.goodFaith ? ('good_faith_estimate' as const) : ('estimate' as const),
    title: r.goodFaith ? `Good Faith Estimate: ${r.body.item.name}` : `Cost estimate: ${r.body.item.name}`,
    createdAt: toIsoRequired(r.createdAt),
    patientCents: r.patientCents,
    paymentPlan: r.body.paymentPlan ?? [],
  }));
}

/** One of the patient's own estimates as a PDF; null when it is not theirs (the caller answers 404). */
export async function ownEstimatePdf(db: Db, patientId: string, id: string): Promise<Uint8Array | null> {
  const row = await repo.findEstimate(db, id);
  if (!row || row.patientId !== patientId) return null;
  return renderPdf(estimateDocument(estimateSchema.parse({ ...row.body, id: row.id, createdAt: toIsoRequired(row.createdAt) })));
}
