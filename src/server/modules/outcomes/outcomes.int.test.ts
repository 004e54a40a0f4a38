import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../config.js';
import { queryRows } from '../../db/sql-values.js';
import { courseWithVisits } from '../../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

/**
 * Measurement-based care on a real database: questionnaires made due by a course's schedule, answers entered by
 * staff, outcomes per course and the practice report. Expected figures are worked by hand from domain §6.1.
 */
let t: TestApp;
let provider: Agent;
let nurse: Agent;
let coordinator: Agent;
let manager: Agent;
let biller: Agent;
const DAY = 86_400_000;

async function loginAll() {
  [provider, nurse, coordinator, manager, biller] = await Promise.all([
    t.login('provider'),
    t.login('nurse'),
    t.login('coordinator'),
    t.login('manager'),
    t.login('biller'),
  ]);
}
beforeAll(async () => {
  t = await createTestApp({ login: { ...testConfig().login, ratePerMinute: 10_000 } });
  await loginAll();
});
afterEach(async () => {
  vi.useRealTimers();
  await loginAll();
});
afterAll(async () => t.close());

type Q = { id: string; instrument: string; dueOn: string; reason: string; status: string; total?: number | null };

describe('questionnaires on schedule', () => {
  it('a course makes its baselines due now and a PHQ-9 due on each infusion day; the front desk sees no scores', async () => {
    const { patientId, visits } = await courseWithVisits(t, provider, coordinator, 'iv-ketamine-series', 3);
    const before = (await coordinator.get(`/api/patients/${patientId}/questionnaires`)).json().items as Q[];
    expect(before.map((q) => `${q.instrument} ${q.reason} ${q.status}`).sort()).toEqual(['GAD-7 Baseline due', 'PHQ-9 Baseline due']);
    expect(before.every((q) => !('total' in q))).toBe(true);
    // Reading again creates nothing twice.
    expect((await coordinator.get(`/api/patients/${patientId}/questionnaires`)).json().items).toHaveLength(2);

    // The coordinator types the paper PHQ-9: the answer is stored, the score is not shown to them.
    const phq = before.find((q) => q.instrument === 'PHQ-9')!;
    const wrong = await coordinator.post(`/api/questionnaires/${phq.id}/answers`, { answers: [1, 2], via: 'paper' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('answers');
    const typed = await coordinator.post(`/api/questionnaires/${phq.id}/answers`, { answers: [3, 3, 2, 2, 2, 2, 2, 2, 0], via: 'paper' });
    expect(typed.statusCode, typed.body).toBe(201);
    expect(typed.json()).toMatchObject({ crisis: false });
    expect(typed.json()).not.toHaveProperty('total');
    const clinical = (await nurse.get(`/api/patients/${patientId}/questionnaires`)).json().items as Q[];
    expect(clinical.find((q) => q.id === phq.id)).toMatchObject({ status: 'answered', total: 18 });
    expect((await biller.get(`/api/patients/${patientId}/questionnaires`)).statusCode).toBe(403);

    // On the first infusion's day (in the clinic's zone) the visit's PHQ-9 is due; the unanswered baseline GAD-7 stays.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(new Date(visits[0]!.startsAt).getTime() - 3_600_000), shouldAdvanceTime: true });
    await loginAll();
    const onDay = (await nurse.get(`/api/patients/${patientId}/questionnaires`)).json().items as Q[];
    expect(onDay.filter((q) => q.status === 'due').map((q) => `${q.instrument} ${q.reason} ${q.dueOn}`)).toEqual(
      expect.arrayContaining([`PHQ-9 Before visit 1 ${visits[0]!.date}`]),
    );
    const rows = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from questionnaires where patient_id = ${patientId}`);
    expect(rows[0]!.n).toBe(3);
  });
});

describe('outcomes per course and the practice report', () => {
  it('computes response and remission from the baseline, shows Medicare’s 25% beside a TMS course, and reports rates with their n', async () => {
    const { patientId, courseId, visits } = await courseWithVisits(t, provider, coordinator, 'tms-10hz-standard', 1);
    const first = new Date(visits[0]!.startsAt).getTime();
    const db = t.database.db;
    // The course's first session done, with PHQ-9 scores around it: 20 the day before (baseline), 14 after two weeks,
    // 9 after four weeks: 55% lower, a response, not a remission (domain §6.1's example).
    await db.execute(sql`update appointments set status = 'completed' where id = ${visits[0]!.id}`);
    const org = (await queryRows<{ id: string }>(db, sql`select organization_id as id from patients where id = ${patientId}`))[0]!.id;
    for (const [offsetDays, total] of [
      [-1, 20],
      [14, 14],
      [28, 9],
    ] as const)
      await db.execute(sql`insert into observations (organization_id, patient_id, kind, loinc, effective_at, value_number, unit, source)
                           values (${org}, ${patientId}, 'PHQ-9', '44261-6', ${new Date(first + offsetDays * DAY).toISOString()}::timestamptz, ${total}, '{score}', 'test')`);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(first + 30 * DAY), shouldAdvanceTime: true });
    await loginAll();
    const res = await provider.get(`/api/patients/${patientId}/outcomes`);
    expect(res.statusCode, res.body).toBe(200);
    const course = (
      res.json().courses as {
        id: string;
        outcomes: { instrument: string; percentReduction: number; response: boolean; remission: boolean; baseline: { total: number } }[];
        payerThreshold: { met: boolean };
      }[]
    ).find((c) => c.id === courseId)!;
    const phq = course.outcomes.find((o) => o.instrument === 'PHQ-9')!;
    expect(phq).toMatchObject({ percentReduction: 55, response: true, remission: false, baseline: { total: 20 } });
    expect(course.payerThreshold.met).toBe(true);
    expect(res.json().series[0].points.length).toBeGreaterThanOrEqual(3);
    expect((await coordinator.get(`/api/patients/${patientId}/outcomes`)).statusCode).toBe(403);

    // The report counts this course, first treated in the period; every rate has its n.
    const from = new Date(first - DAY).toISOString().slice(0, 10);
    const to = new Date(first + 2 * DAY).toISOString().slice(0, 10);
    // The report reads the first charted start: chart it as the course's first session.
    await db.execute(sql`insert into treatment_sessions (organization_id, location_id, patient_id, appointment_id, course_id, session_number, modality, visit_kind,
                           policy_version, opened_by, opened_at, treatment_started_at)
                         select a.organization_id, a.location_id, a.patient_id, a.id, a.course_id, 1, 'tms', a.kind, 0, a.provider_id, a.starts_at, a.starts_at
                           from appointments a where a.id = ${visits[0]!.id}`);
    const report = await manager.get(`/api/reports/outcomes?from=${from}&to=${to}&treatment=tms`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().total).toMatchObject({
      courses: 1,
      measured: 1,
      response: { n: 1, of: 1, percent: 100 },
      remission: { n: 0, of: 1, percent: 0 },
      medianChange: -11,
    });
    const csv = await manager.get(`/api/reports/outcomes?from=${from}&to=${to}&treatment=tms&format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toMatch(/^treatment,clinic,courses,completed_n,ended_n/);
    expect(lines.at(-1)).toMatch(/^all,all,1,/);
    expect((await coordinator.get(`/api/reports/outcomes?from=${from}&to=${to}`)).statusCode).toBe(403);
    // The course ends: the care path counts it as a TMS course that responded, with its figures as evidence.
    await db.execute(
      sql`update treatment_courses set status = 'completed', updated_at = ${new Date(first + 29 * DAY).toISOString()}::timestamptz where id = ${courseId}`,
    );
    const path = (await provider.get(`/api/patients/${patientId}/care-path`)).json() as { courseEvidence: string[] };
    expect(path.courseEvidence).toEqual([expect.stringMatching(/^TMS.*completed.*1 session: PHQ-9 20 to 9 \(55% lower\); response\.$/)]);
    expect((await coordinator.get(`/api/patients/${patientId}/care-path`)).json().courseEvidence).toEqual([]);
    const backwards = await manager.get(`/api/reports/outcomes?from=${to}&to=${from}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields[0].path).toBe('to');
  });
});
