import type { Db } from '../../db/client.js';
import * as repo from './authorizations.repository.js';
export { visitAuthorizations, type VisitAuthorization } from './authorizations.repository.js';

// The authorizations module's public surface for other modules: prior authorizations, VA referrals and the
// sessions counted against them.

/** What a course needs to know of the authorization or referral it counts against. */
export type PayerLink = {
  kind: 'prior_authorization' | 'va_referral';
  id: string;
  patientId: string;
  treatment: string;
  /** Approved (prior authorization) or issued (VA referral): sessions can count against it. */
  inForce: boolean;
  sessions: number | null;
  from: string | null;
  to: string | null;
  used: number;
  /** The authorization number (REF*G1) or VA referral number (REF*9F) a claim carries. */
  number: string | null;
  thirdPartyAdministrator: string | null;
};

const fromPa = (pa: repo.PaRow): PayerLink => ({
  kind: 'prior_authorization',
  id: pa.id,
  patientId: pa.patientId,
  treatment: pa.treatment,
  inForce: pa.status === 'approved',
  sessions: pa.approvedSessions,
  from: pa.approvedFrom,
  to: pa.approvedTo,
  used: pa.usedSessions,
  number: pa.authorizationNumber,
  thirdPartyAdministrator: null,
});

const fromVa = (va: repo.VaRow): PayerLink => ({
  kind: 'va_referral',
  id: va.id,
  patientId: va.patientId,
  treatment: va.treatment,
  inForce: true,
  sessions: va.authorizedVisits,
  from: va.validFrom,
  to: va.validTo,
  used: va.usedSessions,
  number: va.referralNumber,
  thirdPartyAdministrator: va.thirdPartyAdministrator,
});

type LinkIds = { priorAuthorizationId?: string | null; vaReferralId?: string | null };

export async function payerLink(db: Db, link: LinkIds): Promise<PayerLink | null> {
  return (await payerLinks(db, [link]))[0] ?? null;
}

/** The payer links of many records (a patient's courses) in two statements, in the order asked; null where none. */
export async function payerLinks(db: Db, links: readonly LinkIds[]): Promise<(PayerLink | null)[]> {
  const paIds = [...new Set(links.flatMap((l) => (l.priorAuthorizationId ? [l.priorAuthorizationId] : [])))];
  const vaIds = [...new Set(links.flatMap((l) => (l.vaReferralId ? [l.vaReferralId] : [])))];
  const [pas, vas] = await Promise.all([repo.findPriorAuthorizations(db, paIds), repo.findVaReferrals(db, vaIds)]);
  const pa = new Map(pas.map((r) => [r.id, fromPa(r)]));
  const va = new Map(vas.map((r) => [r.id, fromVa(r)]));
  return links.map((l) => (l.priorAuthorizationId ? (pa.get(l.priorAuthorizationId) ?? null) : l.vaReferralId ? (va.get(l.vaReferralId) ?? null) : null));
}

/**
 * The link as it stands after locking its row (inside the caller's transaction): bookings and completions counted
 * against one authorization or referral serialize, so two coordinators cannot both book its last session.
 */
export async function lockPayerLink(tx: Db, link: { kind: PayerLink['kind']; id: string }): Promise<PayerLink | null> {
  await repo.lockLink(tx, link.kind, link.id);
  return payerLink(tx, link.kind === 'prior_authorization' ? { priorAuthorizationId: link.id } : { vaReferralId: link.id });
}

/**
 * Counts a completed visit against the authorization or referral its course is linked to (issue 9: no more counting by
 * hand). Idempotent per visit. Answers whether it was counted now.
 */
export async function countVisitSession(
  tx: Db,
  link: { kind: PayerLink['kind']; id: string },
  visit: { appointmentId: string; date: string; recordedBy: string },
): Promise<boolean> {
  return repo.insertVisitSession(tx, {
    ...(link.kind === 'prior_authorization' ? { priorAuthorizationId: link.id } : { vaReferralId: link.id }),
    sessionDate: visit.date,
    appointmentId: visit.appointmentId,
    note: 'Counted when the visit was completed',
    recordedBy: visit.recordedBy,
  });
}

/** The patient's own signed letters that their provider shared (the portal's documents). */
export { ownLetterPdf, ownSharedLetters } from './own-letters.js';
