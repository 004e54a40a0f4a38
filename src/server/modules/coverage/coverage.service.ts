import type { SessionUser } from '../../../contracts/auth.js';
import { policyTermsSchema } from '../../../contracts/coverage.js';

import { coverageOutlook, TREATMENT_KEYS, type ChartFacts, type PolicyTerms } from '../../../domain/coverage/policy.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { fieldError, notFound } from '../../platform/errors.js';

import { assertPatientAccess, authorizePatientRead } from '../patients/index.js';

import * as repo from './coverage.repository.js';
import type { BenefitsRow, CoverageRow, PolicyRow } from './coverage.repository.js';
import { defined } from '../../../domain/defined.js';

export type CoverageDeps = { db: Db; audit: AuditTrail };

export function presentPolicy(p: PolicyRow) {
  return {
    id: p.id,
    payerId: p.payerId,
    treatment: p.treatment,
    version: p.version,
    effectiveFrom: p.effectiveFrom,
    terms: policyTermsSchema.parse(p.terms),
    source: p.source,
    createdAt: toIsoRequired(p.createdAt),
  };
}

function presentBenefits(b: BenefitsRow) {
  return {
    id: b.id,
    treatment: b.treatment,
    checkedOn: b.checkedOn,
    referenceNumber: b.referenceNumber,
    representative: b.representative,
    deductibleCents: b.deductibleCents,
    deductibleMetCents: b.deductibleMetCents,
    outOfPocketMaxCents: b.outOfPocketMaxCents,
    outOfPocketMetCents: b.outOfPocketMetCents,
    coinsurancePercent: b.coinsurancePercent,
    copayCents: b.copayCents,
    notes: b.notes,
    createdAt: toIsoRequired(b.createdAt),
  };
}

export async function listPayers(deps: CoverageDeps, user: SessionUser) {
  const payers = await repo.listPayers(deps.db, user.organizationId);
  const policies = await repo.listPolicies(
    deps.db,
    payers.map((p) => p.id),
  );
  return { items: payers.map((p) => ({ ...p, policies: policies.filter((x) => x.payerId === p.id).map(presentPolicy) })) };
}

export async function publishPolicy(
  deps: CoverageDeps,
  user: SessionUser,
  payerId: string,
  input: { treatment: string; effectiveFrom: string; terms: PolicyTerms; source?: string | null | undefined },
  ctx: AuditContext,
) {
  if ((await repo.payerOrganization(deps.db, payerId)) !== user.organizationId) throw notFound('Payer');
  const row = await deps.db.transaction(async (tx) => {
    const published = await repo.publishPolicy(tx, {
      payerId,
      treatment: input.treatment,
      effectiveFrom: input.effectiveFrom,
      terms: input.terms,
      source: input.source ?? null,
      createdBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'payer.policy.publish',
      outcome: 'success',
      entityType: 'payer_policy',
      entityId: published.id,
      details: { payerId, treatment: input.treatment, version: published.version, effectiveFrom: input.effectiveFrom },
    });
    return published;
  });
  return presentPolicy(row);
}

async function coveragesWithChecks(db: Db, patientId: string) {
  const coverages = await repo.listCoverages(db, patientId);
  const checks = await repo.listBenefitsChecks(
    db,
    coverages.map((c) => c.id),
  );
  return { coverages, checks };
}

function presentCoverage(c: CoverageRow, checks: BenefitsRow[]) {
  return {
    id: c.id,
    payer: { id: c.payerId, name: c.payerName, kind: c.payerKind },
    plan: c.planId ? { id: c.planId, name: c.planName ?? '' } : null,
    priority: c.priority,
    memberId: c.memberId,
    groupId: c.groupId,
    subscriberName: c.subscriberName,
    subscriberRelationship: c.subscriberRelationship,
    effectiveFrom: c.effectiveFrom,
    effectiveTo: c.effectiveTo,
    benefitsChecks: checks.filter((b) => b.coverageId === c.id).map(presentBenefits),
  };
}

export async function listCoverages(deps: CoverageDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const read = await authorizePatientRead(deps, user, patientId, ctx, 'coverage.list');
  const { coverages, checks } = await coveragesWithChecks(deps.db, patientId);
  read.done();
  return { items: coverages.map((c) => presentCoverage(c, checks)) };
}

export async function addCoverage(
  deps: CoverageDeps,
  user: SessionUser,
  patientId: string,
  input: {
    payerId: string;
    planId?: string | undefined;
    priority: string;
    memberId?: string | null | undefined;
    groupId?: string | null | undefined;
    subscriberName?: string | null | undefined;
    subscriberRelationship: string;
    effectiveFrom: string;
    effectiveTo?: string | undefined;
  },
  ctx: AuditContext,
) {
  await assertPatientAccess(deps, user, patientId, ctx, 'coverage.create');
  if ((await repo.payerOrganization(deps.db, input.payerId)) !== user.organizationId) throw fieldError('payerId', 'is not one of the practice payers');
  if (input.planId && !(await repo.planBelongsTo(deps.db, input.planId, input.payerId))) throw fieldError('planId', 'is not a plan of that payer');
  await deps.db.transaction(async (tx) => {
    const id = await repo.insertCoverage(tx, {
      patientId,
      payerId: input.payerId,
      planId: input.planId ?? null,
      priority: input.priority,
      memberId: input.memberId ?? null,
      groupId: input.groupId ?? null,
      subscriberName: input.subscriberName ?? null,
      subscriberRelationship: input.subscriberRelationship,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo ?? null,
      createdBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, { action: 'coverage.create', outcome: 'success', entityType: 'coverage', entityId: id, patientId });
  });
  return listCoverages(deps, user, patientId, ctx);
}

export async function recordBenefitsCheck(
  deps: CoverageDeps,
  user: SessionUser,
  coverageId: string,
  input: Omit<repo.BenefitsInsert, 'coverageId' | 'recordedBy' | 'id'>,
  ctx: AuditContext,
) {
  const coverage = await repo.findCoverage(deps.db, coverageId);
  if (!coverage) throw notFound('Coverage');
  await assertPatientAccess(deps, user, coverage.patientId, ctx, 'coverage.benefits.record');
  await deps.db.transaction(async (tx) => {
    await repo.insertBenefitsCheck(tx, { ...input, coverageId, recordedBy: user.id });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'coverage.benefits.record',
      outcome: 'success',
      entityType: 'coverage',
      entityId: coverageId,
      patientId: coverage.patientId,
      details: { referenceNumber: input.referenceNumber },
    });
  });
  return listCoverages(deps, user, coverage.patientId, ctx);
}

/** The primary coverage in force today, else the first one in force. */
function activeCoverage(coverages: CoverageRow[], on: string): CoverageRow | null {
  const inForce = coverages.filter((c) => c.effectiveFrom <= on && (!c.effectiveTo || c.effectiveTo >= on));
  return inForce.find((c) => c.priority === 'primary') ?? inForce[0] ?? null;
}

/**
 * For each treatment, the coverage outlook under the patient's coverage in force on `on` (the clinic's today) and the
 * policy version in force then, judged on the chart evidence; plus what the care-path engine needs of it.
 */
export async function coverageOutlookForPatient(db: Db, patientId: string, on: string, chart: ChartFacts | null) {
  const { coverages, checks } = await coveragesWithChecks(db, patientId);
  const coverage = activeCoverage(coverages, on);
  const policies = coverage ? await Promise.all(TREATMENT_KEYS.map((t) => repo.policyInForce(db, coverage.payerId, t, on))) : TREATMENT_KEYS.map(() => null);
  const outlook = TREATMENT_KEYS.map((treatment, i) => {
    const policy = policies[i] ?? null;
    const latestCheck = coverage ? (checks.find((b) => b.coverageId === coverage.id && (b.treatment === treatment || b.treatment === null)) ?? null) : null;
    const base = {
      treatment,
      coverageId: coverage?.id ?? null,
      payerName: coverage?.payerName ?? null,
      policy: policy ? { id: policy.id, version: policy.version, effectiveFrom: policy.effectiveFrom, source: policy.source } : null,
      latestBenefitsCheck: latestCheck ? presentBenefits(latestCheck) : null,
    };
    if (!coverage || !policy) {
      return {
        ...base,
        status: coverage ? 'no_policy' : 'no_coverage',
        covered: false,
        priorAuthorizationRequired: false,
        note: coverage ? 'This payer has no policy on file for this treatment.' : 'No coverage on file: self-pay estimate applies.',
        criteria: [],
        documentsNeeded: [],
      };
    }
    const terms = policyTermsSchema.parse(policy.terms);
    const o = chart
      ? coverageOutlook(terms, chart)
      : {
          status: 'information_missing',
          covered: terms.covered,
          priorAuthorizationRequired: terms.priorAuthorizationRequired,
          note: terms.note ?? null,
          criteria: [],
          documentsNeeded: ['A signed intake assessment', ...terms.documents],
        };
    return { ...base, ...o };
  });
  // What the engine needs: per treatment, whether this payer covers it and wants prior authorization.
  const coverageFacts = Object.fromEntries(
    outlook
      .filter((o) => o.policy && o.payerName && coverage?.payerKind !== 'self_pay')
      .map((o) => [o.treatment, { payerName: defined(o.payerName), covered: o.covered, priorAuthorizationRequired: o.priorAuthorizationRequired }]),
  );
  return { outlook, coverageFacts, policyIds: policies.filter((p): p is PolicyRow => p !== null).map((p) => p.id) };
}

/** Policy versions by id, as they were published (a recorded recommendation shows the ones it used). */
export async function policiesByIds(db: Db, ids: readonly string[]) {
  return (await repo.policiesByIds(db, ids)).map(presentPolicy);
}
