import { addDays, daysFromTo } from '../time/clinic-today.js';

/**
 * Deadlines a biller works against: timely filing (from the date of service) and appeals (from the denial). Dates are
 * the clinic's calendar dates (YYYY-MM-DD); the rules and their sources:
 *
 * Timely filing (delivery-and-billing.md B7.3):
 * - Medicare FFS: 12 months (one calendar year) from the date of service, 42 CFR 424.44; a Feb 29 date of service is
 *   due Feb 28 of the next year (Noridian, Palmetto). Untimely Part B claims are denied CO-29 with no appeal rights.
 * - VA Community Care (CCN, TriWest and Optum): 180 calendar days from the date of service (TriWest Provider Pulse,
 *   Apr 2024).
 * - Commercial and Medicaid: contract-specific (B7.3 marks it UNVERIFIED), so a per-payer setting; the clinic default
 *   is 90 days, the short end of the commonly quoted 90-180.
 *
 * Appeals (domain.md §8.5, B7.4):
 * - ERISA / ACA plans (29 CFR 2560.503-1; 45 CFR 147.136): internal appeal within 180 days of the adverse
 *   determination; external review within 4 months of the final internal denial.
 * - Original Medicare, five levels: redetermination 120 days from the initial determination; QIC reconsideration 180
 *   days; ALJ 60 days (amount in controversy $190 for 2025 on); Medicare Appeals Council 60 days; federal court 60 days
 *   ($1,900 in controversy, 2025).
 * - Medicare Advantage: plan reconsideration 60 days from the notice.
 * - VA CCN: reconsideration within 90 days of the original decision (B7.3/B7.4, TriWest).
 * - Medicaid: state-specific, often about 90 days for a fair hearing (domain.md §8.5): a per-payer setting, 90 by default.
 */

export type AppealRules = 'erisa' | 'medicare' | 'medicare_advantage' | 'medicaid' | 'va_ccn';
export type PayerKindForDeadlines = 'commercial' | 'medicare' | 'medicaid' | 'va_community_care' | 'self_pay';

/** The clinic default when a commercial or Medicaid payer's contract limit is not recorded. */
export const DEFAULT_CONTRACT_FILING_DAYS = 90;

/** The appeal rules a payer follows unless its settings say otherwise. */
export function defaultAppealRules(kind: PayerKindForDeadlines): AppealRules {
  switch (kind) {
    case 'medicare':
      return 'medicare';
    case 'medicaid':
      return 'medicaid';
    case 'va_community_care':
      return 'va_ccn';
    default:
      return 'erisa';
  }
}

/** The timely-filing limit of a payer kind in days, null for Medicare (a calendar year, not a number of days). */
export function defaultFilingDays(kind: PayerKindForDeadlines): number | null {
  if (kind === 'medicare') return null;
  if (kind === 'va_community_care') return 180;
  return DEFAULT_CONTRACT_FILING_DAYS;
}

function addMonths(isoDate: string, months: number): string {
  const [y = 0, m = 1, d = 1] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  // Clamp to the month's last day (Feb 29 + 12 months = Feb 28; Aug 31 + 4 months = Dec 31).
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The last day a claim for this date of service can be filed. */
export function timelyFilingDeadline(dateOfService: string, rule: { kind: PayerKindForDeadlines; filingDays?: number | null }): string {
  if (rule.kind === 'medicare') return addMonths(dateOfService, 12);
  return addDays(dateOfService, rule.filingDays ?? defaultFilingDays(rule.kind) ?? DEFAULT_CONTRACT_FILING_DAYS);
}

export type FilingStatus = { deadline: string; daysLeft: number; state: 'ok' | 'near' | 'past' };

/** Where a claim stands against its filing limit on `today`; "near" within `nearDays` (a clinic's warning window). */
export function filingStatus(
  dateOfService: string,
  rule: { kind: PayerKindForDeadlines; filingDays?: number | null },
  today: string,
  nearDays = 14,
): FilingStatus {
  const deadline = timelyFilingDeadline(dateOfService, rule);
  const daysLeft = daysFromTo(today, deadline);
  return { deadline, daysLeft, state: daysLeft < 0 ? 'past' : daysLeft <= nearDays ? 'near' : 'ok' };
}

export type AppealLevel = {
  level: number;
  name: string;
  /** Days (or months) allowed from the decision it answers. */
  limit: { days: number } | { months: number };
  minimumInControversyCents: number | null;
  source: string;
};

export const APPEAL_LEVELS: Record<AppealRules, AppealLevel[]> = {
  erisa: [
    { level: 1, name: 'Internal appeal', limit: { days: 180 }, minimumInControversyCents: null, source: '29 CFR 2560.503-1; 45 CFR 147.136 (180 days)' },
    {
      level: 2,
      name: 'External review',
      limit: { months: 4 },
      minimumInControversyCents: null,
      source: '45 CFR 147.136 (4 months after the final internal denial)',
    },
  ],
  medicare: [
    { level: 1, name: 'Redetermination (MAC)', limit: { days: 120 }, minimumInControversyCents: null, source: '42 CFR 405.942; NGS (120 days)' },
    { level: 2, name: 'Reconsideration (QIC)', limit: { days: 180 }, minimumInControversyCents: null, source: '42 CFR 405.962; NGS (180 days)' },
    {
      level: 3,
      name: 'Administrative Law Judge hearing',
      limit: { days: 60 },
      minimumInControversyCents: 19000,
      source: 'NGS: 60 days, $190 in controversy (2025)',
    },
    { level: 4, name: 'Medicare Appeals Council review', limit: { days: 60 }, minimumInControversyCents: null, source: 'NGS: 60 days' },
    { level: 5, name: 'Federal district court', limit: { days: 60 }, minimumInControversyCents: 190000, source: 'NGS: 60 days, $1,900 in controversy (2025)' },
  ],
  medicare_advantage: [
    {
      level: 1,
      name: 'Plan reconsideration',
      limit: { days: 60 },
      minimumInControversyCents: null,
      source: 'Medicare Advantage: 60 days from the notice (medicareinteractive)',
    },
  ],
  medicaid: [
    {
      level: 1,
      name: 'Fair hearing / plan appeal',
      limit: { days: 90 },
      minimumInControversyCents: null,
      source: 'State-specific, often about 90 days (domain.md §8.5): check the state',
    },
  ],
  va_ccn: [
    {
      level: 1,
      name: 'Claim reconsideration',
      limit: { days: 90 },
      minimumInControversyCents: null,
      source: 'TriWest: reconsideration within 90 days of the decision (B7.3)',
    },
  ],
};

/** The appeal due at `level` for a decision dated `decidedOn`; null when the rules have no such level. */
export function appealDeadline(rules: AppealRules, level: number, decidedOn: string): { deadline: string; level: AppealLevel } | null {
  const l = APPEAL_LEVELS[rules].find((x) => x.level === level);
  if (!l) return null;
  const deadline = 'days' in l.limit ? addDays(decidedOn, l.limit.days) : addMonths(decidedOn, l.limit.months);
  return { deadline, level: l };
}

/**
 * Whether a denial can be appealed. Medicare gives no appeal rights for a claim denied as filed too late (CO-29;
 * B7.3, Noridian/CGS); other payers reconsider a timely-filing denial only with proof the claim was filed in time.
 */
export function appealability(rules: AppealRules, carc: string): { appealable: boolean; note: string | null } {
  if (carc === '29') {
    if (rules === 'medicare') return { appealable: false, note: 'Medicare: a claim denied for late filing has no appeal rights (42 CFR 424.44; B7.3)' };
    return { appealable: true, note: 'Appeal only with proof the claim was filed in time (a clearinghouse acceptance report)' };
  }
  return { appealable: true, note: null };
}
