import { describe, expect, it } from 'vitest';
import { CONTRAINDICATION_KEYS } from '../intake/contraindications.js';
import { CARE_PATH_VERSION, evaluateCarePath, type CareOption, type CarePathFacts, type TrialFact, type Verdict } from './care-path.js';

const allNo = Object.fromEntries(CONTRAINDICATION_KEYS.map((k) => [k, 'no' as const]));
const sertraline: TrialFact = { drug: 'sertraline', class: 'ssri', adequate: true, outcome: 'no_response', currentEpisode: true };
const bupropion: TrialFact = { drug: 'bupropion', class: 'ndri', adequate: true, outcome: 'partial_response', currentEpisode: true };
const base = (o: Partial<CarePathFacts> = {}): CarePathFacts => ({
  ageYears: 40,
  diagnoses: ['F33.2'],
  trials: [sertraline, bupropion],
  interventions: [{ type: 'psychotherapy', response: 'partial', sessions: 16 }],
  contraindications: allNo,
  phq9: { total: 18, item9: 0, takenOn: '2026-11-20' },
  suicideScreens: [{ kind: 'ASQ', positive: false, acute: false, takenOn: '2026-11-20' }],
  clinicianIdeation: null,
  riskFlags: [],
  today: '2026-11-23',
  ...o,
});
const contra = (key: string, answer: 'yes' | 'no' | 'unknown' = 'yes') => ({ ...allNo, [key]: answer });

type Case = [name: string, facts: CarePathFacts, expected: Partial<Record<CareOption, Verdict>>, next?: CareOption | null];

const cases: Case[] = [
  // Treatment resistance and the stepped path.
  [
    'two failed adequate trials: TMS is next',
    base(),
    { medication_optimization: 'eligible', tms: 'recommended', esketamine: 'eligible', iv_ketamine: 'eligible_with_conditions' },
    'tms',
  ],
  [
    'no trials: medication optimization first, esketamine not eligible',
    base({ trials: [] }),
    { medication_optimization: 'recommended', tms: 'not_eligible', esketamine: 'not_eligible', iv_ketamine: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'one failed trial: still medications first; TMS eligible (NeuroStar indication)',
    base({ trials: [sertraline] }),
    { medication_optimization: 'recommended', tms: 'eligible', esketamine: 'not_eligible' },
    'medication_optimization',
  ],
  // Intolerance before an adequate dose and duration is not a failed adequate trial (PMC8049072); payers may accept it.
  [
    'one failed plus one early intolerance: not TRD; TMS eligible on the failed trial',
    base({ trials: [sertraline, { drug: 'escitalopram', class: 'ssri', adequate: false, outcome: 'intolerance', currentEpisode: true }] }),
    { medication_optimization: 'recommended', tms: 'eligible', esketamine: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'two early intolerances: not TRD; TMS only with conditions',
    base({
      trials: [
        { ...sertraline, adequate: false, outcome: 'intolerance' },
        { ...bupropion, adequate: null, outcome: 'intolerance' },
      ],
    }),
    { medication_optimization: 'recommended', tms: 'eligible_with_conditions', esketamine: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'intolerance after an adequate dose and duration counts as a failed adequate trial',
    base({ trials: [sertraline, { ...bupropion, outcome: 'intolerance' }] }),
    { tms: 'recommended', esketamine: 'eligible' },
    'tms',
  ],
  [
    'inadequate failed trial does not count',
    base({ trials: [sertraline, { ...bupropion, adequate: false }] }),
    { medication_optimization: 'recommended', esketamine: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'undetermined adequacy: esketamine needs information',
    base({ trials: [sertraline, { ...bupropion, adequate: null }] }),
    { esketamine: 'missing_information', iv_ketamine: 'missing_information', medication_optimization: 'recommended' },
    'medication_optimization',
  ],
  [
    'a trial from a prior episode does not count',
    base({ trials: [sertraline, { ...bupropion, currentEpisode: false }] }),
    { esketamine: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'an augmentation trial is not an antidepressant trial',
    base({ trials: [sertraline, { drug: 'aripiprazole', class: 'sga_augmentation', adequate: true, outcome: 'no_response', currentEpisode: true }] }),
    { esketamine: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'a responding trial is not a failure',
    base({ trials: [sertraline, { ...bupropion, outcome: 'response' }] }),
    { esketamine: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'an ongoing trial is not a failure',
    base({ trials: [sertraline, { ...bupropion, outcome: 'ongoing' }] }),
    { esketamine: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'three failed trials: TMS next',
    base({ trials: [sertraline, bupropion, { drug: 'venlafaxine', class: 'snri', adequate: true, outcome: 'no_response', currentEpisode: true }] }),
    { tms: 'recommended' },
    'tms',
  ],
  [
    'TMS failed: esketamine next',
    base({ interventions: [{ type: 'tms', response: 'none', sessions: 36 }] }),
    { tms: 'eligible', esketamine: 'recommended' },
    'esketamine',
  ],
  [
    'TMS partial response counts as failed for stepping on',
    base({ interventions: [{ type: 'tms', response: 'partial', sessions: 30 }] }),
    { esketamine: 'recommended' },
    'esketamine',
  ],
  ['TMS responded before: TMS again', base({ interventions: [{ type: 'tms', response: 'response', sessions: 36 }] }), { tms: 'recommended' }, 'tms'],
  [
    'TMS and esketamine failed: IV ketamine next with integration therapy',
    base({
      interventions: [
        { type: 'tms', response: 'none', sessions: 36 },
        { type: 'esketamine', response: 'none', sessions: 12 },
      ],
    }),
    { iv_ketamine: 'recommended', integration_therapy: 'eligible_with_conditions' },
    'iv_ketamine',
  ],
  [
    'everything failed: no next step on the path',
    base({
      interventions: [
        { type: 'tms', response: 'none', sessions: 36 },
        { type: 'esketamine', response: 'none', sessions: 12 },
        { type: 'iv_ketamine', response: 'partial', sessions: 6 },
      ],
    }),
    { iv_ketamine: 'eligible_with_conditions' },
    null,
  ],
  ['unknown response to TMS is not a failure', base({ interventions: [{ type: 'tms', response: 'unknown', sessions: null }] }), { tms: 'recommended' }, 'tms'],

  // Contraindications: hard and relative.
  [
    'seizure disorder: TMS not eligible, esketamine next',
    base({ contraindications: contra('seizure_disorder') }),
    { tms: 'not_eligible', esketamine: 'recommended' },
    'esketamine',
  ],
  ['metal near the head: TMS not eligible', base({ contraindications: contra('metal_or_implant_near_head') }), { tms: 'not_eligible' }, 'esketamine'],
  [
    'current psychosis: TMS not eligible, esketamine with conditions',
    base({ contraindications: contra('psychosis') }),
    { tms: 'not_eligible', esketamine: 'recommended' },
    'esketamine',
  ],
  [
    'aneurysm: esketamine and ketamine not eligible, TMS still next',
    base({ contraindications: contra('aneurysm_or_avm') }),
    { tms: 'recommended', esketamine: 'not_eligible', iv_ketamine: 'not_eligible' },
    'tms',
  ],
  [
    'intracerebral hemorrhage: esketamine not eligible',
    base({ contraindications: contra('intracerebral_hemorrhage') }),
    { esketamine: 'not_eligible', iv_ketamine: 'not_eligible' },
    'tms',
  ],
  [
    'ketamine hypersensitivity: both ketamines not eligible',
    base({ contraindications: contra('ketamine_hypersensitivity') }),
    { esketamine: 'not_eligible', iv_ketamine: 'not_eligible', integration_therapy: 'not_eligible' },
    'tms',
  ],
  [
    'uncontrolled hypertension: esketamine with conditions',
    base({ contraindications: contra('uncontrolled_hypertension') }),
    { esketamine: 'eligible_with_conditions', tms: 'recommended' },
    'tms',
  ],
  [
    'pregnancy: relative for every treatment',
    base({ contraindications: contra('pregnancy') }),
    { tms: 'recommended', esketamine: 'eligible_with_conditions' },
    'tms',
  ],
  [
    'recent substance misuse: TMS with conditions',
    base({ contraindications: contra('substance_use_recent') }),
    { esketamine: 'eligible_with_conditions' },
    'tms',
  ],
  [
    'unknown seizure history: TMS with conditions and the fact is missing',
    base({ contraindications: contra('seizure_disorder', 'unknown') }),
    { tms: 'recommended' },
    'tms',
  ],
  [
    'seizure disorder and TMS failed: esketamine',
    base({ contraindications: contra('seizure_disorder'), interventions: [{ type: 'tms', response: 'none', sessions: 20 }] }),
    { esketamine: 'recommended' },
    'esketamine',
  ],
  [
    'TMS contraindicated and esketamine contraindicated: IV ketamine also contraindicated by aneurysm',
    base({ contraindications: { ...allNo, seizure_disorder: 'yes', aneurysm_or_avm: 'yes' } }),
    { tms: 'not_eligible', esketamine: 'not_eligible', iv_ketamine: 'not_eligible', medication_optimization: 'recommended' },
    'medication_optimization',
  ],

  // Diagnosis and age.
  ['no diagnosis: information missing, nothing is eligible by diagnosis', base({ diagnoses: [] }), { tms: 'recommended' }, 'tms'],
  [
    'GAD only: TMS and esketamine not eligible',
    base({ diagnoses: ['F41.1'] }),
    { tms: 'not_eligible', esketamine: 'not_eligible', iv_ketamine: 'not_eligible' },
    'medication_optimization',
  ],
  ['PTSD with TRD: ketamine with conditions', base({ diagnoses: ['F43.12', 'F33.1'] }), { iv_ketamine: 'eligible_with_conditions', tms: 'recommended' }, 'tms'],
  [
    'chronic pain without trials: ketamine with conditions',
    base({ diagnoses: ['G89.4'], trials: [] }),
    { iv_ketamine: 'eligible_with_conditions', tms: 'not_eligible' },
    'medication_optimization',
  ],
  [
    'bipolar depression: ketamine with a mood-stabilizer condition, not esketamine',
    base({ diagnoses: ['F31.4'] }),
    { esketamine: 'not_eligible', tms: 'not_eligible', iv_ketamine: 'recommended' },
    'iv_ketamine',
  ],
  [
    'bipolar with an MDD code too: bipolar excludes the MDD indications',
    base({ diagnoses: ['F31.4', 'F33.2'] }),
    { esketamine: 'not_eligible', tms: 'not_eligible' },
    'iv_ketamine',
  ],
  [
    'a 17-year-old: no TMS, esketamine or ketamine',
    base({ ageYears: 17 }),
    { tms: 'not_eligible', esketamine: 'not_eligible', iv_ketamine: 'not_eligible', medication_optimization: 'recommended' },
    'medication_optimization',
  ],
  ['single-episode MDD counts', base({ diagnoses: ['F32.2'] }), { tms: 'recommended' }, 'tms'],

  // Severity and suicidality.
  ['no PHQ-9: conditions and a missing fact', base({ phq9: null }), { tms: 'recommended', esketamine: 'eligible_with_conditions' }, 'tms'],
  ['stale PHQ-9 (45 days)', base({ phq9: { total: 18, item9: 0, takenOn: '2026-10-09' } }), { esketamine: 'eligible_with_conditions' }, 'tms'],
  [
    'PHQ-9 item 9 positive: urgent, and eligible options carry the review',
    base({ phq9: { total: 18, item9: 1, takenOn: '2026-11-20' } }),
    { esketamine: 'eligible_with_conditions', tms: 'recommended', psychotherapy: 'eligible_with_conditions' },
    'tms',
  ],
  [
    'ASQ acute positive: urgent',
    base({ suicideScreens: [{ kind: 'ASQ', positive: true, acute: true, takenOn: '2026-11-22' }] }),
    { medication_optimization: 'eligible_with_conditions' },
    'tms',
  ],
  [
    'C-SSRS high on paper: urgent',
    base({ suicideScreens: [{ kind: 'C-SSRS', risk: 'high', takenOn: '2026-11-21' }] }),
    { psychotherapy: 'eligible_with_conditions' },
    'tms',
  ],
  [
    'C-SSRS low: not urgent',
    base({ suicideScreens: [{ kind: 'C-SSRS', risk: 'low', takenOn: '2026-11-21' }] }),
    { psychotherapy: 'eligible', esketamine: 'eligible' },
    'tms',
  ],
  [
    'old positive ASQ (2 months): not urgent now',
    base({ suicideScreens: [{ kind: 'ASQ', positive: true, acute: false, takenOn: '2026-09-20' }] }),
    { esketamine: 'eligible' },
    'tms',
  ],
  // Esketamine's second indication: MDD with acute suicidal ideation or behavior (label, domain §2.1).
  [
    'MDD, one failed trial, C-SSRS high: esketamine indicated without TRD',
    base({ trials: [sertraline], suicideScreens: [{ kind: 'C-SSRS', risk: 'high', takenOn: '2026-11-22' }] }),
    { esketamine: 'eligible_with_conditions', tms: 'eligible_with_conditions' },
    'medication_optimization',
  ],
  [
    'MDD, no trials, clinician-recorded ideation with plan: esketamine indicated',
    base({ trials: [], clinicianIdeation: { withPlanOrIntent: true, recordedOn: '2026-11-23' } }),
    { esketamine: 'eligible_with_conditions' },
    'medication_optimization',
  ],
  [
    'MDD, no trials, PHQ-9 item 9 only: esketamine waits for a clinician assessment',
    base({ trials: [], phq9: { total: 20, item9: 2, takenOn: '2026-11-22' } }),
    { esketamine: 'missing_information' },
    'medication_optimization',
  ],
  [
    'GAD only with C-SSRS high: still no esketamine indication',
    base({ diagnoses: ['F41.1'], suicideScreens: [{ kind: 'C-SSRS', risk: 'high', takenOn: '2026-11-22' }] }),
    { esketamine: 'not_eligible' },
  ],
  [
    'bipolar depression with C-SSRS high: no esketamine indication',
    base({ diagnoses: ['F31.4'], suicideScreens: [{ kind: 'C-SSRS', risk: 'high', takenOn: '2026-11-22' }] }),
    { esketamine: 'not_eligible' },
  ],
];

describe(`care-path engine ${CARE_PATH_VERSION}`, () => {
  it.each(cases)('%s', (_name, facts, expected, next) => {
    const r = evaluateCarePath(facts);
    for (const [option, verdict] of Object.entries(expected)) {
      const o = r.options.find((x) => x.option === option)!;
      expect(`${option}: ${o.verdict}`, JSON.stringify(o.reasons.map((x) => x.text))).toBe(`${option}: ${verdict}`);
    }
    if (next !== undefined) expect(r.engineNextStep).toBe(next);
    // Every reason names its rule and source.
    for (const o of r.options) for (const reason of o.reasons) expect(reason.rule && reason.source && reason.text).toBeTruthy();
  });

  it('marks recent suicidal ideation urgent and never silently blocks', () => {
    const r = evaluateCarePath(base({ phq9: { total: 22, item9: 2, takenOn: '2026-11-22' } }));
    expect(r.urgent).toBe(true);
    expect(r.urgentReasons[0]!.text).toMatch(/same-day provider review/);
    for (const o of r.options) if (o.verdict !== 'not_eligible') expect(o.conditions[0]).toBe('Same-day provider review of suicide risk before starting');
    expect(r.options.filter((o) => o.verdict === 'not_eligible').map((o) => o.option)).toEqual([]);
  });

  it('adds coverage conditions without changing the clinical verdict', () => {
    const r = evaluateCarePath(
      base({
        coverage: {
          tms: { payerName: 'Blue Horizon', covered: true, priorAuthorizationRequired: true },
          iv_ketamine: { payerName: 'Blue Horizon', covered: false, priorAuthorizationRequired: false },
        },
      }),
    );
    const tms = r.options.find((o) => o.option === 'tms')!;
    const ketamine = r.options.find((o) => o.option === 'iv_ketamine')!;
    expect(tms.verdict).toBe('recommended');
    expect(tms.conditions).toContain('Prior authorization from Blue Horizon before the first session');
    expect(ketamine.verdict).toBe('eligible_with_conditions');
    expect(ketamine.conditions).toContain('Not covered by Blue Horizon: self-pay estimate, superbill or appeal');
    expect(ketamine.reasons.map((x) => x.rule)).toContain('coverage.not-covered');
  });

  it('lists the facts still missing', () => {
    const r = evaluateCarePath(base({ phq9: null, contraindications: { ...allNo, seizure_disorder: 'unknown' }, diagnoses: [] }));
    const tms = r.options.find((o) => o.option === 'tms')!;
    expect(tms.missing).toEqual(expect.arrayContaining(['a diagnosis', 'checklist: Seizure disorder or epilepsy', 'a baseline PHQ-9']));
  });

  it('records a provider choosing another step, with the reason', () => {
    const r = evaluateCarePath(base(), { option: 'esketamine', reason: 'cannot attend daily TMS sessions' });
    expect(r.engineNextStep).toBe('tms');
    expect(r.options.find((o) => o.option === 'esketamine')).toMatchObject({
      verdict: 'recommended',
      reasons: expect.arrayContaining([expect.objectContaining({ rule: 'provider.choice', text: 'Chosen by the provider: cannot attend daily TMS sessions' })]),
    });
    expect(r.options.find((o) => o.option === 'tms')!.verdict).toBe('eligible');
    expect(() => evaluateCarePath(base(), { option: 'tms', reason: ' ' })).toThrow(/reason/);
  });

  it('is deterministic and carries its version', () => {
    expect(evaluateCarePath(base())).toEqual(evaluateCarePath(base()));
    expect(evaluateCarePath(base()).version).toBe(CARE_PATH_VERSION);
  });

  it('keeps the TRD definition and the payer concept of intolerance apart, and names which one each verdict used', () => {
    const r = evaluateCarePath(
      base({ trials: [sertraline, { drug: 'escitalopram', class: 'ssri', adequate: false, outcome: 'intolerance', currentEpisode: true }] }),
    );
    expect(r.treatmentResistant).toBe(false);
    expect(r.failedAdequateTrials).toBe(1);
    expect(r.failedTrialsIncludingIntolerance).toBe(2);
    expect(r.treatmentResistantIncludingIntolerance).toBe(true);
    const esketamine = r.options.find((o) => o.option === 'esketamine')!;
    expect(esketamine.reasons.map((x) => x.rule)).toEqual(expect.arrayContaining(['trd.definition', 'trd.payer-intolerance']));
    expect(esketamine.reasons.find((x) => x.rule === 'trd.definition')!.text).toMatch(/^Not treatment-resistant \(consensus definition\)/);
    expect(esketamine.reasons.find((x) => x.rule === 'trd.payer-intolerance')!.source).toMatch(/L34998/);
  });

  it('does not call bipolar depression treatment-resistant', () => {
    const r = evaluateCarePath(base({ diagnoses: ['F31.4'] }));
    expect(r.treatmentResistant).toBe(false);
    expect(r.options.find((o) => o.option === 'medication_optimization')!.reasons.map((x) => x.rule)).toContain('trd.mdd-only');
  });

  describe('suicide risk: the most severe signal from any source wins, none cancels another', () => {
    type RiskCase = [name: string, facts: Partial<CarePathFacts>, level: string, urgent: boolean, rules: string[]];
    const riskCases: RiskCase[] = [
      ['nothing recorded', { suicideScreens: [] }, 'none', false, []],
      ['negative ASQ alone', {}, 'none', false, []],
      [
        'negative ASQ and high C-SSRS the same day',
        {
          suicideScreens: [
            { kind: 'ASQ', positive: false, acute: false, takenOn: '2026-11-22' },
            { kind: 'C-SSRS', risk: 'high', takenOn: '2026-11-22' },
          ],
        },
        'high',
        true,
        ['suicidality.cssrs'],
      ],
      [
        'high C-SSRS and negative ASQ (order does not matter)',
        {
          suicideScreens: [
            { kind: 'C-SSRS', risk: 'high', takenOn: '2026-11-22' },
            { kind: 'ASQ', positive: false, acute: false, takenOn: '2026-11-22' },
          ],
        },
        'high',
        true,
        ['suicidality.cssrs'],
      ],
      ['C-SSRS moderate', { suicideScreens: [{ kind: 'C-SSRS', risk: 'moderate', takenOn: '2026-11-22' }] }, 'moderate', true, ['suicidality.cssrs']],
      ['C-SSRS low alone', { suicideScreens: [{ kind: 'C-SSRS', risk: 'low', takenOn: '2026-11-22' }] }, 'low', false, []],
      [
        'C-SSRS low does not cancel PHQ-9 item 9',
        { suicideScreens: [{ kind: 'C-SSRS', risk: 'low', takenOn: '2026-11-22' }], phq9: { total: 14, item9: 1, takenOn: '2026-11-22' } },
        'moderate',
        true,
        ['suicidality.phq9-item9'],
      ],
      [
        'clinician: active ideation with plan or intent, screens negative',
        { clinicianIdeation: { withPlanOrIntent: true, recordedOn: '2026-11-23' } },
        'high',
        true,
        ['suicidality.clinician'],
      ],
      [
        'ASQ acute outranks C-SSRS moderate',
        {
          suicideScreens: [
            { kind: 'ASQ', positive: true, acute: true, takenOn: '2026-11-22' },
            { kind: 'C-SSRS', risk: 'moderate', takenOn: '2026-11-22' },
          ],
        },
        'imminent',
        true,
        ['suicidality.asq', 'suicidality.cssrs'],
      ],
      [
        'a crisis answer on the public screening',
        { riskFlags: [{ source: 'public_screening', notedOn: '2026-11-18', text: 'Screening: thoughts of self-harm' }] },
        'moderate',
        true,
        ['suicidality.public-screening'],
      ],
      [
        'an old public-screening flag (40 days)',
        { riskFlags: [{ source: 'public_screening', notedOn: '2026-10-14', text: 'Screening: thoughts of self-harm' }] },
        'none',
        false,
        [],
      ],
      [
        'every source at once',
        {
          phq9: { total: 20, item9: 3, takenOn: '2026-11-22' },
          suicideScreens: [
            { kind: 'ASQ', positive: true, acute: false, takenOn: '2026-11-22' },
            { kind: 'C-SSRS', risk: 'high', takenOn: '2026-11-22' },
          ],
          clinicianIdeation: { withPlanOrIntent: true, recordedOn: '2026-11-23' },
          riskFlags: [{ source: 'public_screening', notedOn: '2026-11-18', text: 'Screening' }],
        },
        'high',
        true,
        ['suicidality.phq9-item9', 'suicidality.asq', 'suicidality.cssrs', 'suicidality.clinician', 'suicidality.public-screening'],
      ],
    ];
    it.each(riskCases)('%s', (_name, facts, level, urgent, rules) => {
      const r = evaluateCarePath(base(facts));
      expect(r.suicideRisk.level).toBe(level);
      expect(r.urgent).toBe(urgent);
      expect(r.urgentReasons.map((x) => x.rule)).toEqual(rules);
      if (urgent) for (const o of r.options) expect(o.conditions).toContain('Same-day provider review of suicide risk before starting');
    });
  });
});
