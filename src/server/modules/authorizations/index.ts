import type { Db } from '../../db/client.js';
import * as repo from './authorizations.repository.js';

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
};

export async function payerLink(db: Db, link: { priorAuthorizationId?: string | null; vaReferralId?: string | null }): Promise<PayerLink | null> {
  if (link.priorAuthorizationId) {
    const pa = await repo.findPriorAuthorization(db, link.priorAuthorizationId);
    if (!pa) return null;
    return {
      kind: 'prior_authorization',
      id: pa.id,
      patientId: pa.patientId,
      treatment: pa.treatment,
      inForce: pa.status === 'approved',
      sessions: pa.approvedSessions,
      from: pa.approvedFrom,
      to: pa.approvedTo,
      used: pa.usedSessions,
    };
  }
  if (link.vaReferralId) {
    const va = await repo.findVaReferral(db, link.vaReferralId);
    if (!va) return null;
    return {
      kind: 'va_referral',
      id: va.id,
      patientId: va.patientId,
      treatment: va.treatment,
      inForce: true,
      sessions: va.authorizedVisits,
      from: va.validFrom,
      to: va.validTo,
      used: va.usedSessions,
    };
  }
  return null;
}
