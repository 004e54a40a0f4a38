import { describe, expect, it } from 'vitest';
import { interpretReply, reminderDue, reminderEmail, reminderSms, visitTimeText } from './reminders.js';

// Written by hand from issue 9: "C" confirms, "R" asks for a call, anything else waits for a coordinator; a reminder
// says the time (clinic wall clock), the place and the preparation, never the treatment or a diagnosis.
describe('reading a reply', () => {
  it.each([
    ['C', 'confirm'],
    [' c ', 'confirm'],
    ['C.', 'confirm'],
    ['confirm', 'confirm'],
    ['R', 'reschedule'],
    ['r!', 'reschedule'],
    ['Reschedule', 'reschedule'],
    ['yes', null],
    ['CR', null],
    ['Can I come at 3?', null],
    ['', null],
  ] as const)('%j -> %s', (body, reply) => expect(interpretReply(body)).toBe(reply));
});

describe('when a reminder is due', () => {
  const start = new Date('2026-12-03T16:00:00Z');
  it.each([
    ['49 hours ahead, 48-hour lead', '2026-12-01T15:00:00Z', 48, false],
    ['48 hours ahead', '2026-12-01T16:00:00Z', 48, true],
    ['an hour ahead', '2026-12-03T15:00:00Z', 48, true],
    ['started', '2026-12-03T16:00:00Z', 48, false],
    ['24-hour clinic, 30 hours ahead', '2026-12-02T10:00:00Z', 24, false],
  ] as const)('%s: %s', (_n, now, lead, due) => expect(reminderDue(start, lead, new Date(now))).toBe(due));
});

describe('what a reminder says', () => {
  const visit = {
    clinicName: 'Stepwise San Francisco',
    clinicAddress: '500 Market St, San Francisco, CA 94105',
    clinicPhone: '(415) 555-0100',
    timeZone: 'America/Los_Angeles',
    startsAt: new Date('2026-12-01T16:00:00Z'),
    preparation: ['No food for 2 hours and no liquids for 30 minutes before.', 'Arrange a ride home.'],
    confirmUrl: 'https://clinic.example/visit/abc',
  };
  it('gives the clinic wall-clock time with the zone, across DST', () => {
    expect(visitTimeText(visit.startsAt, visit.timeZone)).toBe('Tue, Dec 1 at 8:00 AM PST');
    expect(visitTimeText(new Date('2027-03-15T15:00:00Z'), 'America/Los_Angeles')).toBe('Mon, Mar 15 at 8:00 AM PDT');
  });
  it('carries time, place, preparation and how to answer, and nothing clinical', () => {
    const sms = reminderSms(visit);
    expect(sms).toContain('Tue, Dec 1 at 8:00 AM PST');
    expect(sms).toContain('500 Market St');
    expect(sms).toContain('Arrange a ride home.');
    expect(sms).toContain('Reply C to confirm or R');
    expect(sms).toContain(visit.confirmUrl);
    const email = reminderEmail(visit);
    expect(email.subject).toBe('Your visit at Stepwise San Francisco, Tue, Dec 1 at 8:00 AM PST');
    for (const text of [sms, email.text, email.subject]) expect(text).not.toMatch(/esketamine|spravato|ketamine|TMS|depress|PHQ|diagnos/i);
  });
});
