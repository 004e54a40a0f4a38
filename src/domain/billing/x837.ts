import { x12Amount } from './money.js';

/**
 * The X12 005010X222A1 837P (professional claim) file for a batch of claims. Structure and allowed values from
 * delivery-and-billing.md B6.1 (stupidedi's X222A1 definition, S79; Stedi's guide, S80) and domain.md §8.3:
 *
 *   ISA/GS/ST envelopes, BHT; 1000A submitter (NM1*41 + PER*IC); 1000B receiver (NM1*40);
 *   2000A billing provider HL (code 20) with PRV*BI, 2010AA NM1*85 (XX = NPI), N3, N4, REF*EI (tax ID);
 *   2000B subscriber HL (22) with SBR (SBR09 claim filing indicator), 2010BA NM1*IL (MI member ID), N3, N4, DMG,
 *   2010BB NM1*PR (PI payer ID); 2000C patient HL (23) with PAT and 2010CA NM1*QC only when the patient is not the
 *   subscriber; 2300 CLM (CLM05 = place of service : B : frequency 1 original / 7 replacement / 8 void), REF*F8 (the
 *   payer's claim number, required for 7 and 8), REF*9F (VA referral number, B7.5), REF*G1 (prior authorization),
 *   NTE, HI (ABK principal, ABF others: ICD-10-CM without the dot); 2310B rendering provider NM1*82 + PRV*PE when not
 *   the billing provider; 2310C service facility NM1*77 when elsewhere; 2400 LX, SV1 (HC:code:modifiers, charge, UN,
 *   units, pointers), DTP*472, REF*6R (line control number, echoed by the 835), NTE (drug name and dose for J3490,
 *   A3.5), 2410 LIN*N4 (11-digit NDC) + CTP (quantity, unit).
 *
 * A transaction set carries at most 5,000 claims (the TR3's recommended limit), so a larger batch gets several ST/SE
 * sets in one GS/GE group. SE01 counts ST..SE; GE01 the sets; IEA01 the groups.
 */

export type Address = { line1: string; line2?: string | null; city: string; state: string; postalCode: string };
export type Person = { lastName: string; firstName: string; birthDate: string; sex: 'F' | 'M' | 'U'; address: Address | null };

export type Line837 = {
  controlNumber: string;
  code: string;
  modifiers: string[];
  chargeCents: number;
  units: number;
  pointers: number[];
  dateOfService: string;
  drug: { ndc: string; quantity: number; unit: 'UN' | 'ML' | 'GR' | 'ME' | 'F2'; name: string } | null;
};

export type Claim837 = {
  patientControlNumber: string;
  frequency: '1' | '7' | '8';
  originalPayerClaimNumber: string | null;
  placeOfService: string;
  payer: { name: string; payerId: string; filingIndicator: string };
  payerSequence: 'P' | 'S' | 'T';
  subscriber: Person & { memberId: string; groupNumber: string | null; relationship: 'self' | 'spouse' | 'child' | 'other' };
  /** The patient, when not the subscriber. */
  patient: Person | null;
  priorAuthorizationNumber: string | null;
  referralNumber: string | null;
  diagnoses: string[];
  rendering: { lastName: string; firstName: string; npi: string; taxonomy: string | null } | null;
  serviceFacility: { name: string; npi: string | null; address: Address } | null;
  note: string | null;
  lines: Line837[];
};

export type Batch837 = {
  /** `id` is the submitter's ETIN in NM1*41; `interchangeId` the sender in ISA06/GS02 (often the same). */
  submitter: { name: string; id: string; interchangeId: string; contactName: string; phone: string };
  receiver: { name: string; id: string; interchangeId: string };
  billingProvider: { name: string; npi: string; taxId: string; taxonomy: string | null; address: Address };
  interchangeControlNumber: number;
  groupControlNumber: number;
  batchId: string;
  /** The file's creation time in the clinic's zone: CCYYMMDD and HHMM. */
  date: string;
  time: string;
  usage: 'T' | 'P';
  claims: Claim837[];
};

export const MAX_CLAIMS_PER_TRANSACTION = 5000;

const RELATIONSHIP = { self: '18', spouse: '01', child: '19', other: 'G8' } as const;

/** Text as X12 accepts it: accents dropped, uppercase, no separators (* ~ : ^), single spaces, cut to `max`. */
export function x12Text(s: string, max = 60): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 &'(),\-./#@%+=!?;]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
}

const d8 = (isoDate: string) => isoDate.replaceAll('-', '');
const zip = (p: string) => p.replace(/\D/g, '');
const decimal = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000));
const icd = (code: string) => code.replace('.', '').toUpperCase();

function address(seg: string[], a: Address) {
  seg.push(a.line2 ? `N3*${x12Text(a.line1, 55)}*${x12Text(a.line2, 55)}` : `N3*${x12Text(a.line1, 55)}`);
  seg.push(`N4*${x12Text(a.city, 30)}*${a.state.toUpperCase()}*${zip(a.postalCode)}`);
}

/** The total charge of a claim in cents: the sum of its lines (CLM02 = Σ SV102). */
export const claimTotalCents = (c: Pick<Claim837, 'lines'>) => c.lines.reduce((s, l) => s + l.chargeCents, 0);

function claimSegments(seg: string[], c: Claim837, hl: { next: number }) {
  const subscriberHl = hl.next++;
  const patientLoop = c.subscriber.relationship !== 'self' && c.patient !== null;
  seg.push(`HL*${subscriberHl}*1*22*${patientLoop ? 1 : 0}`);
  seg.push(
    `SBR*${c.payerSequence}*${patientLoop ? '' : '18'}*${c.subscriber.groupNumber ? x12Text(c.subscriber.groupNumber, 50) : ''}******${c.payer.filingIndicator}`,
  );
  seg.push(`NM1*IL*1*${x12Text(c.subscriber.lastName)}*${x12Text(c.subscriber.firstName, 35)}****MI*${x12Text(c.subscriber.memberId, 80)}`);
  if (c.subscriber.address) address(seg, c.subscriber.address);
  if (!patientLoop) seg.push(`DMG*D8*${d8(c.subscriber.birthDate)}*${c.subscriber.sex}`);
  seg.push(`NM1*PR*2*${x12Text(c.payer.name)}*****PI*${x12Text(c.payer.payerId, 80)}`);
  if (patientLoop && c.patient) {
    seg.push(`HL*${hl.next++}*${subscriberHl}*23*0`);
    seg.push(`PAT*${RELATIONSHIP[c.subscriber.relationship]}`);
    seg.push(`NM1*QC*1*${x12Text(c.patient.lastName)}*${x12Text(c.patient.firstName, 35)}`);
    if (c.patient.address) address(seg, c.patient.address);
    seg.push(`DMG*D8*${d8(c.patient.birthDate)}*${c.patient.sex}`);
  }
  seg.push(`CLM*${x12Text(c.patientControlNumber, 20)}*${x12Amount(claimTotalCents(c))}***${c.placeOfService}:B:${c.frequency}*Y*A*Y*Y`);
  if (c.originalPayerClaimNumber && c.frequency !== '1') seg.push(`REF*F8*${x12Text(c.originalPayerClaimNumber, 50)}`);
  if (c.referralNumber) seg.push(`REF*9F*${c.referralNumber.replace(/[*~:^\s]/g, '')}`);
  if (c.priorAuthorizationNumber) seg.push(`REF*G1*${x12Text(c.priorAuthorizationNumber, 50).replace(/\s/g, '')}`);
  if (c.note) seg.push(`NTE*ADD*${x12Text(c.note, 80)}`);
  seg.push(`HI*${c.diagnoses.map((d, i) => `${i === 0 ? 'ABK' : 'ABF'}:${icd(d)}`).join('*')}`);
  if (c.rendering) {
    seg.push(`NM1*82*1*${x12Text(c.rendering.lastName)}*${x12Text(c.rendering.firstName, 35)}****XX*${c.rendering.npi}`);
    if (c.rendering.taxonomy) seg.push(`PRV*PE*PXC*${c.rendering.taxonomy}`);
  }
  if (c.serviceFacility) {
    seg.push(`NM1*77*2*${x12Text(c.serviceFacility.name)}*****${c.serviceFacility.npi ? `XX*${c.serviceFacility.npi}` : ''}`.replace(/\*+$/, ''));
    address(seg, c.serviceFacility.address);
  }
  c.lines.forEach((l, i) => {
    seg.push(`LX*${i + 1}`);
    const proc = ['HC', l.code, ...l.modifiers.slice(0, 4)].join(':');
    seg.push(`SV1*${proc}*${x12Amount(l.chargeCents)}*UN*${decimal(l.units)}***${l.pointers.join(':')}`);
    seg.push(`DTP*472*D8*${d8(l.dateOfService)}`);
    seg.push(`REF*6R*${x12Text(l.controlNumber, 50)}`);
    if (l.drug) {
      seg.push(`NTE*ADD*${x12Text(`${l.drug.name} ${decimal(l.drug.quantity)} ${l.drug.unit === 'ME' ? 'MG' : l.drug.unit}`, 80)}`);
      seg.push(`LIN**N4*${l.drug.ndc}`);
      seg.push(`CTP****${decimal(l.drug.quantity)}*${l.drug.unit}`);
    }
  });
}

/** The 837P file of a batch, segments ended by "~" and a line break. */
export function build837p(b: Batch837): string {
  if (b.claims.length === 0) throw new Error('a batch needs at least one claim');
  const isaCtl = String(b.interchangeControlNumber).padStart(9, '0');
  const pad15 = (s: string) => x12Text(s, 15).padEnd(15, ' ');
  const out: string[] = [
    `ISA*00*${' '.repeat(10)}*00*${' '.repeat(10)}*ZZ*${pad15(b.submitter.interchangeId)}*ZZ*${pad15(b.receiver.interchangeId)}*${b.date.slice(2)}*${b.time}*^*00501*${isaCtl}*0*${b.usage}*:`,
    `GS*HC*${x12Text(b.submitter.interchangeId, 15)}*${x12Text(b.receiver.interchangeId, 15)}*${b.date}*${b.time}*${b.groupControlNumber}*X*005010X222A1`,
  ];
  let sets = 0;
  for (let start = 0; start < b.claims.length; start += MAX_CLAIMS_PER_TRANSACTION) {
    sets++;
    const stCtl = String(sets).padStart(4, '0');
    const seg: string[] = [`ST*837*${stCtl}*005010X222A1`, `BHT*0019*00*${x12Text(b.batchId, 30)}*${b.date}*${b.time}*CH`];
    seg.push(`NM1*41*2*${x12Text(b.submitter.name)}*****46*${x12Text(b.submitter.id, 80)}`);
    seg.push(`PER*IC*${x12Text(b.submitter.contactName)}*TE*${b.submitter.phone.replace(/\D/g, '').slice(-10)}`);
    seg.push(`NM1*40*2*${x12Text(b.receiver.name)}*****46*${x12Text(b.receiver.id, 80)}`);
    seg.push('HL*1**20*1');
    if (b.billingProvider.taxonomy) seg.push(`PRV*BI*PXC*${b.billingProvider.taxonomy}`);
    seg.push(`NM1*85*2*${x12Text(b.billingProvider.name)}*****XX*${b.billingProvider.npi}`);
    address(seg, b.billingProvider.address);
    seg.push(`REF*EI*${b.billingProvider.taxId.replace(/\D/g, '')}`);
    const hl = { next: 2 };
    const end = Math.min(b.claims.length, start + MAX_CLAIMS_PER_TRANSACTION);
    for (let i = start; i < end; i++) claimSegments(seg, b.claims[i] as Claim837, hl);
    seg.push(`SE*${seg.length + 1}*${stCtl}`);
    for (const s of seg) out.push(s);
  }
  out.push(`GE*${sets}*${b.groupControlNumber}`, `IEA*1*${isaCtl}`);
  return `${out.join('~\n')}~\n`;
}
