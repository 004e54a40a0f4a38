import { Readable } from 'node:stream';
import { X12parser } from 'x12-parser';
import { describe, expect, it } from 'vitest';
import { balanceProblems, denialReasons, patientShare, readRemittances, type Segment } from './x835.js';

// Fixture F2 of delivery-and-billing.md §F: pays F1's 700 with 420; per line CO-45 110 and PR-2 30.
const F2 = `ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*STEPWISE       *261215*0900*^*00501*000000002*0*T*:~
GS*HP*ACMEHEALTH*STEPWISE*20261215*0900*2*X*005010X221A1~
ST*835*0001~
BPR*I*420*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*888888888*DA*654321*20261215~
TRN*1*EFT0001*1512345678~
N1*PR*ACME HEALTH~
N3*PO BOX 1~
N4*DALLAS*TX*75201~
PER*BL*EDI SUPPORT*TE*8005551212~
N1*PE*STEPWISE CLINIC*XX*1234567893~
LX*1~
CLP*PCN0001*1*700*420*60*CI*PAYERCLM123~
NM1*QC*1*DOE*JANE****MI*MEMBER123~
SVC*HC:90868*350*210**1~
DTM*472*20261125~
CAS*CO*45*110~
CAS*PR*2*30~
REF*6R*LINE1~
SVC*HC:90868*350*210**1~
DTM*472*20261126~
CAS*CO*45*110~
CAS*PR*2*30~
REF*6R*LINE2~
SE*22*0001~
GE*1*2~
IEA*1*000000002~
`;

async function segmentsOf(text: string): Promise<Segment[]> {
  const out: Segment[] = [];
  await new Promise<void>((resolve, reject) =>
    Readable.from([text])
      .pipe(new X12parser())
      .on('data', (d: Segment) => out.push(d))
      .on('end', resolve)
      .on('error', reject),
  );
  return out;
}

describe('835 reader and balancing (B6.2)', () => {
  it('reads F2: the payment, the claim, its lines and adjustments', async () => {
    const [r] = readRemittances(await segmentsOf(F2));
    expect(r?.payment).toEqual({ handling: 'I', amountCents: 42000, creditDebit: 'C', method: 'ACH', date: '2026-12-15', traceNumber: 'EFT0001' });
    expect(r?.payerName).toBe('ACME HEALTH');
    expect(r?.payeeNpi).toBe('1234567893');
    const c = r?.claims[0];
    expect(c).toMatchObject({
      patientControlNumber: 'PCN0001',
      status: '1',
      chargeCents: 70000,
      paidCents: 42000,
      patientResponsibilityCents: 6000,
      payerClaimNumber: 'PAYERCLM123',
    });
    expect(
      c?.lines.map((l) => [
        l.code,
        l.chargeCents,
        l.paidCents,
        l.dateOfService,
        l.controlNumber,
        l.adjustments.map((a) => `${a.group}-${a.reason} ${a.amountCents}`),
      ]),
    ).toEqual([
      ['90868', 35000, 21000, '2026-11-25', 'LINE1', ['CO-45 11000', 'PR-2 3000']],
      ['90868', 35000, 21000, '2026-11-26', 'LINE2', ['CO-45 11000', 'PR-2 3000']],
    ]);
    expect(balanceProblems(r!)).toEqual([]);
    expect(patientShare(c!)).toEqual({ totalCents: 6000, byReason: [{ reason: '2', amountCents: 6000 }] });
    expect(denialReasons(c!)).toEqual([]);
  });

  it.each([
    ['the payment does not add up', F2.replace('BPR*I*420*', 'BPR*I*421*'), /payment 421 is not the claims’ paid 420/],
    ['a line does not balance', F2.replace('SVC*HC:90868*350*210**1~\nDTM*472*20261126', 'SVC*HC:90868*350*200**1~\nDTM*472*20261126'), /line 2 \(90868\)/],
    [
      'the adjustments repeated at claim level (F2’s earlier draft)',
      F2.replace('NM1*QC*', 'CAS*CO*45*220~\nNM1*QC*'),
      /charge 700 - paid 420 is not the adjustments’ 500/,
    ],
    ['patient responsibility disagrees with PR', F2.replace('*700*420*60*', '*700*420*50*'), /patient responsibility 50/],
    ['an amount that is not an amount', F2.replace('CAS*PR*2*30~\nREF*6R*LINE1', 'CAS*PR*2*3O~\nREF*6R*LINE1'), /“3O” is not an amount/],
  ])('%s is caught', async (_n, text, problem) => {
    const [r] = readRemittances(await segmentsOf(text));
    expect(balanceProblems(r!).join('\n')).toMatch(problem);
  });

  it('a denial with CO-197 and a provider-level adjustment balance', async () => {
    const text = F2.replace('BPR*I*420*', 'BPR*I*410*')
      .replace('CLP*PCN0001*1*700*420*60*CI*PAYERCLM123', 'CLP*PCN0001*4*700*0*0*CI*PAYERCLM124~\nCAS*CO*197*700')
      .replace(/SVC\*HC:90868\*350\*210\*\*1~\nDTM\*472\*(\d+)~\nCAS\*CO\*45\*110~\nCAS\*PR\*2\*30~\n/g, '')
      .replace('REF*6R*LINE1~\n', '')
      .replace('REF*6R*LINE2~\n', 'CLP*PCN0002*1*420*420*0*CI*PAYERCLM125~\nPLB*1234567893*20261231*WO:X*10~\n');
    const [r] = readRemittances(await segmentsOf(text));
    expect(r?.claims.map((c) => [c.patientControlNumber, c.status, c.paidCents])).toEqual([
      ['PCN0001', '4', 0],
      ['PCN0002', '1', 42000],
    ]);
    expect(r?.providerAdjustments).toEqual([{ reason: 'WO', reference: 'X', amountCents: 1000 }]);
    expect(balanceProblems(r!)).toEqual([]);
    expect(denialReasons(r!.claims[0]!).map((a) => `${a.group}-${a.reason}`)).toEqual(['CO-197']);
  });
});
