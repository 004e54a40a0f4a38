import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../config.js';
import { queryRows } from '../../db/sql-values.js';
import { patientWithIntake } from '../../testing/builders.js';
import { createTestApp, type Agent, type TestApp } from '../../testing/test-app.js';
import { parse837p } from '../../testing/x12-check.js';
import { addDays, clinicToday } from '../../../domain/time/clinic-today.js';
import { installmentReminderJob } from './installment-reminders.js';

/**
 * The revenue cycle against a real database (PGlite, or PostgreSQL with DATABASE_URL): a signed Spravato visit becomes
 * charges, a claim whose 837P an independent parser accepts, an 835 pays it in part with PR-2 coinsurance that lands on
 * the patient's ledger; a denial (CO-197) reaches the worklist with its deadline and is appealed; a replacement claim
 * references the original. Expected amounts are worked by hand from the demo fee schedule: G2082 $900.00, J0013
 * $12.00 per mg x 56 = $672.00, so the claim is $1,572.00.
 */
let t: TestApp;
let provider: Agent;
let nurse: Agent;
let coordinator: Agent;
let manager: Agent;
let biller: Agent;
const MIN = 60_000;

async function loginAll() {
  [provider, nurse, coordinator, manager, biller] = await Promise.all([
    t.login('provider'),
    t.login('nurse'),
    t.login('coordinator'),
    t.login('manager'),
    t.login('biller'),
  ]);
}
async function clockAt(instant: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(instant), shouldAdvanceTime: true });
  await loginAll();
}
async function realClock() {
  vi.useRealTimers();
  await loginAll();
}
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body's shape, as res.json<T>() does
const ok = <T = Record<string, unknown>>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

const PAYER = 'Blue Horizon Commercial';
const goodChecklist = {
  vitalsWithinLimits: true,
  alertAndOriented: true,
  walkingSteadily: true,
  sedationResolved: true,
  dissociationResolved: true,
  breathingNormal: true,
  escortName: 'Sam Rivera',
  noDrivingAdvised: true,
};
const preCheck = {
  identityConfirmed: true,
  consentOnFile: true,
  readinessReviewed: true,
  newMedications: null,
  medicationChange: false,
  sleepChange: false,
  pregnancyStatus: 'not_pregnant',
  fastingConfirmed: true,
  concomitant: { benzodiazepines: false, sedativeHypnotics: false, psychostimulants: false, maois: false, opioids: false },
};

type PlannedVisit = { index: number; date: string; localStart: string; resource: { id: string } | null; staff: { id: string }[] };

/** A patient covered by Blue Horizon, an approved prior authorization (AUTH98765, 12 sessions), and one Spravato 56 mg visit charted, signed and co-signed. */
async function signedSpravatoVisit(via: 'prior_authorization' | 'va_referral' = 'prior_authorization') {
  const patientId = await patientWithIntake(t, provider, via === 'va_referral' ? 'VA Community Care' : PAYER);
  const coverage = (ok<{ items: { id: string }[] }>(await coordinator.get(`/api/patients/${patientId}/coverages`)).items[0] ?? { id: '' }).id;
  let link: { priorAuthorizationId: string } | { vaReferralId: string };
  if (via === 'va_referral') {
    const today = new Date().toISOString().slice(0, 10);
    // The answer is the patient's referrals, newest first.
    const referrals = ok<{ items: { id: string; referralNumber: string }[] }>(
      await biller.post(`/api/patients/${patientId}/va-referrals`, {
        referralNumber: 'VA0012345678',
        seoc: 'Mental Health - Esketamine',
        treatment: 'esketamine',
        authorizedVisits: 12,
        validFrom: '2026-01-01',
        validTo: `${Number(today.slice(0, 4)) + 1}-12-31`,
        thirdPartyAdministrator: 'TriWest',
      }),
      201,
    );
    link = { vaReferralId: referrals.items.find((r) => r.referralNumber === 'VA0012345678')!.id };
  } else {
    const pa = ok<{ id: string }>(await biller.post(`/api/patients/${patientId}/prior-authorizations`, { treatment: 'esketamine', coverageId: coverage }), 201);
    await t.database.db.execute(
      sql`update prior_authorizations set status = 'approved', authorization_number = 'AUTH98765', approved_sessions = 12,
             approved_from = current_date - 30, approved_to = current_date + 120 where id = ${pa.id}`,
    );
    link = { priorAuthorizationId: pa.id };
  }
  const protocols = ok<{ items: { id: string; code: string }[] }>(await provider.get('/api/protocols')).items;
  const course = ok<{ id: string }>(
    await provider.post(`/api/patients/${patientId}/courses`, {
      protocolId: protocols.find((p) => p.code === 'spravato-trd')?.id,
      locationId: t.clinics.get('SF'),
      differReason: 'Chosen with the patient for this test.',
      ...link,
    }),
    201,
  );
  const plan = ok<{ visits: PlannedVisit[] }>(await coordinator.post(`/api/courses/${course.id}/plan`, {}));
  const v0 = plan.visits[0]!;
  ok(
    await coordinator.post(`/api/courses/${course.id}/appointments`, {
      visits: [{ index: v0.index, date: v0.date, localStart: v0.localStart, resourceId: v0.resource?.id ?? null, staffIds: v0.staff.map((s) => s.id) }],
    }),
    201,
  );
  const visit = ok<{ items: { id: string; version: number; startsAt: string; date: string }[] }>(await coordinator.get(`/api/courses/${course.id}/visits`))
    .items[0]!;
  ok(
    await manager.put(`/api/locations/${t.clinics.get('SF')}/rems-certification`, {
      certificationId: 'HCS-778812',
      certifiedOn: '2026-01-15',
      authorizedRepresentative: 'Morgan Manager',
    }),
  );
  ok(await nurse.put(`/api/patients/${patientId}/rems-enrollment`, { enrollmentId: 'PT-5521904', enrolledOn: '2026-01-20' }));
  const start = new Date(visit.startsAt).getTime();
  await clockAt(start - 5 * MIN);
  ok(await coordinator.post(`/api/appointments/${visit.id}/status`, { status: 'checked_in', version: visit.version }));
  let c = ok<{ id: string; version: number; status: string }>(await nurse.post('/api/treatment-sessions', { appointmentId: visit.id }));
  c = ok(await nurse.post(`/api/treatment-sessions/${c.id}/pre-check`, { ...preCheck, version: c.version }));
  c = ok(await nurse.post(`/api/treatment-sessions/${c.id}/risk-check`, { cssrs: { q1: false, q2: false, q6: false }, version: c.version }));
  c = ok(await nurse.post(`/api/treatment-sessions/${c.id}/spravato-dose`, { doseMg: 56, preDoseSystolic: 124, preDoseDiastolic: 80, version: c.version }));
  await clockAt(start);
  c = ok(await nurse.post(`/api/treatment-sessions/${c.id}/devices`, { lot: 'SPV-1001', administeredAt: new Date(start).toISOString(), version: c.version }));
  await clockAt(start + 5 * MIN);
  c = ok(
    await nurse.post(`/api/treatment-sessions/${c.id}/devices`, {
      lot: 'SPV-1001',
      administeredAt: new Date(start + 5 * MIN).toISOString(),
      version: c.version,
    }),
  );
  await clockAt(start + 40 * MIN);
  ok(await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 130, diastolic: 84, spo2: 97, sedation: 4, dissociation: 4 }), 201);
  await clockAt(start + 126 * MIN);
  ok(await nurse.post(`/api/treatment-sessions/${c.id}/vitals`, { systolic: 124, diastolic: 80, spo2: 98, sedation: 5, dissociation: 0 }), 201);
  c = ok(await nurse.get(`/api/treatment-sessions/${c.id}`));
  c = ok(await nurse.post(`/api/treatment-sessions/${c.id}/discharge`, { ...goodChecklist, readyToLeaveMinutes: 70, version: c.version }));
  c = ok(await nurse.post(`/api/treatment-sessions/${c.id}/sign`, { version: c.version }));
  c = ok(await provider.post(`/api/treatment-sessions/${c.id}/cosign`, {}));
  expect(c.status).toBe('cosigned');
  await realClock();
  return { patientId, sessionId: c.id, date: visit.date, startsAt: visit.startsAt };
}

type Charge = {
  id: string;
  code: string;
  units: number;
  unitFeeCents: number;
  chargeCents: number;
  patientId: string;
  payerName: string;
  drug: { ndc: string } | null;
  version: number;
  review: string | null;
};
type Claim = {
  id: string;
  version: number;
  status: string;
  patientControlNumber: string;
  totalCents: number;
  payerClaimNumber: string | null;
  frequency: string;
};

/** An 835 paying (or denying) claims: each line's paid amount and adjustments, balanced by construction. */
function remittance(
  trace: string,
  claims: {
    pcn: string;
    status: string;
    payerClaim: string;
    claimCas?: [string, string, number][];
    lines: { code: string; charge: number; paid: number; control: string; date: string; cas: [string, string, number][] }[];
  }[],
) {
  const segs: string[] = [];
  let paidTotal = 0;
  for (const c of claims) {
    const charge = c.lines.reduce((s, l) => s + l.charge, 0);
    const paid = c.lines.reduce((s, l) => s + l.paid, 0);
    const pr = [...(c.claimCas ?? []), ...c.lines.flatMap((l) => l.cas)].filter(([g]) => g === 'PR').reduce((s, [, , a]) => s + a, 0);
    paidTotal += paid;
    segs.push(`CLP*${c.pcn}*${c.status}*${charge}*${paid}*${pr}*CI*${c.payerClaim}`);
    for (const [g, r, a] of c.claimCas ?? []) segs.push(`CAS*${g}*${r}*${a}`);
    segs.push('NM1*QC*1*DOE*JANE****MI*XJ12345678');
    for (const l of c.lines) {
      segs.push(`SVC*HC:${l.code}*${l.charge}*${l.paid}**1`, `DTM*472*${l.date.replaceAll('-', '')}`);
      for (const [g, r, a] of l.cas) segs.push(`CAS*${g}*${r}*${a}`);
      segs.push(`REF*6R*${l.control}`);
    }
  }
  const body = [
    'ST*835*0001',
    `BPR*I*${paidTotal}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*888888888*DA*654321*20261215`,
    `TRN*1*${trace}*1512345678`,
    'N1*PR*BLUE HORIZON',
    'PER*BL*EDI SUPPORT*TE*8005551212',
    'N1*PE*STEPWISE CLINIC*XX*1234567893',
    'LX*1',
    ...segs,
  ];
  body.push(`SE*${body.length + 1}*0001`);
  return (
    [
      'ISA*00*          *00*          *ZZ*BLUEHORIZON    *ZZ*STEPWISE       *261215*0900*^*00501*000000002*0*T*:',
      'GS*HP*BLUEHORIZON*STEPWISE*20261215*0900*2*X*005010X221A1',
      ...body,
      'GE*1*2',
      'IEA*1*000000002',
    ].join('~\n') + '~\n'
  );
}

let visit: Awaited<ReturnType<typeof signedSpravatoVisit>>;
let claim: Claim;
let lines: { controlNumber: string; code: string; chargeCents: number; dateOfService: string }[];

beforeAll(async () => {
  const base = testConfig();
  t = await createTestApp({ login: { ...base.login, ratePerMinute: 10_000 } });
  await loginAll();
  visit = await signedSpravatoVisit();
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

const ledgerOf = async (patientId: string, who: Agent = biller) =>
  ok<{
    balance: { totalCents: number; patientCents: number; insuranceCents: number; equalsSumOfEntries: boolean };
    entries: { kind: string; responsibility: string; amountCents: number; reason: string | null }[];
    payments: { id: string; amountCents: number; refundedCents: number }[];
  }>(await who.get(`/api/patients/${patientId}/ledger`));

describe('a signed Spravato visit, billed', () => {
  it('codes the signed session into charges the biller reviews and approves', async () => {
    const review = ok<{ items: Charge[] }>(await biller.get('/api/charges?status=review'));
    const mine = review.items.filter((c) => c.patientId === visit.patientId);
    expect(mine.map((c) => [c.code, c.units, c.unitFeeCents, c.chargeCents, c.payerName])).toEqual([
      ['G2082', 1, 90_000, 90_000, PAYER],
      ['J0013', 56, 1_200, 67_200, PAYER],
    ]);
    expect(mine.find((c) => c.code === 'J0013')?.drug?.ndc).toBe('50458002802');
    // Reading the list again codes nothing twice.
    expect(ok<{ items: Charge[] }>(await biller.get('/api/charges?status=review')).items.filter((c) => c.patientId === visit.patientId)).toHaveLength(2);
    // Managers watch, they do not approve; the front desk does not see charges.
    expect((await manager.post('/api/charges/approve', { ids: mine.map((c) => c.id) })).statusCode).toBe(403);
    expect((await coordinator.get('/api/charges')).statusCode).toBe(403);
    ok(await biller.post('/api/charges/approve', { ids: mine.map((c) => c.id) }));
    const again = await biller.post('/api/charges/approve', { ids: mine.map((c) => c.id) });
    expect(again.statusCode).toBe(409);
    const l = await ledgerOf(visit.patientId);
    expect(l.balance).toEqual({ totalCents: 157_200, patientCents: 0, insuranceCents: 157_200, equalsSumOfEntries: true });
  });

  it('makes a clean claim whose 837P an independent parser reads back with its totals', async () => {
    const approved = ok<{ items: Charge[] }>(await biller.get(`/api/charges?status=approved&patientId=${visit.patientId}`)).items;
    const made = ok<{ items: Claim[] }>(await biller.post('/api/claims', { ids: approved.map((c) => c.id) }), 201);
    expect(made.items).toHaveLength(1);
    claim = made.items[0]!;
    expect(claim).toMatchObject({ status: 'draft', totalCents: 157_200, frequency: '1' });
    const detail = ok<{ scrub: { clean: boolean; findings: unknown[] }; priorAuthorizationNumber: string; diagnoses: string[]; lines: typeof lines }>(
      await biller.get(`/api/claims/${claim.id}`),
    );
    expect(detail.scrub).toEqual({ clean: true, findings: [] });
    expect(detail).toMatchObject({ priorAuthorizationNumber: 'AUTH98765', diagnoses: ['F33.2'] });
    lines = detail.lines;
    claim = ok(await biller.post(`/api/claims/${claim.id}/ready`, { version: claim.version }));
    expect(claim.status).toBe('ready');
    const batches = ok<{ items: { id: string; claimCount: number; fileName: string }[] }>(await biller.post('/api/claim-batches', { ids: [claim.id] }), 201);
    const batch = batches.items[0]!;
    expect(batch.claimCount).toBe(1);
    const file = await biller.get(`/api/claim-batches/${batch.id}/837p`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/edi-x12/);
    const parsed = parse837p(file.body);
    expect(parsed.claims).toHaveLength(1);
    const pc = parsed.claims[0]!;
    expect(pc).toMatchObject({
      pcn: claim.patientControlNumber,
      totalCents: 157_200,
      pos: '11',
      frequency: '1',
      refs: { G1: 'AUTH98765' },
      diagnoses: ['F332'],
      memberId: 'XJ12345678',
      filingIndicator: 'CI',
      payerId: '60054',
    });
    expect(pc.lines.map((l) => [l.code, l.chargeCents, l.units, l.ndc])).toEqual([
      ['G2082', 90_000, '1', null],
      ['J0013', 67_200, '56', '50458002802'],
    ]);
    expect(file.body).toContain('NM1*82*1*');
    // Handed to the clearinghouse: the file-drop folder holds exactly this file.
    const submitted = ok<{ status: string; submissionReference: string }>(await biller.post(`/api/claim-batches/${batch.id}/submit`));
    expect(submitted.status).toBe('submitted');
    const dropped = path.join(t.context.config.clearinghouseDir, batch.fileName);
    expect(existsSync(dropped)).toBe(true);
    expect(readFileSync(dropped, 'utf8')).toBe(file.body);
    // The file is what was sent: the database refuses to change it.
    await expect(t.database.db.execute(sql`update claim_batches set file = 'x' where id = ${batch.id}`)).rejects.toThrow();
  });

  it('posts an 835 that pays in part with PR-2 coinsurance: the patient owes it, the balance is the sum of the ledger', async () => {
    const [g, j] = [lines.find((l) => l.code === 'G2082')!, lines.find((l) => l.code === 'J0013')!];
    const file = remittance('EFT1001', [
      {
        pcn: claim.patientControlNumber,
        status: '1',
        payerClaim: 'PAYERCLM123',
        lines: [
          {
            code: 'G2082',
            charge: 900,
            paid: 560,
            control: g.controlNumber,
            date: g.dateOfService,
            cas: [
              ['CO', '45', 200],
              ['PR', '2', 140],
            ],
          },
          {
            code: 'J0013',
            charge: 672,
            paid: 400,
            control: j.controlNumber,
            date: j.dateOfService,
            cas: [
              ['CO', '45', 172],
              ['PR', '2', 100],
            ],
          },
        ],
      },
    ]);
    const res = await biller.request({ method: 'POST', url: '/api/remittances', payload: file, headers: { 'content-type': 'application/edi-x12' } });
    const posted = ok<{ status: string; problems: string[]; paymentCents: number }>(res, 201);
    expect(posted).toMatchObject({ status: 'posted', problems: [], paymentCents: 96_000 });
    const c = ok<Claim & { paidCents: number; patientResponsibilityCents: number; adjustedCents: number }>(await biller.get(`/api/claims/${claim.id}`));
    expect(c).toMatchObject({ status: 'paid', paidCents: 96_000, patientResponsibilityCents: 24_000, adjustedCents: 37_200, payerClaimNumber: 'PAYERCLM123' });
    const l = await ledgerOf(visit.patientId);
    expect(l.balance).toEqual({ totalCents: 24_000, patientCents: 24_000, insuranceCents: 0, equalsSumOfEntries: true });
    expect(l.entries.filter((e) => e.responsibility === 'patient').map((e) => [e.kind, e.amountCents, e.reason])).toEqual([['transfer', 24_000, 'PR-2']]);
    // The same file again is the same remittance: nothing is posted twice.
    const dup = await biller.request({ method: 'POST', url: '/api/remittances', payload: file, headers: { 'content-type': 'text/plain' } });
    expect(dup.statusCode).toBe(200);
    expect(dup.json().duplicate).toBe(true);
    expect((await ledgerOf(visit.patientId)).balance.patientCents).toBe(24_000);
    const [sum] = await queryRows<{ s: string; b: string }>(
      t.database.db,
      sql`select (select sum(amount_cents) from ledger_entries where patient_id = ${visit.patientId}) as s, (select balance_cents from patient_balances where patient_id = ${visit.patientId}) as b`,
    );
    expect(Number(sum!.s)).toBe(24_000);
    expect(Number(sum!.b)).toBe(24_000);
  });

  it('keeps an unbalanced or unmatched remittance for a person, posting nothing', async () => {
    const g = lines.find((l) => l.code === 'G2082')!;
    const unmatched = remittance('EFT1002', [
      {
        pcn: 'SW9999999',
        status: '1',
        payerClaim: 'X1',
        lines: [{ code: '90868', charge: 350, paid: 350, control: 'NOPE-1', date: g.dateOfService, cas: [] }],
      },
    ]);
    const held = ok<{ status: string; problems: string[]; id: string }>(await biller.post('/api/remittances', { file: unmatched }), 201);
    expect(held.status).toBe('held');
    expect(held.problems.join(' ')).toMatch(/SW9999999 is not a claim of this practice/);
    const unbalanced = remittance('EFT1003', [
      {
        pcn: claim.patientControlNumber,
        status: '1',
        payerClaim: 'X2',
        lines: [{ code: 'G2082', charge: 900, paid: 100, control: g.controlNumber, date: g.dateOfService, cas: [['CO', '45', 5]] }],
      },
    ]);
    const held2 = ok<{ status: string; problems: string[] }>(await biller.post('/api/remittances', { file: unbalanced }), 201);
    expect(held2.status).toBe('held');
    expect(held2.problems.join(' ')).toMatch(/is not its adjustments/);
    expect((await ledgerOf(visit.patientId)).balance.patientCents).toBe(24_000);
    // Not X12 at all: a 400 naming the file.
    const bad = await biller.post('/api/remittances', { file: 'hello' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('file');
  });

  it('a replacement claim (frequency 7) carries the payer’s claim number of the original', async () => {
    const current = ok<Claim>(await biller.get(`/api/claims/${claim.id}`));
    const replacement = ok<Claim & { originalPayerClaimNumber: string }>(
      await biller.post(`/api/claims/${claim.id}/replace`, { version: current.version, note: 'Corrected modifier' }),
      201,
    );
    expect(replacement).toMatchObject({ frequency: '7', status: 'draft', originalPayerClaimNumber: 'PAYERCLM123', totalCents: 157_200 });
    expect(ok<Claim>(await biller.get(`/api/claims/${claim.id}`)).status).toBe('closed');
    const ready = ok<Claim>(await biller.post(`/api/claims/${replacement.id}/ready`, { version: replacement.version }));
    const batch = ok<{ items: { id: string }[] }>(await biller.post('/api/claim-batches', { ids: [ready.id] }), 201).items[0]!;
    const text = (await biller.get(`/api/claim-batches/${batch.id}/837p`)).body;
    const pc = parse837p(text).claims[0]!;
    expect(pc).toMatchObject({ frequency: '7', refs: { F8: 'PAYERCLM123', G1: 'AUTH98765' } });
  });
});

describe('a denial, worked and appealed', () => {
  let denialId: string;
  it('an E/M charge added by hand is denied CO-197: it reaches the worklist with its meaning, fix and deadline', async () => {
    const providerId = provider.userId;
    const added = ok<Charge>(
      await biller.post('/api/charges', {
        patientId: visit.patientId,
        locationId: t.clinics.get('SF'),
        dateOfService: visit.date,
        code: '99214',
        modifiers: ['25'],
        units: 1,
        diagnoses: ['F33.2'],
        renderingProviderId: providerId,
        why: 'Separate medication management visit, documented',
      }),
      201,
    );
    expect(added.chargeCents).toBe(25_000);
    ok(await biller.post('/api/charges/approve', { ids: [added.id] }));
    const c = ok<{ items: Claim[] }>(await biller.post('/api/claims', { ids: [added.id] }), 201).items[0]!;
    const r = ok<Claim>(await biller.post(`/api/claims/${c.id}/ready`, { version: c.version }));
    ok(await biller.post('/api/claim-batches', { ids: [r.id] }), 201);
    const detail = ok<{ lines: typeof lines }>(await biller.get(`/api/claims/${c.id}`));
    const line = detail.lines[0]!;
    const file = remittance('EFT2001', [
      {
        pcn: c.patientControlNumber,
        status: '4',
        payerClaim: 'PAYERCLM200',
        lines: [{ code: '99214', charge: 250, paid: 0, control: line.controlNumber, date: line.dateOfService, cas: [['CO', '197', 250]] }],
      },
    ]);
    ok(await biller.post('/api/remittances', { file }), 201);
    expect(ok<Claim>(await biller.get(`/api/claims/${c.id}`)).status).toBe('denied');
    const worklist = ok<{
      items: {
        id: string;
        code: string;
        meaning: string;
        likelyFix: string;
        deniedOn: string;
        deadline: string;
        appealable: boolean;
        patientControlNumber: string;
      }[];
      byCode: { code: string; count: number }[];
    }>(await manager.get('/api/denials'));
    const d = worklist.items.find((x) => x.patientControlNumber === c.patientControlNumber)!;
    expect(d).toMatchObject({ code: 'CO-197', appealable: true, deniedOn: '2026-12-15', deadline: '2027-06-13' });
    expect(d.meaning).toMatch(/authorization/i);
    expect(d.likelyFix).toMatch(/authorization number/);
    expect(worklist.byCode).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'CO-197', count: 1 })]));
    denialId = d.id;
    // Managers see the worklist but do not work it.
    expect((await manager.post(`/api/denials/${denialId}/appeals`, {})).statusCode).toBe(403);
  });

  it('an appeal gets its ERISA deadline and a letter drafted from the chart, printable', async () => {
    // Drafted after the visit (the planner may have booked it for a later day): its outcome counts from then.
    await clockAt(Date.parse(visit.startsAt) + 180 * MIN);
    const appeal = ok<{ id: string; level: number; deadline: string; version: number; letter: { sections: { title: string; body: string }[] } }>(
      await biller.post(`/api/denials/${denialId}/appeals`, {}),
      201,
    );
    await realClock();
    expect(appeal).toMatchObject({ level: 1, deadline: '2027-06-13' });
    const text = appeal.letter.sections.map((s) => `${s.title}: ${s.body}`).join('\n');
    expect(text).toContain('CO-197');
    expect(text).toMatch(/F33\.2 Major depressive disorder, recurrent severe/);
    expect(text).toMatch(/sertraline/);
    // The E/M was not counted against an authorization: the letter says so rather than inventing one.
    expect(text).toMatch(/No authorization was on file/);
    expect(text).toMatch(/PHQ-9: baseline 16; no follow-up score yet after 1 session/);
    const pdf = await biller.get(`/api/appeals/${appeal.id}/letter.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // One open level at a time; the outcome is recorded, the claim shows appealed.
    expect((await biller.post(`/api/denials/${denialId}/appeals`, {})).statusCode).toBe(409);
    const sent = ok<{ status: string; version: number }>(
      await biller.post(`/api/appeals/${appeal.id}/status`, { status: 'submitted', version: appeal.version }),
    );
    expect(sent.status).toBe('submitted');
    const lost = ok<{ status: string }>(await biller.post(`/api/appeals/${appeal.id}/status`, { status: 'lost', note: 'Upheld', version: sent.version }));
    expect(lost.status).toBe('lost');
    const second = ok<{ level: number; levelName: string }>(await biller.post(`/api/denials/${denialId}/appeals`, {}), 201);
    expect(second).toMatchObject({ level: 2, levelName: 'External review' });
  });

  it('writes a denial off: the insurer’s balance goes, the ledger still sums', async () => {
    const before = await ledgerOf(visit.patientId);
    const d = ok<{ items: { id: string; version: number }[] }>(await biller.get('/api/denials?status=appealed')).items.find((x) => x.id === denialId)!;
    const done = ok<{ status: string }>(
      await biller.post(`/api/denials/${denialId}/resolve`, { action: 'write_off', note: 'Second level not worth pursuing', version: d.version }),
    );
    expect(done.status).toBe('written_off');
    const after = await ledgerOf(visit.patientId);
    expect(after.balance.insuranceCents).toBe(before.balance.insuranceCents - 25_000);
    expect(after.balance.equalsSumOfEntries).toBe(true);
  });
});

describe('the scrubber holds a claim a payer would deny', () => {
  it('a rendering provider without an NPI: 409 claim_not_clean naming it with CO-16', async () => {
    const nurseId = nurse.userId;
    const added = ok<Charge>(
      await biller.post('/api/charges', {
        patientId: visit.patientId,
        locationId: t.clinics.get('SF'),
        dateOfService: visit.date,
        code: '99214',
        units: 1,
        diagnoses: ['F33.2'],
        renderingProviderId: nurseId,
        why: 'Nurse visit billed by mistake',
      }),
      201,
    );
    ok(await biller.post('/api/charges/approve', { ids: [added.id] }));
    const c = ok<{ items: Claim[] }>(await biller.post('/api/claims', { ids: [added.id] }), 201).items[0]!;
    const refused = await biller.post(`/api/claims/${c.id}/ready`, { version: c.version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('claim_not_clean');
    expect(refused.json().error.fields).toEqual([expect.objectContaining({ path: 'rendering_npi', message: expect.stringMatching(/CO-16/) })]);
    // A claim not ready does not go into a batch.
    expect((await biller.post('/api/claim-batches', { ids: [c.id] })).json().error.code).toBe('not_billable');
  });
});

describe('the patient’s money', () => {
  it('payments and refunds at the front desk move the balance; a refund cannot exceed the payment; receipts, statements, superbills print', async () => {
    const paid = ok<{ id: string; balance: { patientCents: number } }>(
      await coordinator.post(`/api/patients/${visit.patientId}/payments`, {
        locationId: t.clinics.get('SF'),
        method: 'hsa_fsa',
        amountCents: 10_000,
        receivedOn: visit.date,
      }),
      201,
    );
    expect(paid.balance.patientCents).toBe(14_000);
    expect((await coordinator.post(`/api/payments/${paid.id}/refund`, { amountCents: 100, note: 'x' })).statusCode).toBe(403);
    const refunded = ok<{ balance: { patientCents: number } }>(
      await biller.post(`/api/payments/${paid.id}/refund`, { amountCents: 2_000, note: 'Overpaid' }),
      201,
    );
    expect(refunded.balance.patientCents).toBe(16_000);
    const tooMuch = await biller.post(`/api/payments/${paid.id}/refund`, { amountCents: 8_001, note: 'Too much' });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error.code).toBe('refund_exceeds_payment');
    const bad = await coordinator.post(`/api/patients/${visit.patientId}/payments`, {
      locationId: t.clinics.get('SF'),
      method: 'bitcoin',
      amountCents: 1.5,
      receivedOn: 'today',
    });
    expect(bad.statusCode).toBe(400);
    expect([...new Set(bad.json().error.fields.map((f: { path: string }) => f.path))].sort()).toEqual(['amountCents', 'method', 'receivedOn']);
    for (const url of [`/api/payments/${paid.id}/receipt.pdf`, `/api/patients/${visit.patientId}/statement.pdf`]) {
      const r = await coordinator.get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const superbill = await biller.get(`/api/patients/${visit.patientId}/superbill.pdf?sessionId=${visit.sessionId}`);
    expect(superbill.statusCode).toBe(200);
    expect(superbill.headers['content-type']).toBe('application/pdf');
    // Superbills carry diagnoses: not the front desk's.
    expect((await coordinator.get(`/api/patients/${visit.patientId}/superbill.pdf?month=${visit.date.slice(0, 7)}`)).statusCode).toBe(403);
    expect((await biller.get(`/api/patients/${visit.patientId}/superbill.pdf`)).statusCode).toBe(400);
  });

  it('the database keeps the balance: no direct change to a balance or an entry', async () => {
    const refused = await t.database.db.execute(sql`update patient_balances set balance_cents = 0 where patient_id = ${visit.patientId}`).then(
      () => null,
      (err: unknown) => {
        const e = err as { cause?: { message?: string }; message: string };
        return e.cause?.message ?? e.message;
      },
    );
    expect(refused).toMatch(/a balance moves only by a ledger entry/);
    await expect(t.database.db.execute(sql`update ledger_entries set amount_cents = 0 where patient_id = ${visit.patientId}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from ledger_entries where patient_id = ${visit.patientId}`)).rejects.toThrow();
    const l = await ledgerOf(visit.patientId);
    expect(l.balance.equalsSumOfEntries).toBe(true);
  });
});

describe('reports', () => {
  it('A/R aging, denial rate, days to payment and collections, with CSV', async () => {
    const q = 'from=2026-01-01&to=2027-12-31';
    const r = ok<{
      aging: { payerName: string; totalCents: number }[];
      denialRate: { payerName: string; adjudicated: number; denied: number; ratePercent: number }[];
      collections: { insuranceCents: number; patientCents: number }[];
      daysToPayment: { claims: number }[];
    }>(await manager.get(`/api/reports/billing?${q}`));
    expect(r.denialRate.find((d) => d.payerName === PAYER)).toMatchObject({ adjudicated: 2, denied: 1, ratePercent: 50 });
    expect(r.collections.reduce((s, c) => s + c.insuranceCents, 0)).toBe(96_000);
    expect(r.collections.reduce((s, c) => s + c.patientCents, 0)).toBe(8_000);
    const csv = await manager.get(`/api/reports/billing?${q}&format=csv&section=denials`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('\r\nBlue Horizon Commercial,CO-197,"Precertification, authorization or notification absent",1,250.00\r\n');
    expect((await coordinator.get(`/api/reports/billing?${q}`)).statusCode).toBe(403);
  });
});

describe('VA Community Care', () => {
  it('bills the TPA by Medicare rules: G2082 without a drug line, the referral number in REF*9F, filing indicator VA', async () => {
    const va = await signedSpravatoVisit('va_referral');
    const charges = ok<{ items: Charge[] }>(await biller.get('/api/charges?status=review')).items.filter((c) => c.patientId === va.patientId);
    expect(charges.map((c) => [c.code, c.units, c.payerName])).toEqual([['G2082', 1, 'VA Community Care']]);
    ok(await biller.post('/api/charges/approve', { ids: charges.map((c) => c.id) }));
    const c = ok<{ items: (Claim & { referralNumber: string })[] }>(await biller.post('/api/claims', { ids: charges.map((x) => x.id) }), 201).items[0]!;
    expect(c.referralNumber).toBe('VA0012345678');
    const detail = ok<{ scrub: { clean: boolean; findings: { message: string }[] } }>(await biller.get(`/api/claims/${c.id}`));
    expect(detail.scrub.findings).toEqual([]);
    const ready = ok<Claim>(await biller.post(`/api/claims/${c.id}/ready`, { version: c.version }));
    const batch = ok<{ items: { id: string }[] }>(await biller.post('/api/claim-batches', { ids: [ready.id] }), 201).items[0]!;
    const pc = parse837p((await biller.get(`/api/claim-batches/${batch.id}/837p`)).body).claims[0]!;
    expect(pc).toMatchObject({ refs: { '9F': 'VA0012345678' }, filingIndicator: 'VA', payerId: 'TWVACCN' });
    expect(pc.refs.G1).toBeUndefined();
    expect(pc.lines.map((l) => l.code)).toEqual(['G2082']);
    // Payment in full: even if the TPA's remittance carries a coinsurance amount, the veteran is never billed it.
    const line = ok<{ lines: typeof lines }>(await biller.get(`/api/claims/${c.id}`)).lines[0]!;
    const era = remittance('VA-EFT-1', [
      {
        pcn: c.patientControlNumber,
        status: '1',
        payerClaim: 'TW-778',
        lines: [
          {
            code: 'G2082',
            charge: 900,
            paid: 700,
            control: line.controlNumber,
            date: line.dateOfService,
            cas: [
              ['CO', '45', 150],
              ['PR', '2', 50],
            ],
          },
        ],
      },
    ]);
    expect(ok<{ status: string }>(await biller.post('/api/remittances', { file: era }), 201).status).toBe('posted');
    const account = await ledgerOf(va.patientId);
    expect(account.balance).toEqual({ totalCents: 0, patientCents: 0, insuranceCents: 0, equalsSumOfEntries: true });
    expect(ok<Claim & { patientResponsibilityCents: number }>(await biller.get(`/api/claims/${c.id}`))).toMatchObject({
      status: 'paid',
      patientResponsibilityCents: 0,
    });
  });
});

describe('No Surprises Act', () => {
  it('a self-pay patient billed $400 above the Good Faith Estimate: the biller is told, the ledger states the dispute rights', async () => {
    const patientId = await patientWithIntake(t, provider, null);
    const prices = ok<{ items: { id: string; active: boolean; kind: string }[] }>(
      await coordinator.get(`/api/locations/${t.clinics.get('SF')}/price-list`),
    ).items;
    const gfe = ok<{ patientCents: number; goodFaith: boolean }>(
      await coordinator.post(`/api/patients/${patientId}/estimates`, {
        priceItemId: prices.find((p) => p.active && p.kind === 'session')!.id,
        installments: 1,
      }),
      201,
    );
    expect(gfe.goodFaith).toBe(true);
    const add = async (cents: number) =>
      ok<Charge>(
        await biller.post('/api/charges', {
          patientId,
          locationId: t.clinics.get('SF'),
          dateOfService: '2026-11-20',
          code: '96365',
          units: 1,
          unitFeeCents: cents,
          diagnoses: ['F33.2'],
          renderingProviderId: provider.userId,
          why: 'Self-pay infusion',
        }),
        201,
      );
    // $399.99 above: not yet.
    const first = await add(gfe.patientCents + 39_999);
    ok(await biller.post('/api/charges/approve', { ids: [first.id] }));
    let account = ok<{ balance: { patientCents: number }; noSurprisesAct: { disputeEligible: boolean; overCents: number; notice: string | null } }>(
      await biller.get(`/api/patients/${patientId}/ledger`),
    );
    expect(account.balance.patientCents).toBe(gfe.patientCents + 39_999);
    expect(account.noSurprisesAct).toMatchObject({ disputeEligible: false, overCents: 39_999 });
    const notified = async () =>
      ok<{ items: { kind: string; title: string }[] }>(await biller.get('/api/notifications')).items.filter(
        (n) => n.kind === 'billing.no_surprises_act' && n.title.includes('above the Good Faith Estimate'),
      );
    const before = (await notified()).length;
    // One cent more reaches $400.
    const second = await add(1);
    ok(await biller.post('/api/charges/approve', { ids: [second.id] }));
    account = ok(await biller.get(`/api/patients/${patientId}/ledger`));
    expect(account.noSurprisesAct).toMatchObject({ disputeEligible: true, overCents: 40_000 });
    expect(account.noSurprisesAct.notice).toMatch(/120 days/);
    expect((await notified()).length).toBe(before + 1);
  });
});

describe('malformed remittances', () => {
  it('a truncated, garbled or hostile 835 is refused (400) or held, never a 500, and posts nothing', async () => {
    const g = lines.find((l) => l.code === 'G2082')!;
    const valid = remittance('EFT9001', [
      {
        pcn: claim.patientControlNumber,
        status: '1',
        payerClaim: 'PAYERCLM999',
        lines: [{ code: 'G2082', charge: 900, paid: 900, control: g.controlNumber, date: g.dateOfService, cas: [] }],
      },
    ]);
    let seed = 12_345;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const variants: string[] = [
      '',
      'ISA',
      valid.slice(0, 106),
      valid.replace(/~/g, ''),
      valid.replaceAll('*', '**'),
      valid.replace('BPR*I*900', 'BPR*I*99999999999999999999'),
      valid.replace('BPR*I*900', 'BPR*I*-900'),
      valid.replace('CLP*', 'CLP*\u0000'),
      valid.replace('SVC*HC:G2082', 'SVC*HC:G2082:' + 'Z'.repeat(5000)),
      valid.replace('ST*835', 'ST*837'),
      `${valid}${valid}`,
      'ISA*00*'.padEnd(200_000, 'A'),
    ];
    for (let i = 0; i < 40; i++) variants.push(valid.slice(0, rand(valid.length)));
    for (let i = 0; i < 40; i++) {
      const segs = valid.split('~');
      const k = rand(segs.length);
      segs[k] = (segs[k] ?? '')
        .split('*')
        .map((e, j) => (j === rand(6) ? ['X', '', '1e9', '-', '∞', '0.001'][rand(6)]! : e))
        .join('*');
      variants.push(segs.join('~'));
    }
    const before = (await ledgerOf(visit.patientId)).balance;
    for (const [i, file] of variants.entries()) {
      const res = await biller.request({ method: 'POST', url: '/api/remittances', payload: file, headers: { 'content-type': 'text/plain' } });
      expect(res.statusCode, `variant ${i}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      if (res.statusCode === 201) expect(res.json().status, `variant ${i}`).toBe('held');
    }
    expect((await ledgerOf(visit.patientId)).balance).toEqual(before);
  });
});

describe('payment-plan reminders', () => {
  it('remind once, 3 days ahead, by the channels the patient agreed to, in their language', async () => {
    const patientId = await patientWithIntake(t, provider, null);
    await t.database.db.execute(
      sql`update patients set email = 'plan.patient@example.test', reminder_email = true, preferred_language = 'es' where id = ${patientId}`,
    );
    const prices = ok<{ items: { id: string; active: boolean; kind: string }[] }>(
      await coordinator.get(`/api/locations/${t.clinics.get('SF')}/price-list`),
    ).items;
    const today = clinicToday('America/Los_Angeles');
    const estimate = ok<{ paymentPlan: { number: number; dueDate: string; amountCents: number }[] }>(
      await coordinator.post(`/api/patients/${patientId}/estimates`, {
        priceItemId: prices.find((p) => p.active && p.kind === 'session')!.id,
        installments: 3,
        firstDueDate: addDays(today, 2),
      }),
      201,
    );
    expect(estimate.paymentPlan).toHaveLength(3);
    const sent: { to: string; subject: string; text: string }[] = [];
    const sender = {
      channel: 'email' as const,
      transport: 'test',
      send: async (m: { to: string; subject: string; text: string }) => (sent.push(m), { id: null }),
    };
    const job = installmentReminderJob({ email: sender, sms: { ...sender, channel: 'sms' } });
    const tick = async () => {
      const claimed = await t.database.db.transaction((tx) => job.run(tx));
      await job.afterCommit!(t.database.db);
      return claimed;
    };
    expect(await tick()).toBeGreaterThanOrEqual(1);
    const mine = sent.filter((m) => m.to === 'plan.patient@example.test');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain(`vence el ${addDays(today, 2)}`);
    expect(mine[0]!.text).toContain(`$${(estimate.paymentPlan[0]!.amountCents / 100).toFixed(2)}`);
    // Once: the next tick sends nothing more for this installment; no text without consent to texts.
    await tick();
    expect(sent.filter((m) => m.to === 'plan.patient@example.test')).toHaveLength(1);
  });
});
