import type { SessionUser } from '../../../contracts/auth.js';
import { policyTermsSchema } from '../../../contracts/coverage.js';
import { evaluateCarePath, type CareOption } from '../../../domain/care-path/care-path.js';
import { coverageOutlook, TREATMENT_KEYS, type PolicyTerms } from '../../../domain/coverage/policy.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { latestSignedContent } from '../intake/index.js';
import { assertPatientAccess, patientBasics, patientRiskFlags } from '../patients/index.js';
import { clinicDateOf, clinicToday } from '../../../domain/time/clinic-today.js';
import { roleHas } from '../../../contracts/permissions.js';
import { suicideRisk, type CarePathResult } from '../../../domain/care-path/care-path.js';
import { ICD10_CODES } from '../../../domain/intake/diagnoses.js';
import { carePathFacts, chartFacts } from './chart-facts.js';
import * as repo from './coverage.repository.js';
import type { BenefitsRow, CoverageRow, PolicyRow } from './coverage.repository.js';

export type CoverageDeps = { db: Db; audit: AuditTrail };

const URGENT_WITHOUT_DETAIL = {
  rule: 'suicidality',
  source: 'Minimum necessary: the reasons are clinical detail',
  text: 'Flagged urgent: a clinician reviews suicide risk today.',
};

/**
 * Minimum necessary: staff without clinical access (coordinators, billers, managers) see that a case is urgent, never
 * the answers behind it (which screen, which item, what the clinician recorded).
 */
export function presentCarePathResult<T extends Pick<CarePathResult, 'urgent' | 'urgentReasons'> & { suicideRisk?: unknown }>(user: SessionUser, result: T): T {
  if (roleHas(user.role, 'clinical:read')) return result;
  const { suicideRisk: _hidden, ...rest } = result;
  return { ...rest, urgentReasons: result.urgent ? [URGENT_WITHOUT_DETAIL] : [] } as T;
}

export function presentPolicy(p: PolicyRow) {
  return {
    id: p.id,
    payerId: p.payer_id,
    treatment: p.treatment,
    version: Number(p.version),
    effectiveFrom: p.effective_from,
    terms: policyTermsSchema.parse(p.terms),
    source: p.source,
    createdAt: toIsoRequired(p.created_at),
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
  return { items: payers.map((p) => ({ ...p, policies: policies.filter((x) => x.payer_id === p.id).map(presentPolicy) })) };
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
      terms: input.terms as unknown as Record<string, unknown>,
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
    payer: { id: c.payer_id, name: c.payer_name, kind: c.payer_kind },
    plan: c.plan_id ? { id: c.plan_id, name: c.plan_name ?? '' } : null,
    priority: c.priority,
    memberId: c.member_id,
    groupId: c.group_id,
    subscriberName: c.subscriber_name,
    subscriberRelationship: c.subscriber_relationship,
    effectiveFrom: c.effective_from,
    effectiveTo: c.effective_to,
    benefitsChecks: checks.filter((b) => b.coverageId === c.id).map(presentBenefits),
  };
}

export async function listCoverages(deps: CoverageDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  await assertPatientAccess(deps, user, patientId, ctx, 'coverage.list');
  const { coverages, checks } = await coveragesWithChecks(deps.db, patientId);
  deps.audit.record(ctx, { action: 'coverage.list', outcome: 'success', entityType: 'patient', entityId: patientId, patientId });
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
  await assertPatientAccess(deps, user, coverage.patient_id, ctx, 'coverage.benefits.record');
  await deps.db.transaction(async (tx) => {
    await repo.insertBenefitsCheck(tx, { ...input, coverageId, recordedBy: user.id });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'coverage.benefits.record',
      outcome: 'success',
      entityType: 'coverage',
      entityId: coverageId,
      patientId: coverage.patient_id,
      details: { referenceNumber: input.referenceNumber },
    });
  });
  return listCoverages(deps, user, coverage.patient_id, ctx);
}

/** The primary coverage in force today, else the first one in force. */
function activeCoverage(coverages: CoverageRow[], on: string): CoverageRow | null {
  const inForce = coverages.filter((c) => c.effective_from <= on && (!c.effective_to || c.effective_to >= on));
  return inForce.find((c) => c.priority === 'primary') ?? inForce[0] ?? null;
}

/**
 * The live view: the engine's answer from the latest signed intake, and for each treatment the coverage outlook
 * under the policy version in force today.
 */
async function computeCarePathView(
  deps: CoverageDeps,
  user: SessionUser,
  patientId: string,
  ctx: AuditContext,
  providerChoice: { option: CareOption; reason: string } | null = null,
) {
  await assertPatientAccess(deps, user, patientId, ctx, 'carepath.read');
  const [basics, intake, { coverages, checks }, flags] = await Promise.all([
    patientBasics(deps.db, patientId),
    latestSignedContent(deps.db, patientId),
    coveragesWithChecks(deps.db, patientId),
    patientRiskFlags(deps.db, patientId),
  ]);
  if (!basics) throw notFound('Patient');
  // The clinic's today, in its zone: score recency and the policy in force turn on it.
  const on = clinicToday(basics.time_zone);
  const coverage = activeCoverage(coverages, on);
  const policies = coverage
    ? await Promise.all(TREATMENT_KEYS.map((t) => repo.policyInForce(deps.db, coverage.payer_id, t, on)))
    : TREATMENT_KEYS.map(() => null);
  const chart = intake ? chartFacts(intake.content, basics.date_of_birth, on) : null;
  const outlook = TREATMENT_KEYS.map((treatment, i) => {
    const policy = policies[i] ?? null;
    const latestCheck = coverage ? (checks.find((b) => b.coverageId === coverage.id && (b.treatment === treatment || b.treatment === null)) ?? null) : null;
    const base = {
      treatment,
      coverageId: coverage?.id ?? null,
      payerName: coverage?.payer_name ?? null,
      policy: policy ? { id: policy.id, version: Number(policy.version), effectiveFrom: policy.effective_from, source: policy.source } : null,
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
    const terms = policyTermsSchema.parse(policy.terms) as PolicyTerms;
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
  const coverageFacts = Object.fromEntries(
    outlook
      .filter((o) => o.policy && o.payerName && coverage?.payer_kind !== 'self_pay')
      .map((o) => [o.treatment, { payerName: o.payerName!, covered: o.covered, priorAuthorizationRequired: o.priorAuthorizationRequired }]),
  );
  const riskFlags = flags.map((f) => ({ source: f.source, notedOn: clinicDateOf(basics.time_zone, f.notedAt), text: f.summary }));
  const facts = intake
    ? { ...carePathFacts(intake.content, basics.date_of_birth, on, clinicDateOf(basics.time_zone, intake.signedAt), riskFlags), coverage: coverageFacts }
    : null;
  const result = facts ? evaluateCarePath(facts, providerChoice) : null;
  deps.audit.record(ctx, { action: 'carepath.read', outcome: 'success', entityType: 'patient', entityId: patientId, patientId });
  return {
    intake: intake ? { assessmentId: intake.assessmentId, signedAt: intake.signedAt } : null,
    result,
    coverage: outlook,
    missing: intake ? [] : ['A signed intake assessment'],
    facts,
    policyIds: policies.filter((p): p is PolicyRow => p !== null).map((p) => p.id),
  };
}

/** The care path as the caller may see it (suicide-risk detail only for clinical staff). */
export async function carePathView(deps: CoverageDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const view = await computeCarePathView(deps, user, patientId, ctx);
  return { ...view, result: view.result ? presentCarePathResult(user, view.result) : null };
}

/** Stores the recommendation as made now (engine version, facts, answer, policy versions) so it explains itself later. */
export async function recordRecommendation(
  deps: CoverageDeps,
  user: SessionUser,
  patientId: string,
  input: { chosenOption?: string | undefined; reason?: string | null | undefined },
  ctx: AuditContext,
) {
  const choice = input.chosenOption ? { option: input.chosenOption as CareOption, reason: input.reason ?? '' } : null;
  const view = await computeCarePathView(deps, user, patientId, ctx, choice);
  if (!view.result || !view.facts) throw fieldError('patient', 'needs a signed intake assessment before a recommendation');
  const id = await deps.db.transaction(async (tx) => {
    const newId = await repo.insertRecommendation(tx, {
      patientId,
      engineVersion: view.result!.version,
      facts: view.facts as unknown as Record<string, unknown>,
      result: view.result as unknown as Record<string, unknown>,
      coverage: view.coverage as unknown as Record<string, unknown>[],
      policyIds: view.policyIds,
      chosenOption: choice?.option ?? null,
      choiceReason: choice?.reason ?? null,
      createdBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'carepath.recommend',
      outcome: 'success',
      entityType: 'care_path_recommendation',
      entityId: newId,
      patientId,
      details: { nextStep: view.result!.engineNextStep, chosen: choice?.option ?? null, engineVersion: view.result!.version },
    });
    return newId;
  });
  return readRecommendation(deps, user, id, ctx);
}

export async function readRecommendation(deps: CoverageDeps, user: SessionUser, id: string, ctx: AuditContext) {
  const row = await repo.findRecommendation(deps.db, id);
  if (!row) throw notFound('Recommendation');
  await assertPatientAccess(deps, user, row.patient_id, ctx, 'carepath.recommendation.read');
  const policies = await repo.policiesByIds(deps.db, row.policy_ids);
  deps.audit.record(ctx, {
    action: 'carepath.recommendation.read',
    outcome: 'success',
    entityType: 'care_path_recommendation',
    entityId: id,
    patientId: row.patient_id,
  });
  return {
    id: row.id,
    engineVersion: row.engine_version,
    createdAt: toIsoRequired(row.created_at),
    createdBy: { id: row.created_by, name: row.created_by_name },
    result: presentCarePathResult(user, row.result as unknown as CarePathResult) as never,
    coverage: row.coverage as never,
    policies: policies.map(presentPolicy),
    chosenOption: row.chosen_option,
    choiceReason: row.choice_reason,
  };
}

export async function listRecommendations(deps: CoverageDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  await assertPatientAccess(deps, user, patientId, ctx, 'carepath.recommendation.list');
  const rows = await repo.listRecommendations(deps.db, patientId);
  deps.audit.record(ctx, {
    action: 'carepath.recommendation.list',
    outcome: 'success',
    entityType: 'patient',
    entityId: patientId,
    patientId,
    details: { count: rows.length },
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      engineVersion: r.engine_version,
      createdAt: toIsoRequired(r.created_at),
      chosenOption: r.chosen_option,
      nextStep: (r.result as { engineNextStep?: string | null }).engineNextStep ?? null,
    })),
  };
}

/**
 * The patient's suicide risk now: the most severe recent signal from the signed intake and the risk flags carried
 * into the chart. Clinical staff get the level and every signal; everyone else only whether the patient is urgent.
 */
export async function patientRisk(deps: CoverageDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  await assertPatientAccess(deps, user, patientId, ctx, 'patient.risk.read');
  const [basics, intake, flags] = await Promise.all([
    patientBasics(deps.db, patientId),
    latestSignedContent(deps.db, patientId),
    patientRiskFlags(deps.db, patientId),
  ]);
  if (!basics) throw notFound('Patient');
  const on = clinicToday(basics.time_zone);
  const riskFlags = flags.map((f) => ({ source: f.source, notedOn: clinicDateOf(basics.time_zone, f.notedAt), text: f.summary }));
  const facts = intake
    ? carePathFacts(intake.content, basics.date_of_birth, on, clinicDateOf(basics.time_zone, intake.signedAt), riskFlags)
    : {
        ageYears: 0,
        diagnoses: [],
        trials: [],
        interventions: [],
        contraindications: {},
        phq9: null,
        suicideScreens: [],
        clinicianIdeation: null,
        riskFlags,
        today: on,
      };
  const risk = suicideRisk(facts);
  const urgent = risk.level === 'moderate' || risk.level === 'high' || risk.level === 'imminent';
  deps.audit.record(ctx, { action: 'patient.risk.read', outcome: 'success', entityType: 'patient', entityId: patientId, patientId });
  if (!roleHas(user.role, 'clinical:read')) return { urgent, level: null, signals: [] };
  return { urgent, level: risk.level, signals: risk.signals.map((x) => ({ level: x.level, on: x.on, rule: x.rule, source: x.source, text: x.text })) };
}

/** The diagnosis codes of the signed intake (with amendments): what claims and authorizations need, nothing more. */
export async function patientDiagnoses(deps: CoverageDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  await assertPatientAccess(deps, user, patientId, ctx, 'patient.diagnoses.read');
  const intake = await latestSignedContent(deps.db, patientId);
  deps.audit.record(ctx, { action: 'patient.diagnoses.read', outcome: 'success', entityType: 'patient', entityId: patientId, patientId });
  const describe = (code: string) => ICD10_CODES.find((c) => c.code === code)?.description ?? null;
  return {
    signedAt: intake?.signedAt ?? null,
    items: (intake?.content.diagnoses ?? []).map((d) => ({ code: d.code, description: describe(d.code), primary: Boolean(d.primary) })),
  };
}
