import { filingStatus, type PayerKindForDeadlines } from './deadlines.js';
import { npiValid, vaReferralNumberValid } from './npi.js';

/**
 * The claim scrubber: what a payer would deny, found before the claim goes out, each with the denial (group and CARC)
 * it would earn. Sources: the DERIVED pre-submission rules of delivery-and-billing.md B6.1 (NPI Luhn, NDC on J-code
 * lines, pointers within the HI codes, 7/8 need the payer's claim number), the CARCs of B6.3 and domain.md §8.4
 * (197 no authorization, 198 authorization exceeded, 302 authorization expired, 167 diagnosis not covered, 29 filed
 * late), VA's referral rules of B7.5 (claims without the referral number are denied; 288 referral absent, 287
 * exceeded), and Medicare's unprocessable J3490 without an NDC (A3.5, S59).
 */
export type ScrubLine = {
  code: string;
  units: number;
  chargeCents: number;
  dateOfService: string;
  pointers: number[];
  drug: { ndc: string | null } | null;
  review: string | null;
};

export type ScrubInput = {
  today: string;
  payerKind: PayerKindForDeadlines;
  filingDays: number | null;
  frequency: '1' | '7' | '8';
  originalPayerClaimNumber: string | null;
  billingNpi: string | null;
  billingTaxId: string | null;
  renderingNpi: string | null;
  memberId: string | null;
  diagnoses: string[];
  /** The payer's policy for the treatment: whether it needs an authorization, the diagnoses it covers, whether it covers it at all. */
  policy: { covered: boolean; priorAuthorizationRequired: boolean; diagnosisCodes: string[] | null; note: string | null } | null;
  authorization: { number: string | null; sessions: number | null; used: number; from: string | null; to: string | null } | null;
  vaReferral: { number: string; visits: number | null; used: number; from: string; to: string } | null;
  lines: ScrubLine[];
};

export type ScrubFinding = {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  /** The denial it would earn, e.g. "CO-197". */
  denial: string | null;
  /** The line (1-based) it is about, when it is about one. */
  line: number | null;
};

const dxMatches = (dx: string, codes: string[]) => codes.some((p) => dx === p || dx.startsWith(p));

/** Everything on this claim a payer would deny or return. An empty list means it is clean to send. */
export function scrubClaim(c: ScrubInput): ScrubFinding[] {
  const out: ScrubFinding[] = [];
  const add = (rule: string, severity: ScrubFinding['severity'], message: string, denial: string | null, line: number | null = null) =>
    out.push({ rule, severity, message, denial, line });

  if (c.lines.length === 0) add('no_lines', 'error', 'The claim has no service lines', null);
  if (c.lines.length > 50) add('too_many_lines', 'error', 'An 837P claim holds at most 50 lines: split it', null);
  if (!npiValid(c.billingNpi)) add('billing_npi', 'error', `The billing NPI ${c.billingNpi ?? '(none)'} fails its check digit`, 'CO-16');
  if (!npiValid(c.renderingNpi)) add('rendering_npi', 'error', `The rendering provider’s NPI ${c.renderingNpi ?? '(none)'} fails its check digit`, 'CO-16');
  if (!c.billingTaxId || !/^\d{9}$/.test(c.billingTaxId.replace('-', ''))) add('tax_id', 'error', 'The clinic’s tax ID (9 digits) is missing', 'CO-16');
  if (!c.memberId) add('member_id', 'error', 'The patient’s member ID is missing', 'CO-16');
  if (c.diagnoses.length === 0) add('no_diagnosis', 'error', 'No diagnosis code on the claim', 'CO-16');
  if (c.diagnoses.length > 12) add('too_many_diagnoses', 'error', 'An 837P claim carries at most 12 diagnosis codes', null);
  if ((c.frequency === '7' || c.frequency === '8') && !c.originalPayerClaimNumber)
    add('original_reference', 'error', 'A replacement or void needs the payer’s claim number of the original', 'CO-16');

  // Filing limit, counted from the earliest date of service on the claim (Medicare counts from the line's "from" date).
  const first = c.lines.map((l) => l.dateOfService).sort()[0];
  if (first) {
    const f = filingStatus(first, { kind: c.payerKind, filingDays: c.filingDays }, c.today);
    if (f.state === 'past') add('timely_filing', 'error', `The filing limit passed on ${f.deadline}`, 'CO-29');
    else if (f.state === 'near') add('timely_filing', 'warning', `The filing limit is ${f.deadline}: ${f.daysLeft} day(s) left`, 'CO-29');
  }

  if (c.payerKind === 'va_community_care') {
    if (!c.vaReferral) add('va_referral', 'error', 'VA Community Care claims must carry the referral number', 'CO-288');
    else {
      if (!vaReferralNumberValid(c.vaReferral.number))
        add(
          'va_referral_format',
          'error',
          `The referral number “${c.vaReferral.number}” is not in a format the TPA accepts (no spaces or extra characters)`,
          'CO-16',
        );
      if (c.vaReferral.visits !== null && c.vaReferral.used > c.vaReferral.visits)
        add('va_referral_exceeded', 'error', `${c.vaReferral.used} visits counted against a referral for ${c.vaReferral.visits}`, 'CO-287');
      for (const [i, l] of c.lines.entries())
        if (l.dateOfService < c.vaReferral.from || l.dateOfService > c.vaReferral.to)
          add(
            'va_referral_dates',
            'error',
            `Line ${i + 1} (${l.dateOfService}) is outside the referral’s ${c.vaReferral.from} to ${c.vaReferral.to}`,
            'CO-288',
            i + 1,
          );
    }
  } else if (c.policy?.priorAuthorizationRequired) {
    const a = c.authorization;
    if (!a?.number) add('authorization', 'error', 'The payer requires a prior authorization and none is on the claim', 'CO-197');
    else {
      if (a.sessions !== null && a.used > a.sessions)
        add('authorization_exceeded', 'error', `${a.used} sessions counted against an approval for ${a.sessions}`, 'CO-198');
      for (const [i, l] of c.lines.entries()) {
        if ((a.from && l.dateOfService < a.from) || (a.to && l.dateOfService > a.to))
          add(
            'authorization_dates',
            'error',
            `Line ${i + 1} (${l.dateOfService}) is outside the approval’s ${a.from ?? '…'} to ${a.to ?? '…'}`,
            'CO-302',
            i + 1,
          );
      }
    }
  }
  if (c.policy && !c.policy.covered)
    add(
      'not_covered',
      'warning',
      `The payer’s policy does not cover this treatment${c.policy.note ? ` (${c.policy.note})` : ''}`,
      c.policy.note?.match(/investigational|experimental/i) ? 'CO-55' : 'CO-96',
    );
  const policyDx = c.policy?.diagnosisCodes ?? null;
  if (policyDx?.length && c.diagnoses.length && !c.diagnoses.some((d) => dxMatches(d, policyDx)))
    add('diagnosis_not_covered', 'error', `None of ${c.diagnoses.join(', ')} is in the policy’s ${policyDx.join(', ')}`, 'CO-167');

  for (const [i, l] of c.lines.entries()) {
    const n = i + 1;
    if (l.chargeCents <= 0) add('no_fee', 'error', `Line ${n} (${l.code}) has no fee: set it in the fee schedule`, null, n);
    if (!(l.units > 0)) add('units', 'error', `Line ${n} (${l.code}) has no units`, 'CO-57', n);
    if (l.pointers.length === 0 || l.pointers.length > 4 || l.pointers.some((p) => p < 1 || p > c.diagnoses.length))
      add(
        'pointers',
        'error',
        `Line ${n} (${l.code}) points at diagnoses that are not on the claim (1 to 4 pointers within the ${c.diagnoses.length} codes)`,
        'CO-16',
        n,
      );
    if (l.drug && !(l.drug.ndc && /^\d{11}$/.test(l.drug.ndc))) add('ndc', 'error', `Line ${n} (${l.code}) is a drug line without an 11-digit NDC`, 'CO-16', n);
    if (l.review) add('review', 'warning', `Line ${n} (${l.code}): ${l.review}`, null, n);
  }
  return out;
}

/** Whether a scrubbed claim may be sent: no errors (warnings are the biller's call). */
export const scrubPasses = (findings: readonly ScrubFinding[]) => !findings.some((f) => f.severity === 'error');
