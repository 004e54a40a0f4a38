import type { z } from 'zod';
import type { SessionUser } from '../../../contracts/auth.js';
import type { billingSettingsSchema, chargeEditSchema, feeItemSchema, manualChargeSchema, payerBillingSettingsSchema } from '../../../contracts/billing.js';
import { codeSession, spravatoDrugLineByDefault, treatmentOfCode, type PayerKind } from '../../../domain/billing/codes.js';
import { defaultAppealRules, defaultFilingDays } from '../../../domain/billing/deadlines.js';
import { ndc11 } from '../../../domain/billing/npi.js';
import { formatCents } from '../../../domain/coverage/estimate.js';
import { nsaCheck } from '../../../domain/billing/patient-money.js';
import { scrubClaim, type ScrubFinding } from '../../../domain/billing/scrub.js';
import type { PolicyTerms } from '../../../domain/coverage/policy.js';
import { defined } from '../../../domain/defined.js';
import { clinicDateOf, clinicToday } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIso } from '../../db/sql-values.js';
import { authorize } from '../../platform/access/authorize.js';
import { seesAllClinics } from '../../platform/access/permissions.js';
import type { AuditContext, AuditTrail } from '../../platform/audit/audit-trail.js';
import { AppError, badRequest, conflict, notFound, versionConflict } from '../../platform/errors.js';
import { payerLinks, visitAuthorizations } from '../authorizations/index.js';
import { billableSessionsAfter, type BillableSession } from '../charting/index.js';
import { coveragesOfPatients, policyInForce, type CoverageRow } from '../coverage/index.js';
import { signedDiagnoses } from '../intake/index.js';
import { billingLocations, type BillingLocation } from '../locations/index.js';
import { authorizePatient, patientsForBilling, type PatientForBilling } from '../patients/index.js';
import { billersFor, billingIdentities } from '../users/index.js';
import { ownEstimates } from '../estimates/index.js';
import { notifyOnce } from '../notifications/index.js';
import * as repo from './billing.repository.js';
import type { Clearinghouse } from './clearinghouse.js';

export type BillingDeps = { db: Db; audit: AuditTrail; clearinghouse: Clearinghouse };

type Ctx = AuditContext;
const iso = (v: string | Date | null | undefined) => toIso(v ?? null);
const clinicsOf = (user: SessionUser) => (seesAllClinics(user) ? null : user.locationIds);
const orgRecord = (user: SessionUser, type: string, id: string | null = null) => ({
  type,
  id,
  organizationId: user.organizationId,
  locationIds: 'organization' as const,
});

// ---- Settings ----

export async function getSettings(deps: BillingDeps, user: SessionUser, ctx: Ctx) {
  const grant = authorize(deps, ctx, user, 'billing.settings.read', orgRecord(user, 'billing_settings'), { label: 'Billing settings' });
  const [settings, payers] = await Promise.all([repo.settingsOf(deps.db, user.organizationId), repo.payersWithSettings(deps.db, user.organizationId)]);
  grant.done();
  return {
    settings: settings && { ...settings, updatedAt: iso(settings.updatedAt) },
    payers: payers.map((p) => ({
      payerId: p.payerId,
      name: p.name,
      kind: p.kind,
      configured: p.configured,
      x12PayerId: p.x12PayerId ?? null,
      claimFilingIndicator: p.claimFilingIndicator ?? null,
      filingDays: p.filingDays ?? null,
      appealRules: p.appealRules ?? null,
      spravatoDrugLine: p.spravatoDrugLine ?? null,
      // What applies when nothing is saved: the payer kind's rule (domain/billing/deadlines.ts, codes.ts).
      defaults: {
        filingDays: defaultFilingDays(p.kind as PayerKind),
        appealRules: defaultAppealRules(p.kind as PayerKind),
        spravatoDrugLine: spravatoDrugLineByDefault(p.kind as PayerKind),
      },
    })),
  };
}

export async function saveSettings(deps: BillingDeps, user: SessionUser, input: z.infer<typeof billingSettingsSchema>, ctx: Ctx) {
  const grant = authorize(deps, ctx, user, 'billing.settings.save', orgRecord(user, 'billing_settings'), { label: 'Billing settings' });
  const row = await repo.saveSettings(deps.db, { organizationId: user.organizationId, ...input, updatedBy: user.id });
  grant.done();
  return { ...row, updatedAt: iso(row.updatedAt) };
}

export async function savePayerSettings(deps: BillingDeps, user: SessionUser, payerId: string, input: z.infer<typeof payerBillingSettingsSchema>, ctx: Ctx) {
  const [payer] = await repo.payersWithSettings(deps.db, user.organizationId, [payerId]);
  const grant = authorize(deps, ctx, user, 'billing.payer_settings.save', payer ? orgRecord(user, 'payer', payerId) : null, { label: 'Payer' });
  await repo.savePayerSettings(deps.db, { payerId, ...input });
  grant.done(input);
  return { payerId, ...input };
}

// ---- Fee schedule ----

function authorizeClinics(deps: BillingDeps, user: SessionUser, ctx: Ctx, action: string, locationIds: string[], label: string) {
  return authorize(deps, ctx, user, action, { type: 'location', id: locationIds[0] ?? null, organizationId: user.organizationId, locationIds }, { label });
}

export async function listFees(deps: BillingDeps, user: SessionUser, locationId: string, ctx: Ctx) {
  const [loc] = await billingLocations(deps.db, [locationId]);
  const grant = authorize(
    deps,
    ctx,
    user,
    'fee_schedule.read',
    loc ? { type: 'location', id: locationId, organizationId: loc.organizationId, locationIds: [locationId] } : null,
    { label: 'Clinic' },
  );
  const rows = await repo.feesAt(deps.db, [locationId]);
  grant.done();
  return { items: rows };
}

export async function saveFee(deps: BillingDeps, user: SessionUser, input: z.infer<typeof feeItemSchema>, ctx: Ctx) {
  const [loc] = await billingLocations(deps.db, [input.locationId]);
  if (!loc || loc.organizationId !== user.organizationId)
    throw badRequest('locationId is not a clinic of this practice', [{ path: 'locationId', message: 'is not a clinic of this practice' }]);
  if (input.payerId) {
    const [payer] = await repo.payersWithSettings(deps.db, user.organizationId, [input.payerId]);
    if (!payer) throw badRequest('payerId is not a payer of this practice', [{ path: 'payerId', message: 'is not a payer of this practice' }]);
  }
  const grant = authorizeClinics(deps, user, ctx, 'fee_schedule.save', [input.locationId], 'Clinic');
  const id = await repo.saveFee(deps.db, { organizationId: user.organizationId, ...input, updatedBy: user.id });
  grant.done({ code: input.code, feeCents: input.feeCents, payerId: input.payerId });
  return { id, ...input };
}

// ---- Coding signed sessions into charges ----

const SESSION_PAGE = 500;
/** How far back each pass looks past the last coded session: a session signed in a transaction that committed late. */
const CODING_MARGIN_MS = 10 * 60_000;

type FeeLookup = (locationId: string, payerId: string | null, code: string) => { feeCents: number; found: boolean };

function feeLookup(rows: repo.FeeRow[]): FeeLookup {
  const map = new Map<string, number>();
  for (const r of rows) map.set(`${r.locationId}|${r.payerId ?? ''}|${r.code}`, r.feeCents);
  return (locationId, payerId, code) => {
    const payerFee = payerId ? map.get(`${locationId}|${payerId}|${code}`) : undefined;
    if (payerFee !== undefined) return { feeCents: payerFee, found: true };
    const standard = map.get(`${locationId}||${code}`);
    return standard !== undefined ? { feeCents: standard, found: true } : { feeCents: 0, found: false };
  };
}

/** The coverage that pays first on a date: the primary in force (a VA referral's visit goes to the VA CCN coverage). */
export function coverageOn(coverages: readonly CoverageRow[], date: string, preferVa: boolean): CoverageRow | null {
  const inForce = coverages.filter((c) => c.effectiveFrom <= date && (!c.effectiveTo || c.effectiveTo >= date) && c.payerKind !== 'self_pay');
  if (preferVa) {
    const va = inForce.find((c) => c.payerKind === 'va_community_care');
    if (va) return va;
  }
  return inForce.find((c) => c.priority === 'primary') ?? inForce[0] ?? null;
}

/** Splits "Dr. Alex Smith, MD" into given and family names for X12 and superbills. */
export function personName(displayName: string): { firstName: string; lastName: string } {
  const bare =
    displayName
      .replace(/^(dr\.?|doctor)\s+/i, '')
      .split(',')[0]
      ?.trim() ?? displayName;
  const parts = bare.split(/\s+/);
  const lastName = parts.length > 1 ? (parts.at(-1) ?? bare) : bare;
  return { firstName: parts.length > 1 ? parts.slice(0, -1).join(' ') : '', lastName };
}

async function codeBatch(db: Db, organizationId: string, sessions: BillableSession[]): Promise<number> {
  return db.transaction(async (tx) => {
    // Mark first: a session another pass is coding right now is left to it.
    const marked = await repo.markCoded(
      tx,
      sessions.map((s) => ({ sessionId: s.id, organizationId, finalAt: new Date(s.finalAt), chargeCount: 0 })),
    );
    const todo = sessions.filter((s) => marked.has(s.id));
    if (todo.length === 0) return 0;
    const patientIds = [...new Set(todo.map((s) => s.patientId))];
    const locationIds = [...new Set(todo.map((s) => s.locationId))];
    const staffIds = [...new Set(todo.flatMap((s) => [s.orderedBy, s.cosignedBy, s.supervisingProviderId, s.signedBy].filter((x): x is string => Boolean(x))))];
    const [settings, coverages, diagnoses, visitLinks, payers, fees, locations, staff] = await repo.together(tx, [
      () => repo.settingsOf(tx, organizationId),
      () => coveragesOfPatients(tx, patientIds),
      () => signedDiagnoses(tx, patientIds),
      () =>
        visitAuthorizations(
          tx,
          todo.map((s) => s.appointmentId),
        ),
      () => repo.payersWithSettings(tx, organizationId),
      () => repo.feesAt(tx, locationIds),
      () => billingLocations(tx, locationIds),
      () => billingIdentities(tx, staffIds),
    ] as const);
    const coveragesOf = new Map<string, CoverageRow[]>();
    for (const c of coverages) coveragesOf.set(c.patientId, [...(coveragesOf.get(c.patientId) ?? []), c]);
    const linkOf = new Map(visitLinks.map((v) => [v.appointmentId, v]));
    const payerOf = new Map(payers.map((p) => [p.payerId, p]));
    const zoneOf = new Map(locations.map((l) => [l.id, l.timeZone]));
    const staffOf = new Map(staff.map((u) => [u.id, u]));
    const fee = feeLookup(fees);
    const ndc = settings?.ketamineNdc ? ndc11(settings.ketamineNdc) : null;
    const rows: repo.ChargeInsert[] = [];
    for (const s of todo) {
      const date = clinicDateOf(zoneOf.get(s.locationId) ?? 'America/New_York', s.treatedAt);
      const link = linkOf.get(s.appointmentId) ?? null;
      const coverage = coverageOn(coveragesOf.get(s.patientId) ?? [], date, link?.kind === 'va_referral');
      const payer = coverage ? payerOf.get(coverage.payerId) : undefined;
      const payerKind = (payer?.kind ?? 'self_pay') as PayerKind;
      const lines = codeSession({
        modality: s.modality,
        dateOfService: date,
        tmsCode: s.modality === 'tms' ? (s.tmsFirstOfCourse ? '90867' : s.tmsRedetermined ? '90869' : '90868') : null,
        spravatoMgGiven: s.spravatoDevices * 28,
        ketamineDoseTenthsMg: s.doseTenthsMg,
        infusionMinutes: s.infusionMinutes,
        ketamineNdc: ndc,
        payerKind,
        spravatoDrugLine: payer?.spravatoDrugLine ?? null,
      });
      const dx = diagnoses.get(s.patientId) ?? [];
      const rendering =
        // The rendering provider is the one who ordered, co-signed or supervised (a nurse or technician delivers under them).
        [s.orderedBy, s.cosignedBy, s.supervisingProviderId, s.signedBy].map((id) => (id ? staffOf.get(id) : undefined)).find((u) => u?.role === 'provider') ??
        staffOf.get(s.signedBy);
      for (const l of lines) {
        const f = fee(s.locationId, coverage?.payerId ?? null, l.code);
        const review = [l.review, f.found ? null : `No fee for ${l.code} in the fee schedule`, dx.length ? null : 'No diagnosis on a signed intake']
          .filter(Boolean)
          .join('; ');
        rows.push({
          organizationId,
          locationId: s.locationId,
          patientId: s.patientId,
          sessionId: s.id,
          dateOfService: date,
          code: l.code,
          modifiers: l.modifiers,
          units: l.units,
          unitFeeCents: f.feeCents,
          chargeCents: f.feeCents * l.units,
          drug: l.drug,
          diagnoses: dx.slice(0, 12),
          pointers: dx.length ? Array.from({ length: Math.min(4, dx.length) }, (_, i) => i + 1) : [1],
          renderingProviderId: rendering?.id ?? null,
          coverageId: coverage?.id ?? null,
          payerId: coverage?.payerId ?? null,
          priorAuthorizationId: link?.kind === 'prior_authorization' ? link.id : null,
          vaReferralId: link?.kind === 'va_referral' ? link.id : null,
          authorizationOrdinal: link?.ordinal ?? null,
          why: l.why,
          review: review || null,
        });
      }
    }
    await repo.insertCharges(tx, rows);
    return rows.length;
  });
}

/**
 * Codes every session that became final since the last pass into charges (idempotent: a session is coded once).
 * Called when the charge worklist is read, as the questionnaires' dues are; answers how many charges it made.
 */
export async function codeSignedSessions(db: Db, organizationId: string): Promise<number> {
  const last = await repo.lastCodedFinalAt(db, organizationId);
  let after = last ? new Date(last.getTime() - CODING_MARGIN_MS) : new Date(0);
  let made = 0;
  for (;;) {
    const page = await billableSessionsAfter(db, organizationId, after, SESSION_PAGE);
    if (page.length === 0) break;
    const coded = await repo.codedAmong(
      db,
      page.map((s) => s.id),
    );
    const todo = page.filter((s) => !coded.has(s.id));
    if (todo.length) made += await codeBatch(db, organizationId, todo);
    after = new Date(defined(page.at(-1)).finalAt);
    if (page.length < SESSION_PAGE) break;
  }
  return made;
}

// ---- Charges ----

function presentCharge(c: repo.ChargeRow) {
  return {
    id: c.id,
    patientId: c.patientId,
    patientName: c.patientName,
    mrn: c.mrn,
    locationId: c.locationId,
    sessionId: c.sessionId,
    dateOfService: c.dateOfService,
    code: c.code,
    modifiers: c.modifiers,
    units: c.units,
    unitFeeCents: c.unitFeeCents,
    chargeCents: c.chargeCents,
    drug: c.drug,
    diagnoses: c.diagnoses,
    pointers: c.pointers,
    placeOfService: c.placeOfService,
    renderingProviderId: c.renderingProviderId,
    renderingName: c.renderingName,
    payerId: c.payerId,
    payerName: c.payerName ?? 'Self-pay',
    payerKind: c.payerKind ?? 'self_pay',
    why: c.why,
    review: c.review,
    status: c.status,
    claimId: c.claimId,
    version: c.version,
  };
}

export async function listCharges(
  deps: BillingDeps,
  user: SessionUser,
  q: { status: 'review' | 'approved' | 'billed' | 'void'; locationId?: string | undefined; patientId?: string | undefined },
  ctx: Ctx,
) {
  if (q.status === 'review') await codeSignedSessions(deps.db, user.organizationId);
  const rows = await repo.listCharges(deps.db, user.organizationId, clinicsOf(user), q);
  deps.audit.record(ctx, { action: 'charge.list', outcome: 'success', entityType: 'charge', details: { status: q.status, count: rows.length } });
  return { items: rows.map(presentCharge) };
}

async function loadCharge(deps: BillingDeps, tx: Db, user: SessionUser, id: string, action: string, ctx: Ctx) {
  const [c] = await repo.chargesByIds(tx, [id], true);
  const grant = authorize(
    deps,
    ctx,
    user,
    action,
    c ? { type: 'charge', id, organizationId: c.organizationId, locationIds: [c.locationId], patientId: c.patientId } : null,
    {
      label: 'Charge',
    },
  );
  return { charge: defined(c), grant };
}

/** A biller's correction before the charge goes out: units and fee only while in review; codes' details until it is billed. */
export async function editCharge(deps: BillingDeps, user: SessionUser, id: string, input: z.infer<typeof chargeEditSchema>, ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const { charge, grant } = await loadCharge(deps, tx, user, id, 'charge.edit', ctx);
    if (charge.status === 'void' || charge.status === 'billed')
      throw conflict('A billed or void charge is not edited: correct it on a replacement claim.', 'not_billable');
    if (charge.status !== 'review' && (input.units !== undefined || input.unitFeeCents !== undefined))
      throw conflict('Units and fee change only while the charge is in review.', 'not_billable');
    const diagnoses = input.diagnoses ?? charge.diagnoses;
    const pointers = input.pointers ?? charge.pointers;
    if (pointers.some((p) => p > diagnoses.length))
      throw badRequest('pointers must point at the charge’s diagnoses', [{ path: 'pointers', message: `must be between 1 and ${diagnoses.length}` }]);
    const units = input.units ?? charge.units;
    const unitFeeCents = input.unitFeeCents ?? charge.unitFeeCents;
    const ok = await repo.updateCharge(tx, id, input.version, {
      units,
      unitFeeCents,
      chargeCents: units * unitFeeCents,
      modifiers: input.modifiers ?? charge.modifiers,
      pointers,
      diagnoses,
      review: input.note === undefined ? charge.review : input.note,
    });
    if (!ok) throw versionConflict('Charge');
    grant.done({ changed: Object.keys(input).filter((k) => k !== 'version') });
    return presentCharge(defined((await repo.chargesByIds(tx, [id]))[0]));
  });
}

/** A charge the chart does not code (an E/M, a psychotherapy add-on): added by the biller, reviewed like any other. */
export async function addCharge(deps: BillingDeps, user: SessionUser, input: z.infer<typeof manualChargeSchema>, ctx: Ctx) {
  const grant = await authorizePatient(deps, user, input.patientId, ctx, 'charge.add');
  if (input.pointers.some((p) => p > input.diagnoses.length))
    throw badRequest('pointers must point at the diagnoses', [{ path: 'pointers', message: `must be between 1 and ${input.diagnoses.length}` }]);
  const [loc] = await billingLocations(deps.db, [input.locationId]);
  if (!loc || loc.organizationId !== user.organizationId)
    throw badRequest('locationId is not a clinic of this practice', [{ path: 'locationId', message: 'is not a clinic of this practice' }]);
  const [provider] = await billingIdentities(deps.db, [input.renderingProviderId]);
  if (!provider) throw badRequest('renderingProviderId is not a staff member', [{ path: 'renderingProviderId', message: 'is not a staff member' }]);
  const [coverages, fees] = await Promise.all([coveragesOfPatients(deps.db, [input.patientId]), repo.feesAt(deps.db, [input.locationId])]);
  const coverage = coverageOn(coverages, input.dateOfService, false);
  const f = feeLookup(fees)(input.locationId, coverage?.payerId ?? null, input.code);
  const unitFeeCents = input.unitFeeCents ?? f.feeCents;
  const [row] = await repo.insertCharges(deps.db, [
    {
      organizationId: user.organizationId,
      locationId: input.locationId,
      patientId: input.patientId,
      sessionId: input.sessionId,
      dateOfService: input.dateOfService,
      code: input.code,
      modifiers: input.modifiers,
      units: input.units,
      unitFeeCents,
      chargeCents: unitFeeCents * input.units,
      diagnoses: input.diagnoses,
      pointers: input.pointers,
      renderingProviderId: input.renderingProviderId,
      coverageId: coverage?.id ?? null,
      payerId: coverage?.payerId ?? null,
      why: input.why,
      review: unitFeeCents > 0 ? null : `No fee for ${input.code} in the fee schedule`,
      createdBy: user.id,
    },
  ]);
  grant.done({ code: input.code, units: input.units });
  return presentCharge(defined((await repo.chargesByIds(deps.db, [defined(row).id]))[0]));
}

export async function voidCharge(deps: BillingDeps, user: SessionUser, id: string, version: number, ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const { charge, grant } = await loadCharge(deps, tx, user, id, 'charge.void', ctx);
    if (charge.status !== 'review')
      throw conflict('Only a charge in review is voided; a billed one is corrected by a replacement or void claim.', 'not_billable');
    if (!(await repo.updateCharge(tx, id, version, { status: 'void' }))) throw versionConflict('Charge');
    grant.done();
    return presentCharge(defined((await repo.chargesByIds(tx, [id]))[0]));
  });
}

/**
 * The biller approves reviewed charges: each goes on the patient's ledger (the insurer's share while a claim is to be
 * sent, the patient's own for self-pay). Insured charges wait for a claim; self-pay ones are billed to the patient.
 */
export async function approveCharges(deps: BillingDeps, user: SessionUser, ids: string[], ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const rows = await repo.chargesByIds(tx, ids, true);
    if (rows.length !== new Set(ids).size) throw notFound('Charge');
    const grant = authorize(
      deps,
      ctx,
      user,
      'charge.approve',
      {
        type: 'charge',
        id: null,
        organizationId: rows.every((r) => r.organizationId === user.organizationId) ? user.organizationId : '',
        locationIds: [...new Set(rows.map((r) => r.locationId))],
      },
      { label: 'Charge' },
    );
    const problems = rows.flatMap((r, i) => [
      ...(r.status !== 'review' ? [{ path: `ids.${i}`, message: `is ${r.status}, not in review` }] : []),
      ...(r.chargeCents <= 0 ? [{ path: `ids.${i}`, message: `${r.code} has no fee` }] : []),
      ...(r.diagnoses.length === 0 ? [{ path: `ids.${i}`, message: `${r.code} has no diagnosis` }] : []),
    ]);
    if (problems.length) throw new AppError(409, 'not_billable', 'Some charges cannot be approved.', problems);
    const selfPay = rows.filter((r) => !r.payerId).map((r) => r.id);
    const insured = rows.filter((r) => r.payerId).map((r) => r.id);
    await repo.setChargeStatus(tx, insured, 'approved', user.id);
    await repo.setChargeStatus(tx, selfPay, 'billed', user.id);
    const zones = new Map((await billingLocations(tx, [...new Set(rows.map((r) => r.locationId))])).map((l) => [l.id, l.timeZone]));
    await repo.insertLedger(
      tx,
      rows.map((r) => ({
        organizationId: r.organizationId,
        patientId: r.patientId,
        kind: 'charge',
        responsibility: r.payerId ? 'insurance' : 'patient',
        amountCents: r.chargeCents,
        description: `${r.code}${r.units > 1 ? ` x${r.units}` : ''}: ${r.why.split(':')[0]}`.slice(0, 200),
        dateOfService: r.dateOfService,
        postedOn: clinicToday(zones.get(r.locationId) ?? 'America/New_York'),
        chargeId: r.id,
        createdBy: user.id,
      })),
    );
    // No Surprises Act: a self-pay patient billed $400 or more above their Good Faith Estimate may dispute the bill;
    // the practice's billers are told once per patient (the ledger and statement state the patient's rights).
    const selfPayPatients = [...new Map(rows.filter((r) => !r.payerId).map((r) => [r.patientId, r])).values()];
    for (const r of selfPayPatients) {
      const [billed, estimates] = [await repo.selfPayBilledCents(tx, r.patientId), await ownEstimates(tx, r.patientId)];
      const gfe = estimates.find((e) => e.kind === 'good_faith_estimate');
      if (!gfe) continue;
      const check = nsaCheck(billed.totalCents, gfe.patientCents, billed.firstBilledOn ?? clinicToday(zones.get(r.locationId) ?? 'America/New_York'));
      if (!check.disputeEligible) continue;
      await notifyOnce(
        tx,
        (await billersFor(tx, r.organizationId, r.locationId)).map((userId) => ({
          organizationId: r.organizationId,
          userId,
          kind: 'billing.no_surprises_act',
          title: `${r.patientName}: billed ${formatCents(check.overCents)} above the Good Faith Estimate`,
          body: `A self-pay bill $400 or more above the Good Faith Estimate can be disputed until ${check.disputeBy ?? ''}. Do not send it to collections during a dispute; review the charges.`,
          link: `/patients/${r.patientId}`,
          entityId: r.patientId,
        })),
      );
    }
    grant.done({ count: rows.length, selfPay: selfPay.length });
    return { approved: insured.length, billedToPatient: selfPay.length };
  });
}

// ---- Claims ----

export type ClaimBuild = {
  claim: repo.ClaimRow;
  lines: repo.ClaimLineRow[];
  location: BillingLocation;
  patient: PatientForBilling;
  coverage: CoverageRow | null;
  payer: repo.PayerSettingsRow | null;
  rendering: { id: string; displayName: string; npi: string | null; taxonomy: string | null } | null;
};

/** Loads everything claims need to be scrubbed or written, for many claims in a fixed number of statements. */
export async function claimBuilds(db: Db, organizationId: string, claims: repo.ClaimRow[]): Promise<ClaimBuild[]> {
  if (claims.length === 0) return [];
  const ids = claims.map((c) => c.id);
  const [lines, locations, patients, coverages, payers, staff] = await repo.together(db, [
    () => repo.linesOfClaims(db, ids),
    () => billingLocations(db, [...new Set(claims.map((c) => c.locationId))]),
    () => patientsForBilling(db, [...new Set(claims.map((c) => c.patientId))]),
    () => coveragesOfPatients(db, [...new Set(claims.map((c) => c.patientId))]),
    () => repo.payersWithSettings(db, organizationId, [...new Set(claims.map((c) => c.payerId))]),
    () => billingIdentities(db, [...new Set(claims.flatMap((c) => (c.renderingProviderId ? [c.renderingProviderId] : [])))]),
  ] as const);
  const linesOf = new Map<string, repo.ClaimLineRow[]>();
  for (const l of lines) {
    const list = linesOf.get(l.claimId);
    if (list) list.push(l);
    else linesOf.set(l.claimId, [l]);
  }
  const loc = new Map(locations.map((l) => [l.id, l]));
  const pat = new Map(patients.map((p) => [p.id, p]));
  const cov = new Map(coverages.map((c) => [c.id, c]));
  const pay = new Map(payers.map((p) => [p.payerId, p]));
  const st = new Map(staff.map((s) => [s.id, s]));
  return claims.map((claim) => ({
    claim,
    lines: linesOf.get(claim.id) ?? [],
    location: defined(loc.get(claim.locationId)),
    patient: defined(pat.get(claim.patientId)),
    coverage: cov.get(claim.coverageId) ?? null,
    payer: pay.get(claim.payerId) ?? null,
    rendering: claim.renderingProviderId ? (st.get(claim.renderingProviderId) ?? null) : null,
  }));
}

/** The prior authorization and the VA referral (as they stand now) that a claim's charges were counted against. */
export async function authorizationsOfCharges(db: Db, charges: readonly repo.ChargeRow[]) {
  const paId = charges.find((x) => x.priorAuthorizationId)?.priorAuthorizationId ?? null;
  const vaId = charges.find((x) => x.vaReferralId)?.vaReferralId ?? null;
  const [pa, va] = await payerLinks(db, [{ priorAuthorizationId: paId }, { vaReferralId: vaId }]);
  return [pa ?? null, va ?? null] as const;
}

/** The scrubber's findings for a claim, with the payer's policy and the authorization as they stand now. */
export async function scrub(db: Db, b: ClaimBuild, charges: repo.ChargeRow[]): Promise<ScrubFinding[]> {
  const c = b.claim;
  const treatment = b.lines.map((l) => treatmentOfCode(l.code)).find(Boolean) ?? null;
  const policyRow = treatment ? await policyInForce(db, c.payerId, treatment, c.firstDateOfService) : null;
  const terms = policyRow?.terms as PolicyTerms | undefined;
  const [pa, va] = await authorizationsOfCharges(db, charges);
  const used = Math.max(0, ...charges.map((x) => x.authorizationOrdinal ?? 0));
  return scrubClaim({
    today: clinicToday(b.location.timeZone),
    payerKind: c.payerKind as PayerKind,
    filingDays: b.payer?.filingDays ?? null,
    frequency: c.frequency,
    originalPayerClaimNumber: c.originalPayerClaimNumber,
    billingNpi: b.location.npi,
    billingTaxId: b.location.taxId,
    renderingNpi: b.rendering?.npi ?? null,
    memberId: b.coverage?.memberId ?? null,
    diagnoses: c.diagnoses,
    policy: terms
      ? {
          covered: terms.covered,
          priorAuthorizationRequired: terms.priorAuthorizationRequired,
          diagnosisCodes: terms.criteria.diagnosisCodes ?? null,
          note: terms.note ?? null,
        }
      : null,
    authorization: pa
      ? { number: pa.number, sessions: pa.sessions, used, from: pa.from, to: pa.to }
      : c.priorAuthorizationNumber
        ? { number: c.priorAuthorizationNumber, sessions: null, used, from: null, to: null }
        : null,
    vaReferral: va && va.number && va.from && va.to ? { number: va.number, visits: va.sessions, used, from: va.from, to: va.to } : null,
    lines: b.lines.map((l) => ({
      code: l.code,
      units: l.units,
      chargeCents: l.chargeCents,
      dateOfService: l.dateOfService,
      pointers: l.pointers,
      drug: l.drug ? { ndc: l.drug.ndc } : null,
      review: null,
    })),
  }).concat(
    b.payer?.configured
      ? []
      : [
          {
            rule: 'payer_settings',
            severity: 'error',
            message: `Record ${c.payerName}’s billing settings (payer ID, filing indicator)`,
            denial: null,
            line: null,
          },
        ],
  );
}
