import type { TreatmentKind } from './protocols.js';

/** A treatment course's life (issue 9): planned, active, on hold, completed, or stopped with a reason. */
export const COURSE_STATUSES = ['planned', 'active', 'on_hold', 'completed', 'stopped'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

const TRANSITIONS: Record<CourseStatus, readonly CourseStatus[]> = {
  planned: ['active', 'stopped'],
  active: ['on_hold', 'completed', 'stopped'],
  on_hold: ['active', 'stopped'],
  completed: [],
  stopped: [],
};

export function canMoveCourse(from: CourseStatus, to: CourseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Moves that must say why: stopping, and putting a course on hold. */
export function courseMoveNeedsReason(to: CourseStatus): boolean {
  return to === 'stopped' || to === 'on_hold';
}

/**
 * The clinic service a treatment needs (locations.services). IM ketamine and ketamine-assisted psychotherapy are
 * given where the clinic runs its ketamine programme (the `iv_ketamine` service: monitored chairs, ACLS staff).
 */
export function serviceForTreatment(treatment: TreatmentKind): 'tms' | 'esketamine' | 'iv_ketamine' {
  if (treatment === 'tms') return 'tms';
  if (treatment === 'esketamine') return 'esketamine';
  return 'iv_ketamine';
}
