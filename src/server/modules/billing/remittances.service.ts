import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { X12parser } from 'x12-parser';
import type { SessionUser } from '../../../contracts/auth.js';
import { carcInfo } from '../../../domain/billing/carc.js';
import { appealability, appealDeadline, defaultAppealRules, type AppealRules, type PayerKindForDeadlines } from '../../../domain/billing/deadlines.js';
import { patientShareAllowed } from '../../../domain/billing/patient-money.js';
import { balanceProblems, claimStatusText, denialReasons, patientShare, readRemittances, type Remittance, type Segment } from '../../../domain/billing/x835.js';
import { defined } from '../../../domain/defined.js';
import { clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIso } from '../../db/sql-values.js';
import { authorize } from '../../platform/access/authorize.js';
import type { AuditContext } from '../../platform/audit/audit-trail.js';
import { badRequest, conflict } from '../../platform/errors.js';
import * as repo from './billing.repository.js';
import type { BillingDeps } from './billing.service.js';

type Ctx = AuditContext;
const iso = (v: string | Date | null | undefined) => toIso(v ?? null);

/** The file's segments through x12-parser (streaming, so a large 835 is not held twice); a malformed file is a 400. */
export async function segmentsOf(text: string): Promise<Segment[]> {
  const out: Segment[] = [];
  try {
    await new Promise<void>((resolve, reject) =>
      Readable.from([text])
        .pipe(new X12parser())
        .on('data', (d: Segment) => out.push(d))
        .on('end', resolve)
        .on('error', reject),
    );
  } catch (err) {
    throw badRequest(`file is not an X12 file: ${(err as Error).message}`.slice(0, 300), [{ path: 'file', message: 'is not an X12 file' }]);
  }
  return out;
}

/** Statuses a claim may be in when its remittance arrives (a paid claim's second remittance waits for a person). */
const POSTABLE = new Set(['submitted', 'accepted', 'rejected', 'denied', 'appealed', 'partially_paid']);

type Plan = {
  problems: string[];
  claims: { remit: Remittance['claims'][number]; claim: Awaited<ReturnType<typeof repo.claimsByControlNumber>>[number]; lineIds: (string | null)[] }[];
};

/** Matches every CLP to a claim and every SVC to a line; anything unmatched or unbalanced is a problem, and nothing posts. */
async function plan(db: Db, organizationId: string, remittances: Remittance[]): Promise<Plan> {
  const problems: string[] = [];
  for (const r of remittances) problems.push(...balanceProblems(r));
  const all = remittances.flatMap((r) => r.claims);
  const claims = await repo.claimsByControlNumber(
    db,
    organizationId,
    all.map((c) => c.patientControlNumber),
  );
  const byPcn = new Map(claims.map((c) => [c.patientControlNumber, c]));
  const lines = await repo.linesOfClaims(
    db,
    claims.map((c) => c.id),
  );
  const linesOf = new Map<string, repo.ClaimLineRow[]>();
  for (const l of lines) {
    const list = linesOf.get(l.claimId);
    if (list) list.push(l);
    else linesOf.set(l.claimId, [l]);
  }
  const seen = new Set<string>();
  const out: Plan['claims'] = [];
  for (const rc of all) {
    const claim = byPcn.get(rc.patientControlNumber);
    if (!claim) {
      problems.push(`Claim ${rc.patientControlNumber} is not a claim of this practice`);
      continue;
    }
    if (seen.has(claim.id)) problems.push(`Claim ${rc.patientControlNumber} appears twice in this remittance`);
    seen.add(claim.id);
    if (rc.status === '22') problems.push(`Claim ${rc.patientControlNumber}: a reversal of an earlier payment is posted by a person`);
    else if (!POSTABLE.has(claim.status))
      problems.push(`Claim ${rc.patientControlNumber} is ${claim.status}: a second remittance for it is posted by a person`);
    if (rc.chargeCents !== claim.totalCents)
      problems.push(`Claim ${rc.patientControlNumber}: the payer’s charge ${rc.chargeCents / 100} is not the claim’s ${claim.totalCents / 100}`);
    const claimLines = linesOf.get(claim.id) ?? [];
    const used = new Set<string>();
    const lineIds = rc.lines.map((l, i) => {
      const match =
        (l.controlNumber ? claimLines.find((x) => x.controlNumber === l.controlNumber) : undefined) ??
        claimLines.find(
          (x) => !used.has(x.id) && x.code === l.code && (!l.dateOfService || x.dateOfService === l.dateOfService) && x.chargeCents === l.chargeCents,
        );
      if (!match) {
        problems.push(`Claim ${rc.patientControlNumber} line ${i + 1} (${l.code}) matches no line of the claim`);
        return null;
      }
      used.add(match.id);
      return match.id;
    });
    out.push({ remit: rc, claim, lineIds });
  }
  return { problems, claims: out };
}

/** Posts a matched, balanced remittance: claims, lines, the patient's ledger and the denials, in the caller's transaction. */
async function post(tx: Db, organizationId: string, remittanceId: string, r: Remittance[], p: Plan, userId: string) {
  const paymentDate = r[0]?.payment.date ?? clinicToday('America/New_York');
  const payers = await repo.payersWithSettings(tx, organizationId);
  const rulesOf = new Map(payers.map((x) => [x.payerId, (x.appealRules ?? defaultAppealRules(x.kind as PayerKindForDeadlines)) as AppealRules]));
  const inserted = await repo.insertRemittanceClaims(
    tx,
    p.claims.map(({ remit, claim }) => ({
      remittanceId,
      claimId: claim.id,
      status: remit.status,
      chargeCents: remit.chargeCents,
      paidCents: remit.paidCents,
      patientResponsibilityCents: remit.patientResponsibilityCents,
      payerClaimNumber: remit.payerClaimNumber,
      adjustments: [
        ...remit.adjustments.map((a) => ({ line: null, group: a.group, reason: a.reason, amountCents: a.amountCents, quantity: a.quantity })),
        ...remit.lines.flatMap((l, i) =>
          l.adjustments.map((a) => ({ line: i + 1, group: a.group, reason: a.reason, amountCents: a.amountCents, quantity: a.quantity })),
        ),
      ],
      remarks: [...remit.remarks, ...remit.lines.flatMap((l) => l.remarks)],
      paymentDate,
    })),
  );
  const rcIdOf = new Map(inserted.map((x) => [x.claimId, x.id]));
  const claimUpdates: Parameters<typeof repo.applyRemitToClaims>[1][number][] = [];
  const linePaid: { id: string; paidCents: number }[] = [];
  const ledger: repo.LedgerInsert[] = [];
  const denials: Parameters<typeof repo.insertDenials>[1][number][] = [];
  const events: Parameters<typeof repo.insertClaimEvents>[1][number][] = [];
  for (const { remit, claim, lineIds } of p.claims) {
    const share = patientShare(remit);
    const denied = denialReasons(remit);
    const all = [...remit.adjustments, ...remit.lines.flatMap((l) => l.adjustments)];
    const contractual = all.filter((a) => a.group !== 'PR' && !denied.includes(a));
    const contractualCents = contractual.reduce((s, a) => s + a.amountCents, 0);
    const status = remit.status === '4' || (remit.paidCents === 0 && denied.length > 0) ? 'denied' : denied.length > 0 ? 'partially_paid' : 'paid';
    claimUpdates.push({
      id: claim.id,
      status,
      paidCents: remit.paidCents,
      patientCents: patientShareAllowed(claim.payerKind) ? share.totalCents : 0,
      adjustedCents: contractualCents + (patientShareAllowed(claim.payerKind) ? 0 : share.totalCents),
      payerClaimNumber: remit.payerClaimNumber,
      paidOn: remit.paidCents !== 0 ? paymentDate : null,
    });
    events.push({
      claimId: claim.id,
      fromStatus: claim.status,
      toStatus: status,
      note: `Remittance: ${claimStatusText(remit.status)}, paid ${remit.paidCents / 100}`,
      by: userId,
    });
    remit.lines.forEach((l, i) => {
      const id = lineIds[i];
      if (id) linePaid.push({ id, paidCents: l.paidCents });
    });
    const base = {
      organizationId,
      patientId: claim.patientId,
      dateOfService: null,
      postedOn: paymentDate,
      claimId: claim.id,
      remittanceClaimId: rcIdOf.get(claim.id) ?? null,
      createdBy: userId,
    };
    if (remit.paidCents !== 0)
      ledger.push({
        ...base,
        kind: 'insurance_payment',
        responsibility: 'insurance',
        amountCents: -remit.paidCents,
        description: `Payment on claim ${claim.patientControlNumber}`,
      });
    // One ledger entry per adjustment reason of the claim (its lines' CO-45s add up), not one per line.
    const byAdjustment = new Map<string, number>();
    for (const a of contractual) byAdjustment.set(`${a.group}-${a.reason}`, (byAdjustment.get(`${a.group}-${a.reason}`) ?? 0) + a.amountCents);
    for (const [reason, amountCents] of byAdjustment)
      ledger.push({
        ...base,
        kind: 'adjustment',
        responsibility: 'insurance',
        amountCents: -amountCents,
        reason,
        description: `${reason}: ${carcInfo(reason.slice(3)).meaning}`.slice(0, 200),
      });
    // VA Community Care: payment in full; a PR amount is written off, never billed to the veteran (B7.5).
    const billPatient = patientShareAllowed(claim.payerKind);
    for (const s of share.byReason) {
      const what = `PR-${s.reason}: ${carcInfo(s.reason).meaning}`;
      if (!billPatient) {
        ledger.push({
          ...base,
          kind: 'write_off',
          responsibility: 'insurance',
          amountCents: -s.amountCents,
          reason: `PR-${s.reason}`,
          description: `${what}: VA Community Care, not billed to the veteran`.slice(0, 200),
        });
        continue;
      }
      ledger.push({
        ...base,
        kind: 'transfer',
        responsibility: 'insurance',
        amountCents: -s.amountCents,
        reason: `PR-${s.reason}`,
        description: `${what} moves to the patient`.slice(0, 200),
      });
      ledger.push({
        ...base,
        kind: 'transfer',
        responsibility: 'patient',
        amountCents: s.amountCents,
        reason: `PR-${s.reason}`,
        description: what.slice(0, 200),
      });
    }
    const rules = rulesOf.get(claim.payerId) ?? defaultAppealRules(claim.payerKind as PayerKindForDeadlines);
    const byReason = new Map<string, { group: string; reason: string; amountCents: number }>();
    for (const d of denied) {
      const key = `${d.group}-${d.reason}`;
      const cur = byReason.get(key);
      if (cur) cur.amountCents += d.amountCents;
      else byReason.set(key, { group: d.group, reason: d.reason, amountCents: d.amountCents });
    }
    for (const d of byReason.values()) {
      const can = appealability(rules, d.reason);
      denials.push({
        organizationId,
        claimId: claim.id,
        remittanceClaimId: defined(rcIdOf.get(claim.id)),
        payerId: claim.payerId,
        groupCode: d.group,
        reasonCode: d.reason,
        remarks: [...remit.remarks, ...remit.lines.flatMap((l) => l.remarks)],
        amountCents: d.amountCents,
        deniedOn: paymentDate,
        appealable: can.appealable,
        appealNote: can.note,
        deadline: can.appealable ? (appealDeadline(rules, 1, paymentDate)?.deadline ?? null) : null,
      });
    }
  }
  await repo.applyRemitToClaims(tx, claimUpdates);
  await repo.addLinePayments(tx, linePaid);
  await repo.insertLedger(tx, ledger);
  await repo.insertDenials(tx, denials);
  await repo.insertClaimEvents(tx, events);
  await repo.markRemittance(tx, remittanceId, 'posted', []);
  return { claims: p.claims.length, denials: denials.length };
}

function presentRemittance(r: repo.RemittanceRow) {
  return {
    id: r.id,
    payerName: r.payerName,
    traceNumber: r.traceNumber,
    paymentCents: Number(r.paymentCents),
    paymentDate: r.paymentDate,
    method: r.method,
    status: r.status,
    problems: r.problems,
    claimCount: r.claimCount,
    importedBy: r.importedByName,
    importedAt: iso(r.importedAt),
    postedAt: iso(r.postedAt),
    fileSha256: r.fileSha256,
  };
}

/**
 * Imports an 835: posted whole when every claim and line matches and every total balances, otherwise kept as held with
 * its problems for a person (never half-posted). The same file twice is the same remittance.
 */
export async function importRemittance(deps: BillingDeps, user: SessionUser, text: string, ctx: Ctx) {
  const grant = authorize(
    deps,
    ctx,
    user,
    'remittance.import',
    { type: 'remittance', id: null, organizationId: user.organizationId, locationIds: 'organization' },
    { label: 'Remittance' },
  );
  const normalized = text.replace(/^\uFEFF/, '');
  if (!normalized.trimStart().startsWith('ISA'))
    throw badRequest('file must be an X12 835 starting with ISA', [{ path: 'file', message: 'must be an X12 835 starting with ISA' }]);
  const sha = createHash('sha256').update(normalized).digest('hex');
  const existing = await repo.remittanceByFile(deps.db, user.organizationId, sha);
  if (existing) {
    grant.done({ duplicateOf: existing });
    return { ...(await remittanceDetail(deps, user, existing, ctx, false)), duplicate: true };
  }
  const remittances = readRemittances(await segmentsOf(normalized));
  if (remittances.length === 0) throw badRequest('file holds no 835 transaction (ST*835)', [{ path: 'file', message: 'holds no 835 transaction' }]);
  const id = await deps.db.transaction(async (tx) => {
    const p = await plan(tx, user.organizationId, remittances);
    const first = defined(remittances[0]);
    const rid = await repo.insertRemittance(tx, {
      organizationId: user.organizationId,
      fileSha256: sha,
      payerName: first.payerName,
      traceNumber: first.payment.traceNumber,
      paymentCents: remittances.reduce((s, r) => s + (r.payment.creditDebit === 'D' ? -1 : 1) * r.payment.amountCents, 0),
      paymentDate: first.payment.date,
      method: first.payment.method,
      status: 'held',
      problems: p.problems.slice(0, 500),
      claimCount: remittances.reduce((s, r) => s + r.claims.length, 0),
      body: remittances,
      importedBy: user.id,
    });
    if (p.problems.length === 0) await post(tx, user.organizationId, rid, remittances, p, user.id);
    return rid;
  });
  grant.done({ remittanceId: id });
  return { ...(await remittanceDetail(deps, user, id, ctx, false)), duplicate: false };
}

/** Tries a held remittance again (the claim it named now exists, a line was corrected); posts whole or stays held. */
export async function retryRemittance(deps: BillingDeps, user: SessionUser, id: string, ctx: Ctx) {
  await deps.db.transaction(async (tx) => {
    const r = await repo.findRemittance(tx, id, true, true);
    const grant = authorize(
      deps,
      ctx,
      user,
      'remittance.post',
      r && { type: 'remittance', id, organizationId: r.organizationId, locationIds: 'organization' },
      {
        label: 'Remittance',
      },
    );
    const row = defined(r);
    if (row.status === 'posted') throw conflict('This remittance is already posted.', 'conflict');
    const remittances = row.body as Remittance[];
    const p = await plan(tx, row.organizationId, remittances);
    if (p.problems.length) await repo.markRemittance(tx, id, 'held', p.problems.slice(0, 500));
    else await post(tx, row.organizationId, id, remittances, p, user.id);
    grant.done({ posted: p.problems.length === 0 });
  });
  return remittanceDetail(deps, user, id, ctx, false);
}

export async function remittanceDetail(deps: BillingDeps, user: SessionUser, id: string, ctx: Ctx, audit = true) {
  const r = await repo.findRemittance(deps.db, id, true);
  const grant = authorize(deps, ctx, user, 'remittance.read', r && { type: 'remittance', id, organizationId: r.organizationId, locationIds: 'organization' }, {
    label: 'Remittance',
  });
  if (audit) grant.done();
  if (!r) throw badRequest('Remittance was not found');
  const body = (r.body ?? []) as Remittance[];
  return {
    ...presentRemittance(r),
    claims: body.flatMap((x) =>
      x.claims.map((c) => ({
        patientControlNumber: c.patientControlNumber,
        status: c.status,
        statusText: claimStatusText(c.status),
        chargeCents: c.chargeCents,
        paidCents: c.paidCents,
        patientResponsibilityCents: c.patientResponsibilityCents,
        payerClaimNumber: c.payerClaimNumber,
        adjustments: [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)].map((a) => ({ ...a, meaning: carcInfo(a.reason).meaning })),
      })),
    ),
    providerAdjustments: body.flatMap((x) => x.providerAdjustments),
  };
}

export async function listRemittances(deps: BillingDeps, user: SessionUser, ctx: Ctx) {
  const rows = await repo.listRemittances(deps.db, user.organizationId);
  deps.audit.record(ctx, { action: 'remittance.list', outcome: 'success', entityType: 'remittance', details: { count: rows.length } });
  return { items: rows.map(presentRemittance) };
}
