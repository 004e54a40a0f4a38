import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-values.js';
import { JobRunner } from '../../platform/jobs/job-runner.js';
import type { OutgoingMessage } from '../../platform/notifications/senders.js';
import { deliveryJob } from '../notifications/index.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';
import { escalationJob } from './escalation.job.js';

let t: TestApp;
let coordinator: Agent;
let manager: Agent;
let nurse: Agent;
const ALWAYS_OPEN = JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '23:59' }]])));
const silent = { error: () => undefined, info: () => undefined, warn: () => undefined };

beforeAll(async () => {
  t = await createTestApp({ publicForms: { ratePerMinutePerIp: 1000, requestsPerPhonePerDay: 10 } });
  await t.database.db.execute(sql`update locations set opening_hours = ${ALWAYS_OPEN}::jsonb`);
  coordinator = await t.login('coordinator');
  manager = await t.login('manager');
  nurse = await t.login('nurse');
});
afterAll(async () => t.close());

let seq = 300;
async function publicLead(overrides: Record<string, unknown> = {}, screening?: number[]): Promise<string> {
  const contact = { name: 'Avery Quinn Testcase', phone: `(628) 555-0${seq++}`, state: 'CA', consentToCall: true, ...overrides };
  const res = screening
    ? await t.app.inject({ method: 'POST', url: '/api/public/screenings', payload: { responses: { 'PHQ-9': screening }, contact } })
    : await t.app.inject({ method: 'POST', url: '/api/public/callback-requests', payload: contact });
  expect(res.statusCode, res.body).toBeLessThan(300);
  const body = res.json();
  return (body.callback ?? body).reference;
}

const version = async (agent: Agent, id: string) => (await agent.get(`/api/leads/${id}`)).json().version as number;

describe('the lead queue', () => {
  it('orders urgent leads first, then by time left to the callback deadline', async () => {
    const normal = await publicLead();
    const crisis = await publicLead({}, [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const queue = await coordinator.get('/api/leads');
    expect(queue.statusCode, queue.body).toBe(200);
    const ids = queue.json().items.map((l: { id: string }) => l.id);
    expect(ids.indexOf(crisis)).toBeLessThan(ids.indexOf(normal));
    expect(ids[0]).toBe(crisis);
    const first = queue.json().items[0];
    expect(first).toMatchObject({ urgent: true, source: 'screening', status: 'new', clinic: { code: 'SF', timeZone: 'America/Los_Angeles' } });
    const dues = queue
      .json()
      .items.filter((l: { urgent: boolean; escalated: boolean }) => !l.urgent && !l.escalated)
      .map((l: { dueAt: string }) => l.dueAt);
    expect([...dues].sort()).toEqual(dues);
  });

  it('is limited to the clinics of a manager, and refused to nurses', async () => {
    const atl = await publicLead({ state: 'GA' });
    const sf = await publicLead({ state: 'CA' });
    const ids = (await manager.get('/api/leads')).json().items.map((l: { id: string }) => l.id);
    expect(ids).toContain(sf);
    expect(ids).not.toContain(atl);
    expect((await manager.get(`/api/leads/${atl}`)).statusCode).toBe(403);
    expect((await nurse.get('/api/leads')).statusCode).toBe(403);
  });
});

describe('the lead lifecycle', () => {
  it('claim, log calls, call back later, and close', async () => {
    const id = await publicLead();
    const claimed = await coordinator.post(`/api/leads/${id}/claim`, { version: await version(coordinator, id) });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'claimed', claimedBy: { id: coordinator.userId } });

    // Someone else cannot take it over.
    const other = await manager.post(`/api/leads/${id}/claim`, { version: claimed.json().version });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('lead_claimed');

    const stale = await coordinator.post(`/api/leads/${id}/attempts`, { outcome: 'voicemail', version: claimed.json().version - 1 });
    expect(stale.statusCode).toBe(409);

    const voicemail = await coordinator.post(`/api/leads/${id}/attempts`, { outcome: 'voicemail', notes: 'left a message', version: claimed.json().version });
    expect(voicemail.statusCode, voicemail.body).toBe(200);
    expect(voicemail.json()).toMatchObject({ attemptCount: 1, attempts: [{ outcome: 'voicemail', notes: 'left a message', by: { id: coordinator.userId } }] });
    expect(voicemail.json().firstAttemptAt).not.toBeNull();

    const missingTime = await coordinator.post(`/api/leads/${id}/attempts`, { outcome: 'call_back_later', version: voicemail.json().version });
    expect(missingTime.statusCode).toBe(400);
    expect(missingTime.json().error.fields).toEqual([{ path: 'callBackAt', message: 'is required when the outcome is "call back later"' }]);

    const later = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const cbl = await coordinator.post(`/api/leads/${id}/attempts`, { outcome: 'call_back_later', callBackAt: later, version: voicemail.json().version });
    expect(cbl.statusCode, cbl.body).toBe(200);
    expect(cbl.json().dueAt).toBe(later);

    const badReason = await coordinator.post(`/api/leads/${id}/close`, { reason: 'bored', version: cbl.json().version });
    expect(badReason.statusCode).toBe(400);
    const closed = await coordinator.post(`/api/leads/${id}/close`, { reason: 'not_interested', notes: 'found care nearby', version: cbl.json().version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closeReason: 'not_interested: found care nearby' });
    expect((await coordinator.post(`/api/leads/${id}/attempts`, { outcome: 'reached', version: closed.json().version })).statusCode).toBe(409);
    const open = (await coordinator.get('/api/leads')).json().items.map((l: { id: string }) => l.id);
    expect(open).not.toContain(id);
  });

  it('a coordinator can enter a lead from a phone call; bad fields are named', async () => {
    const bad = await coordinator.post('/api/leads', { name: '', phone: '123', locationId: 'x', consentToCall: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json().error.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['consentToCall', 'locationId', 'name', 'phone']);
    const urgentNoReason = await coordinator.post('/api/leads', {
      name: 'Sam Caller',
      phone: '(206) 555-0101',
      locationId: t.clinics.get('SEA'),
      consentToCall: true,
      urgent: true,
    });
    expect(urgentNoReason.statusCode).toBe(400);
    const ok = await coordinator.post('/api/leads', {
      name: 'Sam Caller',
      phone: '(206) 555-0101',
      locationId: t.clinics.get('SEA'),
      consentToCall: true,
      reason: 'called the front desk',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ source: 'phone', phone: '+12065550101', clinic: { code: 'SEA' } });
  });
});

describe('converting a lead', () => {
  const providerSf = async () => {
    const providers = (await coordinator.get('/api/providers')).json().items as { id: string; name: string; locationIds: string[] }[];
    return providers.find((p) => p.locationIds.includes(t.clinics.get('SF')!))!;
  };
  const tomorrow = (hour: number) => {
    const d = new Date(Date.now() + 86_400_000);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };

  it('registers a new patient and books an intake consultation in one step', async () => {
    const id = await publicLead({ name: 'Marisol Testa', phone: '(628) 555-0188' });
    const provider = await providerSf();
    const res = await coordinator.post(`/api/leads/${id}/convert`, {
      version: await version(coordinator, id),
      newPatient: { legalGivenName: 'Marisol', legalFamilyName: 'Testa', dateOfBirth: '1988-04-02', sexAssignedAtBirth: 'female' },
      appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrow(17), durationMinutes: 60 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { patientId, createdPatient, appointment } = res.json();
    expect(createdPatient).toBe(true);
    const patient = (await coordinator.get(`/api/patients/${patientId}`)).json();
    expect(patient).toMatchObject({ legalGivenName: 'Marisol', legalFamilyName: 'Testa', phoneMobile: '+16285550188', locations: [{ code: 'SF' }] });
    const appts = (await coordinator.get(`/api/patients/${patientId}/appointments`)).json().items;
    expect(appts).toEqual([
      expect.objectContaining({ id: appointment.id, kind: 'intake_consultation', status: 'booked', provider: { id: provider.id, name: provider.name } }),
    ]);
    const lead = (await coordinator.get(`/api/leads/${id}`)).json();
    expect(lead).toMatchObject({ status: 'converted', convertedPatientId: patientId, appointment: { id: appointment.id } });

    // The same person calling again is found by phone, and by name and date of birth.
    const again = await publicLead({ name: 'Marisol Testa', phone: '(628) 555-0188' });
    const byPhone = (await coordinator.get(`/api/leads/${again}/patient-matches`)).json().items;
    expect(byPhone).toEqual([expect.objectContaining({ id: patientId, matchedOn: ['phone'] })]);
    const other = await publicLead({ name: 'Marisol Testa', phone: '(628) 555-0199' });
    const byName = (await coordinator.get(`/api/leads/${other}/patient-matches?dateOfBirth=1988-04-02`)).json().items;
    expect(byName).toEqual([expect.objectContaining({ id: patientId, matchedOn: ['name_and_date_of_birth'] })]);
    const noDob = (await coordinator.get(`/api/leads/${other}/patient-matches`)).json().items;
    expect(noDob).toEqual([]);

    // Registering the duplicate is refused; linking it works, and the provider cannot be double-booked.
    const dup = await coordinator.post(`/api/leads/${other}/convert`, {
      version: await version(coordinator, other),
      newPatient: { legalGivenName: 'marisol', legalFamilyName: 'TESTA', dateOfBirth: '1988-04-02', sexAssignedAtBirth: 'female' },
      appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrow(19) },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('possible_duplicate');
    const busy = await coordinator.post(`/api/leads/${other}/convert`, {
      version: await version(coordinator, other),
      existingPatientId: patientId,
      appointment: {
        locationId: t.clinics.get('SF'),
        providerId: provider.id,
        startsAt: new Date(Date.parse(appointment.startsAt) + 30 * 60_000).toISOString(),
      },
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('provider_busy');
    const linked = await coordinator.post(`/api/leads/${other}/convert`, {
      version: await version(coordinator, other),
      existingPatientId: patientId,
      appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrow(20) },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ patientId, createdPatient: false });
  });

  it('names bad conversion input and changes nothing', async () => {
    const id = await publicLead();
    const v = await version(coordinator, id);
    const provider = await providerSf();
    const cases: [Record<string, unknown>, string][] = [
      [{ appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrow(17) } }, 'existingPatientId'],
      [
        {
          existingPatientId: '00000000-0000-4000-8000-000000000000',
          appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrow(17) },
        },
        'existingPatientId',
      ],
      [
        {
          newPatient: { legalGivenName: 'A', legalFamilyName: 'B', dateOfBirth: '1990-01-01', sexAssignedAtBirth: 'female' },
          appointment: { locationId: t.clinics.get('ATL'), providerId: provider.id, startsAt: tomorrow(17) },
        },
        'appointment.providerId',
      ],
      [
        {
          newPatient: { legalGivenName: 'A', legalFamilyName: 'B', dateOfBirth: '1990-01-01', sexAssignedAtBirth: 'female' },
          appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: '2020-01-01T10:00:00Z' },
        },
        'appointment.startsAt',
      ],
      [
        {
          newPatient: { legalGivenName: 'A', legalFamilyName: 'B', dateOfBirth: 'yesterday', sexAssignedAtBirth: 'female' },
          appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrow(17) },
        },
        'newPatient.dateOfBirth',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await coordinator.post(`/api/leads/${id}/convert`, { version: v, ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(
        (res.json().error.fields as { path: string }[]).map((f) => f.path),
        res.body,
      ).toContain(field);
    }
    expect((await coordinator.get(`/api/leads/${id}`)).json()).toMatchObject({ status: 'new', version: v });
  });
});

describe('conversion respects patient access (issue 8)', () => {
  const providerSf = async () => {
    const list = (await coordinator.get('/api/providers')).json().items as { id: string; name: string; locationIds: string[] }[];
    return list.find((p) => p.locationIds.includes(t.clinics.get('SF')!))!;
  };
  const tomorrowAt = (hour: number) => {
    const d = new Date(Date.now() + 86_400_000);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };

  it("refuses a San Francisco manager linking an Atlanta patient, and leaves the patient's clinics as they were", async () => {
    const atl = await coordinator.post('/api/patients', {
      legalGivenName: 'Odalys',
      legalFamilyName: 'Elsewhere',
      dateOfBirth: '1979-09-09',
      sexAssignedAtBirth: 'female',
      locationIds: [t.clinics.get('ATL')],
    });
    expect(atl.statusCode, atl.body).toBe(201);
    const lead = await publicLead({ state: 'CA' });
    const provider = await providerSf();
    const res = await manager.post(`/api/leads/${lead}/convert`, {
      version: await version(manager, lead),
      existingPatientId: atl.json().id,
      appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrowAt(18) },
    });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.body).not.toContain(atl.json().mrn);
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from patient_locations where patient_id = ${atl.json().id}`);
    expect(row!.n).toBe(1);
    expect((await manager.get(`/api/patients/${atl.json().id}`)).statusCode).toBe(403);
    expect((await manager.get(`/api/leads/${lead}`)).json()).toMatchObject({ status: 'new' });
  });

  it('refuses a duplicate registered at another clinic without revealing anything about that patient', async () => {
    const atl = await coordinator.post('/api/patients', {
      legalGivenName: 'Teodora',
      legalFamilyName: 'Hiddenmatch',
      dateOfBirth: '1981-02-03',
      sexAssignedAtBirth: 'female',
      locationIds: [t.clinics.get('ATL')],
    });
    const lead = await publicLead({ state: 'CA', name: 'Teodora Hiddenmatch' });
    const provider = await providerSf();
    const res = await manager.post(`/api/leads/${lead}/convert`, {
      version: await version(manager, lead),
      newPatient: { legalGivenName: 'Teodora', legalFamilyName: 'Hiddenmatch', dateOfBirth: '1981-02-03', sexAssignedAtBirth: 'female' },
      appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrowAt(18) },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('possible_duplicate');
    expect(res.body).not.toContain(atl.json().mrn);
    expect(res.body).not.toContain(atl.json().id);
    // The matches list shows the manager nothing either.
    const matches = (await manager.get(`/api/leads/${lead}/patient-matches?dateOfBirth=1981-02-03`)).json().items;
    expect(matches).toEqual([]);
  });

  it('refuses a booking at 3 AM, on a holiday, or with a provider who does not work at that clinic', async () => {
    const sf = t.clinics.get('SF')!;
    const WEEKDAYS_9_TO_5 = JSON.stringify({
      mon: [{ open: '09:00', close: '17:00' }],
      tue: [{ open: '09:00', close: '17:00' }],
      wed: [{ open: '09:00', close: '17:00' }],
      thu: [{ open: '09:00', close: '17:00' }],
      fri: [{ open: '09:00', close: '17:00' }],
      sat: [],
      sun: [],
    });
    await t.database.db.execute(sql`update locations set opening_hours = ${WEEKDAYS_9_TO_5}::jsonb where id = ${sf}`);
    const nextYear = new Date().getUTCFullYear() + 1;
    await t.database.db.execute(
      sql`insert into location_holidays (location_id, date, name) values (${sf}, ${`${nextYear}-12-25`}, 'Christmas Day') on conflict do nothing`,
    );
    try {
      const lead = await publicLead({ state: 'CA' });
      const provider = await providerSf();
      const newPatient = { legalGivenName: 'Nocturne', legalFamilyName: 'Bookingtest', dateOfBirth: '1985-01-01', sexAssignedAtBirth: 'female' };
      // 03:00 Pacific on Christmas Day (11:00 UTC), and 10:00 Pacific that day (18:00 UTC).
      for (const startsAt of [`${nextYear}-12-25T11:00:00Z`, `${nextYear}-12-25T18:00:00Z`]) {
        const res = await coordinator.post(`/api/leads/${lead}/convert`, {
          version: await version(coordinator, lead),
          newPatient,
          appointment: { locationId: sf, providerId: provider.id, startsAt },
        });
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().error).toMatchObject({ code: 'outside_opening_hours', fields: [expect.objectContaining({ path: 'appointment.startsAt' })] });
      }
      const atlanta = (await coordinator.get('/api/providers')).json().items.find((p: { locationIds: string[] }) => !p.locationIds.includes(sf));
      const elsewhere = await coordinator.post(`/api/leads/${lead}/convert`, {
        version: await version(coordinator, lead),
        newPatient,
        appointment: { locationId: sf, providerId: atlanta.id, startsAt: `${nextYear}-12-22T18:00:00Z` },
      });
      expect(elsewhere.statusCode, elsewhere.body).toBe(400);
      expect(elsewhere.json().error.fields[0].path).toBe('appointment.providerId');
      expect((await coordinator.get(`/api/leads/${lead}`)).json()).toMatchObject({ status: 'new' });
    } finally {
      await t.database.db.execute(sql`update locations set opening_hours = ${ALWAYS_OPEN}::jsonb where id = ${sf}`);
    }
  });

  it('carries a crisis answer from the public screening into the chart, where the care path makes the case urgent', async () => {
    const lead = await publicLead({ name: 'Solenne Riskcarry' }, [1, 1, 1, 1, 1, 1, 1, 1, 2]);
    const provider = await providerSf();
    const res = await coordinator.post(`/api/leads/${lead}/convert`, {
      version: await version(coordinator, lead),
      newPatient: { legalGivenName: 'Solenne', legalFamilyName: 'Riskcarry', dateOfBirth: '1990-05-05', sexAssignedAtBirth: 'female' },
      appointment: { locationId: t.clinics.get('SF'), providerId: provider.id, startsAt: tomorrowAt(21) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const patientId = res.json().patientId as string;
    const [flag] = await queryRows<{ source: string; leadId: string }>(
      t.database.db,
      sql`select source, lead_id from patient_risk_flags where patient_id = ${patientId}`,
    );
    expect(flag).toMatchObject({ source: 'public_screening', leadId: lead });
  });
});

describe('deadline escalation', () => {
  it('escalates an overdue lead once under two workers, notifies the clinic managers, and delivers each notification once', async () => {
    const overdue = await publicLead();
    const called = await publicLead();
    await coordinator.post(`/api/leads/${called}/attempts`, { outcome: 'reached', version: await version(coordinator, called) });
    await t.database.db.execute(sql`update leads set callback_due_at = now() - interval '1 minute' where id in (${overdue}, ${called})`);

    // Two app instances' job runners, ticking at the same moment.
    const a = new JobRunner(t.database, silent, [escalationJob(silent)]);
    const b = new JobRunner(t.database, silent, [escalationJob(silent)]);
    const counts = await Promise.all([a.runOnce('leads.escalate'), b.runOnce('leads.escalate'), a.runOnce('leads.escalate')]);
    expect(counts.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(1);
    expect(await b.runOnce('leads.escalate')).toBe(0);

    const [row] = await queryRows<{ escalated: number }>(
      t.database.db,
      sql`select count(*)::int as escalated from audit_events where action = 'lead.escalate' and entity_id = ${overdue}`,
    );
    expect(row!.escalated).toBe(1);
    const lead = (await coordinator.get(`/api/leads/${overdue}`)).json();
    expect(lead.escalated).toBe(true);
    expect((await coordinator.get(`/api/leads/${called}`)).json().escalated).toBe(false);
    const queue = (await coordinator.get('/api/leads')).json().items as { id: string; urgent: boolean; escalated: boolean }[];
    const firstNonUrgent = queue.find((l) => !l.urgent);
    expect(firstNonUrgent?.id).toBe(overdue);

    // San Francisco has one manager: one notification, in the app and in the outbox.
    const notes = (await manager.get('/api/notifications')).json();
    const mine = notes.items.filter((n: { link: string }) => n.link === `/leads/${overdue}`);
    expect(mine).toHaveLength(1);
    expect(mine[0].title).toMatch(/^Callback overdue: Avery Quinn Testcase/);
    expect(notes.unread).toBeGreaterThanOrEqual(1);
    expect((await manager.post(`/api/notifications/${mine[0].id}/read`)).statusCode).toBe(200);
    expect((await coordinator.post(`/api/notifications/${mine[0].id}/read`)).statusCode).toBe(404);

    const sent: OutgoingMessage[] = [];
    const sender = { channel: 'test', send: async (m: OutgoingMessage) => void sent.push(m) };
    const d1 = new JobRunner(t.database, silent, [deliveryJob(sender)]);
    const d2 = new JobRunner(t.database, silent, [deliveryJob(sender)]);
    await Promise.all([d1.runOnce('notifications.deliver'), d2.runOnce('notifications.deliver')]);
    await d1.runOnce('notifications.deliver');
    const forLead = sent.filter((m) => m.text.includes(`/leads/${overdue}`));
    expect(forLead).toHaveLength(1);
    expect(forLead[0]!.to.email).toMatch(/^manager@/);
    // No patient details leave by email or SMS.
    expect(forLead[0]!.text).not.toContain('Avery');
    const [status] = await queryRows<{ deliveryStatus: string }>(t.database.db, sql`select delivery_status from notifications where entity_id = ${overdue}`);
    expect(status!.deliveryStatus).toBe('sent');
  });

  it('notifies the administrators when the clinic has no manager', async () => {
    const id = await publicLead({ state: 'TX' });
    await t.database.db.execute(sql`update leads set callback_due_at = now() - interval '1 minute' where id = ${id}`);
    await t.context.jobs.runOnce('leads.escalate');
    const recipients = await queryRows<{ role: string }>(
      t.database.db,
      sql`select u.role from notifications n join users u on u.id = n.user_id where n.entity_id = ${id}`,
    );
    expect(recipients.map((r) => r.role)).toEqual(['admin']);
  });

  it('retries a failed delivery with a doubling wait and gives up after five attempts', async () => {
    const id = await publicLead();
    await t.database.db.execute(sql`update leads set callback_due_at = now() - interval '1 minute' where id = ${id}`);
    await t.context.jobs.runOnce('leads.escalate');
    const failing = {
      channel: 'test',
      send: async () => {
        throw new Error('smtp down');
      },
    };
    const runner = new JobRunner(t.database, silent, [deliveryJob(failing)]);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await runner.runOnce('notifications.deliver');
      const [due] = await queryRows<{ wait: number; attempts: number }>(
        t.database.db,
        sql`select round(extract(epoch from next_attempt_at - now()))::int as wait, delivery_attempts as attempts from notifications where entity_id = ${id}`,
      );
      expect(due!.attempts).toBe(i + 1);
      waits.push(due!.wait);
      // Right after a failure the next tick does not try again: the try waits its back-off.
      await runner.runOnce('notifications.deliver');
      expect((await queryRows<{ n: number }>(t.database.db, sql`select delivery_attempts as n from notifications where entity_id = ${id}`))[0]!.n).toBe(i + 1);
      // Time passes: the next try is due.
      await t.database.db.execute(sql`update notifications set next_attempt_at = now() - interval '1 second' where entity_id = ${id}`);
    }
    // 30 s, then twice as long after each failure.
    expect(waits.slice(0, 4).map((w) => Math.round(w / 30))).toEqual([1, 2, 4, 8]);
    const [row] = await queryRows<{ deliveryStatus: string; deliveryAttempts: number; deliveryError: string }>(
      t.database.db,
      sql`select delivery_status, delivery_attempts, delivery_error from notifications where entity_id = ${id}`,
    );
    expect(row).toMatchObject({ deliveryStatus: 'failed', deliveryAttempts: 5, deliveryError: 'smtp down' });
  });
});

describe('front-door metrics', () => {
  it('counts leads, first calls within 10 minutes, conversions and urgent leads per clinic and local day', async () => {
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
    const from = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    await t.app.inject({ method: 'POST', url: '/api/public/screenings', payload: { responses: { 'GAD-7': [0, 0, 0, 0, 0, 0, 1] } } });
    const res = await manager.get(`/api/front-door/metrics?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().items as {
      clinicName: string;
      day: string;
      leads: number;
      firstCalled: number;
      calledWithin10Minutes: number;
      conversions: number;
      urgentLeads: number;
      escalated: number;
      shareCalledWithin10Minutes: number;
    }[];
    expect(rows.every((r) => r.clinicName === 'Stepwise San Francisco')).toBe(true);
    const sf = rows.find((r) => r.day === today)!;
    const [truth] = await queryRows<{ leads: number; converted: number; urgent: number }>(
      t.database.db,
      sql`select count(*)::int as leads, count(*) filter (where status = 'converted')::int as converted, count(*) filter (where urgent)::int as urgent
            from leads where location_id = ${t.clinics.get('SF')} and (requested_at at time zone 'America/Los_Angeles')::date = ${today}::date`,
    );
    expect(sf).toMatchObject({ leads: truth!.leads, conversions: truth!.converted, urgentLeads: truth!.urgent });
    expect(sf.conversions).toBeGreaterThanOrEqual(2);
    expect(sf.calledWithin10Minutes).toBeGreaterThanOrEqual(1);
    expect(sf.escalated).toBeGreaterThanOrEqual(1);
    expect(sf.shareCalledWithin10Minutes).toBeCloseTo(sf.calledWithin10Minutes / sf.leads, 2);
    expect(res.json().anonymousScreenings).toContainEqual(expect.objectContaining({ instrument: 'GAD-7', severity: 'minimal', crisis: false }));

    // A clinic and day with leads but no call yet has no median (not "0 min").
    await publicLead({ state: 'TX' });
    const admin = await t.loginAdmin();
    const austin = (await admin.get(`/api/front-door/metrics?from=${from}&to=${to}&locationId=${t.clinics.get('AUS')}`)).json().items as {
      firstCalled: number;
      medianMinutesToFirstCall: number | null;
    }[];
    expect(austin.length).toBeGreaterThan(0);
    for (const row of austin.filter((r) => r.firstCalled === 0)) expect(row.medianMinutesToFirstCall).toBeNull();

    const bad = await manager.get(`/api/front-door/metrics?from=${to}&to=${from}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ path: 'to', message: 'must not be before from' }]);
    expect((await coordinator.get(`/api/front-door/metrics?from=${from}&to=${to}`)).statusCode).toBe(403);
  });
});
