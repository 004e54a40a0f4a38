import { describe, expect, it } from 'vitest';
import {
  appointmentMoveProblem,
  boardStatus,
  isLateCancellation,
  missedVisitGuidance,
  nextMoves,
  type AppointmentStatus,
  type MoveFacts,
} from './appointments.js';

// Written by hand from issue 9 and the sources: a visit is checked in and treated on its own day, marked a no-show
// only after its start, and a Spravato visit is observed at least 2 hours before it is ready for discharge (REMS).
const today = '2026-12-01';
const startsAt = new Date('2026-12-01T17:00:00Z'); // 09:00 in Los Angeles
const base: MoveFacts = {
  from: 'booked',
  to: 'checked_in',
  kind: 'tms_session',
  visitDate: today,
  today,
  startsAt,
  now: new Date('2026-12-01T16:50:00Z'),
  observationStartedAt: null,
};
const at = (iso: string) => new Date(iso);

const CASES: [string, Partial<MoveFacts>, string | null][] = [
  ['check in on the day, before the start', {}, null],
  ['check in the day before', { today: '2026-11-30' }, 'not_today'],
  ['treat a visit of another day', { from: 'checked_in', to: 'in_treatment', visitDate: '2026-12-02' }, 'not_today'],
  ['start treatment after check-in', { from: 'checked_in', to: 'in_treatment' }, null],
  ['start treatment without check-in', { from: 'booked', to: 'in_treatment' }, 'invalid_transition'],
  ['complete a TMS session straight from treatment', { from: 'in_treatment', to: 'completed' }, null],
  ['observe after TMS (no observation period)', { from: 'in_treatment', to: 'observing' }, 'not_observed'],
  ['complete Spravato without observation', { kind: 'spravato_session', from: 'in_treatment', to: 'completed' }, 'observation_required'],
  ['observe after Spravato', { kind: 'spravato_session', from: 'in_treatment', to: 'observing' }, null],
  [
    'Spravato ready for discharge after 119 minutes',
    {
      kind: 'spravato_session',
      from: 'observing',
      to: 'ready_for_discharge',
      observationStartedAt: at('2026-12-01T17:20:00Z'),
      now: at('2026-12-01T19:19:30Z'),
    },
    'observation_too_short',
  ],
  [
    'Spravato ready for discharge after 120 minutes',
    {
      kind: 'spravato_session',
      from: 'observing',
      to: 'ready_for_discharge',
      observationStartedAt: at('2026-12-01T17:20:00Z'),
      now: at('2026-12-01T19:20:00Z'),
    },
    null,
  ],
  [
    'Spravato ready for discharge with no observation start',
    { kind: 'spravato_session', from: 'observing', to: 'ready_for_discharge' },
    'observation_too_short',
  ],
  ['IV ketamine may recover in observation', { kind: 'iv_ketamine_infusion', from: 'in_treatment', to: 'observing' }, null],
  ['IV ketamine may be completed from treatment', { kind: 'iv_ketamine_infusion', from: 'in_treatment', to: 'completed' }, null],
  ['no-show before the start', { to: 'no_show' }, 'not_started_yet'],
  ['no-show after the start', { to: 'no_show', now: at('2026-12-01T17:15:00Z') }, null],
  ['cancel a booked visit', { to: 'cancelled' }, null],
  ['cancel after treatment began', { from: 'in_treatment', to: 'cancelled' }, 'invalid_transition'],
  ['reopen a completed visit', { from: 'completed', to: 'in_treatment' }, 'invalid_transition'],
  ['book again a no-show', { from: 'no_show', to: 'booked' }, 'invalid_transition'],
];

describe('appointment moves', () => {
  it.each(CASES)('%s', (_name, facts, rule) => expect(appointmentMoveProblem({ ...base, ...facts })?.rule ?? null).toBe(rule));

  it.each([
    ['booked', 'tms_session', ['checked_in', 'cancelled', 'no_show']],
    ['in_treatment', 'tms_session', ['completed']],
    ['in_treatment', 'spravato_session', ['observing']],
    ['in_treatment', 'iv_ketamine_infusion', ['observing', 'completed']],
    ['observing', 'spravato_session', ['ready_for_discharge']],
    ['completed', 'tms_session', []],
  ] as [AppointmentStatus, string, AppointmentStatus[]][])('from %s a %s offers %j', (from, kind, moves) => expect(nextMoves(from, kind)).toEqual(moves));
});

describe('late cancellation (24 hours by default)', () => {
  it.each([
    ['25 hours before', '2026-11-30T16:00:00Z', false],
    ['exactly 24 hours before', '2026-11-30T17:00:00Z', false],
    ['23 hours before', '2026-11-30T18:00:00Z', true],
    ['after the start', '2026-12-01T17:30:00Z', true],
  ])('%s: late %s', (_name, when, late) => expect(isLateCancellation(startsAt, new Date(when))).toBe(late));
  it('follows a clinic window', () => expect(isLateCancellation(startsAt, new Date('2026-11-29T18:00:00Z'), 48)).toBe(true));
});

describe('the day board and missed visits', () => {
  it.each([
    ['booked', 'expected'],
    ['checked_in', 'checked in'],
    ['in_treatment', 'in treatment'],
    ['observing', 'observing'],
    ['ready_for_discharge', 'ready for discharge'],
    ['completed', 'done'],
  ] as [AppointmentStatus, string][])('%s reads %s', (status, words) => expect(boardStatus(status)).toBe(words));

  it('Spravato induction: continue the current schedule (J&J 2025-10-10)', () =>
    expect(missedVisitGuidance('spravato_session', 'Induction').text).toMatch(/continue the current twice-weekly schedule/));
  it('Spravato maintenance: consider the previous frequency if worse', () =>
    expect(missedVisitGuidance('spravato_session', 'Maintenance').text).toMatch(/previous frequency/));
  it('TMS: add the session at the end', () => expect(missedVisitGuidance('tms_session', 'Acute').text).toMatch(/end of the course/));
  it('others: the prescriber decides', () => expect(missedVisitGuidance('iv_ketamine_infusion', 'Induction').source).toMatch(/no published rule/));
});
