import { daysFromTo } from '../time/clinic-today.js';

/**
 * Counting sessions against an approval (a prior authorization or a VA referral): payers deny sessions beyond what
 * was approved (CARC 198 "authorization exceeded", domain §8.4), and VA SEOCs authorize a number of visits within a
 * window (domain §7). Warn before a course runs past either, and list approvals that end within two weeks.
 */
export type Approval = { approvedSessions: number | null; startDate: string; endDate: string };

export const EXPIRY_WARNING_DAYS = 14;
/** When this many approved sessions or fewer remain, the approval is on the expiring list (issue 9). */
export const FEW_SESSIONS_LEFT = 3;

export type ApprovalStatus = {
  usedSessions: number;
  remainingSessions: number | null;
  daysLeft: number;
  active: boolean;
  expiringSoon: boolean;
  runningOutSoon: boolean;
  /** Three or fewer approved sessions left (issue 9): the biller sees it on the expiring list and can request an extension. */
  fewLeft: boolean;
  warnings: string[];
};

/**
 * The state of an approval on `today`, given sessions used so far and, optionally, a planned course (sessions still
 * to come, the last planned date and the pace per week).
 */
export function approvalStatus(
  a: Approval,
  usedSessions: number,
  today: string,
  plan?: { remainingSessions: number; lastDate?: string | undefined; sessionsPerWeek?: number | undefined },
): ApprovalStatus {
  const remaining = a.approvedSessions === null ? null : a.approvedSessions - usedSessions;
  const daysLeft = daysFromTo(today, a.endDate);
  const active = today >= a.startDate && today <= a.endDate && (remaining === null || remaining > 0);
  const warnings: string[] = [];
  if (today < a.startDate) warnings.push(`Approval starts on ${a.startDate}.`);
  if (today > a.endDate) warnings.push(`Approval ended on ${a.endDate}.`);
  if (remaining !== null && remaining <= 0) warnings.push(`All ${a.approvedSessions} approved sessions are used.`);
  if (plan && remaining !== null && plan.remainingSessions > remaining)
    warnings.push(`The plan has ${plan.remainingSessions} more sessions, but only ${Math.max(remaining, 0)} are approved.`);
  if (plan?.lastDate && plan.lastDate > a.endDate) warnings.push(`The plan runs to ${plan.lastDate}, past the approval end ${a.endDate}.`);
  const expiringSoon = daysLeft >= 0 && daysLeft <= EXPIRY_WARNING_DAYS;
  const pace = plan?.sessionsPerWeek ?? 0;
  const runningOutSoon = remaining !== null && remaining > 0 && pace > 0 && remaining <= Math.ceil((pace * EXPIRY_WARNING_DAYS) / 7);
  if (expiringSoon) warnings.push(`Approval ends in ${daysLeft} day(s).`);
  if (runningOutSoon) warnings.push(`Only ${remaining} approved session(s) left at ${pace} a week.`);
  const fewLeft = remaining !== null && remaining > 0 && remaining <= FEW_SESSIONS_LEFT;
  if (fewLeft && !runningOutSoon) warnings.push(`Only ${remaining} approved session(s) left: request an extension.`);
  return { usedSessions, remainingSessions: remaining, daysLeft, active, expiringSoon, runningOutSoon, fewLeft, warnings };
}

export type PriorAuthorizationStatus = 'draft' | 'submitted' | 'more_info_requested' | 'approved' | 'denied';

/**
 * Where a prior authorization may go next. A denial can be resubmitted (appeals come with claims); an approval is
 * final (an extension is a new request).
 */
export const PRIOR_AUTHORIZATION_TRANSITIONS: Record<PriorAuthorizationStatus, readonly PriorAuthorizationStatus[]> = {
  draft: ['submitted'],
  submitted: ['more_info_requested', 'approved', 'denied'],
  more_info_requested: ['submitted', 'approved', 'denied'],
  approved: [],
  denied: ['submitted'],
};

export function canMovePriorAuthorization(from: string, to: string): boolean {
  // `from` comes from stored rows: an unknown status allows no move.
  const allowed: readonly string[] = (PRIOR_AUTHORIZATION_TRANSITIONS as Partial<Record<string, readonly string[]>>)[from] ?? [];
  return allowed.includes(to);
}

/**
 * Sessions a week by treatment, to judge "runs out within two weeks": TMS 5 a week (domain §4.1); esketamine twice
 * weekly in induction (domain §2.1); IV ketamine about twice a week (6 infusions over 2-3 weeks, domain §3);
 * integration therapy weekly.
 */
export const SESSIONS_PER_WEEK: Record<string, number> = { tms: 5, esketamine: 2, iv_ketamine: 2, integration_therapy: 1 };
