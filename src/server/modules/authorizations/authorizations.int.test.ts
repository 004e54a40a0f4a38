import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql-values.js';
import { addDays, clinicToday } from '../../../domain/time/clinic-today.js';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientWithIntake } from '../../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let provider: Agent;
let biller: Agent;
let patientId: string;
// Dates on the San Francisco clinic's calendar (the test patients' clinic), never the UTC date.
const day = (offset: number) => addDays(clinicToday('America/Los_Angeles'), offset);

beforeAll(async () => {
  t = await createTestApp();
  provider = await t.login('provider');
  biller = await t.login('biller');
  patientId = await patientWithIntake(t, provider, 'Blue Horizon Commercial');
});
afterAll(async () => t.close());

describe('prior authorization', () => {
  let id: string;
  let version: number;

  it('drafts a letter of medical necessity from the chart', async () => {
    const res = await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'tms' });
    expect(res.statusCode, res.body).toBe(201);
    const pa = res.json();
    ({ id, version } = pa);
    expect(pa).toMatchObject({
      status: 'draft',
      payerName: 'Blue Horizon Commercial',
      policy: { version: 1 },
      events: [{ toStatus: 'draft', by: { id: biller.userId } }],
    });
    const text = pa.letter.sections.map((s: { heading: string; body: string }) => `${s.heading}: ${s.body}`).join('\n');
    expect(text).toContain('F33.2 Major depressive disorder, recurrent severe without psychotic features');
    expect(text).toContain('sertraline (SSRI), 150 mg/day for 8 weeks, 2024-01-10 to 2024-04-10: no response');
    expect(text).toContain('psychotherapy (CBT), 16 sessions');
    expect(text).toMatch(/PHQ-9 scores \(date: total\): \d{4}-\d{2}-\d{2}: 16/);
    expect(text).toContain('Seizure disorder or epilepsy');
    expect(text).toContain('member ID XJ12345678');
    expect(text).toContain('36 sessions over 90 days');
  });

  it('cannot be submitted before the provider signs the letter; edits lock once signed', async () => {
    const early = await biller.post(`/api/prior-authorizations/${id}/status`, { version, status: 'submitted' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('letter_unsigned');
    const edited = await provider.patch(`/api/prior-authorizations/${id}/letter`, {
      version,
      letter: {
        sections: [
          { heading: 'Request', body: 'Edited by the provider.' },
          { heading: 'Medical necessity', body: 'Necessary.' },
        ],
      },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await biller.post(`/api/prior-authorizations/${id}/letter/sign`, { version: edited.json().version })).statusCode).toBe(403);
    const signed = await provider.post(`/api/prior-authorizations/${id}/letter/sign`, { version: edited.json().version });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().letterSignedBy).toMatchObject({ id: provider.userId });
    version = signed.json().version;
    const late = await provider.patch(`/api/prior-authorizations/${id}/letter`, { version, letter: { sections: [{ heading: 'x', body: 'y' }] } });
    expect(late.statusCode).toBe(409);
  });

  it('serves the letter as a PDF', async () => {
    const res = await biller.get(`/api/prior-authorizations/${id}/letter.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const doc = await PDFDocument.load(res.rawPayload);
    expect(doc.getTitle()).toBe('Letter of Medical Necessity');
    // The clinic's own letterhead, not the software's name.
    expect(doc.getAuthor()).toBe('Stepwise San Francisco');
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it('moves through submitted, more information, approved, with each step timed and attributed', async () => {
    const submitted = await biller.post(`/api/prior-authorizations/${id}/status`, { version, status: 'submitted', note: 'Faxed to UM' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const more = await biller.post(`/api/prior-authorizations/${id}/status`, {
      version: submitted.json().version,
      status: 'more_info_requested',
      note: 'Wants psychotherapy notes',
    });
    const resubmitted = await biller.post(`/api/prior-authorizations/${id}/status`, { version: more.json().version, status: 'submitted' });
    const incomplete = await biller.post(`/api/prior-authorizations/${id}/status`, { version: resubmitted.json().version, status: 'approved' });
    expect(incomplete.statusCode).toBe(400);
    expect((incomplete.json().error.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'approvedFrom',
      'approvedSessions',
      'approvedTo',
      'authorizationNumber',
    ]);
    const approved = await biller.post(`/api/prior-authorizations/${id}/status`, {
      version: resubmitted.json().version,
      status: 'approved',
      authorizationNumber: 'AUTH-778899',
      approvedSessions: 3,
      approvedFrom: day(-1),
      approvedTo: day(10),
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const pa = approved.json();
    expect(pa.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['draft', 'submitted', 'more_info_requested', 'submitted', 'approved']);
    expect(pa.events.every((e: { at: string; by: { id: string } }) => e.at && e.by.id)).toBe(true);
    expect(pa.usage).toMatchObject({ remainingSessions: 3, expiringSoon: true });
    const again = await biller.post(`/api/prior-authorizations/${id}/status`, { version: pa.version, status: 'denied', denialReason: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_transition');
    version = pa.version;
  });

  it('counts sessions, warns before the plan runs past the approval, and refuses sessions beyond it', async () => {
    const outside = await biller.post(`/api/prior-authorizations/${id}/sessions`, { sessionDate: day(20) });
    expect(outside.statusCode).toBe(409);
    expect(outside.json().error.code).toBe('outside_approval');
    for (let i = 0; i < 3; i++) expect((await biller.post(`/api/prior-authorizations/${id}/sessions`, { sessionDate: day(0) })).statusCode).toBe(200);
    const over = await biller.post(`/api/prior-authorizations/${id}/sessions`, { sessionDate: day(0) });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('approval_used_up');
    const withPlan = await biller.get(`/api/prior-authorizations/${id}?plannedSessions=5&lastDate=${day(30)}`);
    expect(withPlan.json().usage).toMatchObject({ usedSessions: 3, remainingSessions: 0 });
    expect(withPlan.json().usage.warnings).toEqual(
      expect.arrayContaining([
        'All 3 approved sessions are used.',
        'The plan has 5 more sessions, but only 0 are approved.',
        `The plan runs to ${day(30)}, past the approval end ${day(10)}.`,
      ]),
    );
    const expiring = (await biller.get('/api/authorizations/expiring')).json().items;
    expect(expiring).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'prior_authorization', id, reference: 'AUTH-778899' })]));
  });

  it('names bad input', async () => {
    const bad = await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'surgery' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('treatment');
    const denyNoReason = await biller.post(`/api/prior-authorizations/${id}/status`, { version, status: 'denied' });
    expect(denyNoReason.statusCode).toBe(400);
    expect(denyNoReason.json().error.fields).toEqual([{ path: 'denialReason', message: 'is required to record a denial' }]);
  });
});

describe('VA Community Care referral', () => {
  it('records the referral and the veteran steps, and counts visits', async () => {
    const vet = await patientWithIntake(t, provider, 'VA Community Care');
    const bad = await biller.post(`/api/patients/${vet}/va-referrals`, {
      referralNumber: '',
      seoc: 'Mental Health TMS',
      treatment: 'tms',
      validFrom: day(0),
      validTo: day(-5),
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json().error.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['referralNumber', 'validTo']);
    const res = await biller.post(`/api/patients/${vet}/va-referrals`, {
      referralNumber: 'VA0012345678',
      seoc: 'Mental Health - TMS 1.0.0',
      treatment: 'tms',
      authorizedVisits: 2,
      validFrom: day(-1),
      validTo: day(365),
      thirdPartyAdministrator: 'TriWest',
      steps: { consult: day(-20), referral: day(-10) },
    });
    expect(res.statusCode, res.body).toBe(201);
    const referral = res.json().items[0];
    expect(referral).toMatchObject({
      referralNumber: 'VA0012345678',
      steps: { consult: day(-20), referral: day(-10), documentation: null, approval: null, scheduling: null },
      usage: { remainingSessions: 2 },
    });
    const steps = await biller.patch(`/api/va-referrals/${referral.id}/steps`, {
      version: referral.version,
      steps: { ...referral.steps, documentation: day(-5), approval: day(-2), scheduling: day(0) },
    });
    expect(steps.statusCode, steps.body).toBe(200);
    expect(steps.json().steps.scheduling).toBe(day(0));
    await biller.post(`/api/va-referrals/${referral.id}/sessions`, { sessionDate: day(0) });
    const second = await biller.post(`/api/va-referrals/${referral.id}/sessions`, { sessionDate: day(0) });
    expect(second.json().usage).toMatchObject({ usedSessions: 2, remainingSessions: 0 });
    expect((await biller.post(`/api/va-referrals/${referral.id}/sessions`, { sessionDate: day(0) })).statusCode).toBe(409);
    const expiring = (await biller.get('/api/authorizations/expiring')).json().items;
    expect(expiring).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'va_referral', reference: 'VA0012345678' })]));
  });
});

describe('the signed letter (one signed-document mechanism)', () => {
  it('stores the content hash, is locked by the database, and changes only by amendments with a reason', async () => {
    const created = (await provider.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'esketamine' })).json();
    const signed = await provider.post(`/api/prior-authorizations/${created.id}/letter/sign`, { version: created.version });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().letterContentHash).toMatch(/^[0-9a-f]{64}$/);

    // The database refuses to change the signed letter, whoever asks.
    await expect(t.database.db.execute(sql`update prior_authorizations set letter = '{"sections":[]}'::jsonb where id = ${created.id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from prior_authorizations where id = ${created.id}`)).rejects.toThrow();
    const edit = await provider.patch(`/api/prior-authorizations/${created.id}/letter`, {
      version: signed.json().version,
      letter: { sections: [{ heading: 'x', body: 'y' }] },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('letter_signed');

    const noReason = await provider.post(`/api/prior-authorizations/${created.id}/letter/amendments`, {
      version: signed.json().version,
      reason: ' ',
      letter: { sections: [{ heading: 'Request', body: 'Amended.' }] },
    });
    expect(noReason.statusCode).toBe(400);
    const amended = await provider.post(`/api/prior-authorizations/${created.id}/letter/amendments`, {
      version: signed.json().version,
      reason: 'Added the 2026-11 PHQ-9',
      letter: { sections: [{ heading: 'Request', body: 'Amended request.' }] },
    });
    expect(amended.statusCode, amended.body).toBe(200);
    expect(amended.json()).toMatchObject({
      letter: { sections: [{ body: 'Amended request.' }] },
      letterAmendments: [{ sequence: 1, reason: 'Added the 2026-11 PHQ-9', amendedBy: { id: provider.userId } }],
      letterContentHash: signed.json().letterContentHash,
    });
    // The signed original is kept as it was, and amendments are append-only.
    const [original] = await queryRows<{ letter: { sections: { body: string }[] } }>(
      t.database.db,
      sql`select letter from prior_authorizations where id = ${created.id}`,
    );
    expect(original!.letter.sections.map((x) => x.body)).not.toContain('Amended request.');
    await expect(
      t.database.db.execute(sql`update prior_authorization_letter_amendments set reason = 'x' where prior_authorization_id = ${created.id}`),
    ).rejects.toThrow();
    // Only providers amend; billers read.
    expect(
      (
        await biller.post(`/api/prior-authorizations/${created.id}/letter/amendments`, {
          version: amended.json().version,
          reason: 'r',
          letter: { sections: [] },
        })
      ).statusCode,
    ).toBe(403);
    const pdf = await biller.get(`/api/prior-authorizations/${created.id}/letter.pdf`);
    expect(pdf.statusCode).toBe(200);
  });

  it('an intake assessment is locked the same way', async () => {
    const [row] = await queryRows<{ id: string }>(t.database.db, sql`select id from intake_assessments where status = 'signed' limit 1`);
    await expect(t.database.db.execute(sql`update intake_assessments set content = '{}'::jsonb where id = ${row!.id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from intake_assessments where id = ${row!.id}`)).rejects.toThrow();
  });
});
