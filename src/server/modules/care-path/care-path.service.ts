import type { SessionUser } from '../../../contracts/auth.js';
import { roleHas } from '../../../contracts/permissions.js';
import { evaluateCarePath, suicideRisk, type CareOption, type CarePathResult, type InterventionFact } from '../../../domain/care-path/care-path.js';
import { ICD10_CODES } from '../../../domain/intake/diagnoses.js';
import { clinicDateOf, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { coverageOutlookForPatient, policiesByIds } from '../coverage/index.js';
import { carePathFacts, chartFacts, latestSignedContent } from '../intake/index.js';
import { assertPatientAccess, authorizePatientRead, patientBasics, patientRiskFlags } from '../patients/index.js';
import * as repo from './care-path.repository.js';
import { outcomesOf } from '../outcomes/index.js';
import { defined } from '../../../domain/defined.js';

export type CarePathDeps = { db: Db; audit: AuditTrail };

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

/**
 * The live view: the engine's answer from the latest signed intake, and for each treatment the coverage outlook
 * under the policy version in force today.
 */
async function computeCarePathView(
  deps: CarePathDeps,
  user: SessionUser,
  patientId: string,
  ctx: AuditContext,
  providerChoice: { option: CareOption; reason: string } | null = null,
) {
  const read = await authorizePatientRead(deps, user, patientId, ctx, 'carepath.read');
  const [basics, intake, flags] = await Promise.all([
    patientBasics(deps.db, patientId),
    latestSignedContent(deps.db, patientId),
    patientRiskFlags(deps.db, patientId),
  ]);
  if (!basics) throw notFound('Patient');
  // The clinic's today, in its zone: score recency and the policy in force turn on it.
  const on = clinicToday(basics.timeZone);
  const chart = intake ? chartFacts(intake.content, basics.dateOfBirth, on) : null;
  const { outlook, coverageFacts, policyIds } = await coverageOutlookForPatient(deps.db, patientId, on, chart);
  const riskFlags = flags.map((f) => ({ source: f.source, notedOn: clinicDateOf(basics.timeZone, f.notedAt), text: f.summary }));
  // Courses that ended here count as interventions, judged by their measured outcome (issue 11): a TMS course that
  // ended without response moves the path to its next step, with the figures as the evidence.
  const evidence = await courseEvidence(deps.db, patientId);
  const facts = intake
    ? (() => {
        const fromIntake = carePathFacts(intake.content, basics.dateOfBirth, on, clinicDateOf(basics.timeZone, intake.signedAt), riskFlags);
        return { ...fromIntake, interventions: [...fromIntake.interventions, ...evidence.map((e) => e.fact)], coverage: coverageFacts };
      })()
    : null;
  const result = facts ? evaluateCarePath(facts, providerChoice) : null;
  read.done();
  return {
    intake: intake ? { assessmentId: intake.assessmentId, signedAt: intake.signedAt } : null,
    result,
    coverage: outlook,
    missing: intake ? [] : ['A signed intake assessment'],
    facts,
    policyIds,
    courseEvidence: evidence.map((e) => e.text),
  };
}

const INTERVENTION_OF: Partial<Record<string, InterventionFact['type']>> = {
  tms: 'tms',
  esketamine: 'esketamine',
  iv_ketamine: 'iv_ketamine',
  im_ketamine: 'iv_ketamine',
};

/**
 * The patient's ended courses at this practice as interventions: remission, response (at least 50% lower), partial
 * (at least 25% lower, Medicare's extension threshold as the floor of a partial response) or none, from the PHQ-9
 * outcome (domain/outcomes); unknown without a baseline and a later score.
 */
async function courseEvidence(db: Db, patientId: string): Promise<{ fact: InterventionFact; text: string }[]> {
  const { courses } = await outcomesOf(db, patientId);
  return courses.flatMap((c) => {
    const type = INTERVENTION_OF[c.treatment];
    if (!type || (c.status !== 'completed' && c.status !== 'stopped')) return [];
    const phq = c.outcomes.find((o) => o.instrument === 'PHQ-9');
    const pct = phq?.percentReduction ?? null;
    const response: InterventionFact['response'] =
      !phq || pct === null ? 'unknown' : phq.remission ? 'remission' : phq.response ? 'response' : pct >= 25 ? 'partial' : 'none';
    const figures =
      phq?.baseline && phq.latest && pct !== null ? `PHQ-9 ${phq.baseline.total} to ${phq.latest.total} (${pct}% lower)` : 'no PHQ-9 change measured';
    return [
      {
        fact: { type, response, sessions: c.sessionsDone },
        text: `${c.protocolName}, ${c.status}${c.endedAt ? ` ${c.endedAt.slice(0, 10)}` : ''}, ${c.sessionsDone} session${c.sessionsDone === 1 ? '' : 's'}: ${figures}; ${response === 'unknown' ? 'response not known' : response === 'none' ? 'no response' : response}.`,
      },
    ];
  });
}

/** The care path as the caller may see it (suicide-risk detail only for clinical staff). */
export async function carePathView(deps: CarePathDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const view = await computeCarePathView(deps, user, patientId, ctx);
  // Scores are clinical: the courses' measured outcomes only for providers and nurses.
  const clinical = roleHas(user.role, 'clinical:read');
  return { ...view, result: view.result ? presentCarePathResult(user, view.result) : null, courseEvidence: clinical ? view.courseEvidence : [] };
}

/** Stores the recommendation as made now (engine version, facts, answer, policy versions) so it explains itself later. */
export async function recordRecommendation(
  deps: CarePathDeps,
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
      engineVersion: defined(view.result).version,
      facts: view.facts as unknown as Record<string, unknown>,
      result: view.result as unknown as Record<string, unknown>,
      coverage: view.coverage,
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
      details: { nextStep: defined(view.result).engineNextStep, chosen: choice?.option ?? null, engineVersion: defined(view.result).version },
    });
    return newId;
  });
  return readRecommendation(deps, user, id, ctx);
}

export async function readRecommendation(deps: CarePathDeps, user: SessionUser, id: string, ctx: AuditContext) {
  const row = await repo.findRecommendation(deps.db, id);
  if (!row) throw notFound('Recommendation');
  await assertPatientAccess(deps, user, row.patientId, ctx, 'carepath.recommendation.read');
  const policies = await policiesByIds(deps.db, row.policyIds);
  deps.audit.record(ctx, {
    action: 'carepath.recommendation.read',
    outcome: 'success',
    entityType: 'care_path_recommendation',
    entityId: id,
    patientId: row.patientId,
  });
  return {
    id: row.id,
    engineVersion: row.engineVersion,
    createdAt: toIsoRequired(row.createdAt),
    createdBy: { id: row.createdBy, name: row.createdByName },
    result: presentCarePathResult(user, row.result as unknown as CarePathResult) as never,
    coverage: row.coverage as never,
    policies,
    chosenOption: row.chosenOption,
    choiceReason: row.choiceReason,
  };
}

export async function listRecommendations(deps: CarePathDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const read = await authorizePatientRead(deps, user, patientId, ctx, 'carepath.recommendation.list');
  const rows = await repo.listRecommendations(deps.db, patientId);
  read.done({ count: rows.length });
  return {
    items: rows.map((r) => ({
      id: r.id,
      engineVersion: r.engineVersion,
      createdAt: toIsoRequired(r.createdAt),
      chosenOption: r.chosenOption,
      nextStep: (r.result as { engineNextStep?: string | null }).engineNextStep ?? null,
    })),
  };
}

/**
 * The patient's suicide risk now: the most severe recent signal from the signed intake and the risk flags carried
 * into the chart. Clinical staff get the level and every signal; everyone else only whether the patient is urgent.
 */
export async function patientRisk(deps: CarePathDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const read = await authorizePatientRead(deps, user, patientId, ctx, 'patient.risk.read');
  const [basics, intake, flags] = await Promise.all([
    patientBasics(deps.db, patientId),
    latestSignedContent(deps.db, patientId),
    patientRiskFlags(deps.db, patientId),
  ]);
  if (!basics) throw notFound('Patient');
  const on = clinicToday(basics.timeZone);
  const riskFlags = flags.map((f) => ({ source: f.source, notedOn: clinicDateOf(basics.timeZone, f.notedAt), text: f.summary }));
  const facts = intake
    ? carePathFacts(intake.content, basics.dateOfBirth, on, clinicDateOf(basics.timeZone, intake.signedAt), riskFlags)
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
  read.done();
  if (!roleHas(user.role, 'clinical:read')) return { urgent, level: null, signals: [] };
  return { urgent, level: risk.level, signals: risk.signals.map((x) => ({ level: x.level, on: x.on, rule: x.rule, source: x.source, text: x.text })) };
}

/** The diagnosis codes of the signed intake (with amendments): what claims and authorizations need, nothing more. */
export async function patientDiagnoses(deps: CarePathDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const read = await authorizePatientRead(deps, user, patientId, ctx, 'patient.diagnoses.read');
  const intake = await latestSignedContent(deps.db, patientId);
  read.done();
  const describe = (code: string) => ICD10_CODES.find((c) => c.code === code)?.description ?? null;
  return {
    signedAt: intake?.signedAt ?? null,
    items: (intake?.content.diagnoses ?? []).map((d) => ({ code: d.code, description: describe(d.code), primary: d.primary })),
  };
}
