import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/sql-values.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
const ALWAYS_OPEN = JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '23:59' }]])));
const NEVER_OPEN_BUT_SUNDAY = JSON.stringify({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ open: '09:00', close: '12:00' }] });

beforeAll(async () => {
  t = await createTestApp({ publicForms: { ratePerMinutePerIp: 1000, requestsPerPhonePerDay: 3 } });
  // Austin answers around the clock and Seattle only on Sunday mornings, so the promise is predictable whenever the tests run.
  await t.database.db.execute(sql`update locations set opening_hours = ${ALWAYS_OPEN}::jsonb where code = 'AUS'`);
  await t.database.db.execute(sql`update locations set opening_hours = ${NEVER_OPEN_BUT_SUNDAY}::jsonb where code = 'SEA'`);
});
afterAll(async () => t.close());

let phoneSeq = 100;
const nextPhone = () => `(512) 555-0${phoneSeq++}`;
const callback = (overrides: Record<string, unknown> = {}) => ({
  name: 'Jordan Alvarez',
  phone: nextPhone(),
  state: 'TX',
  bestTime: 'afternoons',
  reason: 'Asking about TMS',
  consentToCall: true,
  consentToText: true,
  timeZone: 'America/Chicago',
  ...overrides,
});
const post = (url: string, payload: unknown, ip = '203.0.113.9') => t.app.inject({ method: 'POST', url, payload: payload as object, remoteAddress: ip });
const leadCount = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from leads`))[0]!.n;

describe('POST /api/public/callback-requests', () => {
  it('stores the lead with an E.164 phone at the clinic of the state and promises a call within 10 minutes in hours', async () => {
    const before = Date.now();
    const res = await post('/api/public/callback-requests', callback({ phone: '512-555-0142' }));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.withinCallingHours).toBe(true);
    expect(body.clinic.name).toBe('Stepwise Austin');
    const due = Date.parse(body.callbackBy);
    expect(due - before).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
    expect(due - before).toBeLessThanOrEqual(10 * 60_000 + 5000);
    expect(body.message).toMatch(/^We will call you within 10 minutes, by \d{1,2}:\d{2} [AP]M Central (Standard|Daylight) Time\.$/);
    const [lead] = await queryRows<{ phone: string; source: string; status: string; consentToText: boolean }>(
      t.database.db,
      sql`select phone, source, status, consent_to_text from leads where id = ${body.reference}`,
    );
    expect(lead).toEqual({ phone: '+15125550142', source: 'callback', status: 'new', consentToText: true });
  });

  it('outside calling hours promises the next opening plus 10 minutes, stated in the visitor zone', async () => {
    const res = await post('/api/public/callback-requests', callback({ state: 'WA', timeZone: 'America/New_York' }));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.withinCallingHours).toBe(false);
    // Seattle opens Sundays at 09:00 Pacific = 12:00 Eastern; the call is due 12:10 PM Eastern.
    expect(body.message).toMatch(
      /^Our team is outside calling hours right now\. We will call you when we open: by 12:10 PM .*\(Eastern (Standard|Daylight) Time\)\.$/,
    );
    const localDue = new Date(body.callbackBy).toLocaleString('en-US', {
      timeZone: 'America/Los_Angeles',
      weekday: 'short',
      hour: 'numeric',
      minute: '2-digit',
    });
    expect(localDue).toMatch(/^Sun 9:10 AM$/);
  });

  it('routes a state without a clinic to the practice default, and a preferred clinic wins over the state', async () => {
    const ny = await post('/api/public/callback-requests', callback({ state: 'NY' }));
    expect(ny.statusCode).toBe(201);
    const clinics = (await t.app.inject({ method: 'GET', url: '/api/public/clinics' })).json().items as { id: string; name: string }[];
    expect(clinics.map((c) => c.name)).toContain('Stepwise Atlanta');
    const atl = clinics.find((c) => c.name === 'Stepwise Atlanta')!;
    const res = await post('/api/public/callback-requests', callback({ state: 'TX', preferredClinicId: atl.id }));
    expect(res.json().clinic.name).toBe('Stepwise Atlanta');
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['empty name', { name: '  ' }, 'name', /required/],
    ['long name', { name: 'x'.repeat(121) }, 'name', /at most 120/],
    ['UK phone', { phone: '+44 20 7946 0958' }, 'phone', /US phone number/],
    ['invalid US number', { phone: '(555) 123-4567' }, 'phone', /not a valid US phone number/],
    ['letters in the phone', { phone: 'call me maybe' }, 'phone', /only digits/],
    ['missing phone', { phone: undefined }, 'phone', /.+/],
    ['unknown state', { state: 'ZZ' }, 'state', /two-letter US state/],
    ['neither state nor clinic', { state: undefined }, 'state', /state or a preferred clinic/],
    ['clinic id not a uuid', { preferredClinicId: 'SF' }, 'preferredClinicId', /clinic id/],
    ['long best time', { bestTime: 'x'.repeat(101) }, 'bestTime', /at most 100/],
    ['long reason', { reason: 'x'.repeat(1001) }, 'reason', /at most 1000/],
    ['no consent to call', { consentToCall: false }, 'consentToCall', /consent/],
    ['consent to text not a boolean', { consentToText: 'yes' }, 'consentToText', /.+/],
    ['unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', /IANA time zone/],
  ])('refuses %s with a message on that field and stores nothing', async (_name, overrides, field, message) => {
    const before = await leadCount();
    const res = await post('/api/public/callback-requests', callback(overrides));
    expect(res.statusCode, res.body).toBe(400);
    const problem = (res.json().error.fields as { path: string; message: string }[]).find((f) => f.path === field);
    expect(problem, res.body).toBeDefined();
    expect(problem!.message).toMatch(message);
    expect(await leadCount()).toBe(before);
  });

  it('refuses an unknown clinic id with a field message', async () => {
    const res = await post('/api/public/callback-requests', callback({ preferredClinicId: '00000000-0000-4000-8000-000000000000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'preferredClinicId', message: 'is not one of our clinics' }]);
  });

  it('refuses bodies over the size limit and non-JSON bodies', async () => {
    const big = await post('/api/public/callback-requests', callback({ reason: 'x'.repeat(20_000) }));
    expect(big.statusCode).toBe(413);
    const junk = await t.app.inject({
      method: 'POST',
      url: '/api/public/callback-requests',
      payload: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(junk.statusCode).toBe(415);
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const before = await leadCount();
    const res = await post('/api/public/callback-requests', callback({ website: 'http://spam.example' }));
    expect(res.statusCode).toBe(201);
    expect(await leadCount()).toBe(before);
  });

  it('keeps one open request per phone, and limits requests per phone per day', async () => {
    const phone = nextPhone();
    const first = (await post('/api/public/callback-requests', callback({ phone }))).json();
    const again = await post('/api/public/callback-requests', callback({ phone }));
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ reference: first.reference, alreadyRequested: true, callbackBy: first.callbackBy });
    // A repeat after the deadline passed does not promise a time in the past.
    await t.database.db.execute(sql`update leads set callback_due_at = now() - interval '5 minutes' where id = ${first.reference}`);
    const late = (await post('/api/public/callback-requests', callback({ phone }))).json();
    expect(late.message).toBe('We already have your request, and a care coordinator will call you as soon as possible.');
    // Close the open lead twice over so new requests count against the daily limit of 3.
    for (let i = 0; i < 2; i++) {
      await t.database.db.execute(sql`update leads set status = 'closed' where phone = ${'+1' + phone.replace(/\D/g, '')}`);
      expect((await post('/api/public/callback-requests', callback({ phone }))).statusCode).toBe(201);
    }
    await t.database.db.execute(sql`update leads set status = 'closed' where phone = ${'+1' + phone.replace(/\D/g, '')}`);
    const limited = await post('/api/public/callback-requests', callback({ phone }));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.fields).toEqual([{ path: 'phone', message: 'has made too many requests today' }]);
  });

  it('is in the OpenAPI document, with the screening route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/public/callback-requests'].post).toBeDefined();
    expect(doc.paths['/api/public/screenings'].post.requestBody.content['application/json'].schema.properties.responses).toBeDefined();
  });
});

describe('per-address rate limit', () => {
  it('answers 429 after the configured number of requests a minute from one address', async () => {
    const limited = await createTestApp({ publicForms: { ratePerMinutePerIp: 2, requestsPerPhonePerDay: 3 } });
    try {
      const send = () => limited.app.inject({ method: 'POST', url: '/api/public/callback-requests', payload: callback(), remoteAddress: '198.51.100.7' });
      expect((await send()).statusCode).toBe(201);
      expect((await send()).statusCode).toBe(201);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(third.json().error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});

describe('POST /api/public/screenings', () => {
  const PHQ = [2, 2, 1, 1, 2, 1, 1, 1, 1];
  const GAD = [1, 1, 1, 1, 1, 0, 0];

  it('scores exactly as published and keeps only anonymous counts without contact', async () => {
    const leadsBefore = await leadCount();
    const res = await post('/api/public/screenings', { responses: { 'PHQ-9': PHQ, 'GAD-7': GAD } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body['PHQ-9']).toMatchObject({ total: 12, severity: 'moderate', maxTotal: 27 });
    expect(body['GAD-7']).toMatchObject({ total: 5, severity: 'mild' });
    expect(body.crisis).toBe(true); // item 9 = 1
    expect(body.crisisResources.map((r: { href: string }) => r.href)).toContain('tel:988');
    expect(body.callback).toBeNull();
    expect(await leadCount()).toBe(leadsBefore);
    const [{ n }] = (await queryRows<{ n: number }>(
      t.database.db,
      sql`select coalesce(sum(count), 0)::int as n from screening_daily_counts where instrument = 'PHQ-9' and severity = 'moderate' and crisis`,
    )) as [{ n: number }];
    expect(n).toBeGreaterThanOrEqual(1);
    const answersStored = await queryRows(
      t.database.db,
      sql`select 1 from lead_screenings ls join leads l on l.id = ls.lead_id where l.requested_at > now() - interval '1 minute' and ls.total = 12`,
    );
    expect(answersStored).toHaveLength(0);
  });

  it.each([
    ['all zeros', { 'PHQ-9': [0, 0, 0, 0, 0, 0, 0, 0, 0] }, { total: 0, severity: 'minimal' }, false],
    ['all maximums', { 'PHQ-9': [3, 3, 3, 3, 3, 3, 3, 3, 3] }, { total: 27, severity: 'severe' }, true],
    ['item 9 alone', { 'PHQ-9': [0, 0, 0, 0, 0, 0, 0, 0, 2] }, { total: 2, severity: 'minimal' }, true],
    ['GAD-7 only', { 'GAD-7': [3, 3, 3, 3, 3, 3, 3] }, null, false],
  ])('%s', async (_name, responses, phq, crisis) => {
    const body = (await post('/api/public/screenings', { responses })).json();
    if (phq) expect(body['PHQ-9']).toMatchObject(phq);
    else expect(body['GAD-7']).toMatchObject({ total: 21, severity: 'severe' });
    expect(body.crisis).toBe(crisis);
  });

  it('with contact and item 9 positive, creates an urgent lead with the answers', async () => {
    const res = await post('/api/public/screenings', { responses: { 'PHQ-9': [1, 1, 1, 1, 1, 1, 1, 1, 1] }, contact: callback() });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.crisis).toBe(true);
    expect(body.callback.reference).toBeDefined();
    const [lead] = await queryRows<{ urgent: boolean; source: string; urgentReason: string }>(
      t.database.db,
      sql`select urgent, source, urgent_reason from leads where id = ${body.callback.reference}`,
    );
    expect(lead).toMatchObject({ urgent: true, source: 'screening' });
    expect(lead!.urgentReason).toMatch(/self-harm/);
    const answers = await queryRows<{ answers: number[]; total: number }>(
      t.database.db,
      sql`select answers, total from lead_screenings where lead_id = ${body.callback.reference}`,
    );
    expect(answers.map((a) => ({ answers: a.answers.map(Number), total: a.total }))).toEqual([{ answers: [1, 1, 1, 1, 1, 1, 1, 1, 1], total: 9 }]);
  });

  it('a crisis answer makes an existing open lead of that phone urgent', async () => {
    const phone = nextPhone();
    const first = (await post('/api/public/callback-requests', callback({ phone }))).json();
    const res = await post('/api/public/screenings', { responses: { 'PHQ-9': [0, 0, 0, 0, 0, 0, 0, 0, 1] }, contact: callback({ phone }) });
    expect(res.json().callback).toMatchObject({ reference: first.reference, alreadyRequested: true });
    const [lead] = await queryRows<{ urgent: boolean }>(t.database.db, sql`select urgent from leads where id = ${first.reference}`);
    expect(lead!.urgent).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['PHQ-9 with 8 answers', { responses: { 'PHQ-9': [0, 0, 0, 0, 0, 0, 0, 0] } }, 'responses.PHQ-9'],
    ['an answer of 4', { responses: { 'PHQ-9': [0, 0, 0, 4, 0, 0, 0, 0, 0] } }, 'responses.PHQ-9.3'],
    ['a fractional answer', { responses: { 'GAD-7': [0, 0.5, 0, 0, 0, 0, 0] } }, 'responses.GAD-7.1'],
    ['a text answer', { responses: { 'GAD-7': [0, 'often', 0, 0, 0, 0, 0] } }, 'responses.GAD-7.1'],
    ['no instrument', { responses: {} }, 'responses'],
    ['an unknown instrument', { responses: { 'PHQ-9': [0, 0, 0, 0, 0, 0, 0, 0, 0], 'PHQ-8': [0] } }, 'responses'],
    ['no responses at all', {}, 'responses'],
    ['a bad contact phone', { responses: { 'GAD-7': [0, 0, 0, 0, 0, 0, 0] }, contact: callback({ phone: '12' }) }, 'contact.phone'],
    ['contact without consent', { responses: { 'GAD-7': [0, 0, 0, 0, 0, 0, 0] }, contact: callback({ consentToCall: undefined }) }, 'contact.consentToCall'],
  ])('refuses %s naming the field', async (_name, payload, field) => {
    const res = await post('/api/public/screenings', payload);
    expect(res.statusCode, res.body).toBe(400);
    const paths = (res.json().error.fields as { path: string }[]).map((f) => f.path);
    expect(paths, res.body).toContain(field);
  });
});
