import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { testConfig } from '../../config.js';
import { queryRows } from '../../db/sql-values.js';
import { JobRunner } from '../../platform/jobs/job-runner.js';
import { restSmsSender, smtpSender } from '../../platform/notifications/senders.js';
import { patientWithIntake } from '../../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';
import { reminderJob } from './reminders.service.js';

// Reminders over a real SMTP conversation (a local smtp-server) and an SMS provider's REST shape (a local stand-in),
// exactly once with two app instances ticking; the patient's link page; text replies; staff .ics feeds.

type Mail = { to: string; raw: string };
const mails: Mail[] = [];
const texts: URLSearchParams[] = [];
let smsFailuresToServe = 0;
let smsAuth = '';
let smtp: SMTPServer;
let smsServer: http.Server;
let t: TestApp;
let provider: Agent;
let coordinator: Agent;
let nurse: Agent;
let patientId: string;
let firstVisit: { id: string; startsAt: string; date: string };
const INBOUND = 'inbound-token-for-the-test-suite-0123456789';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smsServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      smsAuth = req.headers.authorization ?? '';
      if (smsFailuresToServe > 0) {
        smsFailuresToServe--;
        res.writeHead(503).end('{"message":"try later"}');
        return;
      }
      texts.push(new URLSearchParams(body));
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `SM${texts.length}` }));
    });
  });
  await new Promise<void>((resolve) => smsServer.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const smsPort = (smsServer.address() as AddressInfo).port;
  t = await createTestApp(
    {
      logLevel: process.env.TEST_LOG ?? 'silent',
      login: { ...testConfig().login, ratePerMinute: 100_000 },
      publicBaseUrl: 'https://clinic.example',
      messaging: {
        smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
        mailFrom: 'Stepwise <visits@clinic.example>',
        smsUrl: `http://AC123:secret@127.0.0.1:${smsPort}/2010-04-01/Accounts/AC123/Messages.json`,
        smsFrom: '+14155550100',
        inboundToken: INBOUND,
      },
    },
    { patients: 0 },
  );
  await loginAll();
  patientId = await patientWithIntake(t, provider, null);
  const current = (await coordinator.get(`/api/patients/${patientId}`)).json();
  const consent = await coordinator.patch(`/api/patients/${patientId}`, {
    version: current.version,
    phoneMobile: '(415) 555-0142',
    email: 'reminders.patient@example.org',
    reminderSms: true,
    reminderEmail: true,
  });
  expect(consent.statusCode, consent.body).toBe(200);
  expect(consent.json()).toMatchObject({ reminderSms: true, reminderEmail: true });
  const protocols = (await provider.get('/api/protocols')).json().items as { id: string; code: string }[];
  const course = (
    await provider.post(`/api/patients/${patientId}/courses`, {
      protocolId: protocols.find((p) => p.code === 'spravato-trd')!.id,
      locationId: t.clinics.get('SF'),
      differReason: 'Chosen with the patient for this test.',
    })
  ).json();
  const plan = (await coordinator.post(`/api/courses/${course.id}/plan`, {})).json();
  const booked = await coordinator.post(`/api/courses/${course.id}/appointments`, {
    visits: plan.visits.slice(0, 2).map((v: { index: number; date: string; localStart: string; resource: { id: string }; staff: { id: string }[] }) => ({
      index: v.index,
      date: v.date,
      localStart: v.localStart,
      resourceId: v.resource.id,
      staffIds: v.staff.map((s) => s.id),
    })),
  });
  expect(booked.statusCode, booked.body).toBe(201);
  firstVisit = booked.json().course.items[0];
});
afterAll(async () => {
  await t.close();
  smtp.close();
  smsServer.close();
});
afterEach(async () => {
  if (vi.isFakeTimers()) {
    vi.useRealTimers();
    await loginAll();
  }
});

async function loginAll() {
  [provider, coordinator, nurse] = await Promise.all([t.login('provider'), t.login('coordinator'), t.login('nurse')]);
}
async function clockAt(instant: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(instant), shouldAdvanceTime: true });
  await loginAll();
}
const reminderRows = () =>
  queryRows<{ channel: string; status: string; attempts: number }>(
    t.database.db,
    sql`select channel, status, attempts from appointment_reminders where appointment_id = ${firstVisit.id} order by channel`,
  );

describe('visit reminders', () => {
  it('go out once by email (with the .ics) and by text, 48 hours ahead, even with two instances ticking', async () => {
    const start = new Date(firstVisit.startsAt).getTime();
    await clockAt(start - 49 * 3_600_000);
    await t.context.jobs.runOnce('reminders.send');
    expect(await reminderRows()).toEqual([]); // not yet inside the clinic's 48 hours

    await clockAt(start - 47 * 3_600_000);
    // A second app instance on the same database, with its own senders built from the same configuration.
    const m = t.context.config.messaging;
    const other = new JobRunner(t.database, { error: () => undefined, info: () => undefined, warn: () => undefined } as never, [
      reminderJob({ email: await smtpSender(m.smtpUrl!, m.mailFrom), sms: restSmsSender(m.smsUrl!, m.smsFrom!) }, 'https://clinic.example'),
    ]);
    await Promise.all([t.context.jobs.runOnce('reminders.send'), other.runOnce('reminders.send'), t.context.jobs.runOnce('reminders.send')]);
    await t.context.jobs.runOnce('reminders.send');
    await other.runOnce('reminders.send');
    await other.stop();

    expect(mails).toHaveLength(1);
    expect(texts).toHaveLength(1);
    expect(await reminderRows()).toEqual([
      { channel: 'email', status: 'sent', attempts: 1 },
      { channel: 'sms', status: 'sent', attempts: 1 },
    ]);

    const sms = texts[0]!;
    expect(sms.get('To')).toBe('+14155550142');
    expect(sms.get('From')).toBe('+14155550100');
    expect(smsAuth).toBe(`Basic ${Buffer.from('AC123:secret').toString('base64')}`);
    const body = sms.get('Body')!;
    expect(body).toMatch(/Stepwise San Francisco: reminder of your visit/);
    expect(body).toMatch(/No food for 2 hours/i);
    expect(body).toMatch(/Reply C to confirm or R/);
    // The link's random token is left out: its letters can spell anything (a token once held "phq").
    expect(body.replace(/https?:\/\/\S+/g, '')).not.toMatch(/spravato|esketamine|depress|PHQ/i);

    const mail = mails[0]!;
    expect(mail.to).toBe('reminders.patient@example.org');
    expect(mail.raw).toMatch(/Subject: Your visit at Stepwise San Francisco/);
    const ics = /BEGIN:VCALENDAR[\s\S]*END:VCALENDAR/.exec(mail.raw.replace(/=\r\n/g, ''))?.[0];
    expect(ics).toBeDefined();
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics!.replace(/\r?\n/g, '\r\n'))).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(firstVisit.startsAt).toISOString());
    expect(event.summary).toBe('Visit at Stepwise San Francisco');
  });

  it('a failed text is retried after a wait and still sent only once', async () => {
    const second = (
      await queryRows<{ id: string; startsAt: Date }>(
        t.database.db,
        sql`select id, starts_at from appointments where patient_id = ${patientId} and status = 'booked' order by starts_at offset 1 limit 1`,
      )
    )[0]!;
    const start = new Date(second.startsAt).getTime();
    smsFailuresToServe = 1;
    const before = texts.length;
    await clockAt(start - 24 * 3_600_000);
    await t.context.jobs.runOnce('reminders.send');
    const [failed] = await queryRows<{ status: string; attempts: number; error: string }>(
      t.database.db,
      sql`select status, attempts, error from appointment_reminders where appointment_id = ${second.id} and channel = 'sms'`,
    );
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.error).toMatch(/503/);
    await t.context.jobs.runOnce('reminders.send'); // not due yet: waits a minute
    expect(texts.length).toBe(before);
    vi.setSystemTime(new Date(start - 24 * 3_600_000 + 61_000));
    await t.context.jobs.runOnce('reminders.send');
    await t.context.jobs.runOnce('reminders.send');
    expect(texts.length).toBe(before + 1);
  });

  it('the link opens a small page with no login; the patient confirms there', async () => {
    const token = /https:\/\/clinic\.example\/visit\/([A-Za-z0-9_-]{43})/.exec(texts[0]!.get('Body')!)?.[1];
    expect(token).toBeDefined();
    const pageRes = await t.app.inject({ method: 'GET', url: `/visit/${token}` });
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.headers['content-type']).toMatch(/text\/html/);
    expect(pageRes.body).toMatch(/Your visit at Stepwise San Francisco/);
    expect(pageRes.body).toMatch(/I will be there/);
    expect(pageRes.body).not.toMatch(/spravato|esketamine/i);
    const answer = await t.app.inject({
      method: 'POST',
      url: `/visit/${token}`,
      payload: 'action=confirm',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatch(/your visit is confirmed/);
    expect((await coordinator.get(`/api/appointments/${firstVisit.id}`)).json().confirmation).toBe('confirmed');
    const ics = await t.app.inject({ method: 'GET', url: `/visit/${token}/visit.ics` });
    expect(ics.headers['content-type']).toMatch(/text\/calendar/);
    expect((await t.app.inject({ method: 'GET', url: `/visit/${'x'.repeat(43)}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/visit/short' })).statusCode).toBe(404);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/visit/${token}`,
      payload: 'action=delete',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('text replies', () => {
  const inbound = (payload: unknown, token: string | null = INBOUND) =>
    t.app.inject({ method: 'POST', url: '/api/messages/inbound', payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('"C" confirms, "R" asks for a call, anything else and unknown numbers wait for a coordinator; nothing is dropped', async () => {
    expect((await inbound({ from: '+14155550142', body: 'C', receivedAt: new Date().toISOString() }, null)).statusCode).toBe(403);
    expect((await inbound({ from: '+14155550142', body: 'C', receivedAt: new Date().toISOString() }, 'wrong-token-wrong-token-wrong')).statusCode).toBe(403);

    await t.database.db.execute(sql`update appointments set confirmation = 'unconfirmed' where id = ${firstVisit.id}`);
    const confirm = await inbound({ from: '(415) 555-0142', body: ' c ', receivedAt: new Date().toISOString() });
    expect(confirm.statusCode, confirm.body).toBe(202);
    expect(confirm.json()).toMatchObject({ outcome: 'confirmed', needsReview: false });
    expect((await coordinator.get(`/api/appointments/${firstVisit.id}`)).json().confirmation).toBe('confirmed');

    const call = await inbound({ from: '+14155550142', body: 'R', receivedAt: new Date().toISOString() });
    expect(call.json()).toMatchObject({ outcome: 'reschedule_requested', needsReview: true });
    expect((await coordinator.get(`/api/appointments/${firstVisit.id}`)).json().confirmation).toBe('reschedule_requested');
    const unclear = await inbound({ from: '+14155550142', body: 'Can I come at 3 instead?', receivedAt: new Date().toISOString() });
    expect(unclear.json()).toMatchObject({ outcome: 'unrecognized_reply', needsReview: true });
    const stranger = await inbound({ from: '+12065550199', body: 'C', receivedAt: new Date().toISOString() });
    expect(stranger.json()).toMatchObject({ outcome: 'unknown_sender', needsReview: true });
    const garbage = await inbound({ from: 'not a phone', body: 'hello', receivedAt: new Date().toISOString() });
    expect(garbage.json()).toMatchObject({ outcome: 'unknown_sender' });
    expect((await inbound({ from: '+14155550142', body: 'C' })).statusCode).toBe(400);

    const list = (await coordinator.get('/api/messages/inbound')).json().items as { id: string; outcome: string; body: string }[];
    expect(list.map((m) => m.outcome)).toEqual(expect.arrayContaining(['reschedule_requested', 'unrecognized_reply', 'unknown_sender']));
    expect((await nurse.get('/api/messages/inbound')).statusCode).toBe(403);
    const done = await coordinator.post(`/api/messages/inbound/${list[0]!.id}/review`, { note: 'Called back; moved to Friday.' });
    expect(done.statusCode).toBe(200);
    expect(((await coordinator.get('/api/messages/inbound')).json().items as { id: string }[]).map((m) => m.id)).not.toContain(list[0]!.id);
  });
});

describe('readiness and calendars', () => {
  it('the readiness list shows each visit’s confirmation, reminders and checklist with sources', async () => {
    const res = await coordinator.get(`/api/locations/${t.clinics.get('SF')}/readiness?date=${firstVisit.date}`);
    expect(res.statusCode, res.body).toBe(200);
    const item = (res.json().items as { id: string; reminders: { channel: string; status: string }[]; checklist: { text: string; source: string }[] }[]).find(
      (i) => i.id === firstVisit.id,
    )!;
    expect(item.reminders.map((r) => [r.channel, r.status])).toEqual(
      expect.arrayContaining([
        ['email', 'sent'],
        ['sms', 'sent'],
      ]),
    );
    expect(item.checklist.some((c) => /ride/i.test(c.text) && c.source.length > 0)).toBe(true);
  });

  it('a staff member’s .ics feed parses as iCalendar and stops working when revoked', async () => {
    const created = await nurse.post('/api/me/calendar-feed');
    expect(created.statusCode).toBe(201);
    const url = new URL(created.json().url as string);
    const feed = await t.app.inject({ method: 'GET', url: url.pathname });
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((e) => e.uid === `${firstVisit.id}@stepwise`)).toBe(true);
    expect(events[0]!.summary).toMatch(/^Spravato session · [A-Z]\. [A-Z]\.$/);
    expect((await nurse.delete('/api/me/calendar-feed')).json().revoked).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(404);
  });
});
