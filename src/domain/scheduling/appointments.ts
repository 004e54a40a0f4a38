/**
 * An appointment's day (issue 9): the moves a visit makes from booked to done, who may make them when, late
 * cancellation, the day board's words, and what the label or the literature says about a missed treatment visit.
 * Pure: the scheduling module loads the visit and the clock, these decide.
 *
 * Sources: ../shared/delivery-and-billing.md A2.1 (Spravato missed doses, J&J Medical Information 2025-10-10), A2.2
 * (REMS: observe at least two hours and until sedation, dissociation and respiratory depression resolve), A5 (missed
 * TMS sessions; visit lengths).
 */

import type { VisitKind } from './protocols.js';

export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'in_treatment', 'observing', 'ready_for_discharge', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that hold the visit's time (the exclusion constraints in migration 0011 use the same list). */
export const HOLDS_TIME: readonly AppointmentStatus[] = ['booked', 'checked_in', 'in_treatment', 'observing', 'ready_for_discharge', 'completed'];

/** The moves a visit can make. Completed, cancelled and no-show are final: a new visit is booked instead. */
const MOVES: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['in_treatment', 'cancelled'],
  in_treatment: ['observing', 'completed'],
  observing: ['ready_for_discharge'],
  ready_for_discharge: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

/** Visits the label requires to be observed after dosing: they go in_treatment -> observing -> ready_for_discharge. */
const OBSERVED: Partial<Record<VisitKind, { minutes: number; source: string }>> = {
  // "monitored for at least two hours and until resolution of sedation, dissociation and respiratory depression"
  spravato_session: { minutes: 120, source: 'delivery-and-billing.md A2.2 (Spravato REMS, FDA REMS ID 386, 2024-12-31)' },
};
/** Visits with a recovery period (the clinic's protocol, not a label minimum): observation is allowed, not required. */
const RECOVERING: readonly VisitKind[] = ['iv_ketamine_infusion', 'im_ketamine_session', 'kap_session'];

export type MoveRule = 'invalid_transition' | 'not_today' | 'not_started_yet' | 'not_observed' | 'observation_required' | 'observation_too_short';
export type MoveProblem = { rule: MoveRule; message: string } | null;

export type MoveFacts = {
  from: AppointmentStatus;
  to: AppointmentStatus;
  kind: string;
  /** The visit's date and today's date, both on the clinic's wall clock. */
  visitDate: string;
  today: string;
  startsAt: Date;
  now: Date;
  observationStartedAt: Date | null;
};

/**
 * Whether a visit may move now; null when it may, else the rule and why. Check-in and treatment happen on the visit's
 * own clinic date; a no-show is marked only once the visit's start has passed; a Spravato visit is observed before
 * discharge and is ready for discharge only after two hours of observation (a safety rule: never skipped silently).
 */
export function appointmentMoveProblem(f: MoveFacts): MoveProblem {
  if (!MOVES[f.from].includes(f.to)) {
    return { rule: 'invalid_transition', message: `A visit that is ${label(f.from)} cannot become ${label(f.to)}.` };
  }
  const kind = f.kind as VisitKind;
  if ((f.to === 'checked_in' || f.to === 'in_treatment') && f.visitDate !== f.today) {
    return { rule: 'not_today', message: `This visit is on ${f.visitDate}; patients are checked in and treated on the day of the visit.` };
  }
  if (f.to === 'no_show' && f.now.getTime() < f.startsAt.getTime()) {
    return { rule: 'not_started_yet', message: 'A visit is marked as a no-show only after its start time has passed.' };
  }
  const observed = OBSERVED[kind];
  if (f.to === 'observing' && !observed && !RECOVERING.includes(kind)) {
    return { rule: 'not_observed', message: `A ${kind.replaceAll('_', ' ')} has no observation period; complete it instead.` };
  }
  if (observed && f.from === 'in_treatment' && f.to === 'completed') {
    return {
      rule: 'observation_required',
      message: `Observe the patient for at least ${observed.minutes} minutes after the last dose before discharge (${observed.source}).`,
    };
  }
  if (observed && f.to === 'ready_for_discharge') {
    const since = f.observationStartedAt?.getTime();
    const minutes = since === undefined ? 0 : Math.floor((f.now.getTime() - since) / 60_000);
    if (minutes < observed.minutes) {
      return {
        rule: 'observation_too_short',
        message: `Observation has run ${minutes} of at least ${observed.minutes} minutes, and continues until sedation, dissociation and respiratory depression resolve (${observed.source}).`,
      };
    }
  }
  return null;
}

/** The moves a visit of this kind can make from its status (for the day board's buttons). */
export function nextMoves(from: AppointmentStatus, kind: string): AppointmentStatus[] {
  const observed = OBSERVED[kind as VisitKind] !== undefined;
  const recovering = RECOVERING.includes(kind as VisitKind);
  return MOVES[from].filter((to) => {
    if (to === 'observing') return observed || recovering;
    if (from === 'in_treatment' && to === 'completed') return !observed;
    return true;
  });
}

/**
 * Cancelled late: inside the clinic's window before the start. 24 hours is this system's default: no source gives a
 * clinical number; it is a business policy, and VA Community Care veterans are never billed for it (domain.md §7).
 */
export const DEFAULT_LATE_CANCEL_HOURS = 24;
export function isLateCancellation(startsAt: Date, cancelledAt: Date, windowHours = DEFAULT_LATE_CANCEL_HOURS): boolean {
  return startsAt.getTime() - cancelledAt.getTime() < windowHours * 3_600_000;
}

/** The day board's words for a status (issue 9: expected, checked in, in treatment, observing, ready for discharge, done). */
export function boardStatus(status: AppointmentStatus): string {
  return status === 'booked' ? 'expected' : status === 'completed' ? 'done' : label(status);
}

function label(status: AppointmentStatus): string {
  return status.replaceAll('_', ' ');
}

export type MissedVisitGuidance = { text: string; source: string };

/**
 * What to do after a missed treatment visit, by treatment and the phase it fell in. Spravato: the label's missed-dose
 * guidance (J&J Medical Information, 2025-10-10); TMS: what the literature and clinics report. Other treatments have
 * no published rule here: the clinician decides, and the follow-up task says so.
 */
export function missedVisitGuidance(kind: string, phase: string | null): MissedVisitGuidance {
  if (kind === 'spravato_session') {
    const firstFourWeeks = phase === 'Induction';
    return firstFourWeeks
      ? {
          text: 'Missed during the first 4 weeks (induction): continue the current twice-weekly schedule.',
          source: 'delivery-and-billing.md A2.1 (J&J Medical Information, missed doses, 2025-10-10)',
        }
      : {
          text: 'Missed after induction: if depressive symptoms worsen, consider returning to the previous frequency (for example weekly back to twice weekly), per clinical judgement.',
          source: 'delivery-and-billing.md A2.1 (J&J Medical Information, missed doses, 2025-10-10)',
        };
  }
  if (kind === 'tms_session' || kind === 'tms_mapping') {
    return {
      text: 'Reschedule the missed session and add it to the end of the course; interruptions of up to 14 days showed no meaningful effect on outcomes.',
      source: 'delivery-and-billing.md A5 (missed TMS sessions: 316-patient naturalistic study; clinics add sessions at the end)',
    };
  }
  return { text: 'Call the patient to rebook; the prescriber decides whether the series continues as planned.', source: 'no published rule; clinic follow-up' };
}
