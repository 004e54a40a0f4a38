import type { SessionUser } from '../../../contracts/auth.js';
import { CRISIS_RESOURCES } from '../../../contracts/front-door.js';
import { seesAllClinics } from '../../platform/access/permissions.js';
import { defined } from '../../../domain/defined.js';
import {
  courseOutcome,
  DEFAULT_BASELINE_WINDOW_DAYS,
  MEDICARE_TMS_EXTENSION_PERCENT,
  median,
  meetsImprovementThreshold,
  OUTCOME_DEFINITIONS,
  OUTCOME_INSTRUMENTS,
  rate,
  type CourseOutcome,
  type OutcomeInstrument,
  type Score,
} from '../../../domain/outcomes/outcomes.js';
import { DEFAULT_MEASURE_SCHEDULES, dueQuestionnaires, type Treatment } from '../../../domain/outcomes/schedule.js';
import { explainResult, INSTRUMENTS, scoreInstrument, validateAnswers } from '../../../domain/screening/instruments.js';
import { INSTRUMENTS_ES } from '../../../domain/screening/instruments-es.js';
import { clinicDateOf, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIso } from '../../db/sql-values.js';
import { authorize } from '../../platform/access/authorize.js';
import { csvCell } from '../../platform/csv.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { latestSignedContent } from '../intake/index.js';
import { locationFacts } from '../locations/index.js';
import { notifyOnce } from '../notifications/index.js';
import { insertObservation } from '../observations/index.js';
import { authorizePatient } from '../patients/index.js';
import { staffWithRoleAt } from '../users/index.js';
import * as repo from './outcomes.repository.js';

export type OutcomesDeps = { db: Db; audit: AuditTrail };

/** Who answered: the patient in the portal or on a clinic tablet, or staff typing a paper form. */
export type AnswerVia = 'portal' | 'tablet' | 'paper';

const iso = (v: string | Date | null) => toIso(v);

// ---- The schedule ----

/** Whether the signed intake records PTSD (ICD-10-CM F43.1x), which adds the PCL-5 to the schedule. */
async function hasPtsd(db: Db, patientId: string): Promise<boolean> {
  const intake = await latestSignedContent(db, patientId);
  return intake?.content.diagnoses.some((d) => d.code.toUpperCase().startsWith('F43.1')) ?? false;
}

/**
 * Creates the questionnaires the patient's planned and active courses make due up to today (in each clinic's zone),
 * and marks as missed the ones a newer due one replaced. Idempotent: called whenever dues are read.
 */
export async function syncDue(db: Db, patientId: string, now = new Date()): Promise<void> {
  const courses = await repo.coursesForSchedule(db, patientId);
  if (courses.length === 0) return;
  const ptsd = await hasPtsd(db, patientId);
  const rows: repo.DueInsert[] = [];
  let latestToday = '0000-00-00';
  for (const c of courses) {
    if (!(c.treatment in DEFAULT_MEASURE_SCHEDULES)) continue;
    const rules = DEFAULT_MEASURE_SCHEDULES[c.treatment as Treatment];
    const today = clinicToday(c.timeZone, now);
    if (today > latestToday) latestToday = today;
    const due = dueQuestionnaires({
      rules,
      visitDates: c.visitStarts.map((s) => clinicDateOf(c.timeZone, s)),
      startedOn: clinicDateOf(c.timeZone, c.createdAt),
      horizon: today,
      hasPtsd: ptsd,
    });
    for (const d of due)
      rows.push({
        organizationId: c.organizationId,
        patientId,
        locationId: c.locationId,
        courseId: c.id,
        instrument: d.instrument,
        dueOn: d.dueOn,
        reason: d.reason,
      });
  }
  await repo.insertDue(db, rows);
  await repo.markSuperseded(db, patientId, latestToday);
}

export type QuestionnaireView = {
  id: string;
  instrument: string;
  title: string;
  dueOn: string;
  reason: string;
  status: string;
  answeredAt: string | null;
  answeredVia: string | null;
  /** Only for roles that read scores. */
  total?: number | null;
  interpretation?: string | null;
};

export function presentQuestionnaire(q: repo.QuestionnaireRow, withScore: boolean): QuestionnaireView {
  return {
    id: q.id,
    instrument: q.instrument,
    title: INSTRUMENTS[q.instrument as OutcomeInstrument].title,
    dueOn: q.dueOn,
    reason: q.reason,
    status: q.status,
    answeredAt: iso(q.answeredAt),
    answeredVia: q.answeredVia,
    ...(withScore ? { total: q.total === null ? null : Number(q.total), interpretation: q.interpretation } : {}),
  };
}

/** The patient's questionnaires for staff: due ones for the front desk, with scores for clinical staff. */
export async function listForPatient(deps: OutcomesDeps, user: SessionUser, patientId: string, ctx: AuditContext) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'questionnaire.list', 'questionnaire:due');
  await syncDue(deps.db, patientId);
  const withScore = user.role === 'provider' || user.role === 'nurse';
  const rows = await repo.questionnairesFor(deps.db, patientId);
  grant.done();
  return { items: rows.map((q) => presentQuestionnaire(q, withScore)) };
}

/** The patient's questionnaires as the patient sees them (portal): what is due now and what they answered. */
export async function listForPortal(db: Db, patientId: string) {
  await syncDue(db, patientId);
  const rows = await repo.questionnairesFor(db, patientId);
  return rows.filter((q) => q.status !== 'missed').map((q) => presentQuestionnaire(q, true));
}

/**
 * The questionnaire itself, to show: its items and answer options, in Spanish where the published Spanish version
 * exists (PHQ-9, GAD-7), else in English (with `language` saying which).
 */
export function questionnaireForm(instrument: OutcomeInstrument, language: 'en' | 'es' = 'en') {
  const inst = INSTRUMENTS[instrument];
  const es = language === 'es' ? INSTRUMENTS_ES[instrument] : undefined;
  return {
    instrument,
    language: es ? ('es' as const) : ('en' as const),
    title: es?.title ?? inst.title,
    stem: es?.stem ?? inst.stem,
    items: inst.items.map((i, index) => ({ index, text: es?.items[index] ?? i.text })),
    options: inst.options.map((o, index) => ({ value: o.value, label: es?.options[index] ?? o.label })),
    attribution: es?.attribution ?? inst.attribution,
  };
}

export async function questionnaireOf(db: Db, id: string) {
  return repo.findQuestionnaire(db, id);
}

/** Staff ask a patient for a questionnaire now (outside the schedule), for example a GAD-7 at a visit. */
export async function askQuestionnaire(
  deps: OutcomesDeps,
  user: SessionUser,
  patientId: string,
  input: { instrument: OutcomeInstrument; locationId: string; courseId?: string | null | undefined },
  ctx: AuditContext,
) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'questionnaire.ask', 'questionnaire:enter');
  const clinic = grant.facts.locationIds.includes(input.locationId) ? await locationFacts(deps.db, input.locationId) : null;
  if (!clinic) throw badRequest('The patient is not registered at this clinic.', [{ path: 'locationId', message: 'is not one of the patient’s clinics' }]);
  const id = await repo.insertAsked(deps.db, {
    organizationId: grant.facts.organizationId,
    patientId,
    locationId: input.locationId,
    courseId: input.courseId ?? null,
    instrument: input.instrument,
    dueOn: clinicToday(clinic.timeZone),
    reason: `Asked by ${user.displayName}`,
  });
  grant.done({ questionnaireId: id, instrument: input.instrument });
  return presentQuestionnaire(defined(await repo.findQuestionnaire(deps.db, id)), user.role === 'provider' || user.role === 'nurse');
}

// ---- Answering ----

export type AnswerResult = {
  questionnaire: QuestionnaireView;
  total: number;
  severity: string | null;
  explanation: string;
  /** True when an answer needs help at once (PHQ-9 item 9 above 0): show the resources now. */
  crisis: boolean;
  crisisResources: { name: string; action: string; href: string }[];
  /** Whether the clinic's providers were alerted (once per answer). */
  providerAlerted: boolean;
};

/**
 * Records the answers to a due questionnaire, scored as published; the score becomes an observation. A PHQ-9 item 9
 * above 0 raises a risk alert at once (one per answer) and notifies the clinic's providers in the same transaction:
 * it is never silent. Answers are refused (naming the item) when incomplete or out of range.
 */
export async function answerQuestionnaire(
  deps: OutcomesDeps,
  q: repo.QuestionnaireRow,
  input: { answers: (number | null)[]; language?: 'en' | 'es' | undefined },
  who: { via: AnswerVia; enteredBy: string | null },
  ctx: AuditContext,
  now = new Date(),
): Promise<AnswerResult> {
  const instrument = q.instrument as OutcomeInstrument;
  const problems = validateAnswers(instrument, input.answers);
  if (problems.length)
    throw badRequest(
      `The ${instrument} answers are incomplete or out of range.`,
      problems.map((p) => ({ path: p.index === null ? 'answers' : `answers.${p.index}`, message: p.message })),
    );
  const answers = input.answers as number[];
  const result = scoreInstrument(instrument, answers);
  const total = defined(result.total);
  const crisis = result.instrument === 'PHQ-9' && result.selfHarmThoughts;
  const language = input.language ?? 'en';
  const { providerAlerted } = await deps.db.transaction(async (tx) => {
    const locked = await repo.findQuestionnaire(tx, q.id, true);
    if (!locked) throw notFound('Questionnaire');
    if (locked.status === 'answered') throw conflict('This questionnaire was already answered.', 'already_answered');
    const inst = INSTRUMENTS[instrument];
    const observationId = await insertObservation(tx, {
      organizationId: q.organizationId,
      patientId: q.patientId,
      kind: instrument,
      loinc: inst.totalLoinc,
      effectiveAt: now,
      valueNumber: String(total),
      unit: '{score}',
      items: answers,
      interpretation: result.severity,
      source: `questionnaire:${who.via}`,
      sourceId: q.id,
      recordedBy: who.enteredBy,
    });
    const marked = await repo.markAnswered(tx, q.id, { answeredAt: now, answeredVia: who.via, enteredBy: who.enteredBy, language, observationId });
    if (!marked) throw conflict('This questionnaire was already answered.', 'already_answered');
    let alerted = false;
    if (crisis) {
      const alertId = await repo.insertRiskAlert(tx, {
        organizationId: q.organizationId,
        patientId: q.patientId,
        locationId: q.locationId,
        questionnaireId: q.id,
        reason: `PHQ-9 item 9 answered ${answers[8]} (thoughts of being better off dead or of self-harm)`,
        raisedAt: now,
      });
      if (alertId) {
        const providers = await staffWithRoleAt(tx, q.organizationId, q.locationId, 'provider');
        await notifyOnce(
          tx,
          providers.map((userId) => ({
            organizationId: q.organizationId,
            userId,
            kind: 'outcomes.risk_alert',
            title: 'A patient answered PHQ-9 item 9 above 0: contact them today',
            body: 'Crisis resources were shown to the patient. Review the answer and acknowledge the alert once you have reached them.',
            link: `/risk-alerts`,
            entityId: alertId,
          })),
        );
        alerted = true;
      }
    }
    await deps.audit.recordWithin(tx, ctx, {
      action: 'questionnaire.answer',
      outcome: 'success',
      entityType: 'questionnaire',
      entityId: q.id,
      patientId: q.patientId,
      details: { instrument, via: who.via, crisis },
    });
    return { providerAlerted: alerted };
  });
  const fresh = defined(await repo.findQuestionnaire(deps.db, q.id));
  return {
    questionnaire: presentQuestionnaire(fresh, true),
    total,
    severity: result.severity,
    explanation: explainResult(result),
    crisis,
    crisisResources: crisis ? CRISIS_RESOURCES.map((r) => ({ ...r })) : [],
    providerAlerted,
  };
}

/** Staff enter answers (a paper form, or the patient on the clinic's tablet). */
export async function enterAnswers(
  deps: OutcomesDeps,
  user: SessionUser,
  id: string,
  input: { answers: (number | null)[]; via: 'tablet' | 'paper'; language?: 'en' | 'es' | undefined },
  ctx: AuditContext,
) {
  const q = await repo.findQuestionnaire(deps.db, id);
  const grant = await authorizePatient(deps, user, q?.patientId ?? '00000000-0000-4000-8000-000000000000', ctx, 'questionnaire.enter', 'questionnaire:enter');
  const found = defined(q);
  const result = await answerQuestionnaire(deps, found, input, { via: input.via, enteredBy: user.id }, ctx);
  grant.done({ questionnaireId: id });
  // The front desk learns that help is needed now, not the score.
  if (user.role === 'coordinator')
    return {
      questionnaire: presentQuestionnaire(defined(await repo.findQuestionnaire(deps.db, id)), false),
      crisis: result.crisis,
      crisisResources: result.crisisResources,
      providerAlerted: result.providerAlerted,
    };
  return result;
}

// ---- Risk alerts ----

function presentAlert(a: repo.RiskAlertRow) {
  return {
    id: a.id,
    patientId: a.patientId,
    patientName: a.patientName,
    mrn: a.mrn,
    locationId: a.locationId,
    instrument: a.instrument,
    reason: a.reason,
    raisedAt: defined(iso(a.raisedAt)),
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: a.acknowledgedByName,
    note: a.note,
  };
}

/** Open risk alerts at the user's clinics (and those acknowledged in the last day), oldest first. */
export async function listAlerts(deps: OutcomesDeps, user: SessionUser, ctx: AuditContext) {
  const rows = await repo.alertsAt(deps.db, user.organizationId, seesAllClinics(user) ? null : user.locationIds);
  deps.audit.record(ctx, { action: 'risk_alert.list', outcome: 'success', entityType: 'risk_alert', details: { count: rows.length } });
  // The manager sees that alerts are open and how old, not the answer behind them.
  const clinical = user.role === 'provider' || user.role === 'nurse';
  return { items: rows.map((a) => (clinical ? presentAlert(a) : { ...presentAlert(a), reason: 'Positive suicide-risk answer', note: null })) };
}

export async function acknowledgeAlert(deps: OutcomesDeps, user: SessionUser, id: string, note: string, ctx: AuditContext) {
  return deps.db.transaction(async (tx) => {
    const alert = await repo.findRiskAlert(tx, id);
    const grant = authorize(
      deps,
      ctx,
      user,
      'risk_alert.acknowledge',
      alert && { type: 'risk_alert', id, organizationId: alert.organizationId, locationIds: [alert.locationId], patientId: alert.patientId },
      { permission: 'risk_alert:acknowledge', label: 'Risk alert' },
    );
    const a = defined(alert);
    if (a.acknowledgedAt) throw conflict('This alert was already acknowledged.', 'already_acknowledged');
    await repo.acknowledge(tx, id, user.id, note, new Date());
    grant.done({ note });
    return presentAlert(defined(await repo.findRiskAlert(tx, id)));
  });
}

// ---- Outcomes per patient and course ----

const scoreList = (rows: { kind: string; effectiveAt: string | Date; value: string }[], kind: string): Score[] =>
  rows.filter((r) => r.kind === kind).map((r) => ({ at: new Date(r.effectiveAt), total: Number(r.value) }));

function presentOutcome(o: CourseOutcome) {
  return {
    ...o,
    baseline: o.baseline && { at: o.baseline.at.toISOString(), total: o.baseline.total },
    latest: o.latest && { at: o.latest.at.toISOString(), total: o.latest.total },
  };
}

/**
 * A patient's outcomes: every score over time (with the bands and lines to draw), the treatment visits, and per course
 * the baseline, change, response and remission on each instrument, with Medicare's 25% extension threshold beside
 * TMS courses. Clinical: providers and nurses.
 */
export async function patientOutcomes(deps: OutcomesDeps, user: SessionUser, patientId: string, ctx: AuditContext, now = new Date()) {
  const grant = await authorizePatient(deps, user, patientId, ctx, 'outcome.read', 'outcome:read');
  const result = await outcomesOf(deps.db, patientId, now);
  grant.done();
  return result;
}

/** The figures themselves (shared with the portal's plain-words chart and the extension letter). */
export async function outcomesOf(db: Db, patientId: string, now = new Date()) {
  const [courses, scores, visits] = await Promise.all([repo.coursesOf(db, patientId), repo.scoresOf(db, patientId), repo.treatmentDaysOf(db, patientId)]);
  return {
    series: OUTCOME_INSTRUMENTS.map((instrument) => ({
      instrument,
      maxTotal: OUTCOME_DEFINITIONS[instrument].maxTotal,
      remissionBelow: OUTCOME_DEFINITIONS[instrument].remissionBelow,
      points: scoreList(scores, instrument).map((s) => ({ at: s.at.toISOString(), total: s.total })),
    })).filter((s) => s.points.length > 0),
    treatmentVisits: visits.map((v) => ({ at: defined(iso(v.startsAt)), courseId: v.courseId })),
    courses: courses.map((c) => {
      const first = c.firstTreatmentAt ? new Date(c.firstTreatmentAt) : null;
      const until = c.endedAt ? new Date(c.endedAt) : now;
      const outcomes = OUTCOME_INSTRUMENTS.map((i) => courseOutcome(i, scoreList(scores, i), first, until)).filter((o) => o.baseline !== null);
      const phq = outcomes.find((o) => o.instrument === 'PHQ-9');
      return {
        id: c.id,
        treatment: c.treatment,
        protocolName: c.protocolName,
        status: c.status,
        firstTreatmentAt: iso(c.firstTreatmentAt),
        endedAt: iso(c.endedAt),
        sessionsDone: c.sessionsDone,
        outcomes: outcomes.map(presentOutcome),
        payerThreshold:
          c.treatment === 'tms'
            ? {
                name: 'Medicare TMS extension (L37086 / A57692): at least 25% improvement',
                percent: MEDICARE_TMS_EXTENSION_PERCENT,
                met: meetsImprovementThreshold(phq?.percentReduction ?? null, MEDICARE_TMS_EXTENSION_PERCENT),
                instrument: 'PHQ-9',
              }
            : null,
        endedWithoutResponse: (c.status === 'completed' || c.status === 'stopped') && phq?.response === false,
      };
    }),
  };
}

// ---- The practice report ----

export type ReportFilter = { treatment: string | null; locationId: string | null; from: string; to: string; instrument: OutcomeInstrument };

/**
 * The practice's outcomes for courses whose first treatment falls in the period: counts, completion, drop-outs,
 * median change, response and remission rates and median days to response, per treatment and clinic, every rate
 * with its n. Baselines and response are judged by the same domain rules as a single patient's chart.
 */
export async function outcomeReport(deps: OutcomesDeps, user: SessionUser, f: ReportFilter, ctx: AuditContext) {
  if (f.from >= f.to) throw badRequest('from must be before to', [{ path: 'to', message: 'must be after from' }]);
  const scope = seesAllClinics(user) || user.role === 'manager' ? null : user.locationIds;
  if (f.locationId && scope && !scope.includes(f.locationId)) throw new AppError(403, 'forbidden', 'This clinic is not one of yours.');
  const locationIds = f.locationId ? [f.locationId] : scope;
  // Two halves of the courses read at once on two connections: PostgreSQL works them on two cores.
  const PARTS = 2;
  const parts = await Promise.all(
    Array.from({ length: PARTS }, (_, part) =>
      repo.reportCourses(deps.db, {
        organizationId: user.organizationId,
        locationIds,
        treatment: f.treatment,
        from: `${f.from}T00:00:00Z`,
        to: `${f.to}T00:00:00Z`,
        instrument: f.instrument,
        windowDays: DEFAULT_BASELINE_WINDOW_DAYS,
        parts: PARTS,
        part,
      }),
    ),
  );
  const rows = parts.flat();
  const groups = new Map<string, { treatment: string; locationId: string; rows: repo.ReportCourse[] }>();
  for (const r of rows) {
    const key = `${r.treatment}|${r.locationId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { treatment: r.treatment, locationId: r.locationId, rows: [] }));
    g.rows.push(r);
  }
  const summarize = (list: repo.ReportCourse[]) => {
    const outcomes = list.map((r) => {
      const scores: Score[] = (r.scores ?? []).map(([t, total]) => ({ at: new Date(t * 1000), total }));
      return courseOutcome(f.instrument, scores, new Date(r.firstTreatmentAt), r.endedAt ? new Date(r.endedAt) : new Date());
    });
    const measured = outcomes.filter((o) => o.percentReduction !== null);
    const responders = measured.filter((o) => o.response);
    const ended = list.filter((r) => r.status === 'completed' || r.status === 'stopped');
    return {
      courses: list.length,
      completed: rate(list.filter((r) => r.status === 'completed').length, ended.length),
      droppedOut: rate(list.filter((r) => r.status === 'stopped').length, ended.length),
      stillActive: list.filter((r) => r.status === 'active' || r.status === 'planned' || r.status === 'on_hold').length,
      measured: measured.length,
      medianChange: median(measured.map((o) => defined(o.change))),
      medianPercentReduction: median(measured.map((o) => defined(o.percentReduction))),
      response: rate(responders.length, measured.length),
      remission: OUTCOME_DEFINITIONS[f.instrument].remissionBelow === null ? null : rate(measured.filter((o) => o.remission).length, measured.length),
      medianDaysToResponse: median(responders.flatMap((o) => (o.daysToResponse === null ? [] : [o.daysToResponse]))),
    };
  };
  deps.audit.record(ctx, { action: 'report.outcomes', outcome: 'success', entityType: 'report', details: { ...f, courses: rows.length } });
  return {
    filter: f,
    instrument: f.instrument,
    definition: OUTCOME_DEFINITIONS[f.instrument].source,
    baselineRule: `The last score at most ${DEFAULT_BASELINE_WINDOW_DAYS} days before the first treatment (clinic default); the endpoint is the latest score after it, up to the course's end.`,
    total: summarize(rows),
    groups: [...groups.values()]
      .sort((a, b) => a.treatment.localeCompare(b.treatment) || a.locationId.localeCompare(b.locationId))
      .map((g) => ({ treatment: g.treatment, locationId: g.locationId, ...summarize(g.rows) })),
  };
}

/** The report as CSV: one row per treatment and clinic, then the total; every rate beside its n and denominator. */
export function reportCsv(report: Awaited<ReturnType<typeof outcomeReport>>, clinicNames: Map<string, string>): string {
  const header = [
    'treatment',
    'clinic',
    'courses',
    'completed_n',
    'ended_n',
    'completion_pct',
    'dropped_out_n',
    'drop_out_pct',
    'measured_n',
    'median_change',
    'median_pct_reduction',
    'responders_n',
    'response_pct',
    'remitters_n',
    'remission_pct',
    'median_days_to_response',
  ];
  const line = (treatment: string, clinic: string, s: (typeof report)['total']) =>
    [
      treatment,
      clinic,
      s.courses,
      s.completed.n,
      s.completed.of,
      s.completed.percent,
      s.droppedOut.n,
      s.droppedOut.percent,
      s.measured,
      s.medianChange,
      s.medianPercentReduction,
      s.response.n,
      s.response.percent,
      s.remission?.n ?? '',
      s.remission?.percent ?? '',
      s.medianDaysToResponse,
    ]
      .map(csvCell)
      .join(',');
  return [
    header.join(','),
    ...report.groups.map((g) => line(g.treatment, clinicNames.get(g.locationId) ?? g.locationId, g)),
    line('all', 'all', report.total),
  ].join('\r\n');
}

/** The form of a due questionnaire, for staff handing the tablet to the patient. */
export async function formForStaff(deps: OutcomesDeps, user: SessionUser, id: string, ctx: AuditContext) {
  const q = await repo.findQuestionnaire(deps.db, id);
  const grant = await authorizePatient(deps, user, q?.patientId ?? '00000000-0000-4000-8000-000000000000', ctx, 'questionnaire.form', 'questionnaire:enter');
  const found = defined(q);
  grant.done({ questionnaireId: id });
  return { questionnaire: presentQuestionnaire(found, false), form: questionnaireForm(found.instrument as OutcomeInstrument) };
}

/** The report as CSV with the organization's clinic names. */
export async function reportCsvFor(db: Db, organizationId: string, report: Awaited<ReturnType<typeof outcomeReport>>): Promise<string> {
  return reportCsv(report, await repo.clinicNames(db, organizationId));
}
