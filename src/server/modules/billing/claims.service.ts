import { createHash } from 'node:crypto';
import type { SessionUser } from '../../../contracts/auth.js';
import type { PayerKind } from '../../../domain/billing/codes.js';
import { scrubPasses, type ScrubFinding } from '../../../domain/billing/scrub.js';
import { build837p, type Claim837 } from '../../../domain/billing/x837.js';
import { defined } from '../../../domain/defined.js';
import { toIso } from '../../db/sql-values.js';
import { authorize } from '../../platform/access/authorize.js';
import { seesAllClinics } from '../../platform/access/permissions.js';
import type { AuditContext } from '../../platform/audit/audit-trail.js';
import { AppError, conflict, notFound, versionConflict } from '../../platform/errors.js';
import { payerLinks } from '../authorizations/index.js';
import { DateTime } from 'luxon';
import * as repo from './billing.repository.js';
import { claimBuilds, personName, scrub, type BillingDeps, type ClaimBuild } from './billing.service.js';

type Ctx = AuditContext;
const iso = (v: string | Date | null | undefined) => toIso(v ?? null);
const clinicsOf = (user: SessionUser) => (seesAllClinics(user) ? null : user.locationIds);
const MAX_LINES = 50;
const MAX_DIAGNOSES = 12;

function presentClaim(c: repo.ClaimRow) {
  return {
    id: c.id,
    patientId: c.patientId,
    patientName: c.patientName,
    mrn: c.mrn,
    locationId: c.locationId,
    payerId: c.payerId,
    payerName: c.payerName,
    payerKind: c.payerKind,
    patientControlNumber: c.patientControlNumber,
    frequency: c.frequency,
    frequencyName: c.frequency === '7' ? 'replacement' : c.frequency === '8' ? 'void' : 'original',
    originalClaimId: c.originalClaimId,
    originalPatientControlNumber: c.originalPatientControlNumber,
    originalPayerClaimNumber: c.originalPayerClaimNumber,
    payerClaimNumber: c.payerClaimNumber,
    status: c.status,
    diagnoses: c.diagnoses,
    priorAuthorizationNumber: c.priorAuthorizationNumber,
    referralNumber: c.referralNumber,
    placeOfService: c.placeOfService,
    firstDateOfService: c.firstDateOfService,
    totalCents: c.totalCents,
    paidCents: c.paidCents,
    patientResponsibilityCents: c.patientResponsibilityCents,
    adjustedCents: c.adjustedCents,
    batchId: c.batchId,
    submittedAt: iso(c.submittedAt),
    paidAt: iso(c.paidAt),
    createdAt: iso(c.createdAt),
    version: c.version,
  };
}

/** A claim's diagnoses: its charges' in order, each once (the claim's HI segment). */
function claimDiagnoses(charges: readonly repo.ChargeRow[]): string[] {
  const dx: string[] = [];
  for (const c of charges) for (const d of c.diagnoses) if (!dx.includes(d)) dx.push(d);
  return dx;
}

/** A claim's lines: snapshots of its charges, numbered, each with its pointers remapped onto the claim's diagnoses. */
function claimLinesOf(claim: { id: string; patientControlNumber: string }, charges: readonly repo.ChargeRow[], dx: readonly string[]) {
  return charges.map((ch, i) => ({
    claimId: claim.id,
    lineNumber: i + 1,
    chargeId: ch.id,
    controlNumber: `${claim.patientControlNumber}-${i + 1}`,
    dateOfService: ch.dateOfService,
    code: ch.code,
    modifiers: ch.modifiers,
    units: ch.units,
    chargeCents: ch.chargeCents,
    pointers: ch.pointers.map((p) => dx.indexOf(defined(ch.diagnoses[p - 1])) + 1),
    drug: ch.drug,
  }));
}

function claimRecord(c: repo.ClaimRow | undefined | null) {
  return c ? { type: 'claim', id: c.id, organizationId: c.organizationId, locationIds: [c.locationId], patientId: c.patientId } : null;
}

export async function listClaims(
  deps: BillingDeps,
  user: SessionUser,
  q: { status?: string | undefined; patientId?: string | undefined; batchId?: string | undefined },
  ctx: Ctx,
) {
  const rows = await repo.listClaims(deps.db, user.organizationId, clinicsOf(user), q);
  deps.audit.record(ctx, { action: 'claim.list', outcome: 'success', entityType: 'claim', details: { ...q, count: rows.length } });
  return { items: rows.map(presentClaim) };
}

/** Groups approved charges into claims: one per patient, coverage, clinic, rendering provider and authorization, at most 50 lines. */
export async function createClaims(deps: BillingDeps, user: SessionUser, chargeIds: string[], ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const charges = await repo.chargesByIds(tx, chargeIds, true);
    if (charges.length !== new Set(chargeIds).size) throw notFound('Charge');
    const grant = authorize(
      deps,
      ctx,
      user,
      'claim.create',
      {
        type: 'claim',
        id: null,
        organizationId: charges.every((c) => c.organizationId === user.organizationId) ? user.organizationId : '',
        locationIds: [...new Set(charges.map((c) => c.locationId))],
      },
      { label: 'Charge' },
    );
    const problems = charges.flatMap((c, i) => [
      ...(c.status !== 'approved' ? [{ path: `ids.${i}`, message: `is ${c.status}: only approved charges go on a claim` }] : []),
      ...(!c.payerId || !c.coverageId ? [{ path: `ids.${i}`, message: 'is self-pay: it is billed to the patient, not a payer' }] : []),
      ...(c.claimId ? [{ path: `ids.${i}`, message: 'is already on a claim' }] : []),
    ]);
    if (problems.length) throw new AppError(409, 'not_billable', 'Some charges cannot go on a claim.', problems);
    const groups = new Map<string, repo.ChargeRow[]>();
    for (const c of charges) {
      const key = [c.patientId, c.coverageId, c.locationId, c.renderingProviderId ?? '', c.priorAuthorizationId ?? '', c.vaReferralId ?? ''].join('|');
      const list = groups.get(key) ?? [];
      list.push(c);
      groups.set(key, list);
    }
    const chunks: repo.ChargeRow[][] = [];
    for (const list of groups.values()) for (let i = 0; i < list.length; i += MAX_LINES) chunks.push(list.slice(i, i + MAX_LINES));
    const links = await payerLinks(
      tx,
      chunks.map((ch) => ({ priorAuthorizationId: ch[0]?.priorAuthorizationId ?? null, vaReferralId: ch[0]?.vaReferralId ?? null })),
    );
    const numbers = await repo.nextClaimNumbers(tx, chunks.length);
    const claims: repo.ClaimInsert[] = [];
    const diagnoses: string[][] = [];
    for (const [i, ch] of chunks.entries()) {
      const first = defined(ch[0]);
      // At most 12 diagnoses on a claim (837P HI); each line's pointers are remapped onto them.
      const dx = claimDiagnoses(ch);
      diagnoses.push(dx);
      if (dx.length > MAX_DIAGNOSES)
        throw conflict(`More than ${MAX_DIAGNOSES} diagnoses on one claim: send these charges on separate claims.`, 'not_billable');
      const link = links[i] ?? null;
      claims.push({
        organizationId: user.organizationId,
        locationId: first.locationId,
        patientId: first.patientId,
        payerId: defined(first.payerId),
        coverageId: defined(first.coverageId),
        patientControlNumber: `SW${String(numbers[i]).padStart(7, '0')}`,
        frequency: '1',
        status: 'draft',
        diagnoses: dx,
        priorAuthorizationNumber: link?.kind === 'prior_authorization' ? link.number : null,
        referralNumber: link?.kind === 'va_referral' ? link.number : null,
        renderingProviderId: first.renderingProviderId,
        placeOfService: first.placeOfService,
        firstDateOfService: ch.map((c) => c.dateOfService).sort()[0] ?? first.dateOfService,
        totalCents: ch.reduce((s, c) => s + c.chargeCents, 0),
        createdBy: user.id,
      });
    }
    const inserted = await repo.insertClaims(tx, claims);
    await repo.insertClaimLines(
      tx,
      inserted.flatMap((claim, i) => claimLinesOf(claim, defined(chunks[i]), defined(diagnoses[i]))),
    );
    await repo.setChargeStatus(
      tx,
      charges.map((c) => c.id),
      'billed',
      user.id,
    );
    await repo.insertClaimEvents(
      tx,
      inserted.map((c) => ({ claimId: c.id, fromStatus: null, toStatus: 'draft', note: 'Created from approved charges', by: user.id })),
    );
    grant.done({ claims: inserted.length, charges: charges.length });
    return {
      items: (
        await repo.claimsByIds(
          tx,
          inserted.map((c) => c.id),
        )
      ).map(presentClaim),
    };
  });
}

/** A claim with its lines, what the scrubber finds, its history, remittances, denials and appeals. */
export async function claimDetail(deps: BillingDeps, user: SessionUser, id: string, ctx: Ctx) {
  const [claim] = await repo.claimsByIds(deps.db, [id]);
  const grant = authorize(deps, ctx, user, 'claim.read', claimRecord(claim), { label: 'Claim' });
  const c = defined(claim);
  const [build] = await claimBuilds(deps.db, user.organizationId, [c]);
  const b = defined(build);
  const charges = await repo.chargesByIds(
    deps.db,
    b.lines.map((l) => l.chargeId),
  );
  const [findings, events, remits, denials, appeals] = await Promise.all([
    ['draft', 'ready', 'rejected'].includes(c.status) ? scrub(deps.db, b, charges) : Promise.resolve([] as ScrubFinding[]),
    repo.claimEventsOf(deps.db, id),
    repo.remitsOfClaim(deps.db, id),
    repo.denialsOfClaim(deps.db, id),
    repo.appealsOfClaim(deps.db, id),
  ]);
  grant.done();
  return {
    ...presentClaim(c),
    lines: b.lines.map((l) => ({
      lineNumber: l.lineNumber,
      controlNumber: l.controlNumber,
      chargeId: l.chargeId,
      dateOfService: l.dateOfService,
      code: l.code,
      modifiers: l.modifiers,
      units: l.units,
      chargeCents: l.chargeCents,
      pointers: l.pointers,
      drug: l.drug,
      paidCents: l.paidCents,
    })),
    renderingProvider: b.rendering && { id: b.rendering.id, name: b.rendering.displayName, npi: b.rendering.npi },
    memberId: b.coverage?.memberId ?? null,
    scrub: { clean: scrubPasses(findings), findings },
    events: events.map((e) => ({ ...e, at: iso(e.at) })),
    remittances: remits,
    denials: denials.map((d) => ({
      id: d.id,
      groupCode: d.groupCode,
      reasonCode: d.reasonCode,
      amountCents: d.amountCents,
      deadline: d.deadline,
      status: d.status,
    })),
    appeals: appeals.map((a) => ({ ...a, submittedAt: iso(a.submittedAt) })),
  };
}

/** Marks a draft claim ready to send once the scrubber finds nothing a payer would deny (warnings are shown, not blocking). */
export async function markReady(deps: BillingDeps, user: SessionUser, id: string, version: number, ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const [claim] = await repo.claimsByIds(tx, [id], true);
    const grant = authorize(deps, ctx, user, 'claim.ready', claimRecord(claim), { label: 'Claim' });
    const c = defined(claim);
    if (c.version !== version) throw versionConflict('Claim');
    if (c.status !== 'draft' && c.status !== 'rejected')
      throw conflict(`The claim is ${c.status}; only a draft or rejected claim is made ready.`, 'not_billable');
    const [b] = await claimBuilds(tx, user.organizationId, [c]);
    const findings = await scrub(
      tx,
      defined(b),
      await repo.chargesByIds(
        tx,
        defined(b).lines.map((l) => l.chargeId),
      ),
    );
    if (!scrubPasses(findings))
      throw new AppError(
        409,
        'claim_not_clean',
        'The scrubber found what the payer would deny.',
        findings
          .filter((f) => f.severity === 'error')
          .map((f) => ({ path: f.line ? `lines.${f.line}` : f.rule, message: `${f.message}${f.denial ? ` (${f.denial})` : ''}` })),
      );
    await repo.setClaimStatus(tx, [id], 'ready');
    await repo.insertClaimEvents(tx, [
      {
        claimId: id,
        fromStatus: c.status,
        toStatus: 'ready',
        note: findings.length ? `${findings.length} warning(s) accepted` : 'Scrubbed clean',
        by: user.id,
      },
    ]);
    grant.done();
    return presentClaim(defined((await repo.claimsByIds(tx, [id]))[0]));
  });
}

/** The clearinghouse's or payer's acknowledgment, recorded by hand (accepted into adjudication, or rejected with the reason). */
export async function recordAcknowledgment(
  deps: BillingDeps,
  user: SessionUser,
  id: string,
  input: { status: 'accepted' | 'rejected'; note?: string | null | undefined; version: number },
  ctx: Ctx,
) {
  return deps.db.transaction(async (tx) => {
    const [claim] = await repo.claimsByIds(tx, [id], true);
    const grant = authorize(deps, ctx, user, 'claim.acknowledge', claimRecord(claim), { label: 'Claim' });
    const c = defined(claim);
    if (c.version !== input.version) throw versionConflict('Claim');
    if (c.status !== 'submitted') throw conflict(`The claim is ${c.status}; acknowledgments are recorded for submitted claims.`, 'not_billable');
    await repo.setClaimStatus(tx, [id], input.status);
    await repo.insertClaimEvents(tx, [{ claimId: id, fromStatus: c.status, toStatus: input.status, note: input.note ?? null, by: user.id }]);
    grant.done({ status: input.status });
    return presentClaim(defined((await repo.claimsByIds(tx, [id]))[0]));
  });
}

/**
 * A replacement (frequency 7) or void (frequency 8) of a claim the payer adjudicated: a new claim carrying the payer's
 * claim number of the original (REF*F8), with the charges as they stand now; the original is closed.
 */
export async function correctClaim(
  deps: BillingDeps,
  user: SessionUser,
  id: string,
  kind: 'replace' | 'void',
  input: { version: number; note: string },
  ctx: Ctx,
) {
  return deps.db.transaction(async (tx) => {
    const [claim] = await repo.claimsByIds(tx, [id], true);
    const grant = authorize(deps, ctx, user, kind === 'replace' ? 'claim.replace' : 'claim.void', claimRecord(claim), { label: 'Claim' });
    const c = defined(claim);
    if (c.version !== input.version) throw versionConflict('Claim');
    if (!['accepted', 'paid', 'partially_paid', 'denied', 'appealed', 'submitted'].includes(c.status))
      throw conflict(`The claim is ${c.status}: a draft is edited, not replaced; a closed claim was already corrected.`, 'not_billable');
    if (!c.payerClaimNumber)
      throw conflict('The payer’s claim number of the original is not known yet (it comes with the remittance): a correction must carry it.', 'not_billable');
    const lines = await repo.linesOfClaims(tx, [id]);
    const charges = await repo.chargesByIds(
      tx,
      lines.map((l) => l.chargeId),
    );
    const byId = new Map(charges.map((x) => [x.id, x]));
    // The charges in the original's line order.
    const ordered = lines.map((l) => defined(byId.get(l.chargeId)));
    const [number] = await repo.nextClaimNumbers(tx, 1);
    const dx = claimDiagnoses(ordered);
    const [created] = await repo.insertClaims(tx, [
      {
        organizationId: c.organizationId,
        locationId: c.locationId,
        patientId: c.patientId,
        payerId: c.payerId,
        coverageId: c.coverageId,
        patientControlNumber: `SW${String(number).padStart(7, '0')}`,
        frequency: kind === 'replace' ? '7' : '8',
        originalClaimId: c.id,
        status: 'draft',
        diagnoses: dx.slice(0, MAX_DIAGNOSES),
        priorAuthorizationNumber: c.priorAuthorizationNumber,
        referralNumber: c.referralNumber,
        renderingProviderId: c.renderingProviderId,
        placeOfService: c.placeOfService,
        firstDateOfService: c.firstDateOfService,
        totalCents: ordered.reduce((s, ch) => s + ch.chargeCents, 0),
        createdBy: user.id,
      },
    ]);
    const n = defined(created);
    await repo.insertClaimLines(tx, claimLinesOf(n, ordered, dx));
    await repo.setClaimStatus(tx, [id], 'closed');
    await repo.insertClaimEvents(tx, [
      {
        claimId: id,
        fromStatus: c.status,
        toStatus: 'closed',
        note: `${kind === 'replace' ? 'Replaced' : 'Voided'} by ${n.patientControlNumber}: ${input.note}`,
        by: user.id,
      },
      {
        claimId: n.id,
        fromStatus: null,
        toStatus: 'draft',
        note: `${kind === 'replace' ? 'Replacement' : 'Void'} of ${c.patientControlNumber} (payer claim ${c.payerClaimNumber}): ${input.note}`,
        by: user.id,
      },
    ]);
    grant.done({ kind, newClaimId: n.id });
    return presentClaim(defined((await repo.claimsByIds(tx, [n.id]))[0]));
  });
}

// ---- Batches and the 837P ----

const sexCode = (s: string): 'F' | 'M' | 'U' => (s === 'female' ? 'F' : s === 'male' ? 'M' : 'U');

/** One claim as the 837P builder takes it. */
export function claim837(b: ClaimBuild): Claim837 {
  const c = b.claim;
  const p = b.patient;
  const cov = b.coverage;
  const relationship = (cov?.subscriberRelationship ?? 'self') as 'self' | 'spouse' | 'child' | 'other';
  const patientPerson = {
    lastName: p.legalFamilyName,
    firstName: p.legalGivenName,
    birthDate: p.dateOfBirth,
    sex: sexCode(p.sexAssignedAtBirth),
    address:
      p.addressLine1 && p.city && p.state && p.postalCode
        ? { line1: p.addressLine1, line2: p.addressLine2, city: p.city, state: p.state, postalCode: p.postalCode }
        : null,
  };
  const subscriberName =
    relationship !== 'self' && cov?.subscriberName ? personName(cov.subscriberName) : { firstName: p.legalGivenName, lastName: p.legalFamilyName };
  const rendering =
    b.rendering && b.rendering.npi && b.rendering.npi !== b.location.npi
      ? { ...personName(b.rendering.displayName), npi: b.rendering.npi, taxonomy: b.rendering.taxonomy }
      : null;
  return {
    patientControlNumber: c.patientControlNumber,
    frequency: c.frequency,
    originalPayerClaimNumber: c.originalPayerClaimNumber,
    placeOfService: c.placeOfService,
    payer: { name: c.payerName, payerId: b.payer?.x12PayerId ?? '', filingIndicator: b.payer?.claimFilingIndicator ?? 'CI' },
    payerSequence: 'P',
    subscriber: {
      ...patientPerson,
      ...subscriberName,
      memberId: cov?.memberId ?? '',
      groupNumber: cov?.groupId ?? null,
      relationship: ['self', 'spouse', 'child'].includes(relationship) ? relationship : 'other',
    },
    patient: relationship === 'self' ? null : patientPerson,
    priorAuthorizationNumber: c.priorAuthorizationNumber,
    referralNumber: c.referralNumber,
    diagnoses: c.diagnoses,
    rendering,
    serviceFacility: null,
    note: null,
    lines: b.lines.map((l) => ({
      controlNumber: l.controlNumber,
      code: l.code,
      modifiers: l.modifiers,
      chargeCents: l.chargeCents,
      units: l.units,
      pointers: l.pointers,
      dateOfService: l.dateOfService,
      drug: l.drug?.ndc ? { ndc: l.drug.ndc, quantity: l.drug.quantity, unit: l.drug.unit as 'UN', name: l.drug.name } : null,
    })),
  };
}

/**
 * Makes the 837P batches for ready claims: one batch per billing provider (the clinic's NPI and tax ID), each with its
 * own control number. The file is written once and kept; the claims become submitted with it.
 */
export async function createBatches(deps: BillingDeps, user: SessionUser, claimIds: string[], ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const claims = await repo.claimsByIds(tx, claimIds, true);
    if (claims.length !== new Set(claimIds).size) throw notFound('Claim');
    const grant = authorize(
      deps,
      ctx,
      user,
      'claim_batch.create',
      {
        type: 'claim_batch',
        id: null,
        organizationId: claims.every((c) => c.organizationId === user.organizationId) ? user.organizationId : '',
        locationIds: [...new Set(claims.map((c) => c.locationId))],
      },
      { label: 'Claim' },
    );
    const notReady = claims.flatMap((c, i) =>
      c.status === 'ready' ? [] : [{ path: `ids.${i}`, message: `${c.patientControlNumber} is ${c.status}, not ready` }],
    );
    if (notReady.length) throw new AppError(409, 'not_billable', 'Only ready claims go in a batch.', notReady);
    const settings = await repo.settingsOf(tx, user.organizationId);
    if (!settings) throw conflict('Record the practice’s clearinghouse settings first (Billing settings).', 'billing_settings_required');
    const builds = await claimBuilds(tx, user.organizationId, claims);
    const missing = builds.filter((b) => !b.location.npi || !b.location.taxId || !b.payer?.configured);
    if (missing.length)
      throw new AppError(
        409,
        'billing_settings_required',
        'Some claims lack the clinic’s NPI and tax ID or the payer’s billing settings.',
        missing.map((b) => ({
          path: b.claim.patientControlNumber,
          message: !b.payer?.configured ? `${b.claim.payerName} has no billing settings` : `${b.location.name} has no NPI or tax ID`,
        })),
      );
    const groups = new Map<string, ClaimBuild[]>();
    for (const b of builds) {
      const key = `${b.location.npi}|${b.location.taxId}`;
      groups.set(key, [...(groups.get(key) ?? []), b]);
    }
    const made: string[] = [];
    for (const group of groups.values()) {
      const first = defined(group[0]);
      const control = await repo.nextBatchControlNumber(tx);
      const now = DateTime.now().setZone(first.location.timeZone);
      const file = build837p({
        submitter: {
          name: settings.submitterName,
          id: settings.submitterId,
          interchangeId: settings.interchangeSenderId,
          contactName: settings.contactName,
          phone: settings.contactPhone,
        },
        receiver: { name: settings.receiverName, id: settings.receiverId, interchangeId: settings.interchangeReceiverId },
        billingProvider: {
          name: first.location.name,
          npi: defined(first.location.npi),
          taxId: defined(first.location.taxId),
          taxonomy: settings.taxonomy,
          address: {
            line1: first.location.addressLine1,
            line2: first.location.addressLine2,
            city: first.location.city,
            state: first.location.state,
            postalCode: first.location.postalCode,
          },
        },
        interchangeControlNumber: control,
        groupControlNumber: control,
        batchId: `B${control}`,
        date: now.toFormat('yyyyMMdd'),
        time: now.toFormat('HHmm'),
        usage: settings.usage === 'P' ? 'P' : 'T',
        claims: group.map(claim837),
      });
      const id = await repo.insertBatch(tx, {
        organizationId: user.organizationId,
        controlNumber: control,
        claimCount: group.length,
        totalCents: group.reduce((s, b) => s + b.claim.totalCents, 0),
        file,
        fileSha256: createHash('sha256').update(file).digest('hex'),
        createdBy: user.id,
      });
      await repo.attachClaimsToBatch(
        tx,
        id,
        group.map((b) => b.claim.id),
      );
      await repo.insertClaimEvents(
        tx,
        group.map((b) => ({ claimId: b.claim.id, fromStatus: 'ready', toStatus: 'submitted', note: `In batch ${control}`, by: user.id })),
      );
      made.push(id);
    }
    grant.done({ batches: made.length, claims: claims.length });
    const items = [];
    for (const id of made) items.push(presentBatch(defined(await repo.findBatch(tx, id))));
    return { items };
  });
}

function presentBatch(b: repo.BatchRow & { createdByName?: string }) {
  return {
    id: b.id,
    controlNumber: Number(b.controlNumber),
    claimCount: b.claimCount,
    totalCents: Number(b.totalCents),
    fileSha256: b.fileSha256,
    status: b.status,
    submittedAt: iso(b.submittedAt),
    submissionReference: b.submissionReference,
    createdAt: iso(b.createdAt),
    createdByName: b.createdByName ?? null,
    fileName: `837P-${String(b.controlNumber).padStart(9, '0')}.x12`,
  };
}

function batchRecord(user: SessionUser, b: repo.BatchRow | null) {
  return b ? { type: 'claim_batch', id: b.id, organizationId: b.organizationId, locationIds: 'organization' as const } : null;
}

export async function listBatches(deps: BillingDeps, user: SessionUser, ctx: Ctx) {
  const rows = await repo.listBatches(deps.db, user.organizationId);
  deps.audit.record(ctx, { action: 'claim_batch.list', outcome: 'success', entityType: 'claim_batch', details: { count: rows.length } });
  return { items: rows.map(presentBatch) };
}

/** The batch's 837P file, exactly as made. */
export async function batchFile(deps: BillingDeps, user: SessionUser, id: string, ctx: Ctx) {
  const b = await repo.findBatch(deps.db, id, true);
  const grant = authorize(deps, ctx, user, 'claim_batch.file', batchRecord(user, b), { label: 'Claim batch' });
  grant.done({ sha256: defined(b).fileSha256 });
  return { name: presentBatch(defined(b)).fileName, content: defined(b).file };
}

/** Hands the batch's file to the clearinghouse (file drop); idempotent once submitted. */
export async function submitBatch(deps: BillingDeps, user: SessionUser, id: string, ctx: Ctx) {
  const b = await repo.findBatch(deps.db, id, true);
  const grant = authorize(deps, ctx, user, 'claim_batch.submit', batchRecord(user, b), { label: 'Claim batch' });
  const batch = defined(b);
  if (batch.status === 'submitted') {
    grant.done({ already: true });
    return presentBatch(batch);
  }
  const { reference } = await deps.clearinghouse.submit({ name: presentBatch(batch).fileName, content: batch.file });
  await repo.markBatchSubmitted(deps.db, id, reference);
  grant.done({ reference });
  return presentBatch(defined(await repo.findBatch(deps.db, id)));
}

export type { PayerKind };
