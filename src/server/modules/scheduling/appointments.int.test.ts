import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql-values.js';
import { patientWithIntake } from '../../testing/builders.js';
import { testConfig } from '../../config.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

// Booking and running treatment visits (issue 9), on the database the suite runs on (PGlite, and PostgreSQL in CI).

let t: TestApp;
let provider: Agent;
let nurse: Agent;
let coordinator: Agent;
let biller: Agent;
let manager: Agent;
let patientId: string;
let protocolIds: Map<string, string>;

type PlannedVisit = { index: number; date: string; localStart: string; resource: { id: string } | null; staff: { id: string }[] };
type Visit = { id: string; status: string; version: number; date: string; localStart: string; startsAt: string; number: number | null };

const choiceOf = (v: PlannedVisit) => ({
  index: v.index,
  date: v.date,
  localStart: v.localStart,
  resourceId: v.resource?.id ?? null,
  staffIds: v.staff.map((s) => s.id),
});
const fieldsOf = (res: { json(): { error: { fields?: { path: string; message: string }[] } } }) =>
  Object.fromEntries((res.json().error.fields ?? []).map((f) => [f.path, f.message]));

/** Logs everyone in again: moving the clock by hours ends sessions (idle limit), as it would for real. */
async function loginAll() {
  [provider, nurse, coordinator, biller, manager] = await Promise.all([
    t.login('provider'),
    t.login('nurse'),
    t.login('coordinator'),
    t.login('biller'),
    t.login('manager'),
  ]);
}

/** Sets the clock (Date only) to an instant and logs everyone in at it. */
async function clockAt(instant: Date | number) {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(instant), shouldAdvanceTime: true });
  await loginAll();
}

async function realClock() {
  vi.useRealTimers();
  await loginAll();
}

beforeAll(async () => {
  // The clock moves by hours and days here: the login rate limit's window would read that as one long burst.
  t = await createTestApp({ logLevel: process.env.TEST_LOG ?? 'silent', login: { ...testConfig().login, ratePerMinute: 100_000 } }, { patients: 0 });
  await loginAll();
  patientId = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
  protocolIds = new Map(((await provider.get('/api/protocols')).json().items as { id: string; code: string }[]).map((p) => [p.code, p.id]));
});
afterAll(async () => t.close());
afterEach(async () => {
  if (vi.isFakeTimers()) await realClock();
});

async function startCourse(code: string, extra: Record<string, unknown> = {}, patient = patientId) {
  const res = await provider.post(`/api/patients/${patient}/courses`, {
    protocolId: protocolIds.get(code),
    locationId: t.clinics.get('SF'),
    differReason: 'Chosen with the patient for this test.',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function approve(paId: string, sessions: number, from: string, days = 120) {
  await t.database.db.execute(
    sql`update prior_authorizations set status = 'approved', authorization_number = ${`AUTH-${sessions}`}, approved_sessions = ${sessions},
           approved_from = ${from}::date, approved_to = ${from}::date + ${days}::int where id = ${paId}`,
  );
}

const visitsOf = async (courseId: string) =>
  (await coordinator.get(`/api/courses/${courseId}/visits`)).json() as {
    items: Visit[];
    booked: number;
    done: number;
    authorization: Record<string, unknown> | null;
  };
const appointmentCount = async (courseId: string) =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from appointments where course_id = ${courseId}`))[0]!.n;

describe('booking a course', () => {
  let courseId: string;
  let paId: string;
  let plan: { visits: PlannedVisit[] };

  it('books an accepted plan whole, counts it against the authorization, and refuses the session past the approved count', async () => {
    paId = (await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'tms' })).json().id;
    courseId = (await startCourse('tms-10hz-standard', { priorAuthorizationId: paId })).id;
    const first = (await coordinator.post(`/api/courses/${courseId}/plan`, {})).json();
    await approve(paId, 20, first.visits[0].date);
    plan = (await coordinator.post(`/api/courses/${courseId}/plan`, {})).json();
    expect(plan.visits).toHaveLength(20);

    const booked = await coordinator.post(`/api/courses/${courseId}/appointments`, { visits: plan.visits.map(choiceOf) });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ booked: 20, course: { booked: 20, done: 0, authorization: { sessions: 20, used: 0, booked: 20, remaining: 0 } } });
    const items = booked.json().course.items as Visit[];
    expect(items.map((v) => v.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(items[0]).toMatchObject({ kind: 'tms_mapping', status: 'booked', confirmation: 'unconfirmed' });

    // Session 21 of 20 approved: refused with the reason, naming the authorization; nothing is booked.
    const next = (await coordinator.post(`/api/courses/${courseId}/plan`, {})).json();
    expect(next.blocked).toMatchObject({ rule: 'authorization_count' });
    const last = plan.visits.at(-1)!;
    const past = await coordinator.post(`/api/courses/${courseId}/appointments`, {
      visits: [{ ...choiceOf(last), index: 20, date: nextWeekday(last.date) }],
    });
    expect(past.statusCode).toBe(409);
    expect(past.json().error.code).toBe('authorization_count');
    expect(past.json().error.message).toContain(paId);
    expect(await appointmentCount(courseId)).toBe(20);
  });

  it('books whole or not at all: a series with one visit that breaks spacing books nothing, naming that visit', async () => {
    const other = await startCourse('tms-itbs');
    const proposal = (await coordinator.post(`/api/courses/${other.id}/plan`, { startOn: addDays(plan.visits.at(-1)!.date, 30) })).json();
    const choices = proposal.visits.slice(0, 6).map(choiceOf);
    choices[4] = { ...choices[4], date: choices[3].date, localStart: '16:00' }; // two sessions on one day
    const res = await coordinator.post(`/api/courses/${other.id}/appointments`, { visits: choices });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('spacing');
    expect(Object.keys(fieldsOf(res))).toContain('visits.4.localStart');
    expect(await appointmentCount(other.id)).toBe(0);

    const skipped = await coordinator.post(`/api/courses/${other.id}/appointments`, { visits: [{ ...choices[1], index: 1 }] });
    expect(fieldsOf(skipped)['visits.0.index']).toMatch(/must be 0/);
    const wrongKind = await coordinator.post(`/api/courses/${other.id}/appointments`, { visits: [{ ...choices[0], resourceId: choices[1].resourceId }] });
    expect(wrongKind.statusCode, wrongKind.body).toBe(201); // mapping and sessions both use the TMS device
    await t.database.db.execute(sql`delete from appointments where course_id = ${other.id}`);
    // Each visit collides with the first course's visits on the same device and nurse: refused naming the appointment.
    const clash = await coordinator.post(`/api/courses/${other.id}/appointments`, { visits: [choiceOf(plan.visits[0]!)] });
    expect(clash.statusCode).toBe(409);
    expect(['resource_busy', 'staff_busy', 'patient_busy']).toContain(clash.json().error.code);
    expect(clash.json().error.message).toMatch(/appointment [0-9a-f-]{36}/);
  });

  it('moves one visit: the new time is checked like a booking, and a time that collides is refused naming the other visit', async () => {
    const items = (await visitsOf(courseId)).items;
    const fifth = items[4]!;
    const moved = await coordinator.post(`/api/appointments/${fifth.id}/reschedule`, { date: fifth.date, localStart: '15:00', version: fifth.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ localStart: '15:00', date: fifth.date, version: fifth.version + 1 });

    const sixth = items[5]!;
    const clash = await coordinator.post(`/api/appointments/${sixth.id}/reschedule`, {
      date: sixth.date,
      localStart: sixth.localStart,
      version: sixth.version,
      staffIds: [],
    });
    expect(clash.statusCode).toBe(400);
    const sameDay = await coordinator.post(`/api/appointments/${sixth.id}/reschedule`, { date: fifth.date, localStart: '09:00', version: sixth.version });
    expect(sameDay.statusCode).toBe(422);
    expect(sameDay.json().error.code).toBe('spacing');
    const closed = await coordinator.post(`/api/appointments/${sixth.id}/reschedule`, { date: sixth.date, localStart: '22:00', version: sixth.version });
    expect(closed.statusCode).toBe(422);
    expect(closed.json().error.code).toBe('outside_opening_hours');
    const stale = await coordinator.post(`/api/appointments/${sixth.id}/reschedule`, { date: sixth.date, localStart: '15:00', version: sixth.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
  });

  it('runs the day on the clinic clock: check-in and treatment only on the day, completing counts the session once, a no-show gives the guidance', async () => {
    const items = (await visitsOf(courseId)).items;
    const mapping = items[0]!;
    const early = await nurse.post(`/api/appointments/${mapping.id}/status`, { status: 'checked_in', version: mapping.version });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('not_today');

    // The visit's morning in San Francisco.
    await clockAt(new Date(mapping.startsAt).getTime() - 10 * 60_000);
    const checkedIn = await coordinator.post(`/api/appointments/${mapping.id}/status`, { status: 'checked_in', version: mapping.version });
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    const byCoordinator = await coordinator.post(`/api/appointments/${mapping.id}/status`, { status: 'in_treatment', version: mapping.version + 1 });
    expect(byCoordinator.statusCode).toBe(403);
    const started = await provider.post(`/api/appointments/${mapping.id}/status`, { status: 'in_treatment', version: mapping.version + 1 });
    expect(started.statusCode, started.body).toBe(200);
    expect((await provider.get(`/api/courses/${courseId}`)).json().status).toBe('active');
    const done = await provider.post(`/api/appointments/${mapping.id}/status`, { status: 'completed', version: mapping.version + 2 });
    expect(done.json()).toMatchObject({ counted: true, appointment: { status: 'completed', boardStatus: 'done' } });
    const again = await provider.post(`/api/appointments/${mapping.id}/status`, { status: 'completed', version: mapping.version + 3 });
    expect(again.statusCode).toBe(409);
    const meter = (await visitsOf(courseId)).authorization;
    expect(meter).toMatchObject({ sessions: 20, used: 1, booked: 19, remaining: 0 });

    // The day board shows the patient by given name and initial, in the device's row.
    const board = (await nurse.get(`/api/locations/${t.clinics.get('SF')}/board?date=${mapping.date}`)).json();
    const row = board.resources
      .flatMap((r: { visits: { id: string; patient: { label: string } }[] }) => r.visits)
      .find((v: { id: string }) => v.id === mapping.id);
    expect(row.patient.label).toMatch(/^\S+ [A-Z]\.$/);
    expect((await biller.get(`/api/locations/${t.clinics.get('SF')}/board`)).statusCode).toBe(403);
    expect((await (await t.login('nurse.austin')).get(`/api/locations/${t.clinics.get('SF')}/board`)).statusCode).toBe(403);

    const second = items[1]!;
    await clockAt(new Date(second.startsAt).getTime() + 20 * 60_000);
    const missed = await coordinator.post(`/api/appointments/${second.id}/status`, { status: 'no_show', version: second.version });
    expect(missed.statusCode, missed.body).toBe(200);
    expect(missed.json().guidance.text).toMatch(/end of the course/);
    const onTimeline = (await visitsOf(courseId)).items.find((v) => v.id === second.id) as unknown as { guidance: { text: string } | null; phase: string };
    expect(onTimeline).toMatchObject({ status: 'no_show', phase: 'Acute', guidance: { text: expect.stringMatching(/end of the course/) } });
    // The follow-up task reaches the clinic's coordinators.
    const notes = (await coordinator.get('/api/notifications')).json().items as { kind: string; title: string; link: string }[];
    expect(notes.find((n) => n.kind === 'visit.missed')).toMatchObject({ title: expect.stringMatching(/^Missed visit/), link: `/courses/${courseId}` });
    await realClock();
  });

  it('cancels the rest of a series with a reason, flagging the late ones, and frees the time', async () => {
    const items = (await visitsOf(courseId)).items.filter((v) => v.status === 'booked');
    const tenth = items[8]!;
    const noReason = await coordinator.post(`/api/appointments/${tenth.id}/cancel`, { version: tenth.version });
    expect(fieldsOf(noReason).reason).toBeDefined();
    const res = await coordinator.post(`/api/appointments/${tenth.id}/cancel`, { version: tenth.version, reason: 'Patient moving away', scope: 'series' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cancelled).toBe(items.length - 8);
    expect(res.json().appointment).toMatchObject({ status: 'cancelled', cancelReason: 'Patient moving away', lateCancel: false });
    const after = await visitsOf(courseId);
    expect(after.items.filter((v) => v.status === 'booked')).toHaveLength(8);
    expect(after.authorization).toMatchObject({ used: 1, booked: 8, remaining: 11 });
  });
});

describe('an authorization running out', () => {
  it('with 3 or fewer sessions left the biller sees it on the expiring list, starts an extension, and the course counts against it once approved', async () => {
    const course = (await coordinator.get(`/api/patients/${patientId}/courses`))
      .json()
      .items.find((c: { payerLink: { id: string } | null }) => c.payerLink) as {
      id: string;
      version: number;
      payerLink: { id: string };
    };
    const paId = course.payerLink.id;
    const listed = async () =>
      (
        (await biller.get('/api/authorizations/expiring')).json().items as {
          id: string;
          usage: { fewLeft: boolean; remainingSessions: number };
          extension: { status: string } | null;
        }[]
      ).find((i) => i.id === paId);
    expect((await listed())?.usage.fewLeft ?? false).toBe(false);
    // 17 of 20 used (16 more recorded by hand): 3 left.
    for (let i = 0; i < 16; i++)
      expect((await biller.post(`/api/prior-authorizations/${paId}/sessions`, { sessionDate: await approvedFrom(paId) })).statusCode).toBe(200);
    expect(await listed()).toMatchObject({ usage: { fewLeft: true, remainingSessions: 3 }, extension: null });

    // Drafted a few hours after the course's first session: the planner may have booked it for a later day than
    // today, and the letter measures the course up to now (a clock before the first session has nothing to measure).
    const firstVisit = (await visitsOf(course.id)).items.find((v) => v.status === 'completed')!;
    await clockAt(new Date(firstVisit.startsAt).getTime() + 6 * 3_600_000);
    const extension = await biller.post(`/api/prior-authorizations/${paId}/extension`);
    expect(extension.statusCode, extension.body).toBe(201);
    expect(extension.json()).toMatchObject({ status: 'draft', treatment: 'tms' });
    // The extension letter carries the course's progress with its figures (issue 11).
    const progress = (extension.json().letter.sections as { heading: string; body: string }[]).find((x) => x.heading === 'Response to treatment so far');
    expect(progress?.body).toMatch(/^TMS.*: \d+ sessions? completed/);
    // The intake's PHQ-9 (16) is the baseline; nothing has been asked since.
    expect(progress?.body).toContain('PHQ-9: baseline 16; no follow-up score yet.');
    expect((await biller.post(`/api/prior-authorizations/${paId}/extension`)).statusCode).toBe(409);
    expect((await listed())?.extension).toMatchObject({ status: 'draft' });
    expect((await nurse.post(`/api/prior-authorizations/${paId}/extension`)).statusCode).toBe(403);
    await realClock();

    const extId = extension.json().id as string;
    await approve(extId, 30, await approvedFrom(paId));
    const relinked = await biller.post(`/api/courses/${course.id}/payer-link`, { priorAuthorizationId: extId, version: course.version });
    expect(relinked.statusCode, relinked.body).toBe(200);
    expect(relinked.json().payerLink).toMatchObject({ id: extId, sessions: 30, used: 0 });
    expect((await visitsOf(course.id)).authorization).toMatchObject({ id: extId, sessions: 30, used: 0, booked: 8, remaining: 22 });
    const other = await patientWithIntake(t, provider, null);
    const foreign = (await biller.post(`/api/patients/${other}/prior-authorizations`, { treatment: 'tms' })).json().id;
    const wrong = await biller.post(`/api/courses/${course.id}/payer-link`, { priorAuthorizationId: foreign, version: relinked.json().version });
    expect(fieldsOf(wrong).priorAuthorizationId).toMatch(/not this patient/);
  });
});

async function approvedFrom(paId: string): Promise<string> {
  const [row] = await queryRows<{ d: string }>(t.database.db, sql`select approved_from::text as d from prior_authorizations where id = ${paId}`);
  return row!.d;
}

describe('visits booked alongside a course', () => {
  it('an integration therapy session joins a KAP course without taking a place in its order or its authorization', async () => {
    const patient = await patientWithIntake(t, provider, null);
    const kap = await startCourse('kap', {}, patient);
    const plan = (await coordinator.post(`/api/courses/${kap.id}/plan`, {})).json();
    expect(plan.visits).toHaveLength(3);
    const first = plan.visits[0] as PlannedVisit;
    const bookedFirst = await coordinator.post(`/api/courses/${kap.id}/appointments`, { visits: [choiceOf(first)] });
    expect(bookedFirst.statusCode, bookedFirst.body).toBe(201);
    const integration = await coordinator.post(`/api/courses/${kap.id}/attached-visits`, {
      kind: 'integration_therapy',
      date: nextWeekday(first.date),
      localStart: '14:00',
      resourceId: null,
      staffIds: [first.staff[0]!.id],
    });
    expect(integration.statusCode, integration.body).toBe(201);
    expect(integration.json()).toMatchObject({ kind: 'integration_therapy', localStart: '14:00' });
    const timeline = await visitsOf(kap.id);
    expect(timeline.booked).toBe(1);
    expect((timeline.items as unknown as { kind: string; number: number | null; phase: string | null }[]).map((v) => [v.kind, v.number, v.phase])).toEqual([
      ['kap_session', 1, 'Dosing sessions'],
      ['integration_therapy', null, 'Integration therapy'],
    ]);
    // Moving it follows its own type's rules, and is audited like any move.
    const moved = await coordinator.post(`/api/appointments/${integration.json().id}/reschedule`, {
      date: integration.json().date,
      localStart: '15:00',
      version: integration.json().version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().localStart).toBe('15:00');
    await t.context.audit.flush();
    const [audited] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action = 'appointment.reschedule' and entity_id = ${integration.json().id as string}`,
    );
    expect(audited!.n).toBe(1);
    // The next dosing session is still visit 2 of the course.
    expect((await coordinator.post(`/api/courses/${kap.id}/plan`, {})).json().visits[0].index).toBe(1);
    const own = await coordinator.post(`/api/courses/${kap.id}/attached-visits`, { ...choiceOf(first), kind: 'kap_session', index: undefined });
    expect(own.statusCode).toBe(400);
    const notInProtocol = await coordinator.post(`/api/courses/${kap.id}/attached-visits`, {
      kind: 'tms_session',
      date: first.date,
      localStart: '15:00',
      resourceId: null,
      staffIds: [first.staff[0]!.id],
    });
    expect(fieldsOf(notInProtocol).kind).toMatch(/not a visit type/);
  });
});

describe('Spravato observation (REMS: at least 2 hours before discharge)', () => {
  it('refuses discharge before 2 hours of observation, and completion straight from treatment', async () => {
    const patient = await patientWithIntake(t, provider, null);
    const course = await startCourse('spravato-trd', {}, patient);
    const plan = (await coordinator.post(`/api/courses/${course.id}/plan`, {})).json();
    expect((await coordinator.post(`/api/courses/${course.id}/appointments`, { visits: plan.visits.slice(0, 2).map(choiceOf) })).statusCode).toBe(201);
    const visit = (await visitsOf(course.id)).items[0]!;
    const startAt = new Date(visit.startsAt).getTime();
    await clockAt(startAt - 5 * 60_000);
    let version = visit.version;
    const move = async (status: string) => {
      const res = await nurse.post(`/api/appointments/${visit.id}/status`, { status, version });
      if (res.statusCode === 200) version = res.json().appointment.version;
      return res;
    };
    expect((await move('checked_in')).statusCode).toBe(200);
    expect((await move('in_treatment')).statusCode).toBe(200);
    const skip = await move('completed');
    expect(skip.json().error.code).toBe('observation_required');
    await clockAt(startAt + 20 * 60_000);
    expect((await move('observing')).statusCode).toBe(200);
    await clockAt(startAt + (20 + 119) * 60_000);
    const early = await move('ready_for_discharge');
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'observation_too_short' });
    expect(early.json().error.message).toMatch(/at least 120 minutes/);
    await clockAt(startAt + (20 + 121) * 60_000);
    expect((await move('ready_for_discharge')).statusCode).toBe(200);
    expect((await move('completed')).json().appointment.status).toBe('completed');
  });
});

describe('staff availability', () => {
  it('a manager sets a nurse’s hours and time off; the planner and booking respect them', async () => {
    const sf = t.clinics.get('SF')!;
    const available = (await coordinator.get(`/api/locations/${sf}/staff-availability`)).json();
    const nurses = (available.items as { id: string; role: string }[]).filter((s) => s.role === 'nurse');
    expect(nurses.length).toBeGreaterThan(0);
    const afternoons = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['sat', 'sun'].includes(d) ? [] : [{ open: '13:00', close: '18:00' }]]),
    );
    for (const n of nurses) {
      const res = await manager.put(`/api/locations/${sf}/staff/${n.id}/hours`, { hours: afternoons });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await coordinator.put(`/api/locations/${sf}/staff/${nurses[0]!.id}/hours`, { hours: afternoons })).statusCode).toBe(403);
    const bad = await manager.put(`/api/locations/${sf}/staff/${nurses[0]!.id}/hours`, { hours: { ...afternoons, mon: [{ open: '18:00', close: '13:00' }] } });
    expect(bad.statusCode).toBe(400);

    const patient = await patientWithIntake(t, provider, null);
    const course = await startCourse('tms-itbs', {}, patient);
    const plan = (await coordinator.post(`/api/courses/${course.id}/plan`, {})).json();
    // Sessions (nurse-attended) fall in the nurses' afternoons; the mapping visit is the provider's.
    for (const v of plan.visits.slice(1)) expect(v.localStart >= '13:00').toBe(true);
    expect(plan.warnings.join(' ')).not.toMatch(new RegExp(nurses.map((n) => (n as unknown as { name: string }).name).join('|')));

    // Time off on the second visit's day: booking that day with that nurse is refused.
    const second = plan.visits[1] as PlannedVisit;
    const nurseId = second.staff[0]!.id;
    const off = await manager.post(`/api/locations/${sf}/staff/${nurseId}/time-off`, {
      startsAt: new Date(new Date(`${second.date}T00:00:00Z`).getTime()).toISOString(),
      endsAt: new Date(new Date(`${second.date}T00:00:00Z`).getTime() + 2 * 86_400_000).toISOString(),
      reason: 'Training',
    });
    expect(off.statusCode, off.body).toBe(201);
    const refused = await coordinator.post(`/api/courses/${course.id}/appointments`, { visits: plan.visits.slice(0, 2).map(choiceOf) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('staff_unavailable');
    expect(fieldsOf(refused)['visits.1.staffIds.0']).toMatch(/away/);
    expect(await appointmentCount(course.id)).toBe(0);
    expect((await manager.delete(`/api/locations/${sf}/staff/${nurseId}/time-off/${off.json().id}`)).statusCode).toBe(200);
    for (const n of nurses) await manager.put(`/api/locations/${sf}/staff/${n.id}/hours`, { hours: null });
  });
});

describe('no double booking, ever', () => {
  it('50 conflicting bookings fired at once: exactly one gets through', async () => {
    const patient = await patientWithIntake(t, provider, null);
    const courses = [];
    for (let i = 0; i < 50; i++) courses.push(await startCourse('tms-itbs', {}, patient));
    const plan = (await coordinator.post(`/api/courses/${courses[0]!.id}/plan`, { startOn: '2027-09-06' })).json();
    const choice = choiceOf(plan.visits[0]);
    const results = await Promise.all(courses.map((c) => coordinator.post(`/api/courses/${c.id}/appointments`, { visits: [choice] })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(['resource_busy', 'staff_busy', 'patient_busy']).toContain(r.json().error.code);
    const [held] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from appointments where patient_id = ${patient} and status = 'booked'`,
    );
    expect(held!.n).toBe(1);
  });

  it('the database itself refuses an overlapping booking that skips the service', async () => {
    const [a] = await queryRows<Record<string, unknown>>(
      t.database.db,
      sql`select organization_id, patient_id, location_id, provider_id, resource_id, kind, starts_at, ends_at, staff_ends_at from appointments
           where resource_id is not null and status = 'booked' limit 1`,
    );
    const other = await patientWithIntake(t, provider, null);
    const refusal = await t.database.db
      .execute(
        sql`insert into appointments (organization_id, patient_id, location_id, provider_id, resource_id, kind, starts_at, ends_at)
            select organization_id, ${other}, location_id, (select id from users where role = 'provider' and id <> ${a!.providerId as string} limit 1), resource_id, kind,
                   starts_at + interval '5 minutes', ends_at from appointments where resource_id = ${a!.resourceId as string} and starts_at = ${a!.startsAt as Date} limit 1`,
      )
      .then(
        () => null,
        (e: unknown) => (e as { cause?: { code?: string; constraint?: string } }).cause,
      );
    expect(refusal).toMatchObject({ code: '23P01', constraint: 'appointments_resource_no_overlap' });
  });
});

describe('the live day board', () => {
  it('streams "changed" to an open board when a visit of its clinic changes, and answers 406 to a plain request', async () => {
    const sf = t.clinics.get('SF')!;
    expect((await nurse.get(`/api/locations/${sf}/board/stream`)).statusCode).toBe(406);
    expect((await biller.request({ method: 'GET', url: `/api/locations/${sf}/board/stream`, headers: { accept: 'text/event-stream' } })).statusCode).toBe(403);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    try {
      const res = await fetch(`${address}/api/locations/${sf}/board/stream`, {
        headers: { accept: 'text/event-stream', cookie: nurse.cookie },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value);
      expect(text).toContain(': connected');
      // A visit at the clinic changes (cancelled here): the board hears of it.
      const [booked] = await queryRows<{ id: string }>(
        t.database.db,
        sql`select id from appointments where location_id = ${sf} and status = 'booked' and starts_at > now() order by starts_at limit 1`,
      );
      const visit = (await coordinator.get(`/api/appointments/${booked!.id}`)).json() as Visit;
      expect((await coordinator.post(`/api/appointments/${visit.id}/cancel`, { version: visit.version, reason: 'Testing the live board' })).statusCode).toBe(
        200,
      );
      const deadline = Date.now() + 5_000;
      while (!text.includes('event: changed') && Date.now() < deadline) text += decoder.decode((await reader.read()).value);
      expect(text).toContain('event: changed');
    } finally {
      controller.abort();
    }
  });
});

describe('bad input', () => {
  it('names the field and never answers 5xx', async () => {
    const course = (await provider.get(`/api/patients/${patientId}/courses`)).json().items[0];
    const bodies: unknown[] = [
      {},
      { visits: [] },
      { visits: [{ index: -1, date: '2027-02-30', localStart: '25:00', resourceId: 'x', staffIds: [] }] },
      { visits: [{ index: 0, date: '2027-03-14', localStart: '02:30', resourceId: null, staffIds: ['00000000-0000-4000-8000-000000000000'] }], extra: 1 },
      { visits: 'all' },
    ];
    for (const body of bodies) {
      const res = await coordinator.post(`/api/courses/${course.id}/appointments`, body);
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    const dst = await coordinator.post(`/api/courses/${(await startCourse('tms-itbs')).id}/appointments`, {
      visits: [{ index: 0, date: '2027-03-14', localStart: '02:30', resourceId: null, staffIds: ['00000000-0000-4000-8000-000000000000'] }],
    });
    expect(dst.statusCode).toBe(400);
    expect(fieldsOf(dst)['visits.0.localStart']).toMatch(/daylight saving/);
    for (const [url, body] of [
      ['/api/appointments/00000000-0000-4000-8000-000000000000/status', { status: 'checked_in', version: 1 }],
      ['/api/appointments/00000000-0000-4000-8000-000000000000/cancel', { reason: 'x', version: 1 }],
      ['/api/appointments/not-a-uuid/reschedule', { date: '2027-01-01', localStart: '09:00', version: 1 }],
    ] as const) {
      const res = await coordinator.post(url, body);
      expect([400, 404]).toContain(res.statusCode);
    }
    expect((await nurse.get(`/api/locations/${t.clinics.get('SF')}/board?date=tomorrow`)).statusCode).toBe(400);
  });
});

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function nextWeekday(date: string): string {
  let d = addDays(date, 1);
  while ([0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d;
}
