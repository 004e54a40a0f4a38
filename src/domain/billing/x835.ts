import { centsOf } from './money.js';

/**
 * Reading an X12 005010X221A1 835 (remittance advice) and checking that it balances. Structure from
 * delivery-and-billing.md B6.2 (stupidedi X221A1, S84): BPR (payment: handling, amount, credit/debit, method, date),
 * TRN*1 (check or EFT trace number), N1*PR payer and N1*PE payee; per claim CLP (CLP01 our patient control number,
 * CLP02 status: 1/2/3 processed, 4 denied, 22 reversal; CLP03 charge, CLP04 paid, CLP05 patient responsibility, CLP07
 * the payer's claim number), claim CAS and MOA remarks; per line SVC (HC:code:modifiers, charge, paid, units), DTM*472,
 * CAS, REF*6R (our line control number), LQ*HE (RARC); PLB provider-level adjustments.
 *
 * Balancing (B6.2, S87; and fixture F2's note that adjustments are never repeated at claim and line level):
 *   claim: CLP03 - CLP04 = Σ CAS (claim level + its lines);  line: SVC02 - SVC03 = Σ its CAS;
 *   patient responsibility: CLP05 = Σ PR adjustments;  file: BPR02 = Σ CLP04 - Σ PLB.
 * The segments come from a tokenizer (x12-parser in the billing module) as objects: name plus "1", "2", "1-1"...
 */
export type Segment = { name: string; [element: string]: string };

export type Adjustment = { group: string; reason: string; amountCents: number; quantity: number | null };
export type RemitLine = {
  code: string;
  modifiers: string[];
  chargeCents: number;
  paidCents: number;
  units: number | null;
  dateOfService: string | null;
  controlNumber: string | null;
  adjustments: Adjustment[];
  remarks: string[];
};
export type RemitClaim = {
  patientControlNumber: string;
  status: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  filingIndicator: string | null;
  payerClaimNumber: string | null;
  adjustments: Adjustment[];
  remarks: string[];
  lines: RemitLine[];
};
export type ProviderAdjustment = { reason: string; reference: string | null; amountCents: number };
export type Remittance = {
  payerName: string | null;
  payerId: string | null;
  payeeNpi: string | null;
  payment: { handling: string; amountCents: number; creditDebit: string; method: string; date: string | null; traceNumber: string | null };
  claims: RemitClaim[];
  providerAdjustments: ProviderAdjustment[];
  /** What could not be read (a bad amount, a CLP before any BPR): a remittance with problems is never posted. */
  problems: string[];
};

const STATUS: Record<string, string> = {
  '1': 'Processed as primary',
  '2': 'Processed as secondary',
  '3': 'Processed as tertiary',
  '4': 'Denied',
  '19': 'Processed as primary, forwarded to additional payer(s)',
  '20': 'Processed as secondary, forwarded to additional payer(s)',
  '21': 'Processed as tertiary, forwarded to additional payer(s)',
  '22': 'Reversal of previous payment',
  '23': 'Not our claim, forwarded to additional payer(s)',
  '25': 'Predetermination pricing only, no payment',
};
/** The meaning of a CLP02 claim status code (Stedi element 1029, S85). */
export const claimStatusText = (code: string) => STATUS[code] ?? `Status ${code}`;

const date8 = (s: string | undefined) => (s && /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null);

/** Reads every 835 transaction set (ST..SE) of a file's segments. */
export function readRemittances(segments: readonly Segment[]): Remittance[] {
  const out: Remittance[] = [];
  let r: Remittance | null = null;
  let claim: RemitClaim | null = null;
  let line: RemitLine | null = null;
  let n1 = '';
  const money = (seg: Segment, el: string, what: string): number => {
    const c = centsOf(seg[el] ?? '');
    if (c === null) {
      r?.problems.push(`${what}: “${seg[el] ?? ''}” is not an amount`);
      return 0;
    }
    return c;
  };
  for (const s of segments) {
    switch (s.name) {
      case 'ST':
        if (s['1'] !== '835') break;
        r = {
          payerName: null,
          payerId: null,
          payeeNpi: null,
          payment: { handling: '', amountCents: 0, creditDebit: 'C', method: '', date: null, traceNumber: null },
          claims: [],
          providerAdjustments: [],
          problems: [],
        };
        out.push(r);
        claim = null;
        line = null;
        break;
      case 'BPR':
        if (!r) break;
        r.payment = {
          handling: s['1'] ?? '',
          amountCents: money(s, '2', 'BPR02 payment'),
          creditDebit: s['3'] ?? 'C',
          method: s['4'] ?? '',
          date: date8(s['16']),
          traceNumber: r.payment.traceNumber,
        };
        break;
      case 'TRN':
        if (r && s['1'] === '1') r.payment.traceNumber = s['2'] ?? null;
        break;
      case 'N1':
        n1 = s['1'] ?? '';
        if (r && n1 === 'PR') r.payerName = s['2'] ?? null;
        if (r && n1 === 'PE' && s['3'] === 'XX') r.payeeNpi = s['4'] ?? null;
        break;
      case 'REF':
        if (r && !claim && n1 === 'PR' && s['1'] === '2U') r.payerId = s['2'] ?? null;
        else if (line && s['1'] === '6R') line.controlNumber = s['2'] ?? null;
        break;
      case 'CLP':
        if (!r) break;
        line = null;
        claim = {
          patientControlNumber: s['1'] ?? '',
          status: s['2'] ?? '',
          chargeCents: money(s, '3', `CLP03 of ${s['1'] ?? ''}`),
          paidCents: money(s, '4', `CLP04 of ${s['1'] ?? ''}`),
          patientResponsibilityCents: s['5'] ? money(s, '5', `CLP05 of ${s['1'] ?? ''}`) : 0,
          filingIndicator: s['6'] ?? null,
          payerClaimNumber: s['7'] ?? null,
          adjustments: [],
          remarks: [],
          lines: [],
        };
        r.claims.push(claim);
        break;
      case 'CAS': {
        const target = line ?? claim;
        if (!target) break;
        const group = s['1'] ?? '';
        for (let i = 0; i < 6; i++) {
          const reason = s[String(2 + i * 3)];
          if (!reason) continue;
          const qty = s[String(4 + i * 3)];
          target.adjustments.push({ group, reason, amountCents: money(s, String(3 + i * 3), `CAS ${group}-${reason}`), quantity: qty ? Number(qty) : null });
        }
        break;
      }
      case 'MOA':
        if (claim) for (const k of ['3', '4', '5', '6', '7']) if (s[k]) claim.remarks.push(s[k] as string);
        break;
      case 'SVC': {
        if (!claim) break;
        const mods: string[] = [];
        for (let i = 2; i <= 5; i++) if (s[`1-${i}`]) mods.push(s[`1-${i}`] as string);
        line = {
          code: s['1-1'] ?? '',
          modifiers: mods,
          chargeCents: money(s, '2', `SVC02 of ${claim.patientControlNumber}`),
          paidCents: money(s, '3', `SVC03 of ${claim.patientControlNumber}`),
          units: s['5'] ? Number(s['5']) : 1,
          dateOfService: null,
          controlNumber: null,
          adjustments: [],
          remarks: [],
        };
        claim.lines.push(line);
        break;
      }
      case 'DTM':
        if (line && (s['1'] === '472' || s['1'] === '150')) line.dateOfService = date8(s['2']);
        break;
      case 'LQ':
        if (line && s['1'] === 'HE' && s['2']) line.remarks.push(s['2']);
        break;
      case 'PLB':
        if (!r) break;
        for (let i = 0; i < 6; i++) {
          const reason = s[String(3 + i * 2)];
          if (!reason) continue;
          r.providerAdjustments.push({ reason, reference: s[`${3 + i * 2}-1`] ?? null, amountCents: money(s, String(4 + i * 2), `PLB ${reason}`) });
        }
        break;
      case 'SE':
        claim = null;
        line = null;
        break;
    }
  }
  return out;
}

const sum = (xs: readonly Adjustment[]) => xs.reduce((t, a) => t + a.amountCents, 0);

/** Every way this remittance fails to balance, in words; empty when it balances. */
export function balanceProblems(r: Remittance): string[] {
  const out = [...r.problems];
  let paid = 0;
  for (const c of r.claims) {
    paid += c.paidCents;
    const lineAdj = c.lines.reduce((t, l) => t + sum(l.adjustments), 0);
    const claimAdj = sum(c.adjustments) + lineAdj;
    if (c.chargeCents - c.paidCents !== claimAdj)
      out.push(`Claim ${c.patientControlNumber}: charge ${c.chargeCents / 100} - paid ${c.paidCents / 100} is not the adjustments’ ${claimAdj / 100}`);
    const pr = [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)].filter((a) => a.group === 'PR').reduce((t, a) => t + a.amountCents, 0);
    if (pr !== c.patientResponsibilityCents)
      out.push(`Claim ${c.patientControlNumber}: patient responsibility ${c.patientResponsibilityCents / 100} is not the PR adjustments’ ${pr / 100}`);
    for (const [i, l] of c.lines.entries())
      if (l.chargeCents - l.paidCents !== sum(l.adjustments))
        out.push(
          `Claim ${c.patientControlNumber} line ${i + 1} (${l.code}): charge ${l.chargeCents / 100} - paid ${l.paidCents / 100} is not its adjustments’ ${sum(l.adjustments) / 100}`,
        );
  }
  const plb = r.providerAdjustments.reduce((t, a) => t + a.amountCents, 0);
  const expected = paid - plb;
  const sign = r.payment.creditDebit === 'D' ? -1 : 1;
  if (sign * r.payment.amountCents !== expected)
    out.push(`The payment ${r.payment.amountCents / 100} is not the claims’ paid ${paid / 100} less provider adjustments ${plb / 100}`);
  return out;
}

/** The patient's share of a claim: its PR adjustments (deductible, coinsurance, copay), by CARC. */
export function patientShare(c: RemitClaim): { totalCents: number; byReason: { reason: string; amountCents: number }[] } {
  const by = new Map<string, number>();
  for (const a of [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)]) if (a.group === 'PR') by.set(a.reason, (by.get(a.reason) ?? 0) + a.amountCents);
  const byReason = [...by].map(([reason, amountCents]) => ({ reason, amountCents }));
  return { totalCents: byReason.reduce((t, x) => t + x.amountCents, 0), byReason };
}

/** The denial reasons of a claim: non-PR adjustments other than the contractual write-off (CO-45) and prior-payer (OA-23). */
export function denialReasons(c: RemitClaim): Adjustment[] {
  const all = [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)];
  return all.filter((a) => a.group !== 'PR' && a.reason !== '45' && a.reason !== '23' && a.group !== 'CR');
}
