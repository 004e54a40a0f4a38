import type { z } from 'zod';
import type { SessionUser } from '../../../contracts/auth.js';
import type { appealLetterSchema, appealOutcomeSchema, denialResolveSchema } from '../../../contracts/billing.js';
import { carcInfo, GROUP_CODES } from '../../../domain/billing/carc.js';
import { APPEAL_LEVELS, appealDeadline, defaultAppealRules, type AppealRules, type PayerKindForDeadlines } from '../../../domain/billing/deadlines.js';
import { formatCents } from '../../../domain/coverage/estimate.js';
import { defined } from '../../../domain/defined.js';
import { findDiagnosisCode } from '../../../domain/intake/diagnoses.js';
import { clinicToday, daysFromTo } from '../../../domain/time/clinic-today.js';
import type { Db } from '../../db/client.js';
import { toIso } from '../../db/sql-values.js';
import { authorize } from '../../platform/access/authorize.js';
import { seesAllClinics } from '../../platform/access/permissions.js';
import type { AuditContext } from '../../platform/audit/audit-trail.js';
import { renderPdf, type DocumentSpec } from '../../platform/documents/pdf.js';
import { conflict, versionConflict } from '../../platform/errors.js';
import { chartFacts, latestSignedContent } from '../intake/index.js';
import { billingLocations, clinicLetterhead } from '../locations/index.js';
import { outcomesOf } from '../outcomes/index.js';
import { patientsForBilling } from '../patients/index.js';
import * as repo from './billing.repository.js';
import { authorizationsOfCharges, type BillingDeps } from './billing.service.js';

type Ctx = AuditContext;
const iso = (v: string | Date | null | undefined) => toIso(v ?? null);
const clinicsOf = (user: SessionUser) => (seesAllClinics(user) ? null : user.locationIds);
const rulesOf = (d: repo.DenialRow) => (d.appealRules ?? defaultAppealRules(d.payerKind as PayerKindForDeadlines)) as AppealRules;

function presentDenial(d: repo.DenialRow, today: string) {
  const info = carcInfo(d.reasonCode);
  return {
    id: d.id,
    claimId: d.claimId,
    patientId: d.patientId,
    patientName: d.patientName,
    patientControlNumber: d.patientControlNumber,
    payerId: d.payerId,
    payerName: d.payerName,
    claimStatus: d.claimStatus,
    code: `${d.groupCode}-${d.reasonCode}`,
    groupCode: d.groupCode,
    groupMeaning: (GROUP_CODES as Partial<Record<string, string>>)[d.groupCode] ?? d.groupCode,
    reasonCode: d.reasonCode,
    meaning: info.meaning,
    likelyFix: info.fix,
    remarks: d.remarks,
    amountCents: d.amountCents,
    deniedOn: d.deniedOn,
    firstDateOfService: d.firstDateOfService,
    appealable: d.appealable,
    appealNote: d.appealNote,
    deadline: d.deadline,
    daysLeft: d.deadline ? daysFromTo(today, d.deadline) : null,
    appealRules: rulesOf(d),
    status: d.status,
    resolvedNote: d.resolvedNote,
    version: d.version,
  };
}

/** The denials worklist: by deadline, with each code's meaning, the likely fix and the days left to appeal. */
export async function listDenials(
  deps: BillingDeps,
  user: SessionUser,
  q: { status: 'open' | 'appealed' | 'resolved' | 'written_off'; payerId?: string | undefined; reasonCode?: string | undefined },
  ctx: Ctx,
) {
  const rows = await repo.listDenials(deps.db, user.organizationId, clinicsOf(user), q);
  deps.audit.record(ctx, { action: 'denial.list', outcome: 'success', entityType: 'denial', details: { ...q, count: rows.length } });
  const zones = new Map((await billingLocations(deps.db, [...new Set(rows.map((r) => r.locationId))])).map((l) => [l.id, l.timeZone]));
  const items = rows.map((r) => presentDenial(r, clinicToday(zones.get(r.locationId) ?? 'America/New_York')));
  // By payer and by code, for the worklist's filters and the denial report.
  const byPayer = new Map<string, { payerId: string; payerName: string; count: number; amountCents: number }>();
  const byCode = new Map<string, { code: string; meaning: string; count: number; amountCents: number }>();
  for (const d of items) {
    const p = byPayer.get(d.payerId) ?? { payerId: d.payerId, payerName: d.payerName, count: 0, amountCents: 0 };
    p.count++;
    p.amountCents += d.amountCents;
    byPayer.set(d.payerId, p);
    const c = byCode.get(d.code) ?? { code: d.code, meaning: d.meaning, count: 0, amountCents: 0 };
    c.count++;
    c.amountCents += d.amountCents;
    byCode.set(d.code, c);
  }
  return { items, byPayer: [...byPayer.values()], byCode: [...byCode.values()] };
}

async function loadDenial(deps: BillingDeps, tx: Db, user: SessionUser, id: string, action: string, ctx: Ctx) {
  const d = await repo.findDenial(tx, id, true);
  const grant = authorize(
    deps,
    ctx,
    user,
    action,
    d ? { type: 'denial', id, organizationId: d.organizationId, locationIds: [d.locationId], patientId: d.patientId } : null,
    {
      label: 'Denial',
    },
  );
  return { denial: defined(d), grant };
}

/**
 * Closes a denial without an appeal: written off (the insurer's balance goes), moved to the patient (for example a
 * non-covered service the patient agreed in writing to pay), or resolved (corrected and resent as a replacement).
 */
export async function resolveDenial(deps: BillingDeps, user: SessionUser, id: string, input: z.infer<typeof denialResolveSchema>, ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const { denial: d, grant } = await loadDenial(deps, tx, user, id, 'denial.resolve', ctx);
    if (d.status !== 'open' && d.status !== 'appealed') throw conflict(`The denial is already ${d.status}.`, 'conflict');
    const status = input.action === 'write_off' ? 'written_off' : 'resolved';
    if (!(await repo.updateDenial(tx, id, input.version, { status, resolvedNote: input.note, resolvedBy: user.id, resolvedAt: new Date() })))
      throw versionConflict('Denial');
    const [loc] = await billingLocations(tx, [d.locationId]);
    const postedOn = clinicToday(loc?.timeZone ?? 'America/New_York');
    const base = {
      organizationId: d.organizationId,
      patientId: d.patientId,
      postedOn,
      claimId: d.claimId,
      reason: `${d.groupCode}-${d.reasonCode}`,
      createdBy: user.id,
    };
    if (input.action === 'write_off') await repo.addToClaim(tx, d.claimId, { adjustedCents: d.amountCents });
    if (input.action === 'transfer_to_patient') await repo.addToClaim(tx, d.claimId, { patientCents: d.amountCents });
    if (input.action === 'write_off')
      await repo.insertLedger(tx, [
        {
          ...base,
          kind: 'write_off',
          responsibility: 'insurance',
          amountCents: -d.amountCents,
          description: `Written off: ${d.groupCode}-${d.reasonCode} on ${d.patientControlNumber}`,
        },
      ]);
    if (input.action === 'transfer_to_patient')
      await repo.insertLedger(tx, [
        {
          ...base,
          kind: 'transfer',
          responsibility: 'insurance',
          amountCents: -d.amountCents,
          description: `${d.groupCode}-${d.reasonCode} on ${d.patientControlNumber} moves to the patient`,
        },
        {
          ...base,
          kind: 'transfer',
          responsibility: 'patient',
          amountCents: d.amountCents,
          description: `Not paid by ${d.payerName} (${d.groupCode}-${d.reasonCode}): ${input.note}`.slice(0, 200),
        },
      ]);
    grant.done({ action: input.action });
    return presentDenial(defined(await repo.findDenial(tx, id)), postedOn);
  });
}

/** The appeal letter drafted from the chart: diagnoses, failed trials, outcomes so far and the authorization history. */
async function draftLetter(db: Db, d: repo.DenialRow, level: { level: number; name: string }, deadline: string) {
  const [claim] = await repo.claimsByIds(db, [d.claimId]);
  const c = defined(claim);
  const [lines, [patient], intake, outcomes] = await repo.together(db, [
    () => repo.linesOfClaims(db, [c.id]),
    () => patientsForBilling(db, [c.patientId]),
    () => latestSignedContent(db, c.patientId),
    () => outcomesOf(db, c.patientId),
  ] as const);
  const charges = await repo.chargesByIds(
    db,
    lines.map((l) => l.chargeId),
  );
  const [pa, va] = await authorizationsOfCharges(db, charges);
  const p = defined(patient);
  const info = carcInfo(d.reasonCode);
  const facts = intake ? chartFacts(intake.content, p.dateOfBirth, d.deniedOn) : null;
  const services = lines.map(
    (l) => `${l.dateOfService}: ${l.code}${l.modifiers.length ? `-${l.modifiers.join('-')}` : ''} x${l.units}, ${formatCents(l.chargeCents)}`,
  );
  const dx = c.diagnoses.map((code) => `${code} ${findDiagnosisCode(code)?.description ?? ''}`.trim());
  const outcomeLines = outcomes.courses.flatMap((course) =>
    course.outcomes.map(
      (o) =>
        `${course.protocolName}, ${o.instrument}: baseline ${o.baseline?.total ?? 'not recorded'}` +
        (o.latest && o.latest.at !== o.baseline?.at
          ? ` to ${o.latest.total}${o.percentReduction !== null ? ` (${o.percentReduction}% reduction)` : ''}`
          : '; no follow-up score yet') +
        ` after ${course.sessionsDone} session${course.sessionsDone === 1 ? '' : 's'}`,
    ),
  );
  const link = pa ?? va;
  const sections = [
    {
      title: 'Request',
      body:
        `We request ${level.name.toLowerCase()} (level ${level.level}) of claim ${c.patientControlNumber}` +
        `${c.payerClaimNumber ? ` (your claim number ${c.payerClaimNumber})` : ''} for ${p.legalGivenName} ${p.legalFamilyName}, born ${p.dateOfBirth}, ` +
        `denied on ${d.deniedOn} with ${d.groupCode}-${d.reasonCode} (${info.meaning}) for ${formatCents(d.amountCents)}. This request is within the limit (by ${deadline}).`,
    },
    { title: 'Services', body: services.join('\n') },
    { title: 'Diagnoses', body: dx.join('\n') || 'See the enclosed records.' },
    {
      title: 'Treatment history',
      body: facts?.failedTrials.length
        ? facts.failedTrials.map((t) => `${t.drug} (${t.class}) ${t.dose}, ${t.dates}: ${t.outcome}`).join('\n')
        : 'Prior treatment is documented in the enclosed records.',
    },
    { title: 'Response to treatment', body: outcomeLines.join('\n') || 'Measured outcomes are in the enclosed records.' },
    {
      title: 'Authorization',
      body: link
        ? `${link.kind === 'va_referral' ? 'VA referral' : 'Prior authorization'} ${link.number ?? '(number pending)'}: ${link.sessions ?? 'unlimited'} sessions from ${link.from ?? '?'} to ${link.to ?? '?'}, ${link.used} used.`
        : 'No authorization was on file for these services.',
    },
    {
      title: 'Why the denial should be reversed',
      body: `${info.fix}. The services were medically necessary as documented above and in the enclosed chart notes.`,
    },
  ];
  return { sections };
}

/** Opens an appeal at the next level (or the level asked), with its deadline from the payer's rules and a drafted letter. */
export async function createAppeal(deps: BillingDeps, user: SessionUser, denialId: string, input: { level?: number | undefined }, ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const { denial: d, grant } = await loadDenial(deps, tx, user, denialId, 'appeal.create', ctx);
    if (!d.appealable) throw conflict(d.appealNote ?? 'This denial cannot be appealed.', 'not_appealable');
    if (d.status === 'resolved' || d.status === 'written_off') throw conflict(`The denial is ${d.status}.`, 'conflict');
    const rules = rulesOf(d);
    const existing = await repo.appealsOfClaim(tx, d.claimId);
    const mine = existing.filter((a) => a.denialId === d.id);
    const last = mine.at(-1);
    const level = input.level ?? (last ? last.level + 1 : 1);
    if (last && (last.status === 'draft' || last.status === 'submitted'))
      throw conflict(`Level ${last.level} is still open: record its outcome first.`, 'conflict');
    if (last && level <= last.level) throw conflict(`Level ${level} was already appealed.`, 'conflict');
    // The next level runs from the last level's decision; the first from the denial.
    const lastDecided = last ? await repo.findAppeal(tx, last.id) : null;
    const decidedOn = lastDecided?.decidedAt ? defined(iso(lastDecided.decidedAt)).slice(0, 10) : d.deniedOn;
    const due = appealDeadline(rules, level, decidedOn);
    if (!due) throw conflict(`${rules} appeals have ${APPEAL_LEVELS[rules].length} level(s).`, 'not_appealable');
    const letter = await draftLetter(tx, d, { level, name: due.level.name }, due.deadline);
    const id = await repo.insertAppeal(tx, {
      organizationId: d.organizationId,
      claimId: d.claimId,
      denialId: d.id,
      level,
      levelName: due.level.name,
      rules,
      decidedOn,
      deadline: due.deadline,
      letter,
      createdBy: user.id,
    });
    await repo.updateDenial(tx, d.id, d.version, { status: 'appealed' });
    await repo.setClaimStatus(tx, [d.claimId], 'appealed');
    await repo.insertClaimEvents(tx, [
      { claimId: d.claimId, fromStatus: d.claimStatus, toStatus: 'appealed', note: `${due.level.name} due ${due.deadline}`, by: user.id },
    ]);
    grant.done({ appealId: id, level });
    return presentAppeal(defined(await repo.findAppeal(tx, id)));
  });
}

function presentAppeal(a: repo.AppealRow) {
  return {
    id: a.id,
    claimId: a.claimId,
    denialId: a.denialId,
    patientId: a.patientId,
    patientControlNumber: a.patientControlNumber,
    payerName: a.payerName,
    level: a.level,
    levelName: a.levelName,
    rules: a.rules,
    decidedOn: a.decidedOn,
    deadline: a.deadline,
    letter: a.letter,
    status: a.status,
    submittedAt: iso(a.submittedAt),
    outcomeNote: a.outcomeNote,
    decidedAt: iso(a.decidedAt),
    version: a.version,
  };
}

async function loadAppeal(deps: BillingDeps, tx: Db, user: SessionUser, id: string, action: string, ctx: Ctx) {
  const a = await repo.findAppeal(tx, id, true);
  const grant = authorize(
    deps,
    ctx,
    user,
    action,
    a ? { type: 'appeal', id, organizationId: a.organizationId, locationIds: [a.locationId], patientId: a.patientId } : null,
    {
      label: 'Appeal',
    },
  );
  return { appeal: defined(a), grant };
}

export async function readAppeal(deps: BillingDeps, user: SessionUser, id: string, ctx: Ctx) {
  const { appeal, grant } = await loadAppeal(deps, deps.db, user, id, 'appeal.read', ctx);
  grant.done();
  return presentAppeal(appeal);
}

export async function editAppealLetter(deps: BillingDeps, user: SessionUser, id: string, input: z.infer<typeof appealLetterSchema>, ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const { appeal, grant } = await loadAppeal(deps, tx, user, id, 'appeal.edit', ctx);
    if (appeal.status !== 'draft') throw conflict('A submitted appeal’s letter is what was sent: it is not edited.', 'conflict');
    if (!(await repo.updateAppeal(tx, id, input.version, { letter: input.letter }))) throw versionConflict('Appeal');
    grant.done();
    return presentAppeal(defined(await repo.findAppeal(tx, id)));
  });
}

/** Records the appeal's progress: sent, then won (in whole or part) or lost; a won appeal's payment comes on a new 835. */
export async function recordAppealStatus(deps: BillingDeps, user: SessionUser, id: string, input: z.infer<typeof appealOutcomeSchema>, ctx: Ctx) {
  return deps.db.transaction(async (tx) => {
    const { appeal, grant } = await loadAppeal(deps, tx, user, id, 'appeal.status', ctx);
    const allowed: Record<string, string[]> = { draft: ['submitted'], submitted: ['won', 'partially_won', 'lost'] };
    if (!(allowed[appeal.status] ?? []).includes(input.status)) throw conflict(`An appeal that is ${appeal.status} cannot become ${input.status}.`, 'conflict');
    const set =
      input.status === 'submitted'
        ? { status: input.status, submittedAt: new Date(), outcomeNote: input.note ?? null }
        : { status: input.status, decidedAt: new Date(), outcomeNote: input.note ?? null };
    if (!(await repo.updateAppeal(tx, id, input.version, set))) throw versionConflict('Appeal');
    const d = defined(await repo.findDenial(tx, appeal.denialId, true));
    if (input.status === 'won')
      await repo.updateDenial(tx, d.id, d.version, {
        status: 'resolved',
        resolvedNote: `Won on appeal (${appeal.levelName})`,
        resolvedBy: user.id,
        resolvedAt: new Date(),
      });
    if (input.status === 'lost' || input.status === 'partially_won') await repo.updateDenial(tx, d.id, d.version, { status: 'open' });
    grant.done({ status: input.status });
    return presentAppeal(defined(await repo.findAppeal(tx, id)));
  });
}

export function appealDocument(a: ReturnType<typeof presentAppeal>, letterhead: DocumentSpec['letterhead']): DocumentSpec {
  return {
    letterhead,
    title: `Appeal: ${a.levelName}`,
    subtitle: `To: ${a.payerName} · Claim ${a.patientControlNumber} · Due ${a.deadline}`,
    sections: [
      ...a.letter.sections.map((s) => ({
        heading: s.title,
        blocks: s.body.includes('\n')
          ? [{ kind: 'bullets' as const, items: s.body.split('\n').filter(Boolean) }]
          : [{ kind: 'paragraph' as const, text: s.body }],
      })),
      { heading: 'Signature', blocks: [{ kind: 'paragraph' as const, text: 'Signed: ______________________________   Date: ____________' }] },
    ],
    footer: `Appeal rules: ${a.rules}; level ${a.level}. Enclosures: chart notes, outcome measures, authorization.`,
  };
}

export async function appealPdf(deps: BillingDeps, user: SessionUser, id: string, ctx: Ctx) {
  const { appeal, grant } = await loadAppeal(deps, deps.db, user, id, 'appeal.pdf', ctx);
  const [claim] = await repo.claimsByIds(deps.db, [appeal.claimId]);
  const letterhead = await clinicLetterhead(deps.db, defined(claim).locationId);
  const pdf = await renderPdf(appealDocument(presentAppeal(appeal), letterhead));
  grant.done();
  return pdf;
}
