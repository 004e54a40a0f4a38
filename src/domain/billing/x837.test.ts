import { describe, expect, it } from 'vitest';
import { parse837p } from '../../server/testing/x12-check.js';
import { build837p, MAX_CLAIMS_PER_TRANSACTION, x12Text, type Batch837, type Claim837 } from './x837.js';

// Fixture F1 of delivery-and-billing.md §F: two TMS sessions, a commercial payer, the prior authorization on the claim.
const F1 = `ISA*00*          *00*          *ZZ*STEPWISE       *ZZ*CLEARINGHOUSE  *261130*1200*^*00501*000000001*0*T*:~
GS*HC*STEPWISE*CLEARINGHOUSE*20261130*1200*1*X*005010X222A1~
ST*837*0001*005010X222A1~
BHT*0019*00*BATCH1*20261130*1200*CH~
NM1*41*2*STEPWISE CLINIC*****46*SUBMIT01~
PER*IC*BILLING*TE*5555551212~
NM1*40*2*CLEARINGHOUSE*****46*RECV01~
HL*1**20*1~
PRV*BI*PXC*2084P0800X~
NM1*85*2*STEPWISE CLINIC*****XX*1234567893~
N3*1 MAIN ST~
N4*SAN DIEGO*CA*921010000~
REF*EI*123456789~
HL*2*1*22*0~
SBR*P*18*GRP1******CI~
NM1*IL*1*DOE*JANE****MI*MEMBER123~
N3*2 ELM ST~
N4*SAN DIEGO*CA*921020000~
DMG*D8*19800101*F~
NM1*PR*2*ACME HEALTH*****PI*60054~
CLM*PCN0001*700***11:B:1*Y*A*Y*Y~
REF*G1*AUTH98765~
HI*ABK:F332~
NM1*82*1*SMITH*ALEX****XX*1234567893~
PRV*PE*PXC*2084P0800X~
LX*1~
SV1*HC:90868*350*UN*1***1~
DTP*472*D8*20261125~
LX*2~
SV1*HC:90868*350*UN*1***1~
DTP*472*D8*20261126~
SE*30*0001~
GE*1*1~
IEA*1*000000001~`;

const tmsClaim: Claim837 = {
  patientControlNumber: 'PCN0001',
  frequency: '1',
  originalPayerClaimNumber: null,
  placeOfService: '11',
  payer: { name: 'Acme Health', payerId: '60054', filingIndicator: 'CI' },
  payerSequence: 'P',
  subscriber: {
    lastName: 'Doe',
    firstName: 'Jane',
    birthDate: '1980-01-01',
    sex: 'F',
    address: { line1: '2 Elm St', city: 'San Diego', state: 'CA', postalCode: '92102-0000' },
    memberId: 'MEMBER123',
    groupNumber: 'GRP1',
    relationship: 'self',
  },
  patient: null,
  priorAuthorizationNumber: 'AUTH98765',
  referralNumber: null,
  diagnoses: ['F33.2'],
  rendering: { lastName: 'Smith', firstName: 'Alex', npi: '1234567893', taxonomy: '2084P0800X' },
  serviceFacility: null,
  note: null,
  lines: [
    { controlNumber: 'LINE1', code: '90868', modifiers: [], chargeCents: 35000, units: 1, pointers: [1], dateOfService: '2026-11-25', drug: null },
    { controlNumber: 'LINE2', code: '90868', modifiers: [], chargeCents: 35000, units: 1, pointers: [1], dateOfService: '2026-11-26', drug: null },
  ],
};
const batch: Batch837 = {
  submitter: { name: 'Stepwise Clinic', id: 'SUBMIT01', interchangeId: 'STEPWISE', contactName: 'Billing', phone: '(555) 555-1212' },
  receiver: { name: 'Clearinghouse', id: 'RECV01', interchangeId: 'CLEARINGHOUSE' },
  billingProvider: {
    name: 'Stepwise Clinic',
    npi: '1234567893',
    taxId: '12-3456789',
    taxonomy: '2084P0800X',
    address: { line1: '1 Main St', city: 'San Diego', state: 'CA', postalCode: '92101-0000' },
  },
  interchangeControlNumber: 1,
  groupControlNumber: 1,
  batchId: 'BATCH1',
  date: '20261130',
  time: '1200',
  usage: 'T',
  claims: [tmsClaim],
};

describe('837P builder', () => {
  it('builds fixture F1 segment for segment (plus the line control numbers the 835 echoes)', () => {
    const ours = build837p(batch).trim().split('~\n');
    const withoutLineRefs = ours.filter((s) => !s.startsWith('REF*6R')).map((s) => (s.startsWith('SE*') ? `SE*${Number(s.split('*')[1]) - 2}*0001` : s));
    expect(withoutLineRefs.map((s) => s.replace(/~$/, ''))).toEqual(F1.split('~\n').map((s) => s.replace(/~$/, '')));
  });

  it('parses back strictly with node-x12, totals and pointers intact', () => {
    const parsed = parse837p(build837p(batch));
    expect(parsed.transactions).toBe(1);
    expect(parsed.claims).toHaveLength(1);
    expect(parsed.claims[0]).toMatchObject({ pcn: 'PCN0001', totalCents: 70000, pos: '11', frequency: '1', refs: { G1: 'AUTH98765' }, diagnoses: ['F332'] });
    expect(parsed.claims[0]?.lines.map((l) => [l.code, l.chargeCents, l.date, l.control])).toEqual([
      ['90868', 35000, '20261125', 'LINE1'],
      ['90868', 35000, '20261126', 'LINE2'],
    ]);
  });

  it('a dependent patient gets the patient loop; a replacement carries REF*F8; a drug line its NDC and quantity', () => {
    const claim: Claim837 = {
      ...tmsClaim,
      patientControlNumber: 'PCN0002',
      frequency: '7',
      originalPayerClaimNumber: 'PAYERCLM123',
      subscriber: { ...tmsClaim.subscriber, relationship: 'child' },
      patient: { lastName: 'Doe', firstName: 'José', birthDate: '2008-05-02', sex: 'M', address: null },
      diagnoses: ['F33.2', 'F41.1'],
      lines: [
        { controlNumber: 'L1', code: '96365', modifiers: [], chargeCents: 45000, units: 1, pointers: [1, 2], dateOfService: '2026-11-25', drug: null },
        {
          controlNumber: 'L2',
          code: 'J3490',
          modifiers: [],
          chargeCents: 5050,
          units: 1,
          pointers: [1],
          dateOfService: '2026-11-25',
          drug: { ndc: '00409205105', quantity: 37.5, unit: 'ME', name: 'Ketamine hydrochloride' },
        },
      ],
    };
    const text = build837p({ ...batch, claims: [claim] });
    expect(text).toContain('HL*2*1*22*1~');
    expect(text).toContain('SBR*P**GRP1******CI~');
    expect(text).toContain('HL*3*2*23*0~\nPAT*19~\nNM1*QC*1*DOE*JOSE~');
    expect(text).toContain('CLM*PCN0002*500.5***11:B:7*Y*A*Y*Y~\nREF*F8*PAYERCLM123~');
    expect(text).toContain('HI*ABK:F332*ABF:F411~');
    expect(text).toContain('SV1*HC:96365*450*UN*1***1:2~');
    expect(text).toContain('NTE*ADD*KETAMINE HYDROCHLORIDE 37.5 MG~\nLIN**N4*00409205105~\nCTP****37.5*ME~');
    const parsed = parse837p(text);
    expect(parsed.claims[0]).toMatchObject({ frequency: '7', refs: { F8: 'PAYERCLM123' }, totalCents: 50050 });
    expect(parsed.claims[0]?.lines[1]).toMatchObject({ ndc: '00409205105', ctp: '37.5 ME' });
  });

  it('splits a large batch into transaction sets of at most 5,000 claims with correct counts', () => {
    const claims = Array.from({ length: MAX_CLAIMS_PER_TRANSACTION + 3 }, (_, i) => ({ ...tmsClaim, patientControlNumber: `PCN${i}` }));
    const parsed = parse837p(build837p({ ...batch, claims }));
    expect(parsed.transactions).toBe(2);
    expect(parsed.claims).toHaveLength(MAX_CLAIMS_PER_TRANSACTION + 3);
  });

  it('a strict parser refuses a file whose SE count is wrong (the check is real)', () => {
    const broken = build837p(batch).replace(/\nSE\*\d+\*/, '\nSE*3*');
    expect(() => parse837p(broken)).toThrow();
  });

  it.each([
    ['José Núñez', 'JOSE NUNEZ'],
    ['O’Brien*~:^', 'O BRIEN'],
    ["O'Brien", "O'BRIEN"],
    ['  many   spaces ', 'MANY SPACES'],
  ])('text %s -> %s', (s, out) => expect(x12Text(s)).toBe(out));
});
