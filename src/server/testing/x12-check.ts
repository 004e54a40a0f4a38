import { X12Parser } from 'node-x12';

/**
 * Reads an 837P back with an independent parser (node-x12 in strict mode: it checks SE01, GE01 and IEA01 counts and
 * the control numbers) and checks what a payer's front end checks (delivery-and-billing.md B6.1, DERIVED rules): HL
 * parents exist and precede their children, CLM02 = Σ SV102, every SV107 pointer is within the claim's HI codes,
 * frequency 7/8 carries REF*F8, J-code lines carry an 11-digit NDC. Answers the claims as plain objects for asserts.
 */
export type ParsedClaim = {
  pcn: string;
  totalCents: number;
  pos: string;
  frequency: string;
  refs: Record<string, string>;
  diagnoses: string[];
  payerId: string;
  memberId: string;
  filingIndicator: string;
  lines: {
    code: string;
    modifiers: string[];
    chargeCents: number;
    units: string;
    pointers: number[];
    date: string;
    control: string | null;
    ndc: string | null;
    ctp: string | null;
  }[];
};

const cents = (s: string) => {
  const [d = '0', f = ''] = s.split('.');
  return Number(d) * 100 + Number(f.padEnd(2, '0').slice(0, 2)) * (s.startsWith('-') ? -1 : 1);
};

export function parse837p(text: string): { claims: ParsedClaim[]; transactions: number; segments: number } {
  const interchange = new X12Parser(true).parse(text.replace(/\r?\n/g, '')) as unknown as {
    header: { elements: { value: string }[] };
    functionalGroups: { header: { elements: { value: string }[] }; transactions: { segments: { tag: string; elements: { value: string }[] }[] }[] }[];
  };
  const claims: ParsedClaim[] = [];
  let transactions = 0;
  let segments = 0;
  for (const g of interchange.functionalGroups) {
    if (g.header.elements[7]?.value !== '005010X222A1') throw new Error('GS08 is not 005010X222A1');
    for (const t of g.transactions) {
      transactions++;
      const hls = new Map<string, string>();
      let claim: ParsedClaim | null = null;
      let payer = { id: '', member: '', filing: '' };
      let line: ParsedClaim['lines'][number] | null = null;
      for (const s of t.segments) {
        segments++;
        const e = (i: number) => s.elements[i - 1]?.value ?? '';
        switch (s.tag) {
          case 'HL': {
            const parent = e(2);
            if (parent && !hls.has(parent)) throw new Error(`HL ${e(1)} names parent ${parent} that does not precede it`);
            if (hls.has(e(1))) throw new Error(`HL ${e(1)} repeated`);
            hls.set(e(1), e(3));
            break;
          }
          case 'SBR':
            payer = { ...payer, filing: e(9) };
            break;
          case 'NM1':
            if (e(1) === 'IL') payer.member = e(9);
            if (e(1) === 'PR') payer.id = e(9);
            break;
          case 'CLM': {
            const [pos = '', , freq = ''] = e(5).split(':');
            claim = {
              pcn: e(1),
              totalCents: cents(e(2)),
              pos,
              frequency: freq,
              refs: {},
              diagnoses: [],
              payerId: payer.id,
              memberId: payer.member,
              filingIndicator: payer.filing,
              lines: [],
            };
            claims.push(claim);
            line = null;
            break;
          }
          case 'REF':
            if (line && e(1) === '6R') line.control = e(2);
            else if (claim && !line) claim.refs[e(1)] = e(2);
            break;
          case 'HI':
            if (claim) claim.diagnoses = s.elements.map((x) => x.value.split(':')[1] ?? '');
            break;
          case 'SV1': {
            const [, code = '', ...mods] = e(1).split(':');
            line = {
              code,
              modifiers: mods,
              chargeCents: cents(e(2)),
              units: e(4),
              pointers: e(7).split(':').map(Number),
              date: '',
              control: null,
              ndc: null,
              ctp: null,
            };
            claim?.lines.push(line);
            break;
          }
          case 'DTP':
            if (line && e(1) === '472') line.date = e(3);
            break;
          case 'LIN':
            if (line) line.ndc = e(3);
            break;
          case 'CTP':
            if (line) line.ctp = `${e(4)} ${e(5)}`;
            break;
        }
      }
    }
  }
  for (const c of claims) {
    const sum = c.lines.reduce((s, l) => s + l.chargeCents, 0);
    if (sum !== c.totalCents) throw new Error(`claim ${c.pcn}: CLM02 ${c.totalCents} is not the sum of its lines ${sum}`);
    for (const l of c.lines) {
      if (l.pointers.some((p) => !(p >= 1 && p <= c.diagnoses.length))) throw new Error(`claim ${c.pcn}: pointer outside its ${c.diagnoses.length} diagnoses`);
      if (/^[JS]\d{4}$/.test(l.code) && !/^\d{11}$/.test(l.ndc ?? '')) throw new Error(`claim ${c.pcn}: drug line ${l.code} without an 11-digit NDC`);
    }
    if ((c.frequency === '7' || c.frequency === '8') && !c.refs.F8) throw new Error(`claim ${c.pcn}: frequency ${c.frequency} without REF*F8`);
    if (!['1', '7', '8'].includes(c.frequency)) throw new Error(`claim ${c.pcn}: frequency ${c.frequency}`);
  }
  return { claims, transactions, segments };
}
