import { describe, expect, it } from 'vitest';
import { canMoveCourse, courseMoveNeedsReason, serviceForTreatment, type CourseStatus } from './courses.js';

// Written by hand from issue 9: planned -> active; active <-> on hold; a course ends completed or stopped, and an
// ended course does not restart.
const MOVES: [CourseStatus, CourseStatus, boolean][] = [
  ['planned', 'active', true],
  ['planned', 'stopped', true],
  ['planned', 'completed', false],
  ['planned', 'on_hold', false],
  ['active', 'on_hold', true],
  ['active', 'completed', true],
  ['active', 'stopped', true],
  ['active', 'planned', false],
  ['on_hold', 'active', true],
  ['on_hold', 'stopped', true],
  ['on_hold', 'completed', false],
  ['completed', 'active', false],
  ['stopped', 'active', false],
  ['stopped', 'planned', false],
];

describe('course status moves', () => {
  it.each(MOVES)('%s -> %s: %s', (from, to, ok) => expect(canMoveCourse(from, to)).toBe(ok));
  it.each([
    ['stopped', true],
    ['on_hold', true],
    ['active', false],
    ['completed', false],
  ] as const)('moving to %s needs a reason: %s', (to, needs) => expect(courseMoveNeedsReason(to)).toBe(needs));
  it.each([
    ['tms', 'tms'],
    ['esketamine', 'esketamine'],
    ['iv_ketamine', 'iv_ketamine'],
    ['im_ketamine', 'iv_ketamine'],
    ['kap', 'iv_ketamine'],
  ] as const)('%s needs the clinic service %s', (treatment, service) => expect(serviceForTreatment(treatment)).toBe(service));
});
