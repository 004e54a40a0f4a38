import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { SessionUser } from '../../../contracts/auth.js';
import { roleHas } from '../../../contracts/permissions.js';
import type { BoardView, CourseVisitsView, VisitChoice, VisitView } from '../../../contracts/appointments.js';
import {
  appointmentMoveProblem,
  boardStatus,
  isLateCancellation,
  missedVisitGuidance,
  nextMoves,
  type AppointmentStatus,
  type MissedVisitGuidance,
} from '../../../domain/scheduling/appointments.js';
import { defined } from '../../../domain/defined.js';
import { minutesOf, visitOutsideHours, WEEKDAYS, type WeeklyHours } from '../../../domain/scheduling/opening-hours.js';
import { courseVisitKinds, courseVisits, type Protocol, type VisitType } from '../../../domain/scheduling/protocols.js';
import { spacingProblems } from '../../../domain/scheduling/spacing.js';
import { clinicDateOf, clinicDaysRange, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIso, toIsoRequired } from '../../db/sql-values.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError, fieldError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { countVisitSession, lockPayerLink, payerLink, type PayerLink } from '../authorizations/index.js';
import { authorizePatient } from '../patients/index.js';
import { notifyOnce } from '../notifications/index.js';
import { clinicalStaffAt, staffWithRoleAt } from '../users/index.js';
import * as repo from './appointments.repository.js';
import * as courses from './courses.repository.js';
import { protocolOf } from './protocols.service.js';
import { authorizeClinic } from './scheduling.service.js';
import * as protocols from './protocols.repository.js';
import * as scheduling from './scheduling.repository.js';

type Deps = { db: Db; audit: AuditTrail };

const HOLDING: readonly string[] = ['booked', 'checked_in', 'in_treatment', 'observing', 'ready_for_discharge', 'completed'];
/** "08:30": an instant on a clinic's wall clock. */
export const localTime = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
const linkName = (link: PayerLink) => (link.kind === 'prior_authorization' ? 'prior authorization' : 'VA referral');

/** The instant of a wall-clock date and time in a zone; null when that time does not exist there (a DST gap). */
export function instantAt(date: string, time: string, zone: string): Date | null {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid || dt.toFormat('yyyy-MM-dd HH:mm') !== `${date} ${time}`) return null;
  return dt.toJSDate();
}

// ---- What checking a course visit needs, loaded once per request ----

type CourseContext = {
  course: courses.CourseRow;
  protocol: Protocol;
  clinic: scheduling.ClinicCalendar;
  plan: ReturnType<typeof courseVisits>;
  staff: Map<string, { id: string; displayName: string; role: 'provider' | 'nurse' }>;
  resources: Map<string, scheduling.ResourceRow>;
  hours: Map<string, WeeklyHours>;
  timeOff: repo.TimeOffRow[];
  link: PayerLink | null;
};

async function courseContext(tx: Db, user: SessionUser, course: courses.CourseRow, lockLink: boolean): Promise<CourseContext> {
  const protocolRow = await protocols.findProtocol(tx, user.organizationId, course.protocolId);
  const clinic = await scheduling.clinicCalendar(tx, course.locationId);
  if (!protocolRow || !clinic) throw notFound('Course');
  const protocol = protocolOf(protocolRow);
  const staff = await clinicalStaffAt(tx, user.organizationId, course.locationId);
  const ids = staff.map((s) => s.id);
  // One after another: a transaction is one connection, and pg queues (and deprecates) overlapping queries on it.
  const resources = await scheduling.listResources(tx, [course.locationId]);
  const hours = await repo.workingHours(tx, course.locationId, ids);
  const timeOff = await repo.timeOffFrom(tx, ids, new Date(Date.now() - 86_400_000));
  const linkIds = { priorAuthorizationId: course.priorAuthorizationId, vaReferralId: course.vaReferralId };
  let link = await payerLink(tx, linkIds);
  if (link && lockLink) link = await lockPayerLink(tx, link);
  return {
    course,
    protocol,
    clinic,
    plan: courseVisits(protocol),
    staff: new Map(staff.map((s) => [s.id, s])),
    resources: new Map(resources.map((r) => [r.id, r])),
    hours: new Map(hours.map((h) => [h.userId, h.hours])),
    timeOff,
    link,
  };
}

/** Whether a staff member works [start, end) at this clinic: their hours there (else the clinic's) and no time off. */
function staffProblem(ctx: CourseContext, staffId: string, start: Date, end: Date): string | null {
  const zone = ctx.clinic.timeZone;
  const from = DateTime.fromJSDate(start, { zone });
  const to = DateTime.fromJSDate(end, { zone });
  const hours = ctx.hours.get(staffId) ?? ctx.clinic.openingHours;
  const day = defined(WEEKDAYS[from.weekday - 1]);
  const a = from.hour * 60 + from.minute;
  const b = to.hour * 60 + to.minute;
  const works = (hours[day] ?? []).some((iv) => a >= minutesOf(iv.open) && b <= minutesOf(iv.close)) && to.toISODate() === from.toISODate();
  const name = ctx.staff.get(staffId)?.displayName ?? 'The staff member';
  if (!works) return `${name} does not work then (${(hours[day] ?? []).map((iv) => `${iv.open}-${iv.close}`).join(', ') || 'not on ' + from.toFormat('cccc')})`;
  const away = ctx.timeOff.find((t) => t.userId === staffId && new Date(t.startsAt) < end && new Date(t.endsAt) > start);
  if (away) return `${name} is away from ${toIsoRequired(away.startsAt)} to ${toIsoRequired(away.endsAt)}${away.reason ? ` (${away.reason})` : ''}`;
  return null;
}

type CheckedVisit = repo.NewVisit & { index: number; date: string; visitType: VisitType; phase: string; onSiteStaffId: string | null };

/**
 * One chosen visit against the rules a booking obeys: the protocol's visit type at that place in the course, a
 * resource of the right kind at the clinic, staff of the right roles who work then, the clinic open for the whole
 * visit (observation included), and not in the past. Refusals name the request field.
 */
function checkVisit(ctx: CourseContext, choice: VisitChoice, at: (field: string) => string, now: Date): CheckedVisit {
  const slot = ctx.plan[choice.index];
  if (!slot) throw fieldError(at('index'), `is past the course's ${ctx.plan.length} visits`);
  return checkVisitOfType(ctx, slot.visitType, slot.phase.name, choice, at, now);
}

/** The booking rules for a visit of a given type (a course visit at its place, or a visit booked alongside the course). */
function checkVisitOfType(ctx: CourseContext, t: VisitType, phase: string, choice: VisitChoice, at: (field: string) => string, now: Date): CheckedVisit {
  const start = instantAt(choice.date, choice.localStart, ctx.clinic.timeZone);
  if (!start) throw fieldError(at('localStart'), `does not exist on ${choice.date} in ${ctx.clinic.timeZone} (daylight saving time)`);
  if (start.getTime() <= now.getTime()) throw fieldError(at('localStart'), 'is in the past');
  const staffEnd = new Date(start.getTime() + t.minutes * 60_000);
  const end = new Date(staffEnd.getTime() + t.blockAfterMinutes * 60_000);
  const outside = visitOutsideHours(ctx.clinic.openingHours, ctx.clinic.timeZone, new Set(ctx.clinic.holidays), start, end);
  if (outside) throw new AppError(422, 'outside_opening_hours', `Visit ${choice.index + 1} ${outside}.`, [{ path: at('localStart'), message: outside }]);

  let resourceId: string | null = null;
  if (t.resource) {
    const resource = choice.resourceId ? ctx.resources.get(choice.resourceId) : undefined;
    if (!choice.resourceId) throw fieldError(at('resourceId'), `is required: a ${t.label} needs a ${t.resource.replaceAll('_', ' ')}`);
    if (!resource?.active) throw fieldError(at('resourceId'), 'is not an active resource of this clinic');
    if (resource.kind !== t.resource)
      throw fieldError(at('resourceId'), `is a ${resource.kind.replaceAll('_', ' ')}; a ${t.label} needs a ${t.resource.replaceAll('_', ' ')}`);
    resourceId = resource.id;
  }
  if (choice.staffIds.length !== t.staff.length)
    throw fieldError(at('staffIds'), `needs ${t.staff.map((s) => `a ${s.role} (${s.presence === 'attends' ? 'attending' : 'on site'})`).join(' and ')}`);
  if (new Set(choice.staffIds).size !== choice.staffIds.length) throw fieldError(at('staffIds'), 'names one person twice');
  let staffId = '';
  let onSiteStaffId: string | null = null;
  t.staff.forEach((need, i) => {
    const id = defined(choice.staffIds[i]);
    const member = ctx.staff.get(id);
    if (member?.role !== need.role) throw fieldError(`${at('staffIds')}.${i}`, `is not an active ${need.role} at this clinic`);
    const until = need.presence === 'attends' ? staffEnd : end;
    const problem = staffProblem(ctx, id, start, until);
    if (problem) throw new AppError(409, 'staff_unavailable', `Visit ${choice.index + 1}: ${problem}.`, [{ path: `${at('staffIds')}.${i}`, message: problem }]);
    if (need.presence === 'attends' && !staffId) staffId = id;
    else if (need.presence === 'on_site') onSiteStaffId = id;
  });
  if (!staffId) throw fieldError(at('staffIds'), 'names nobody to attend the visit');
  return {
    index: choice.index,
    date: choice.date,
    visitType: t,
    phase,
    start,
    end,
    staffEnd,
    resourceId,
    staffId,
    onSiteStaffId,
  };
}

/** Refuses visits that collide with each other (a plan edited by hand) or with the calendar, naming the other visit. */
async function checkConflicts(
  tx: Db,
  patientId: string,
  visits: (repo.NewVisit & { index: number })[],
  at: (i: number) => string,
  zone: string,
  excludeIds: string[] = [],
) {
  for (let i = 0; i < visits.length; i++)
    for (let j = 0; j < i; j++) {
      const a = defined(visits[i]);
      const b = defined(visits[j]);
      if (a.start < b.end && b.start < a.end)
        throw new AppError(409, 'patient_busy', `Visits ${b.index + 1} and ${a.index + 1} overlap.`, [
          { path: at(i), message: `overlaps visit ${b.index + 1}` },
        ]);
    }
  const [hit] = await repo.conflicts(tx, patientId, visits, excludeIds);
  if (!hit) return;
  const visit = defined(visits[hit.index]);
  const when = `${clinicDateOf(zone, new Date(hit.startsAt))} ${localTime(new Date(hit.startsAt), zone)}-${localTime(new Date(hit.endsAt), zone)}`;
  const what = hit.what === 'resource' ? 'The resource' : hit.what === 'staff' ? 'The staff member' : 'The patient';
  throw new AppError(
    409,
    hit.what === 'resource' ? 'resource_busy' : hit.what === 'staff' ? 'staff_busy' : 'patient_busy',
    `Visit ${visit.index + 1}: ${what} is already booked ${when} (appointment ${hit.id}, ${hit.kind.replaceAll('_', ' ')}).`,
    [{ path: at(hit.index), message: `conflicts with appointment ${hit.id}` }],
  );
}

/** The authorization's dates and remaining count (issue 9: planning or booking past them is refused, with the reason). */
async function checkAuthorization(tx: Db, ctx: CourseContext, visits: CheckedVisit[], at: (i: number) => string, adding: number) {
  const link = ctx.link;
  if (!link?.inForce || link.sessions === null || !link.from || !link.to) return;
  const name = linkName(link);
  const outside = visits.findIndex((v) => v.date < defined(link.from) || v.date > defined(link.to));
  if (outside >= 0) {
    const v = defined(visits[outside]);
    throw new AppError(
      409,
      'authorization_window',
      `Visit ${v.index + 1} on ${v.date} is outside the ${name}'s approved dates ${link.from} to ${link.to} (${link.id}).`,
      [{ path: at(outside), message: `is outside ${link.from} to ${link.to}` }],
    );
  }
  if (adding === 0) return;
  const pending = await repo.pendingVisitsFor(tx, link);
  const left = link.sessions - link.used - pending;
  if (adding > left) {
    const first = defined(visits[Math.max(0, left)]);
    throw new AppError(
      409,
      'authorization_count',
      `The ${name} (${link.id}) approves ${link.sessions} sessions: ${link.used} used and ${pending} booked leave ${Math.max(0, left)}, so visit ${first.index + 1} cannot be booked. Request an extension.`,
      [{ path: at(Math.max(0, left)), message: `is past the ${link.sessions} approved sessions` }],
    );
  }
}

async function loadCourseFor(deps: Deps, tx: Db, user: SessionUser, courseId: string, ctx: AuditContext, action: string) {
  const course = await courses.findCourse(tx, courseId, true);
  if (!course || course.organizationId !== user.organizationId) throw notFound('Course');
  await authorizePatient({ db: tx, audit: deps.audit }, user, course.patientId, ctx, action);
  return { course };
}

/** The course's visits that hold time, in course order, with their clinic dates (visits booked alongside left out). */
async function heldVisits(tx: Db, courseId: string, zone: string, kinds: ReadonlySet<string>) {
  return (await repo.courseVisits(tx, courseId))
    .filter((v) => HOLDING.includes(v.status) && kinds.has(v.kind))
    .map((v) => ({ ...v, date: clinicDateOf(zone, new Date(v.startsAt)) }));
}

/**
 * Books a course's next visits as one series (issue 9: staff accept the plan whole, with any visit moved): every
 * visit is checked again against the protocol, the clinic, the staff, the spacing, the authorization and the
 * calendar, inside one transaction that holds the course and its authorization, and all are booked or none. The
 * exclusion constraints answer a booking that raced this one.
 */
export async function bookCourseVisits(deps: Deps, user: SessionUser, courseId: string, input: { visits: VisitChoice[] }, auditCtx: AuditContext) {
  const now = new Date();
  const result = await deps.db.transaction(async (tx) => {
    const { course } = await loadCourseFor(deps, tx, user, courseId, auditCtx, 'course.book');
    if (course.status !== 'planned' && course.status !== 'active')
      throw new AppError(409, 'invalid_transition', `A ${course.status.replace('_', ' ')} course takes no new visits.`);
    const ctx = await courseContext(tx, user, course, true);
    const held = await heldVisits(tx, courseId, ctx.clinic.timeZone, courseVisitKinds(ctx.protocol));
    const first = held.length;
    input.visits.forEach((v, i) => {
      if (v.index !== first + i)
        throw fieldError(`visits.${i}.index`, `must be ${first + i}: the course has ${first} visits booked or done, and visits are booked in course order`);
    });
    const checked = input.visits.map((v, i) => checkVisit(ctx, v, (f) => `visits.${i}.${f}`, now));
    const startField = (i: number) => `visits.${i}.localStart`;
    await checkAuthorization(tx, ctx, checked, startField, checked.length);

    const spacing = spacingProblems(
      held.map((h) => h.date),
      checked.map((v) => ({ phase: v.phase, spacing: defined(ctx.plan[v.index]).phase.spacing, date: v.date })),
    );
    if (spacing.length > 0)
      throw new AppError(
        422,
        'spacing',
        `Visit ${defined(checked[defined(spacing[0]).index]).index + 1}: ${defined(spacing[0]).message}.`,
        spacing.map((p) => ({ path: startField(p.index), message: p.message })),
      );
    await checkConflicts(tx, course.patientId, checked, startField, ctx.clinic.timeZone);

    const seriesId = randomUUID();
    const rows = await repo.insertAppointments(
      tx,
      checked.map((v) => ({
        organizationId: user.organizationId,
        patientId: course.patientId,
        locationId: course.locationId,
        providerId: v.staffId,
        onSiteStaffId: v.onSiteStaffId,
        resourceId: v.resourceId,
        kind: v.visitType.kind,
        startsAt: v.start,
        endsAt: v.end,
        staffEndsAt: v.staffEnd,
        courseId,
        seriesId,
        createdBy: user.id,
      })),
    );
    await deps.audit.recordWithin(tx, auditCtx, {
      action: 'appointment.series.book',
      outcome: 'success',
      entityType: 'treatment_course',
      entityId: courseId,
      patientId: course.patientId,
      details: { seriesId, count: rows.length, first: checked[0]?.start.toISOString() ?? null, last: checked.at(-1)?.start.toISOString() ?? null },
    });
    return { seriesId, ids: rows.map((r) => r.id) };
  });
  return { seriesId: result.seriesId, booked: result.ids.length, course: await listCourseVisits(deps, user, courseId, auditCtx) };
}

function presentVisit(v: repo.VisitViewRow, zone: string): VisitView {
  return {
    id: v.id,
    kind: v.kind,
    startsAt: toIsoRequired(v.startsAt),
    endsAt: toIsoRequired(v.endsAt),
    staffEndsAt: toIso(v.staffEndsAt),
    date: clinicDateOf(zone, new Date(v.startsAt)),
    localStart: localTime(new Date(v.startsAt), zone),
    localEnd: localTime(new Date(v.endsAt), zone),
    status: v.status as AppointmentStatus,
    boardStatus: boardStatus(v.status as AppointmentStatus),
    confirmation: v.confirmation as VisitView['confirmation'],
    lateCancel: v.lateCancel,
    cancelReason: v.cancelReason,
    courseId: v.courseId,
    seriesId: v.seriesId,
    resource: v.resourceId ? { id: v.resourceId, name: v.resourceName ?? '', kind: v.resourceKind ?? '' } : null,
    staff: { id: v.staffId, name: v.staffName },
    onSiteStaff: v.onSiteStaffId ? { id: v.onSiteStaffId, name: v.onSiteStaffName ?? '' } : null,
    observationStartedAt: toIso(v.observationStartedAt),
    nextMoves: nextMoves(v.status as AppointmentStatus, v.kind),
    version: v.version,
  };
}

/** A course's timeline: every visit with its status, resource and staff, and the authorization meter. */
export async function listCourseVisits(deps: Deps, user: SessionUser, courseId: string, auditCtx: AuditContext): Promise<CourseVisitsView> {
  const course = await courses.findCourse(deps.db, courseId);
  if (!course || course.organizationId !== user.organizationId) throw notFound('Course');
  const access = await authorizePatient(deps, user, course.patientId, auditCtx, 'course.visits');
  const [rows, link, protocolRow] = await Promise.all([
    repo.courseVisits(deps.db, courseId),
    payerLink(deps.db, { priorAuthorizationId: course.priorAuthorizationId, vaReferralId: course.vaReferralId }),
    protocols.findProtocol(deps.db, user.organizationId, course.protocolId),
  ]);
  const protocol = protocolRow ? protocolOf(protocolRow) : null;
  const plan = protocol ? courseVisits(protocol) : [];
  const kinds = protocol ? courseVisitKinds(protocol) : new Set<string>();
  const pending = link ? await repo.pendingVisitsFor(deps.db, link) : 0;
  let held = 0;
  const items = rows.map((r) => {
    const view = presentVisit(r, course.timeZone);
    if (!kinds.has(r.kind)) return { ...view, number: null, phase: protocol?.visitTypes.find((t) => t.kind === r.kind)?.label ?? null, guidance: null };
    const number = HOLDING.includes(r.status) ? ++held : null;
    // A missed visit sits where the next visit of the course would: its phase decides the label's guidance.
    const phase = number === null ? (r.status === 'no_show' ? (plan[held]?.phase.name ?? null) : null) : (plan[number - 1]?.phase.name ?? null);
    return { ...view, number, phase, guidance: r.status === 'no_show' ? missedVisitGuidance(r.kind, phase) : null };
  });
  access.done({ courseId, count: items.length });
  return {
    courseId,
    timeZone: course.timeZone,
    planned: plan.length,
    done: rows.filter((r) => r.status === 'completed' && kinds.has(r.kind)).length,
    booked: rows.filter((r) => HOLDING.includes(r.status) && r.status !== 'completed' && kinds.has(r.kind)).length,
    authorization: link && {
      kind: link.kind,
      id: link.id,
      inForce: link.inForce,
      sessions: link.sessions,
      from: link.from,
      to: link.to,
      used: link.used,
      booked: pending,
      remaining: link.sessions === null ? null : link.sessions - link.used - pending,
    },
    items,
  };
}

// ---- One appointment: reschedule, cancel, move through the day ----

/** The appointment locked for change, after the patient access rule (refusals audited; writes audit their success in the transaction). */
async function loadAppointment(deps: Deps, tx: Db, user: SessionUser, id: string, auditCtx: AuditContext, action: string, permission?: 'appointment:treat') {
  const row = await repo.findAppointment(tx, id, true);
  if (!row || row.organizationId !== user.organizationId) throw notFound('Appointment');
  await authorizePatient({ db: tx, audit: deps.audit }, user, row.patientId, auditCtx, action, permission);
  return row;
}

/**
 * Moves one visit to another date or time (and, optionally, resource or staff): the same checks as booking, and for
 * a course visit the spacing with the visits either side of it and the authorization's dates.
 */
export async function rescheduleAppointment(
  deps: Deps,
  user: SessionUser,
  id: string,
  input: { date: string; localStart: string; resourceId?: string | null | undefined; staffIds?: string[] | undefined; version: number },
  auditCtx: AuditContext,
) {
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    const row = await loadAppointment(deps, tx, user, id, auditCtx, 'appointment.reschedule');
    if (row.status !== 'booked') throw new AppError(409, 'invalid_transition', `A visit that is ${row.status.replaceAll('_', ' ')} cannot be moved.`);
    if (row.version !== input.version) throw versionConflict('This appointment');
    if (!row.courseId) {
      await rescheduleConsultation(tx, row, input, now);
    } else {
      const course = defined(await courses.findCourse(tx, row.courseId, true), 'the appointment’s course');
      const ctx = await courseContext(tx, user, course, true);
      const held = await heldVisits(tx, course.id, ctx.clinic.timeZone, courseVisitKinds(ctx.protocol));
      const index = held.findIndex((h) => h.id === id);
      if (index < 0) await rescheduleAlongside(tx, ctx, row, input, now);
      else await rescheduleCourseVisit(tx, ctx, row, held, index, input, now);
    }
    await deps.audit.recordWithin(tx, auditCtx, {
      action: 'appointment.reschedule',
      outcome: 'success',
      entityType: 'appointment',
      entityId: id,
      patientId: row.patientId,
      details: { from: toIsoRequired(row.startsAt), date: input.date, localStart: input.localStart },
    });
  });
  return readAppointment(deps, user, id, auditCtx);
}

/** A course visit moved: the booking rules at its place, the spacing with the visits either side, the authorization's dates. */
async function rescheduleCourseVisit(
  tx: Db,
  ctx: CourseContext,
  row: repo.AppointmentRow,
  held: Awaited<ReturnType<typeof heldVisits>>,
  index: number,
  input: { date: string; localStart: string; resourceId?: string | null | undefined; staffIds?: string[] | undefined; version: number },
  now: Date,
) {
  const id = row.id;
  const choice: VisitChoice = {
    index,
    date: input.date,
    localStart: input.localStart,
    resourceId: input.resourceId === undefined ? row.resourceId : input.resourceId,
    staffIds: input.staffIds ?? [row.providerId, ...(row.onSiteStaffId ? [row.onSiteStaffId] : [])],
  };
  const visit = checkVisit(ctx, choice, (f) => f, now);
  const dates = held.map((h, i) => ({
    phase: defined(ctx.plan[i]).phase.name,
    spacing: defined(ctx.plan[i]).phase.spacing,
    date: i === index ? visit.date : h.date,
  }));
  const problems = spacingProblems([], dates).filter((p) => p.index === index || p.index === index + 1);
  if (problems.length > 0)
    throw new AppError(
      422,
      'spacing',
      `${defined(problems[0]).message}.`,
      problems.map((p) => ({ path: 'date', message: p.message })),
    );
  await checkAuthorization(tx, ctx, [visit], () => 'date', 0);
  await checkConflicts(tx, row.patientId, [visit], () => 'localStart', ctx.clinic.timeZone, [id]);
  const moved = await repo.updateAppointment(tx, id, input.version, {
    startsAt: visit.start,
    endsAt: visit.end,
    staffEndsAt: visit.staffEnd,
    resourceId: visit.resourceId,
    providerId: visit.staffId,
    onSiteStaffId: visit.onSiteStaffId,
    confirmation: 'unconfirmed',
    confirmedAt: null,
  });
  if (!moved) throw versionConflict('This appointment');
}

/** A visit booked alongside a course (integration therapy): the booking rules for its type, no place in the course order. */
async function rescheduleAlongside(
  tx: Db,
  ctx: CourseContext,
  row: repo.AppointmentRow,
  input: { date: string; localStart: string; resourceId?: string | null | undefined; staffIds?: string[] | undefined; version: number },
  now: Date,
) {
  const t = ctx.protocol.visitTypes.find((v) => v.kind === row.kind);
  if (!t) throw new AppError(409, 'conflict', 'This visit’s type is not in the course’s protocol version.');
  const choice: VisitChoice = {
    index: 0,
    date: input.date,
    localStart: input.localStart,
    resourceId: input.resourceId === undefined ? row.resourceId : input.resourceId,
    staffIds: input.staffIds ?? [row.providerId, ...(row.onSiteStaffId ? [row.onSiteStaffId] : [])],
  };
  const visit = checkVisitOfType(ctx, t, t.label, choice, (f) => f, now);
  await checkConflicts(tx, row.patientId, [visit], () => 'localStart', ctx.clinic.timeZone, [row.id]);
  const moved = await repo.updateAppointment(tx, row.id, input.version, {
    startsAt: visit.start,
    endsAt: visit.end,
    staffEndsAt: visit.staffEnd,
    resourceId: visit.resourceId,
    providerId: visit.staffId,
    onSiteStaffId: visit.onSiteStaffId,
    confirmation: 'unconfirmed',
    confirmedAt: null,
  });
  if (!moved) throw versionConflict('This appointment');
}

/**
 * Books a visit of the course's protocol that is not one of its phases (issue 9: integration therapy sessions attached
 * to a KAP course): the same booking rules, outside the course's order, spacing and authorization count.
 */
export async function bookAlongside(
  deps: Deps,
  user: SessionUser,
  courseId: string,
  input: { kind: string; date: string; localStart: string; resourceId: string | null; staffIds: string[] },
  auditCtx: AuditContext,
): Promise<VisitView> {
  const now = new Date();
  const id = await deps.db.transaction(async (tx) => {
    const { course } = await loadCourseFor(deps, tx, user, courseId, auditCtx, 'course.book');
    if (course.status !== 'planned' && course.status !== 'active')
      throw new AppError(409, 'invalid_transition', `A ${course.status.replace('_', ' ')} course takes no new visits.`);
    const ctx = await courseContext(tx, user, course, false);
    const t = ctx.protocol.visitTypes.find((v) => v.kind === input.kind);
    if (!t) throw fieldError('kind', `is not a visit type of ${ctx.protocol.name} (version ${ctx.protocol.version})`);
    if (courseVisitKinds(ctx.protocol).has(t.kind)) throw fieldError('kind', 'is one of the course’s own visits: book it from the plan, in course order');
    const visit = checkVisitOfType(
      ctx,
      t,
      t.label,
      { index: 0, date: input.date, localStart: input.localStart, resourceId: input.resourceId, staffIds: input.staffIds },
      (f) => f,
      now,
    );
    await checkConflicts(tx, course.patientId, [visit], () => 'localStart', ctx.clinic.timeZone);
    const [row] = await repo.insertAppointments(tx, [
      {
        organizationId: user.organizationId,
        patientId: course.patientId,
        locationId: course.locationId,
        providerId: visit.staffId,
        onSiteStaffId: visit.onSiteStaffId,
        resourceId: visit.resourceId,
        kind: t.kind,
        startsAt: visit.start,
        endsAt: visit.end,
        staffEndsAt: visit.staffEnd,
        courseId,
        createdBy: user.id,
      },
    ]);
    const newId = defined(row, 'the inserted appointment').id;
    await deps.audit.recordWithin(tx, auditCtx, {
      action: 'appointment.create',
      outcome: 'success',
      entityType: 'appointment',
      entityId: newId,
      patientId: course.patientId,
      details: { kind: t.kind, courseId, alongside: true },
    });
    return newId;
  });
  return readAppointment(deps, user, id, auditCtx);
}

/** A consultation (no course) keeps its length, clinic and provider; the clinic's hours and the calendar are checked. */
async function rescheduleConsultation(tx: Db, row: repo.AppointmentRow, input: { date: string; localStart: string; version: number }, now: Date) {
  const clinic = defined(await scheduling.clinicCalendar(tx, row.locationId), 'the appointment’s clinic');
  const start = instantAt(input.date, input.localStart, clinic.timeZone);
  if (!start) throw fieldError('localStart', `does not exist on ${input.date} in ${clinic.timeZone} (daylight saving time)`);
  if (start.getTime() <= now.getTime()) throw fieldError('localStart', 'is in the past');
  const length = new Date(row.endsAt).getTime() - new Date(row.startsAt).getTime();
  const end = new Date(start.getTime() + length);
  const outside = visitOutsideHours(clinic.openingHours, clinic.timeZone, new Set(clinic.holidays), start, end);
  if (outside) throw new AppError(422, 'outside_opening_hours', `The visit ${outside}.`, [{ path: 'localStart', message: outside }]);
  const visit = { index: 0, start, end, staffEnd: end, resourceId: row.resourceId, staffId: row.providerId };
  await checkConflicts(tx, row.patientId, [visit], () => 'localStart', clinic.timeZone, [row.id]);
  if (!(await repo.updateAppointment(tx, row.id, input.version, { startsAt: start, endsAt: end, confirmation: 'unconfirmed', confirmedAt: null })))
    throw versionConflict('This appointment');
}

/**
 * Cancels a visit with its reason (flagged late inside the clinic's window), or the rest of its series from it on.
 * Cancelled visits free their time at once.
 */
export async function cancelAppointment(
  deps: Deps,
  user: SessionUser,
  id: string,
  input: { reason: string; version: number; scope: 'visit' | 'series' },
  auditCtx: AuditContext,
) {
  const now = new Date();
  const cancelled = await deps.db.transaction(async (tx) => {
    const row = await loadAppointment(deps, tx, user, id, auditCtx, 'appointment.cancel');
    if (row.version !== input.version) throw versionConflict('This appointment');
    const problem = appointmentMoveProblem({
      from: row.status as AppointmentStatus,
      to: 'cancelled',
      kind: row.kind,
      visitDate: clinicDateOf(row.timeZone, new Date(row.startsAt)),
      today: clinicToday(row.timeZone, now),
      startsAt: new Date(row.startsAt),
      now,
      observationStartedAt: null,
    });
    if (problem) throw new AppError(409, 'invalid_transition', problem.message);
    const targets = input.scope === 'series' && row.seriesId ? await repo.seriesAhead(tx, row.seriesId, new Date(row.startsAt)) : [];
    const all = [row, ...targets.filter((t) => t.id !== row.id)];
    let late = 0;
    for (const target of all) {
      const isLate = isLateCancellation(new Date(target.startsAt), now);
      if (isLate) late++;
      const ok = await repo.updateAppointment(tx, target.id, target.version, {
        status: 'cancelled',
        cancelledAt: now,
        cancelReason: input.reason,
        lateCancel: isLate,
      });
      if (!ok) throw versionConflict('An appointment of this series');
    }
    await deps.audit.recordWithin(tx, auditCtx, {
      action: 'appointment.cancel',
      outcome: 'success',
      entityType: 'appointment',
      entityId: id,
      patientId: row.patientId,
      details: { scope: input.scope, count: all.length, late },
    });
    return all.length;
  });
  return { cancelled, appointment: await readAppointment(deps, user, id, auditCtx) };
}

const CLINICAL_MOVES: readonly AppointmentStatus[] = ['in_treatment', 'observing', 'ready_for_discharge', 'completed'];

/**
 * Moves a visit through its day: check in, start treatment, observe, ready for discharge, complete, or no-show.
 * Treatment moves are for providers and nurses. Starting treatment checks the course's authorization still covers
 * the session; completing counts it against the authorization automatically, once. A no-show answers the missed-visit
 * guidance for the treatment (Spravato's label, the TMS literature).
 */
export async function moveAppointment(
  deps: Deps,
  user: SessionUser,
  id: string,
  input: { status: AppointmentStatus; version: number },
  auditCtx: AuditContext,
): Promise<{ appointment: VisitView; counted: boolean; guidance: MissedVisitGuidance | null }> {
  const now = new Date();
  if (CLINICAL_MOVES.includes(input.status) && !roleHas(user.role, 'appointment:treat')) {
    // Audited like every refusal: authorizePatient with the permission records the denial.
    const row = await repo.findAppointment(deps.db, id);
    if (!row || row.organizationId !== user.organizationId) throw notFound('Appointment');
    await authorizePatient(deps, user, row.patientId, auditCtx, 'appointment.status', 'appointment:treat');
    throw forbidden();
  }
  const outcome = await deps.db.transaction(async (tx) => moveVisitWithin(deps, tx, user, id, input, auditCtx, now));
  return { appointment: await readAppointment(deps, user, id, auditCtx), ...outcome };
}

/**
 * The move itself, inside the caller's transaction: the chart (charting module) moves its visit as treatment starts,
 * ends and the patient is discharged, in the same transaction as what it records. `now` stamps the move (the chart
 * passes the time the last device was given, so observation counts from the dose).
 */
export async function moveVisitWithin(
  deps: Deps,
  tx: Db,
  user: SessionUser,
  id: string,
  input: { status: AppointmentStatus; version: number },
  auditCtx: AuditContext,
  now: Date,
): Promise<{ counted: boolean; guidance: MissedVisitGuidance | null }> {
  const row = await loadAppointment(deps, tx, user, id, auditCtx, 'appointment.status');
  if (row.version !== input.version) throw versionConflict('This appointment');
  const from = row.status as AppointmentStatus;
  const visitDate = clinicDateOf(row.timeZone, new Date(row.startsAt));
  const observationStartedAt = row.observationStartedAt ? new Date(row.observationStartedAt) : null;
  const problem = appointmentMoveProblem({
    from,
    to: input.status,
    kind: row.kind,
    visitDate,
    today: clinicToday(row.timeZone, now),
    startsAt: new Date(row.startsAt),
    now,
    observationStartedAt,
  });
  if (problem) throw new AppError(409, problem.rule, problem.message);

  let link: PayerLink | null = null;
  let phase: string | null = null;
  let course: courses.CourseRow | null = null;
  if (row.courseId) {
    course = defined(await courses.findCourse(tx, row.courseId, true), 'the appointment’s course');
    const linkIds = { priorAuthorizationId: course.priorAuthorizationId, vaReferralId: course.vaReferralId };
    link = await payerLink(tx, linkIds);
    if (link) link = await lockPayerLink(tx, link);
    const protocolRow = await protocols.findProtocol(tx, user.organizationId, course.protocolId);
    const protocol = protocolRow ? protocolOf(protocolRow) : null;
    // A visit booked alongside the course (integration therapy) is not a session of its authorization.
    if (!protocol || !courseVisitKinds(protocol).has(row.kind)) link = null;
    if (input.status === 'no_show' && protocol) {
      const held = await heldVisits(tx, course.id, row.timeZone, courseVisitKinds(protocol));
      const index = held.findIndex((h) => h.id === id);
      phase = index >= 0 ? (courseVisits(protocol)[index]?.phase.name ?? null) : null;
    }
  }
  if (input.status === 'in_treatment' && link?.inForce && link.sessions !== null && link.from && link.to) {
    const name = linkName(link);
    if (visitDate < link.from || visitDate > link.to)
      throw new AppError(409, 'authorization_window', `Today is outside the ${name}'s approved dates ${link.from} to ${link.to} (${link.id}).`);
    if (link.used >= link.sessions)
      throw new AppError(
        409,
        'authorization_count',
        `All ${link.sessions} sessions of the ${name} (${link.id}) are used; request an extension before treating.`,
      );
  }
  const stamp =
    input.status === 'checked_in'
      ? { checkedInAt: now }
      : input.status === 'in_treatment'
        ? { startedAt: now }
        : input.status === 'observing'
          ? { observationStartedAt: now }
          : input.status === 'completed'
            ? { completedAt: now }
            : {};
  if (!(await repo.updateAppointment(tx, id, input.version, { status: input.status, ...stamp }))) throw versionConflict('This appointment');
  let counted = false;
  if (input.status === 'completed' && link?.inForce) counted = await countVisitSession(tx, link, { appointmentId: id, date: visitDate, recordedBy: user.id });
  // A planned course becomes active when treatment starts (its first visit in treatment), said in the audit trail.
  if (input.status === 'in_treatment' && course?.status === 'planned') {
    if (!(await courses.moveCourse(tx, course.id, course.version, 'active', null))) throw versionConflict('The course');
    await deps.audit.recordWithin(tx, auditCtx, {
      action: 'course.status',
      outcome: 'success',
      entityType: 'treatment_course',
      entityId: course.id,
      patientId: row.patientId,
      details: { from: 'planned', to: 'active', reason: 'first visit started' },
    });
  }
  await deps.audit.recordWithin(tx, auditCtx, {
    action: 'appointment.status',
    outcome: 'success',
    entityType: 'appointment',
    entityId: id,
    patientId: row.patientId,
    details: { from, to: input.status, counted },
  });
  const guidance = input.status === 'no_show' ? missedVisitGuidance(row.kind, phase) : null;
  if (guidance) {
    // The follow-up task: each coordinator of the clinic is told once, with what the label or literature says.
    const coordinators = await staffWithRoleAt(tx, user.organizationId, row.locationId, 'coordinator');
    const when = `${visitDate} ${localTime(new Date(row.startsAt), row.timeZone)}`;
    await notifyOnce(
      tx,
      coordinators.map((userId) => ({
        organizationId: user.organizationId,
        userId,
        kind: 'visit.missed',
        title: `Missed visit ${when}: call the patient to rebook`,
        body: `${guidance.text} (${guidance.source})`,
        link: row.courseId ? `/courses/${row.courseId}` : `/patients/${row.patientId}`,
        entityId: id,
      })),
    );
  }
  return { counted, guidance };
}

export async function readAppointment(deps: Deps, user: SessionUser, id: string, auditCtx: AuditContext): Promise<VisitView> {
  const row = await repo.findAppointment(deps.db, id);
  if (!row || row.organizationId !== user.organizationId) throw notFound('Appointment');
  const access = await authorizePatient(deps, user, row.patientId, auditCtx, 'appointment.read');
  const view = await repo.courseVisitsById(deps.db, id);
  if (!view) throw notFound('Appointment');
  access.done({ appointmentId: id });
  return presentVisit(view, row.timeZone);
}

// ---- The day board ----

/**
 * A clinic's visits over whole clinic days, not cancelled, as the day board and the calendar show them: the patient by
 * given name and family initial (a wall screen shows the least that serves).
 */
async function clinicDaysVisits(db: Db, locationId: string, zone: string, from: string, days: number) {
  const range = clinicDaysRange(zone, from, days);
  const rows = await repo.clinicVisits(db, locationId, range.start, range.end);
  return rows
    .filter((r) => r.status !== 'cancelled')
    .map((r) => ({ ...presentVisit(r, zone), patient: { id: r.patientId, label: `${r.patientGivenName} ${r.patientFamilyName.slice(0, 1)}.` } }));
}

/**
 * A clinic's day (issue 9): every chair, device and room with the visits in it and their status, and the visits that
 * hold no resource; the patient by given name and family initial (a wall screen shows the least that serves).
 * Clinic staff only; the read is audited with the patients it showed.
 */
export async function dayBoard(deps: Deps, user: SessionUser, locationId: string, date: string | undefined, auditCtx: AuditContext): Promise<BoardView> {
  const { clinic, grant } = await authorizeClinic(deps, user, locationId, 'board.read', auditCtx);
  const zone = clinic.timeZone;
  const day = date ?? clinicToday(zone);
  const [visits, resources] = await Promise.all([clinicDaysVisits(deps.db, locationId, zone, day, 1), scheduling.listResources(deps.db, [locationId])]);
  grant.done({ locationId, date: day, patients: [...new Set(visits.map((v) => v.patient.id))].length });
  const now = new Date();
  return {
    clinic: { id: locationId, timeZone: zone },
    date: day,
    generatedAt: now.toISOString(),
    resources: resources
      .filter((r) => r.active || visits.some((v) => v.resource?.id === r.id))
      .map((r) => ({ id: r.id, name: r.name, kind: r.kind, visits: visits.filter((v) => v.resource?.id === r.id) })),
    unassigned: visits.filter((v) => !v.resource),
    unconfirmed: visits.filter((v) => v.status === 'booked' && v.confirmation !== 'confirmed').length,
  };
}

/**
 * A clinic's calendar for 1-7 days from a date (clinic wall clock), optionally one resource's or one staff member's:
 * the same visits and patient labels as the day board, for the day and week views.
 */
export async function clinicCalendarView(
  deps: Deps,
  user: SessionUser,
  locationId: string,
  q: { from: string; days: number; resourceId?: string | undefined; staffId?: string | undefined },
  auditCtx: AuditContext,
) {
  const { clinic, grant } = await authorizeClinic(deps, user, locationId, 'calendar.read', auditCtx);
  const zone = clinic.timeZone;
  const items = (await clinicDaysVisits(deps.db, locationId, zone, q.from, q.days)).filter(
    (v) => (!q.resourceId || v.resource?.id === q.resourceId) && (!q.staffId || v.staff.id === q.staffId || v.onSiteStaff?.id === q.staffId),
  );
  grant.done({ locationId, from: q.from, days: q.days, patients: new Set(items.map((i) => i.patient.id)).size });
  return { clinic: { id: locationId, timeZone: zone, openingHours: clinic.openingHours }, from: q.from, days: q.days, items };
}

/** Who may follow a clinic's board live: the board's own rule (its clinic, audited when refused). */
export async function authorizeBoardStream(deps: Deps, user: SessionUser, locationId: string, auditCtx: AuditContext): Promise<void> {
  await authorizeClinic(deps, user, locationId, 'board.stream', auditCtx);
}

/**
 * A visit as its chart needs it (charting module): the appointment with its clinic's zone and, for a course visit,
 * its session number among the course's held visits of the course's kinds (1-based; null outside the course's order).
 */
export async function visitForChart(db: Db, id: string, forUpdate = false): Promise<(repo.AppointmentRow & { sessionNumber: number | null }) | null> {
  const row = await repo.findAppointment(db, id, forUpdate);
  if (!row) return null;
  let sessionNumber: number | null = null;
  if (row.courseId) {
    const course = await courses.findCourse(db, row.courseId);
    const protocolRow = course ? await protocols.findProtocol(db, course.organizationId, course.protocolId) : null;
    if (protocolRow) {
      const kinds = courseVisitKinds(protocolOf(protocolRow));
      if (kinds.has(row.kind)) {
        const held = await heldVisits(db, row.courseId, row.timeZone, kinds);
        const index = held.findIndex((h) => h.id === id);
        sessionNumber = index >= 0 ? index + 1 : null;
      }
    }
  }
  return { ...row, sessionNumber };
}
