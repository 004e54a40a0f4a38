/**
 * Which CPT/HCPCS lines a signed session bills, with units: pure rules, each with its source.
 *
 * - TMS: the chart's own code (domain/charting/tms.ts: 90867 once per course, 90869 when the motor threshold is
 *   re-determined, else 90868), one unit (delivery-and-billing.md A1.5).
 * - Spravato: G2082 for up to 56 mg, G2083 above 56 mg; the G code includes the drug, supervision and the 2-hour
 *   observation (domain.md §2.4). Where the payer bills the drug separately (commercial and Medicaid; Medicare does
 *   not), a J0013 line (esketamine nasal spray, 1 mg; S0013 before 2026-01-01) with units = mg given and the kit's NDC
 *   (50458-028-02 two devices, -03 three devices; A2.3).
 * - IV ketamine: 96365 for the first hour; 96366 for each additional hour only when the infusion runs more than 30
 *   minutes past the previous hour (1:31-2:30 one unit; A3.5, S56/S57); time is start to stop of the infusion. An
 *   infusion of 15 minutes or less is not an infusion under CPT and bills as an IV push, 96374 (A3.5 background,
 *   descriptor marked UNVERIFIED there: the biller reviews it). The drug on J3490 (unclassified) with its NDC, the
 *   quantity and unit on the 2410 LIN/CTP (A3.5, S58/S59).
 * - IM ketamine: 96372 (IM injection; A3.5 background, UNVERIFIED descriptor) and J3490 with the NDC.
 * - Therapy (ketamine-assisted psychotherapy), E/M visits and psychotherapy add-on codes depend on documentation the
 *   chart does not code (time, complexity, the E/M's modifier 25): the biller adds them by hand, never guessed here.
 */

export type Modality = 'iv_ketamine' | 'im_ketamine' | 'spravato' | 'tms' | 'therapy';
export type PayerKind = 'commercial' | 'medicare' | 'medicaid' | 'va_community_care' | 'self_pay';

export type SessionForCoding = {
  modality: Modality;
  /** The clinic's date of service (YYYY-MM-DD). */
  dateOfService: string;
  /** TMS: the code the chart computed. */
  tmsCode?: '90867' | '90868' | '90869' | null;
  /** Spravato: mg actually given (28 per device given). */
  spravatoMgGiven?: number | null;
  /** Ketamine: the dose given in tenths of a mg (the chart's integer unit) and the infusion's minutes (start to stop). */
  ketamineDoseTenthsMg?: number | null;
  infusionMinutes?: number | null;
  /** The clinic's ketamine NDC (the vial stocked), 11 digits. */
  ketamineNdc?: string | null;
  payerKind: PayerKind;
  /** Whether this payer wants the Spravato drug on its own line (payer setting; defaults from the payer's kind). */
  spravatoDrugLine?: boolean | null;
};

export type DrugDetail = { ndc: string | null; quantity: number; unit: 'UN' | 'ML' | 'GR' | 'ME' | 'F2'; name: string };

export type CodedLine = {
  code: string;
  modifiers: string[];
  units: number;
  kind: 'procedure' | 'drug';
  drug: DrugDetail | null;
  /** Why this code and these units, in words (shown to the biller). */
  why: string;
  /** Set when a person must look before the line goes out. */
  review: string | null;
};

/** The NDCs of Spravato's kits (A2.3, S38 openFDA): 2 devices = 56 mg, 3 devices = 84 mg, as billed 5-4-2. */
export const SPRAVATO_NDC = { 56: '50458002802', 84: '50458002803' } as const;

/** The date J0013 replaced S0013 for the esketamine drug line (domain.md §2.4). */
export const J0013_FROM = '2026-01-01';

/** Whether a payer of this kind bills the Spravato drug separately by default (domain.md §2.4: Medicare uses G2082/G2083 only; TriWest follows Medicare, B7.5). */
export function spravatoDrugLineByDefault(kind: PayerKind): boolean {
  return kind === 'commercial' || kind === 'medicaid';
}

/** Units of 96366 for an infusion of `minutes`: one per started hour past the first, counted only beyond 30 minutes. */
export function additionalHourUnits(minutes: number): number {
  const past = minutes - 60;
  if (past <= 30) return 0;
  return Math.ceil((past - 30) / 60);
}

/** The lines a signed session bills. */
export function codeSession(s: SessionForCoding): CodedLine[] {
  switch (s.modality) {
    case 'tms': {
      if (!s.tmsCode) return [];
      const why =
        s.tmsCode === '90867'
          ? 'First session of the course: mapping, motor threshold and treatment (90867, once per course)'
          : s.tmsCode === '90869'
            ? 'Motor threshold re-determined this session (90869 instead of 90868)'
            : 'Later session of the course (90868)';
      return [{ code: s.tmsCode, modifiers: [], units: 1, kind: 'procedure', drug: null, why, review: null }];
    }
    case 'spravato': {
      const mg = s.spravatoMgGiven ?? 0;
      if (mg <= 0) return [];
      const lines: CodedLine[] = [
        mg <= 56
          ? {
              code: 'G2082',
              modifiers: [],
              units: 1,
              kind: 'procedure',
              drug: null,
              why: `${mg} mg given: up to 56 mg, with the 2-hour observation (G2082)`,
              review: null,
            }
          : {
              code: 'G2083',
              modifiers: [],
              units: 1,
              kind: 'procedure',
              drug: null,
              why: `${mg} mg given: more than 56 mg, with the 2-hour observation (G2083)`,
              review: null,
            },
      ];
      const drugLine = s.spravatoDrugLine ?? spravatoDrugLineByDefault(s.payerKind);
      if (drugLine) {
        const code = s.dateOfService >= J0013_FROM ? 'J0013' : 'S0013';
        const ndc = mg > 56 ? SPRAVATO_NDC[84] : SPRAVATO_NDC[56];
        lines.push({
          code,
          modifiers: [],
          units: mg,
          kind: 'drug',
          drug: { ndc, quantity: mg > 56 ? 3 : 2, unit: 'UN', name: 'Esketamine nasal spray' },
          why: `The payer bills the drug on its own line: ${code} is 1 mg, so ${mg} units; the ${mg > 56 ? '3' : '2'}-device kit's NDC`,
          review: null,
        });
      }
      return lines;
    }
    case 'iv_ketamine': {
      const minutes = s.infusionMinutes ?? null;
      const lines: CodedLine[] = [];
      if (minutes === null || minutes <= 0) return [];
      if (minutes <= 15) {
        lines.push({
          code: '96374',
          modifiers: [],
          units: 1,
          kind: 'procedure',
          drug: null,
          why: `${minutes} minutes: 15 minutes or less is billed as an IV push, not an infusion`,
          review: 'A ketamine infusion of 15 minutes or less: check the chart’s start and stop times',
        });
      } else {
        lines.push({
          code: '96365',
          modifiers: [],
          units: 1,
          kind: 'procedure',
          drug: null,
          why: `${minutes}-minute infusion: the initial hour (96365)`,
          review: null,
        });
        const extra = additionalHourUnits(minutes);
        if (extra > 0)
          lines.push({
            code: '96366',
            modifiers: [],
            units: extra,
            kind: 'procedure',
            drug: null,
            why: `${minutes - 60} minutes past the first hour: ${extra} additional hour(s), each counted beyond 30 minutes`,
            review: null,
          });
      }
      lines.push(ketamineDrugLine(s));
      return lines;
    }
    case 'im_ketamine':
      return [
        {
          code: '96372',
          modifiers: [],
          units: 1,
          kind: 'procedure',
          drug: null,
          why: 'Intramuscular injection (96372)',
          review: null,
        },
        ketamineDrugLine(s),
      ];
    case 'therapy':
      return [];
  }
}

function ketamineDrugLine(s: SessionForCoding): CodedLine {
  const tenths = s.ketamineDoseTenthsMg ?? 0;
  // The 2410 CTP quantity in milligrams (unit ME); the chart keeps tenths of a mg, so a fractional mg is kept exactly.
  const mg = tenths / 10;
  return {
    code: 'J3490',
    modifiers: [],
    units: 1,
    kind: 'drug',
    drug: { ndc: s.ketamineNdc ?? null, quantity: mg, unit: 'ME', name: 'Ketamine hydrochloride' },
    why: `Unclassified drug: ketamine ${mg} mg, with its NDC, quantity and unit on the line`,
    review: s.ketamineNdc ? null : 'Record the clinic’s ketamine NDC (billing settings): J3490 without an NDC is returned unprocessed',
  };
}

/** The payer-policy treatment a code bills (domain/coverage/policy.ts keys): for the scrubber's policy lookup. */
export function treatmentOfCode(code: string): 'tms' | 'esketamine' | 'iv_ketamine' | null {
  if (code === '90867' || code === '90868' || code === '90869') return 'tms';
  if (code === 'G2082' || code === 'G2083' || code === 'J0013' || code === 'S0013') return 'esketamine';
  if (code === '96365' || code === '96366' || code === '96374' || code === '96372' || code === 'J3490') return 'iv_ketamine';
  return null;
}
