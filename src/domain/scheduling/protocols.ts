/**
 * Treatment protocols as data (issue 9): what a course is made of, how its visits are spaced, how long each visit
 * holds which resource, who must be there, what the patient prepares and which questionnaires fall due. Each
 * protocol names its source; a number no source gives is a clinic default and says so. These are the published
 * first versions; an administrator publishes later versions as data, and a course keeps the version it began with.
 *
 * Sources: ../shared/domain.md §2-4 and ../shared/delivery-and-billing.md A1-A5, as cited per protocol.
 */

import type { InstrumentId } from '../screening/instruments.js';

/** Bookable rooms and devices (the scheduling module's treatment_resources.kind). */
export type ResourceKind = 'tms_device' | 'infusion_chair' | 'esketamine_room';

/**
 * Staff a visit needs. `attends`: booked for the visit's chair time, one visit at a time. `on_site`: working at the
 * clinic for the whole visit (the Spravato REMS prescriber), not booked exclusively.
 */
export type StaffNeed = { role: 'provider' | 'nurse'; presence: 'attends' | 'on_site' };

export type VisitKind =
  | 'tms_mapping'
  | 'tms_session'
  | 'spravato_session'
  | 'iv_ketamine_infusion'
  | 'ketamine_response_evaluation'
  | 'im_ketamine_session'
  | 'kap_session'
  | 'integration_therapy';

export type VisitType = {
  kind: VisitKind;
  label: string;
  /** Minutes the patient is treated (chair time, staff attending). */
  minutes: number;
  /** Minutes the resource stays blocked after treatment (observation, recovery); the patient is still on site. */
  blockAfterMinutes: number;
  resource: ResourceKind | null;
  staff: StaffNeed[];
  /** Questionnaires due at this visit (the outcomes issue schedules them); C-SSRS is clinician-administered. */
  questionnaires: (InstrumentId | 'C-SSRS')[];
  /** What the patient must do before (and after) this visit, each with its source: the reminder carries it. */
  readiness: { text: string; source: string }[];
  source: string;
};

/**
 * Spacing of the visits of one phase. Gaps are in calendar days between visit dates; `perWeek` caps visits in one
 * clinic week (Monday to Sunday); `weekdaysOnly` keeps visits Monday to Friday.
 */
export type Spacing = { minGapDays: number; maxGapDays: number | null; perWeek: number; weekdaysOnly: boolean };

export type Phase = {
  name: string;
  visitKind: VisitKind;
  sessions: number;
  spacing: Spacing;
  /** The phase's span in weeks from its first visit, when the source gives one (a planning target, not a hard rule). */
  weeks: number | null;
};

export type TreatmentKind = 'tms' | 'esketamine' | 'iv_ketamine' | 'im_ketamine' | 'kap';

export type Protocol = {
  code: string;
  version: number;
  treatment: TreatmentKind;
  name: string;
  /** Visit types used by the phases (and visits booked alongside, such as integration therapy). */
  visitTypes: VisitType[];
  /** In order; the planner proposes them one after another. */
  phases: Phase[];
  source: string;
};

const TMS_READINESS = [
  {
    text: 'Remove metal and magnetic objects (jewellery, hair clips, cards with magnetic strips); nothing ferromagnetic may be within 30 cm of the coil.',
    source: 'delivery-and-billing.md A1.2 (daily pre-treatment checklist); domain.md §4.1',
  },
  {
    text: 'Tell the team about changes in sleep, medicines, alcohol or drug use since the last session.',
    source: 'delivery-and-billing.md A1.2 (sleep and medication changes alter seizure risk)',
  },
];

const SPRAVATO_READINESS = [
  { text: 'No food for 2 hours and no liquids for 30 minutes before the visit.', source: 'domain.md §2.1 (label: pre-dose)' },
  { text: 'Use any nasal corticosteroid or decongestant at least 1 hour before the visit.', source: 'domain.md §2.1 (label: pre-dose)' },
  {
    text: 'Arrange a ride home: do not drive or operate machinery until the next day after restful sleep.',
    source: 'domain.md §2.1; delivery-and-billing.md A5',
  },
];

const KETAMINE_READINESS = [
  { text: "Follow the clinic's fasting instructions.", source: 'clinic setting (no published ketamine fasting rule): delivery-and-billing.md A3.3' },
  {
    text: 'Bring an escort home; no driving for 24 hours after the visit.',
    source: 'delivery-and-billing.md A3.3 (clinic discharge instructions; RCEM procedural sedation criteria)',
  },
];

const TMS_SESSION_SOURCE = 'delivery-and-billing.md A1.1 (10 Hz ~37.5 min; iTBS ~3 min) and A5 (book treatment plus setup)';

const tmsPhases = (visitKind: VisitKind): Phase[] => [
  // 30 daily sessions, 5 a week over 6 weeks, then a 6-session taper over 3 weeks (3, then 2, then 1):
  // domain.md §4.1 (BCBS Michigan / New Directions rTMS criteria), delivery-and-billing.md A1.2.
  { name: 'Mapping', visitKind: 'tms_mapping', sessions: 1, spacing: { minGapDays: 0, maxGapDays: null, perWeek: 1, weekdaysOnly: true }, weeks: null },
  { name: 'Acute', visitKind, sessions: 30, spacing: { minGapDays: 1, maxGapDays: 4, perWeek: 5, weekdaysOnly: true }, weeks: 6 },
  { name: 'Taper, week 1', visitKind, sessions: 3, spacing: { minGapDays: 1, maxGapDays: 7, perWeek: 3, weekdaysOnly: true }, weeks: 1 },
  { name: 'Taper, week 2', visitKind, sessions: 2, spacing: { minGapDays: 2, maxGapDays: 7, perWeek: 2, weekdaysOnly: true }, weeks: 1 },
  { name: 'Taper, week 3', visitKind, sessions: 1, spacing: { minGapDays: 3, maxGapDays: 10, perWeek: 1, weekdaysOnly: true }, weeks: 1 },
];

const TMS_MAPPING: VisitType = {
  kind: 'tms_mapping',
  label: 'Motor-threshold mapping',
  // 45-60 minutes (some clinics book 2 h): delivery-and-billing.md A1.1 and A5.
  minutes: 60,
  blockAfterMinutes: 0,
  resource: 'tms_device',
  staff: [{ role: 'provider', presence: 'attends' }],
  questionnaires: ['PHQ-9'],
  readiness: TMS_READINESS,
  source: 'delivery-and-billing.md A1.1 (mapping/MT session 45-60 min, before session 1), A5',
};

export const PROTOCOLS: readonly Protocol[] = [
  {
    code: 'tms-10hz-standard',
    version: 1,
    treatment: 'tms',
    name: 'TMS, standard 10 Hz (36 sessions)',
    visitTypes: [
      TMS_MAPPING,
      {
        kind: 'tms_session',
        label: 'TMS session (10 Hz)',
        minutes: 45,
        blockAfterMinutes: 0,
        resource: 'tms_device',
        staff: [{ role: 'nurse', presence: 'attends' }],
        questionnaires: [],
        readiness: TMS_READINESS,
        source: TMS_SESSION_SOURCE,
      },
    ],
    phases: tmsPhases('tms_session'),
    source: 'domain.md §4.1 (36-session course: BCBS Michigan / New Directions 2016); delivery-and-billing.md A1.1-A1.2',
  },
  {
    code: 'tms-itbs',
    version: 1,
    treatment: 'tms',
    name: 'TMS, intermittent theta burst (36 sessions)',
    visitTypes: [
      TMS_MAPPING,
      {
        kind: 'tms_session',
        label: 'TMS session (iTBS)',
        // ~3 minutes of stimulation (THREE-D) plus seating and coil placement: a clinic default of 15 minutes.
        minutes: 15,
        blockAfterMinutes: 0,
        resource: 'tms_device',
        staff: [{ role: 'nurse', presence: 'attends' }],
        questionnaires: [],
        readiness: TMS_READINESS,
        source: TMS_SESSION_SOURCE,
      },
    ],
    phases: tmsPhases('tms_session'),
    source: 'delivery-and-billing.md A1.1 (iTBS, THREE-D, Blumberger 2018), same course shape as the 10 Hz course',
  },
  {
    code: 'spravato-trd',
    version: 1,
    treatment: 'esketamine',
    name: 'Spravato (esketamine) for TRD: induction, optimization, maintenance',
    visitTypes: [
      {
        kind: 'spravato_session',
        label: 'Spravato session',
        // Up to 3 devices 5 minutes apart, then at least 2 hours of observation: "about 2-2.5 hours" (A5).
        minutes: 20,
        blockAfterMinutes: 120,
        resource: 'esketamine_room',
        staff: [
          { role: 'nurse', presence: 'attends' },
          { role: 'provider', presence: 'on_site' },
        ],
        questionnaires: ['PHQ-9'],
        readiness: SPRAVATO_READINESS,
        source: 'domain.md §2.1 (label: 5-min rest between devices; observe at least 2 h); delivery-and-billing.md A5',
      },
    ],
    phases: [
      // Weeks 1-4 twice weekly; weeks 5-8 weekly; week 9 on weekly or every 2 weeks (domain.md §2.1, label).
      { name: 'Induction', visitKind: 'spravato_session', sessions: 8, spacing: { minGapDays: 2, maxGapDays: 5, perWeek: 2, weekdaysOnly: false }, weeks: 4 },
      {
        name: 'Optimization',
        visitKind: 'spravato_session',
        sessions: 4,
        spacing: { minGapDays: 5, maxGapDays: 9, perWeek: 1, weekdaysOnly: false },
        weeks: 4,
      },
      {
        name: 'Maintenance',
        visitKind: 'spravato_session',
        sessions: 4,
        spacing: { minGapDays: 7, maxGapDays: 14, perWeek: 1, weekdaysOnly: false },
        weeks: 8,
      },
    ],
    source: 'domain.md §2.1 (TRD dosing schedule), delivery-and-billing.md A2.1 (missed doses), A5',
  },
  {
    code: 'iv-ketamine-series',
    version: 1,
    treatment: 'iv_ketamine',
    name: 'IV ketamine: 6-infusion series and response evaluation',
    visitTypes: [
      {
        kind: 'iv_ketamine_infusion',
        label: 'IV ketamine infusion',
        // 0.5 mg/kg over 40 minutes within a 1.5-2 h visit (A3.1, A5): 45 min in the chair plus 60 min recovery.
        minutes: 45,
        blockAfterMinutes: 60,
        resource: 'infusion_chair',
        staff: [
          { role: 'nurse', presence: 'attends' },
          { role: 'provider', presence: 'on_site' },
        ],
        questionnaires: ['PHQ-9'],
        readiness: KETAMINE_READINESS,
        source: 'delivery-and-billing.md A3.1 (Sanacora 2017: 0.5 mg/kg over 40 min), A5 (1.5-2 h visit)',
      },
      {
        kind: 'ketamine_response_evaluation',
        label: 'Response evaluation',
        minutes: 30,
        blockAfterMinutes: 0,
        resource: null,
        staff: [{ role: 'provider', presence: 'attends' }],
        questionnaires: ['PHQ-9', 'GAD-7'],
        readiness: [],
        source: 'domain.md §3 (response assessed as at least 50% symptom reduction after the series)',
      },
    ],
    phases: [
      // 6 infusions over 2-3 weeks, at least a day apart (domain.md §3; Shiroma 2020: six over 12 days).
      {
        name: 'Induction series',
        visitKind: 'iv_ketamine_infusion',
        sessions: 6,
        spacing: { minGapDays: 2, maxGapDays: 5, perWeek: 3, weekdaysOnly: false },
        weeks: 3,
      },
      {
        name: 'Response evaluation',
        visitKind: 'ketamine_response_evaluation',
        sessions: 1,
        spacing: { minGapDays: 1, maxGapDays: 7, perWeek: 1, weekdaysOnly: false },
        weeks: null,
      },
    ],
    source: 'domain.md §3 (series and response), delivery-and-billing.md A3.1, A5; maintenance infusions are planned on the interval the provider sets',
  },
  {
    code: 'im-ketamine',
    version: 1,
    treatment: 'im_ketamine',
    name: 'IM ketamine sessions',
    visitTypes: [
      {
        kind: 'im_ketamine_session',
        label: 'IM ketamine session',
        // Injection, ~30 min monitoring, vitals recheck (A3.4): 15 min treatment plus 45 min recovery, clinic default.
        minutes: 15,
        blockAfterMinutes: 45,
        resource: 'infusion_chair',
        staff: [{ role: 'provider', presence: 'attends' }],
        questionnaires: ['PHQ-9'],
        readiness: KETAMINE_READINESS,
        source: 'delivery-and-billing.md A3.4 (IM ketamine clinic flow)',
      },
    ],
    phases: [
      // No published series; a clinic default of 6 weekly sessions.
      {
        name: 'Series',
        visitKind: 'im_ketamine_session',
        sessions: 6,
        spacing: { minGapDays: 3, maxGapDays: 10, perWeek: 2, weekdaysOnly: false },
        weeks: null,
      },
    ],
    source: 'delivery-and-billing.md A3.4; the series length is a clinic default',
  },
  {
    code: 'kap',
    version: 1,
    treatment: 'kap',
    name: 'Ketamine-assisted psychotherapy with integration',
    visitTypes: [
      {
        kind: 'kap_session',
        label: 'KAP dosing session',
        // Clinic default: 2-hour dosing session with the therapist; escort home (A3.4).
        minutes: 120,
        blockAfterMinutes: 0,
        resource: 'infusion_chair',
        staff: [{ role: 'provider', presence: 'attends' }],
        questionnaires: ['PHQ-9'],
        readiness: KETAMINE_READINESS,
        source: 'delivery-and-billing.md A3.4 (KAP: BP/HR check before dosing, escort home)',
      },
      {
        kind: 'integration_therapy',
        label: 'Integration therapy',
        minutes: 50,
        blockAfterMinutes: 0,
        resource: null,
        staff: [{ role: 'provider', presence: 'attends' }],
        questionnaires: [],
        readiness: [],
        source: 'issue 9 (integration sessions attached to a course); CPT 90834 is 45 minutes of psychotherapy',
      },
    ],
    phases: [
      {
        name: 'Dosing sessions',
        visitKind: 'kap_session',
        sessions: 3,
        spacing: { minGapDays: 7, maxGapDays: 21, perWeek: 1, weekdaysOnly: false },
        weeks: null,
      },
    ],
    source: 'delivery-and-billing.md A3.4; session count and spacing are clinic defaults',
  },
];

export function protocolByCode(code: string): Protocol | undefined {
  return PROTOCOLS.find((p) => p.code === code);
}

export function visitTypeOf(protocol: Protocol, kind: VisitKind): VisitType {
  const t = protocol.visitTypes.find((v) => v.kind === kind);
  if (!t) throw new Error(`protocol ${protocol.code} v${protocol.version} has no visit type ${kind}`);
  return t;
}

/** Every visit of a protocol in order, with its phase: what a course plans, before any date is set. */
export function courseVisits(protocol: Protocol): { phase: Phase; visitType: VisitType; indexInPhase: number }[] {
  return protocol.phases.flatMap((phase) =>
    Array.from({ length: phase.sessions }, (_, indexInPhase) => ({ phase, visitType: visitTypeOf(protocol, phase.visitKind), indexInPhase })),
  );
}

/**
 * The visit kinds that make up the course (its phases). Other visit types of the protocol, such as KAP's integration
 * therapy, are booked alongside the course: they do not take a place in its order, its spacing or its authorization.
 */
export function courseVisitKinds(protocol: Protocol): ReadonlySet<string> {
  return new Set(protocol.phases.map((p) => p.visitKind));
}

/** Problems that make a protocol unusable (for an admin publishing a version), empty when it is sound. */
export function protocolProblems(p: Protocol): string[] {
  const problems: string[] = [];
  if (!p.source.trim()) problems.push('source is required');
  if (p.phases.length === 0) problems.push('at least one phase is required');
  for (const phase of p.phases) {
    if (!p.visitTypes.some((v) => v.kind === phase.visitKind)) problems.push(`phase ${phase.name}: no visit type ${phase.visitKind}`);
    if (phase.sessions < 1) problems.push(`phase ${phase.name}: sessions must be at least 1`);
    const s = phase.spacing;
    if (s.minGapDays < 0) problems.push(`phase ${phase.name}: minimum gap cannot be negative`);
    if (s.maxGapDays !== null && s.maxGapDays < s.minGapDays) problems.push(`phase ${phase.name}: maximum gap is below the minimum`);
    if (s.perWeek < 1 || s.perWeek > 7) problems.push(`phase ${phase.name}: sessions per week must be 1-7`);
    if (s.weekdaysOnly && s.perWeek > 5) problems.push(`phase ${phase.name}: at most 5 weekday sessions a week`);
  }
  for (const v of p.visitTypes) {
    if (v.minutes < 5 || v.minutes > 8 * 60) problems.push(`visit ${v.kind}: minutes must be 5-480`);
    if (v.blockAfterMinutes < 0) problems.push(`visit ${v.kind}: block after cannot be negative`);
    if (!v.source.trim()) problems.push(`visit ${v.kind}: source is required`);
  }
  // Spravato: the observation room stays blocked at least 2 hours after the last device (domain.md §2.1, label).
  for (const v of p.visitTypes)
    if (v.kind === 'spravato_session' && v.blockAfterMinutes < 120) problems.push('Spravato visits must block the room at least 120 minutes after dosing');
  return problems;
}
