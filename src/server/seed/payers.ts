import type { PolicyTerms, TreatmentKey } from '../../domain/coverage/policy.js';
import type { Db } from '../db/client.js';
import { payerPlans, payerPolicies, payers, priceListItems } from '../db/schema/index.js';
import { defined } from '../../domain/defined.js';

/**
 * Realistic example payers and policies (synthetic names; criteria modelled on the policies in the domain reference
 * §4.3 and §5, which an administrator edits as data):
 * - a commercial PPO that covers TMS and esketamine with prior authorization and denies IV ketamine as off-label;
 * - a commercial plan that pays 50% of ketamine ("some insurers pay up to 50%", Stella; domain §0);
 * - Medicare (TMS per LCD L34998: one failed trial; esketamine billed G2082/G2083);
 * - VA Community Care (care authorized by a referral with a SEOC; domain §7);
 * - self-pay.
 */
const LMN = 'Letter of medical necessity signed by the treating psychiatrist';
const TRIALS = 'Medication trial history: drugs, doses, dates, response';
const THERAPY = 'Psychotherapy records (modality, sessions, dates)';
const PHQ = 'Baseline PHQ-9 (and trend)';

const notCovered = (note: string): PolicyTerms => ({
  covered: false,
  note,
  priorAuthorizationRequired: false,
  criteria: {},
  payment: { kind: 'none' },
  approval: { sessions: null, days: null },
  documents: [],
});

type PayerSeed = { name: string; kind: string; phone: string; plans: string[]; policies: Partial<Record<TreatmentKey, PolicyTerms>>; source: string };

export const DEMO_PAYERS: PayerSeed[] = [
  {
    name: 'Blue Horizon Commercial',
    kind: 'commercial',
    phone: '+18005550101',
    plans: ['PPO Gold', 'HMO Silver'],
    source: 'Example modelled on Florida Blue MP-170, Ambetter CP.BH.200 and Cigna/eviCore esketamine criteria (domain §4.3, §5)',
    policies: {
      tms: {
        covered: true,
        priorAuthorizationRequired: true,
        criteria: { minFailedTrials: 2, minDistinctClasses: 2, psychotherapyTrialRequired: true, minPhq9: 15, minAge: 18, diagnosisCodes: ['F32', 'F33'] },
        payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true },
        approval: { sessions: 36, days: 90 },
        documents: [LMN, TRIALS, THERAPY, PHQ],
      },
      esketamine: {
        covered: true,
        priorAuthorizationRequired: true,
        criteria: { minFailedTrials: 2, minDistinctClasses: 2, minAge: 18, diagnosisCodes: ['F32', 'F33'] },
        payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true },
        approval: { sessions: 24, days: 180 },
        documents: [LMN, TRIALS, 'REMS patient enrolment form', PHQ],
      },
      iv_ketamine: notCovered(
        'IV ketamine for depression is off-label; this plan considers it investigational (CARC 55). Superbill for out-of-network reimbursement.',
      ),
      integration_therapy: notCovered('Not a covered service on its own.'),
    },
  },
  {
    name: 'Evergreen Health Plan',
    kind: 'commercial',
    phone: '+18005550102',
    plans: ['Choice PPO'],
    source: 'Example of a plan paying 50% of ketamine (Stella, domain §0)',
    policies: {
      tms: {
        covered: true,
        priorAuthorizationRequired: true,
        criteria: { minFailedTrials: 2, minDistinctClasses: 2, minPhq9: 15, minAge: 18, diagnosisCodes: ['F32', 'F33'] },
        payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true },
        approval: { sessions: 36, days: 90 },
        documents: [LMN, TRIALS, PHQ],
      },
      esketamine: {
        covered: true,
        priorAuthorizationRequired: true,
        criteria: { minFailedTrials: 2, minAge: 18, diagnosisCodes: ['F32', 'F33'] },
        payment: { kind: 'copay', copayCents: 5_000 },
        approval: { sessions: 24, days: 180 },
        documents: [LMN, TRIALS],
      },
      iv_ketamine: {
        covered: true,
        note: 'Pays 50% of IV ketamine for treatment-resistant depression.',
        priorAuthorizationRequired: false,
        criteria: { minFailedTrials: 2, minAge: 18 },
        payment: { kind: 'coinsurance', patientPercent: 50, deductibleApplies: false },
        approval: { sessions: null, days: null },
        documents: [TRIALS],
      },
      integration_therapy: {
        covered: true,
        priorAuthorizationRequired: false,
        criteria: {},
        payment: { kind: 'copay', copayCents: 3_000 },
        approval: { sessions: null, days: null },
        documents: [],
      },
    },
  },
  {
    name: 'Medicare',
    kind: 'medicare',
    phone: '+18005550103',
    plans: ['Original Medicare Part B'],
    source: 'LCD L34998 (TMS: severe MDD, one failed adequate trial or intolerance); esketamine G2082/G2083 (domain §2.4, §4.3)',
    policies: {
      tms: {
        covered: true,
        priorAuthorizationRequired: false,
        criteria: { minFailedTrials: 1, diagnosisCodes: ['F32.2', 'F33.2'] },
        payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true },
        approval: { sessions: 36, days: 42 },
        documents: ['Psychiatrist evaluation and order', TRIALS, PHQ],
      },
      esketamine: {
        covered: true,
        priorAuthorizationRequired: false,
        criteria: { minFailedTrials: 2, diagnosisCodes: ['F32', 'F33'] },
        payment: { kind: 'coinsurance', patientPercent: 20, deductibleApplies: true },
        approval: { sessions: null, days: null },
        documents: [TRIALS],
      },
      iv_ketamine: notCovered('Not covered for depression (off-label).'),
      integration_therapy: notCovered('Not covered on its own.'),
    },
  },
  {
    name: 'VA Community Care',
    kind: 'va_community_care',
    phone: '+18005550104',
    plans: ['Community Care Network'],
    source: 'VA Community Care: care authorized by a referral with a SEOC; veterans are not billed (domain §7)',
    policies: {
      tms: {
        covered: true,
        note: 'Needs a VA referral (SEOC); do not bill the veteran.',
        priorAuthorizationRequired: false,
        criteria: {},
        payment: { kind: 'copay', copayCents: 0 },
        approval: { sessions: null, days: 365 },
        documents: ['VA referral with SEOC', 'Clinical summary and treatment plan'],
      },
      esketamine: {
        covered: true,
        note: 'Needs a VA referral (SEOC); do not bill the veteran.',
        priorAuthorizationRequired: false,
        criteria: {},
        payment: { kind: 'copay', copayCents: 0 },
        approval: { sessions: null, days: 365 },
        documents: ['VA referral with SEOC', 'Clinical summary and treatment plan'],
      },
      iv_ketamine: {
        covered: true,
        note: 'Only when the SEOC authorizes it; do not bill the veteran.',
        priorAuthorizationRequired: false,
        criteria: {},
        payment: { kind: 'copay', copayCents: 0 },
        approval: { sessions: null, days: 365 },
        documents: ['VA referral with SEOC', 'Documentation of treatment-resistant symptoms'],
      },
      integration_therapy: {
        covered: true,
        note: 'When the SEOC includes it.',
        priorAuthorizationRequired: false,
        criteria: {},
        payment: { kind: 'copay', copayCents: 0 },
        approval: { sessions: null, days: 365 },
        documents: ['VA referral with SEOC'],
      },
    },
  },
  {
    name: 'Self-pay',
    kind: 'self_pay',
    phone: '',
    plans: ['Self-pay'],
    source: 'Uninsured or self-pay: a Good Faith Estimate applies (45 CFR 149.610; domain §0.1)',
    policies: {
      tms: notCovered('Self-pay.'),
      esketamine: notCovered('Self-pay.'),
      iv_ketamine: notCovered('Self-pay.'),
      integration_therapy: notCovered('Self-pay.'),
    },
  },
];

/** Prices per clinic (synthetic; Stella's published course prices for ketamine, domain §0). */
export const DEMO_PRICES = [
  {
    code: 'TMS-1',
    name: 'TMS session',
    kind: 'session',
    treatment: 'tms',
    sessions: 1,
    priceCents: 30_000,
    includes: ['One TMS treatment session'],
    serviceCodes: ['90868'],
  },
  {
    code: 'TMS-36',
    name: 'TMS course: mapping, 30 daily sessions and 6 taper sessions',
    kind: 'package',
    treatment: 'tms',
    sessions: 36,
    priceCents: 1_050_000,
    includes: ['Motor-threshold mapping', '30 daily sessions', '6 taper sessions'],
    serviceCodes: ['90867', '90868'],
  },
  {
    code: 'ESK-1',
    name: 'Esketamine session with 2-hour observation',
    kind: 'session',
    treatment: 'esketamine',
    sessions: 1,
    priceCents: 85_000,
    includes: ['Supervised self-administration', '2-hour observation'],
    serviceCodes: ['G2083'],
  },
  {
    code: 'KET-1',
    name: 'IV ketamine infusion',
    kind: 'session',
    treatment: 'iv_ketamine',
    sessions: 1,
    priceCents: 57_500,
    includes: ['Infusion (about 45 minutes) with monitoring', 'Post-infusion observation'],
    serviceCodes: ['96365', 'J3490'],
  },
  {
    code: 'KET-6',
    name: 'IV ketamine: 6 infusions',
    kind: 'package',
    treatment: 'iv_ketamine',
    sessions: 6,
    priceCents: 347_500,
    includes: ['6 infusions over 3 weeks', 'Monitoring and observation'],
    serviceCodes: ['96365', 'J3490'],
  },
  {
    code: 'KET-6-IT',
    name: 'IV ketamine: 6 infusions with integration therapy',
    kind: 'package',
    treatment: 'iv_ketamine',
    sessions: 6,
    priceCents: 446_600,
    includes: ['6 infusions over 3 weeks', 'Integration therapy sessions'],
    serviceCodes: ['96365', 'J3490', '90834'],
  },
  {
    code: 'KET-M',
    name: 'IV ketamine maintenance infusion',
    kind: 'maintenance',
    treatment: 'iv_ketamine',
    sessions: 1,
    priceCents: 47_500,
    includes: ['One maintenance infusion'],
    serviceCodes: ['96365', 'J3490'],
  },
  {
    code: 'IT-1',
    name: 'Integration therapy session',
    kind: 'session',
    treatment: 'integration_therapy',
    sessions: 1,
    priceCents: 16_000,
    includes: ['50-minute session'],
    serviceCodes: ['90834'],
  },
];

export async function seedPayersAndPrices(db: Db, organizationId: string, clinics: { id: string; services: string[] }[]): Promise<void> {
  for (const p of DEMO_PAYERS) {
    const [payer] = await db
      .insert(payers)
      .values({ organizationId, name: p.name, kind: p.kind, phone: p.phone || null })
      .returning({ id: payers.id });
    await db.insert(payerPlans).values(p.plans.map((name) => ({ payerId: defined(payer).id, name })));
    await db.insert(payerPolicies).values(
      Object.entries(p.policies).map(([treatment, terms]) => ({
        payerId: defined(payer).id,
        treatment,
        version: 1,
        effectiveFrom: '2026-01-01',
        terms: terms,
        source: p.source,
      })),
    );
  }
  const rows = clinics.flatMap((c) =>
    DEMO_PRICES.filter((x) => c.services.includes(x.treatment)).map((x) => ({ ...x, organizationId, locationId: c.id, hsaFsaEligible: true })),
  );
  if (rows.length) await db.insert(priceListItems).values(rows);
}
