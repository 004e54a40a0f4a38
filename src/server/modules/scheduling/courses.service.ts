import type { SessionUser } from '../../../contracts/auth.js';
import type { CourseCreate, CoursePlan, CourseView } from '../../../contracts/protocols.js';
import { canMoveCourse, courseMoveNeedsReason, serviceForTreatment, type CourseStatus } from '../../../domain/scheduling/courses.js';
import { courseVisitKinds, courseVisits, type ResourceKind, type TreatmentKind } from '../../../domain/scheduling/protocols.js';
import { planCourse as planner, type PreferredTime } from '../../../domain/scheduling/planner.js';
import { addDays, clinicDateOf, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIso, toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError, fieldError, notFound, versionConflict } from '../../platform/errors.js';
import { payerLink, payerLinks, type PayerLink } from '../authorizations/index.js';
import { recommendationBasis } from '../care-path/index.js';
import { clinicServices } from '../locations/index.js';
import { authorizePatient } from '../patients/index.js';
import { clinicalStaffAt } from '../users/index.js';
import { protocolOf } from './protocols.service.js';
import * as schedulingRepo from './scheduling.repository.js';
import * as appointmentsRepo from './appointments.repository.js';
import * as repo from './courses.repository.js';
import * as protocols from './protocols.repository.js';

type Deps = { db: Db; audit: AuditTrail };

function present(row: repo.CourseRow, link: PayerLink | null): CourseView {
  return {
    id: row.id,
    patientId: row.patientId,
    location: { id: row.locationId, name: row.locationName, timeZone: row.timeZone },
    protocol: {
      id: row.protocolId,
      code: row.protocolCode,
      version: row.protocolVersion,
      name: row.protocolName,
      treatment: row.treatment,
      sessions: row.definition.phases.reduce((n, p) => n + p.sessions, 0),
    },
    status: row.status as CourseStatus,
    statusReason: row.statusReason,
    recommendationId: row.recommendationId,
    differReason: row.differReason,
    payerLink: link && { kind: link.kind, id: link.id, inForce: link.inForce, sessions: link.sessions, from: link.from, to: link.to, used: link.used },
    visits: { done: row.done, booked: row.booked, first: toIso(row.firstVisit), last: toIso(row.lastVisit) },
    startedBy: row.startedBy,
    createdAt: toIsoRequired(row.createdAt),
    version: row.version,
  };
}

const linkOf = (db: Db, row: repo.CourseRow) => payerLink(db, { priorAuthorizationId: row.priorAuthorizationId, vaReferralId: row.vaReferralId });

/**
 * A provider starts a course (issue 9): on a protocol's current version, at one of the patient's clinic that
 * offers the treatment, following a recorded care-path recommendation of this patient or saying why it differs,
 * and linked to this patient's prior authorization or VA referral for the same treatment when the payer needs one.
 */
export async function startCourse(deps: Deps, user: SessionUser, patientId: string, input: CourseCreate, ctx: AuditContext): Promise<CourseView> {
  const access = await authorizePatient(deps, user, patientId, ctx, 'course.create');
  const protocol = await protocols.findProtocol(deps.db, user.organizationId, input.protocolId);
  if (!protocol) throw fieldError('protocolId', 'is not a protocol of this practice');
  const current = (await protocols.listProtocols(deps.db, user.organizationId)).find((p) => p.code === protocol.code);
  if (current?.id !== protocol.id)
    throw fieldError('protocolId', `is version ${protocol.version}; start new courses on the current version ${current?.version ?? ''}`.trim());
  const clinic = await clinicServices(deps.db, input.locationId);
  if (!clinic || clinic.organizationId !== user.organizationId) throw fieldError('locationId', 'is not a clinic of this practice');
  if (!access.facts.locationIds.includes(input.locationId)) throw fieldError('locationId', 'is not one of the patient’s clinics');
  const service = serviceForTreatment(protocol.treatment as TreatmentKind);
  if (!clinic.active || !clinic.services.includes(service)) throw fieldError('locationId', `does not offer ${service.replace('_', ' ')}`);
  if (input.recommendationId) {
    const basis = await recommendationBasis(deps.db, input.recommendationId);
    if (basis?.patientId !== patientId) throw fieldError('recommendationId', 'is not a recommendation recorded for this patient');
  }
  const link = await payerLink(deps.db, { priorAuthorizationId: input.priorAuthorizationId ?? null, vaReferralId: input.vaReferralId ?? null });
  const linkField = input.priorAuthorizationId ? 'priorAuthorizationId' : 'vaReferralId';
  if ((input.priorAuthorizationId || input.vaReferralId) && (!link || link.patientId !== patientId)) throw fieldError(linkField, 'is not this patient’s');
  if (link && serviceForTreatment(link.treatment as TreatmentKind) !== service)
    throw fieldError(linkField, `is for ${link.treatment}, not ${protocol.treatment}`);

  const id = await deps.db.transaction(async (tx) => {
    const courseId = await repo.insertCourse(tx, {
      organizationId: user.organizationId,
      patientId,
      locationId: input.locationId,
      protocolId: protocol.id,
      recommendationId: input.recommendationId ?? null,
      differReason: input.differReason ?? null,
      priorAuthorizationId: input.priorAuthorizationId ?? null,
      vaReferralId: input.vaReferralId ?? null,
      startedBy: user.id,
    });
    await deps.audit.recordWithin(tx, ctx, {
      action: 'course.create',
      outcome: 'success',
      entityType: 'treatment_course',
      entityId: courseId,
      patientId,
      details: { protocol: protocol.code, version: protocol.version, differs: !input.recommendationId },
    });
    return courseId;
  });
  const row = await repo.findCourse(deps.db, id);
  if (!row) throw notFound('Course');
  return present(row, link);
}

export async function listCourses(deps: Deps, user: SessionUser, patientId: string, ctx: AuditContext): Promise<{ items: CourseView[] }> {
  const access = await authorizePatient(deps, user, patientId, ctx, 'course.list');
  const rows = await repo.listCourses(deps.db, patientId);
  // Every course's authorization or referral in two statements, not one per course.
  const links = await payerLinks(
    deps.db,
    rows.map((r) => ({ priorAuthorizationId: r.priorAuthorizationId, vaReferralId: r.vaReferralId })),
  );
  const items = rows.map((r, i) => present(r, links[i] ?? null));
  access.done({ count: items.length });
  return { items };
}

/** A course, after the patient access rule on its patient (refusals audited). */
async function loadCourse(deps: Deps, db: Db, user: SessionUser, id: string, ctx: AuditContext, action: string, forUpdate = false) {
  const row = await repo.findCourse(db, id, forUpdate);
  if (!row || row.organizationId !== user.organizationId) throw notFound('Course');
  const access = await authorizePatient({ db, audit: deps.audit }, user, row.patientId, ctx, action);
  return { row, done: access.done };
}

export async function readCourse(deps: Deps, user: SessionUser, id: string, ctx: AuditContext): Promise<CourseView> {
  const { row, done } = await loadCourse(deps, deps.db, user, id, ctx, 'course.read');
  const view = present(row, await linkOf(deps.db, row));
  done({ courseId: id });
  return view;
}

/** Moves a course (planned -> active -> on hold / completed / stopped); stopping or holding says why. */
export async function moveCourse(
  deps: Deps,
  user: SessionUser,
  id: string,
  input: { status: CourseStatus; reason?: string | null | undefined; version: number },
  ctx: AuditContext,
): Promise<CourseView> {
  await deps.db.transaction(async (tx) => {
    const { row } = await loadCourse(deps, tx, user, id, ctx, 'course.status', true);
    const from = row.status as CourseStatus;
    if (!canMoveCourse(from, input.status))
      throw new AppError(409, 'invalid_transition', `A ${from.replace('_', ' ')} course cannot become ${input.status.replace('_', ' ')}.`);
    if (courseMoveNeedsReason(input.status) && !input.reason)
      throw fieldError('reason', `is required to put a course ${input.status === 'stopped' ? 'to a stop' : 'on hold'}`);
    if (!(await repo.moveCourse(tx, id, input.version, input.status, input.reason ?? null))) throw versionConflict('This course');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'course.status',
      outcome: 'success',
      entityType: 'treatment_course',
      entityId: id,
      patientId: row.patientId,
      details: { from, to: input.status, reason: input.reason ?? null },
    });
  });
  const row = await repo.findCourse(deps.db, id);
  if (!row) throw notFound('Course');
  return present(row, await linkOf(deps.db, row));
}

/**
 * Proposes every remaining visit of a course (issue 9; nothing is booked): the course's protocol version, the
 * clinic's zone, hours and holidays, its resources and providers and nurses, the patient's and staff's appointments,
 * and the authorization's remaining sessions and dates, handed to the pure planner (domain/scheduling/planner.ts).
 * Staff without recorded working hours are taken to work the clinic's opening hours (said in `warnings`).
 */
export async function planCourse(
  deps: Deps,
  user: SessionUser,
  id: string,
  input: { preferredTimes: PreferredTime[]; startOn?: string | undefined },
  ctx: AuditContext,
): Promise<CoursePlan> {
  const { row, done } = await loadCourse(deps, deps.db, user, id, ctx, 'course.plan');
  if (row.status !== 'planned' && row.status !== 'active')
    throw new AppError(409, 'invalid_transition', `A ${row.status.replace('_', ' ')} course is not planned.`);
  const protocolRow = await protocols.findProtocol(deps.db, user.organizationId, row.protocolId);
  const clinic = await schedulingRepo.clinicCalendar(deps.db, row.locationId);
  if (!protocolRow || !clinic) throw notFound('Course');
  const protocol = protocolOf(protocolRow);
  const today = clinicToday(clinic.timeZone);
  const tomorrow = addDays(today, 1);
  const startOn = input.startOn && input.startOn > tomorrow ? input.startOn : tomorrow;

  const kinds = courseVisitKinds(protocol);
  const earlier = (await repo.courseVisitStarts(deps.db, id)).filter((v) => kinds.has(v.kind));
  const remaining = courseVisits(protocol).slice(earlier.length);
  const [staff, resources, link] = await Promise.all([
    clinicalStaffAt(deps.db, user.organizationId, row.locationId),
    schedulingRepo.listResources(deps.db, [row.locationId]),
    linkOf(deps.db, row),
  ]);
  const activeResources = resources.filter((r) => r.active);
  const staffIds = staff.map((s) => s.id);
  const [busy, hours, timeOff, pending] = await Promise.all([
    repo.busyFrom(
      deps.db,
      row.patientId,
      staffIds,
      activeResources.map((r) => r.id),
      new Date(),
    ),
    appointmentsRepo.workingHours(deps.db, row.locationId, staffIds),
    appointmentsRepo.timeOffFrom(deps.db, staffIds, new Date()),
    link ? appointmentsRepo.pendingVisitsFor(deps.db, link) : Promise.resolve(0),
  ]);
  const hoursOf = new Map(hours.map((h) => [h.userId, h.hours]));
  const warnings: string[] = [];
  const withoutHours = staff.filter((s) => !hoursOf.has(s.id));
  if (withoutHours.length > 0)
    warnings.push(`No working hours are recorded for ${withoutHours.map((s) => s.displayName).join(', ')}: they are taken to work the clinic’s opening hours.`);
  let authorization: { remaining: number; from: string; to: string } | null = null;
  if (link) {
    if (!link.inForce || link.sessions === null || !link.from || !link.to)
      warnings.push(`The ${link.kind === 'prior_authorization' ? 'prior authorization' : 'VA referral'} is not approved yet: the plan is not limited by it.`);
    else authorization = { remaining: Math.max(0, link.sessions - link.used - pending), from: link.from, to: link.to };
  }
  const result = planner({
    timeZone: clinic.timeZone,
    openingHours: clinic.openingHours,
    holidays: new Set(clinic.holidays),
    visits: remaining.map((v) => ({ phase: v.phase.name, visitType: v.visitType, spacing: v.phase.spacing })),
    earlierVisitDates: earlier.map((e) => clinicDateOf(clinic.timeZone, new Date(e.startsAt))),
    startOn,
    resources: resources.filter((r) => r.active).map((r) => ({ id: r.id, kind: r.kind as ResourceKind, name: r.name })),
    staff: staff.map((s) => ({
      id: s.id,
      name: s.displayName,
      role: s.role,
      hours: hoursOf.get(s.id) ?? clinic.openingHours,
      timeOff: timeOff.filter((t) => t.userId === s.id).map((t) => ({ start: new Date(t.startsAt), end: new Date(t.endsAt) })),
    })),
    // Each booking holds its resource and the patient to its end, its attending staff member to the end of treatment.
    busy: busy.flatMap((b) => {
      const start = new Date(b.startsAt);
      const end = new Date(b.endsAt);
      return [
        { start, end: new Date(b.staffEndsAt ?? b.endsAt), staffId: b.providerId },
        ...(b.resourceId ? [{ start, end, resourceId: b.resourceId }] : []),
        ...(b.patientId === row.patientId ? [{ start, end, patient: true }] : []),
      ];
    }),
    authorization,
    preferredTimes: input.preferredTimes,
  });
  const resourceName = new Map(resources.map((r) => [r.id, r.name]));
  const staffById = new Map(staff.map((s) => [s.id, s]));
  done({ courseId: id, visits: result.visits.length, blocked: result.blocked?.rule ?? null });
  return {
    courseId: id,
    protocol: { code: protocol.code, version: protocol.version },
    timeZone: clinic.timeZone,
    startOn,
    visits: result.visits.map((v) => ({
      ...v,
      index: v.index + earlier.length,
      resource: v.resourceId ? { id: v.resourceId, name: resourceName.get(v.resourceId) ?? '' } : null,
      staff: v.staffIds.map((sid) => ({ id: sid, name: staffById.get(sid)?.displayName ?? '', role: staffById.get(sid)?.role ?? '' })),
    })),
    blocked: result.blocked && { ...result.blocked, index: result.blocked.index + earlier.length },
    notPlanned: result.notPlanned,
    warnings,
  };
}

/**
 * Counts a course against another approval of the same patient and treatment: typically the extension approved when
 * the first ran out (issue 9). Visits already completed stay counted where they were; booked ones count against the
 * new link from now on.
 */
export async function relinkCourse(
  deps: Deps,
  user: SessionUser,
  id: string,
  input: { priorAuthorizationId?: string | null | undefined; vaReferralId?: string | null | undefined; version: number },
  ctx: AuditContext,
): Promise<CourseView> {
  await deps.db.transaction(async (tx) => {
    const { row } = await loadCourse(deps, tx, user, id, ctx, 'course.payer_link', true);
    if (row.status === 'completed' || row.status === 'stopped')
      throw new AppError(409, 'invalid_transition', `A ${row.status} course keeps its authorization.`);
    const ids = { priorAuthorizationId: input.priorAuthorizationId ?? null, vaReferralId: input.vaReferralId ?? null };
    const field = ids.priorAuthorizationId ? 'priorAuthorizationId' : 'vaReferralId';
    if (ids.priorAuthorizationId || ids.vaReferralId) {
      const link = await payerLink(tx, ids);
      if (link?.patientId !== row.patientId) throw fieldError(field, 'is not this patient’s');
      if (serviceForTreatment(link.treatment as TreatmentKind) !== serviceForTreatment(row.treatment as TreatmentKind))
        throw fieldError(field, `is for ${link.treatment}, not ${row.treatment}`);
    }
    if (!(await repo.relinkCourse(tx, id, input.version, ids))) throw versionConflict('This course');
    await deps.audit.recordWithin(tx, ctx, {
      action: 'course.payer_link',
      outcome: 'success',
      entityType: 'treatment_course',
      entityId: id,
      patientId: row.patientId,
      details: { from: { pa: row.priorAuthorizationId, va: row.vaReferralId }, to: ids },
    });
  });
  const row = await repo.findCourse(deps.db, id);
  if (!row) throw notFound('Course');
  return present(row, await linkOf(deps.db, row));
}
