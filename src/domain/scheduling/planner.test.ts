import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planCourse, type Busy, type PlanInput, type PlannerStaff } from './planner.js';
import { courseVisits, PROTOCOLS, protocolByCode, protocolProblems, type Protocol } from './protocols.js';
import type { WeeklyHours } from './opening-hours.js';

const ZONE = 'America/Los_Angeles';
const WEEKDAY_HOURS = [{ open: '08:00', close: '18:00' }];
const HOURS: WeeklyHours = {
  mon: WEEKDAY_HOURS,
  tue: WEEKDAY_HOURS,
  wed: WEEKDAY_HOURS,
  thu: WEEKDAY_HOURS,
  fri: WEEKDAY_HOURS,
  sat: [{ open: '09:00', close: '13:00' }],
  sun: [],
};
const STAFF_HOURS: WeeklyHours = { mon: WEEKDAY_HOURS, tue: WEEKDAY_HOURS, wed: WEEKDAY_HOURS, thu: WEEKDAY_HOURS, fri: WEEKDAY_HOURS };

const nurse: PlannerStaff = { id: 'n1', name: 'Nurse One', role: 'nurse', hours: STAFF_HOURS, timeOff: [] };
const provider: PlannerStaff = { id: 'p1', name: 'Dr One', role: 'provider', hours: STAFF_HOURS, timeOff: [] };

const protocol = (code: string): Protocol => {
  const p = protocolByCode(code);
  if (!p) throw new Error(code);
  return p;
};

function input(code: string, over: Partial<PlanInput> = {}): PlanInput {
  return {
    timeZone: ZONE,
    openingHours: HOURS,
    holidays: new Set(),
    visits: courseVisits(protocol(code)).map((v) => ({ phase: v.phase.name, visitType: v.visitType, spacing: v.phase.spacing })),
    earlierVisitDates: [],
    startOn: '2027-01-04', // a Monday
    resources: [
      { id: 'tms-a', kind: 'tms_device', name: 'TMS A' },
      { id: 'tms-b', kind: 'tms_device', name: 'TMS B' },
      { id: 'room-1', kind: 'esketamine_room', name: 'Room 1' },
      { id: 'chair-1', kind: 'infusion_chair', name: 'Chair 1' },
    ],
    staff: [nurse, provider],
    busy: [],
    authorization: null,
    preferredTimes: [],
    ...over,
  };
}

const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toJSDate();
const weekOf = (date: string) => DateTime.fromISO(date).startOf('week').toISODate();
/** Every weekday from `from` to `to`, the whole clinic day, for one resource, staff member or the patient. */
function allDay(from: string, to: string, who: Omit<Busy, 'start' | 'end'>): Busy[] {
  const out: Busy[] = [];
  for (let d = DateTime.fromISO(from); d.toISODate()! <= to; d = d.plus({ days: 1 }))
    out.push({ ...who, start: at(d.toISODate()!, '00:00'), end: at(d.toISODate()!, '23:59') });
  return out;
}

describe('protocols are sound data, each with its source', () => {
  it.each(PROTOCOLS.map((p) => [p.code, p] as const))('%s', (_code, p) => {
    expect(protocolProblems(p)).toEqual([]);
    expect(p.visitTypes.every((v) => v.source.length > 0)).toBe(true);
  });

  it('TMS: 36 sessions (30 acute, then 3, 2 and 1 a week) after one mapping visit', () => {
    for (const code of ['tms-10hz-standard', 'tms-itbs']) {
      const visits = courseVisits(protocol(code));
      expect(visits[0]!.visitType.kind).toBe('tms_mapping');
      expect(visits.filter((v) => v.visitType.kind === 'tms_session')).toHaveLength(36);
      expect(protocol(code).phases.map((p) => p.sessions)).toEqual([1, 30, 3, 2, 1]);
    }
  });

  it('Spravato: 8 induction (twice weekly, 4 weeks), 4 weekly, then maintenance; each blocks the room 2 hours after dosing', () => {
    const p = protocol('spravato-trd');
    expect(p.phases.map((ph) => [ph.sessions, ph.spacing.perWeek])).toEqual([
      [8, 2],
      [4, 1],
      [4, 1],
    ]);
    expect(p.visitTypes[0]!.blockAfterMinutes).toBeGreaterThanOrEqual(120);
    expect(p.visitTypes[0]!.staff).toContainEqual({ role: 'provider', presence: 'on_site' });
  });

  it('refuses a protocol version that would let Spravato visits block the room for less than 2 hours', () => {
    const p = protocol('spravato-trd');
    const shorter = { ...p, visitTypes: p.visitTypes.map((v) => ({ ...v, blockAfterMinutes: 60 })) };
    expect(protocolProblems(shorter)).toContain('Spravato visits must block the room at least 120 minutes after dosing');
  });
});

describe('planCourse', () => {
  it('plans a whole TMS course: mapping first, weekdays only, at most 5 a week, the same time each day, skipping a holiday', () => {
    const result = planCourse(input('tms-10hz-standard', { holidays: new Set(['2027-01-18']) }));
    expect(result.blocked).toBeNull();
    expect(result.visits).toHaveLength(37);
    expect(result.visits[0]!.kind).toBe('tms_mapping');
    expect(result.visits[0]!.date).toBe('2027-01-04');
    expect(result.visits[1]!.date > result.visits[0]!.date).toBe(true);
    const dates = result.visits.map((v) => v.date);
    expect(new Set(dates).size).toBe(37);
    expect(dates).not.toContain('2027-01-18');
    for (const v of result.visits) expect(local(v.start).weekday).toBeLessThanOrEqual(5);
    const perWeek = new Map<string, number>();
    for (const d of dates) perWeek.set(weekOf(d)!, (perWeek.get(weekOf(d)!) ?? 0) + 1);
    expect(Math.max(...perWeek.values())).toBeLessThanOrEqual(5);
    // The taper: 3 sessions in one week, then 2 in a later week, then 1 in a later week still.
    const taperWeeks = ['Taper, week 1', 'Taper, week 2', 'Taper, week 3'].map((phase) => [
      ...new Set(result.visits.filter((v) => v.phase === phase).map((v) => weekOf(v.date))),
    ]);
    expect(taperWeeks.map((w) => w.length)).toEqual([1, 1, 1]);
    expect(taperWeeks[0]![0]! < taperWeeks[1]![0]! && taperWeeks[1]![0]! < taperWeeks[2]![0]!).toBe(true);
    expect(result.visits.filter((v) => v.phase.startsWith('Taper')).map((v) => v.phase)).toEqual([
      ...Array(3).fill('Taper, week 1'),
      ...Array(2).fill('Taper, week 2'),
      'Taper, week 3',
    ]);
    expect(new Set(result.visits.slice(1).map((v) => v.localStart))).toEqual(new Set(['08:00']));
    expect(result.visits[1]!.resourceId).toBe('tms-a');
    expect(result.visits.every((v) => v.staffIds.length === 1)).toBe(true);
  });

  it('keeps the wall-clock time across the spring DST change; the UTC instant moves by an hour', () => {
    const result = planCourse(input('tms-10hz-standard', { startOn: '2027-03-08' }));
    const before = result.visits.find((v) => v.date === '2027-03-12')!;
    const after = result.visits.find((v) => v.date === '2027-03-15')!;
    expect(before.localStart).toBe(after.localStart);
    expect(before.start.slice(11, 16)).toBe('16:00'); // 08:00 PST
    expect(after.start.slice(11, 16)).toBe('15:00'); // 08:00 PDT
  });

  it('moves to the next free device or time when the clinic is full, and says no_capacity when it never frees', () => {
    const firstHourTaken: Busy[] = [
      { resourceId: 'tms-a', start: at('2027-01-05', '08:00'), end: at('2027-01-05', '12:00') },
      { resourceId: 'tms-b', start: at('2027-01-05', '08:00'), end: at('2027-01-05', '12:00') },
    ];
    const moved = planCourse(input('tms-10hz-standard', { busy: firstHourTaken }));
    expect(moved.visits[1]!.date).toBe('2027-01-05');
    expect(moved.visits[1]!.localStart).toBe('12:00');

    const full = planCourse(
      input('tms-10hz-standard', {
        busy: [...allDay('2027-01-01', '2027-12-31', { resourceId: 'tms-a' }), ...allDay('2027-01-01', '2027-12-31', { resourceId: 'tms-b' })],
      }),
    );
    expect(full.visits).toEqual([]);
    expect(full.blocked).toMatchObject({ index: 0, rule: 'no_capacity' });
    expect(full.notPlanned).toBe(37);
  });

  it('stops at the authorization: the visit past the approved count is refused with the reason', () => {
    const result = planCourse(input('tms-10hz-standard', { authorization: { remaining: 20, from: '2027-01-01', to: '2027-06-30' } }));
    expect(result.visits).toHaveLength(20);
    expect(result.blocked).toMatchObject({ index: 20, rule: 'authorization_count' });
    expect(result.blocked!.message).toMatch(/20 sessions left/);
    expect(result.notPlanned).toBe(17);
  });

  it('refuses to plan past the end of the authorized dates', () => {
    const result = planCourse(input('tms-10hz-standard', { authorization: { remaining: 36, from: '2027-01-01', to: '2027-01-22' } }));
    expect(result.visits.at(-1)!.date <= '2027-01-22').toBe(true);
    expect(result.blocked).toMatchObject({ rule: 'authorization_window' });
    expect(result.blocked!.message).toMatch(/2027-01-22/);
  });

  it('never plans before the authorization starts', () => {
    const result = planCourse(input('tms-10hz-standard', { authorization: { remaining: 36, from: '2027-01-11', to: '2027-06-30' } }));
    expect(result.visits[0]!.date).toBe('2027-01-11');
  });

  it('keeps the Spravato room blocked 2 hours after dosing inside opening hours: no start after 15:40 on an 18:00 close', () => {
    const result = planCourse(input('spravato-trd'));
    expect(result.blocked).toBeNull();
    for (const v of result.visits) {
      expect(DateTime.fromISO(v.blockedUntil).diff(DateTime.fromISO(v.start), 'minutes').minutes).toBe(140);
      const end = local(v.blockedUntil);
      expect(end.hour * 60 + end.minute).toBeLessThanOrEqual(local(v.start).weekday === 6 ? 13 * 60 : 18 * 60);
    }
    // A patient who can only come from 16:00: no visit can start and finish its observation before closing.
    const late = planCourse(input('spravato-trd', { preferredTimes: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '16:00', to: '18:00' })) }));
    expect(late.visits).toEqual([]);
    expect(late.blocked).toMatchObject({ index: 0, rule: 'preferred_times' });
    expect(late.blocked!.alternatives.length).toBeGreaterThan(0);
    expect(late.blocked!.alternatives[0]).toMatchObject({ date: '2027-01-04', relaxes: 'preferred_times' });
    expect(minutes(late.blocked!.alternatives[0]!.localStart)).toBeLessThanOrEqual(15 * 60 + 40);
  });

  it('Spravato: twice a week in induction, needs a provider on site (here only Tuesdays and Thursdays)', () => {
    const tueThu: PlannerStaff = { ...provider, hours: { tue: WEEKDAY_HOURS, thu: WEEKDAY_HOURS } };
    const result = planCourse(input('spravato-trd', { staff: [nurse, tueThu] }));
    expect(result.blocked).toBeNull();
    expect(new Set(result.visits.map((v) => local(v.start).weekday))).toEqual(new Set([2, 4]));
    const induction = result.visits.filter((v) => v.phase === 'Induction');
    const perWeek = new Map<string, number>();
    for (const v of induction) perWeek.set(weekOf(v.date)!, (perWeek.get(weekOf(v.date)!) ?? 0) + 1);
    expect([...perWeek.values()]).toEqual([2, 2, 2, 2]);
    expect(result.visits.every((v) => v.staffIds.includes('p1') && v.staffIds.includes('n1'))).toBe(true);
  });

  it('fits a patient who can only come early in the morning', () => {
    const early = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '09:00' }));
    const result = planCourse(input('tms-10hz-standard', { preferredTimes: early }));
    expect(result.blocked).toBeNull();
    for (const v of result.visits) {
      const s = local(v.start);
      expect(s.hour * 60 + s.minute).toBeGreaterThanOrEqual(8 * 60);
      // The 60-minute mapping visit and 45-minute sessions end by 09:00.
      expect(DateTime.fromISO(v.end).setZone(ZONE).toFormat('HH:mm') <= '09:00').toBe(true);
    }
  });

  it("avoids the patient's other appointments and a nurse's time off", () => {
    const result = planCourse(
      input('iv-ketamine-series', {
        busy: [{ patient: true, start: at('2027-01-04', '07:00'), end: at('2027-01-04', '19:00') }],
        staff: [{ ...nurse, timeOff: [{ start: at('2027-01-05', '00:00'), end: at('2027-01-06', '00:00') }] }, provider],
      }),
    );
    expect(result.blocked).toBeNull();
    expect(result.visits[0]!.date).toBe('2027-01-06');
    // Infusions at least a day apart (minimum gap 2 days), at most 3 a week; then the response evaluation.
    const dates = result.visits.map((v) => v.date);
    for (let i = 1; i < 6; i++) expect(DateTime.fromISO(dates[i]!).diff(DateTime.fromISO(dates[i - 1]!), 'days').days).toBeGreaterThanOrEqual(2);
    expect(result.visits.at(-1)!.kind).toBe('ketamine_response_evaluation');
    expect(result.visits.filter((v) => v.kind === 'iv_ketamine_infusion')).toHaveLength(6);
  });

  it('says when a gap would run past the protocol’s longest allowed gap, and offers the nearest slots after it', () => {
    // Mapping on Monday, then both devices are taken for two weeks: the acute phase allows at most 4 days between visits.
    const busy = [...allDay('2027-01-05', '2027-01-18', { resourceId: 'tms-a' }), ...allDay('2027-01-05', '2027-01-18', { resourceId: 'tms-b' })];
    const result = planCourse(input('tms-10hz-standard', { busy }));
    expect(result.visits).toHaveLength(1);
    expect(result.blocked).toMatchObject({ index: 1, rule: 'spacing' });
    expect(result.blocked!.message).toMatch(/4 days/);
    expect(result.blocked!.alternatives[0]).toMatchObject({ date: '2027-01-19', relaxes: 'spacing' });
  });

  it('continues a course: spacing counts from the last visit done', () => {
    const visits = courseVisits(protocol('tms-10hz-standard'))
      .slice(11)
      .map((v) => ({ phase: v.phase.name, visitType: v.visitType, spacing: v.phase.spacing }));
    const result = planCourse(input('tms-10hz-standard', { visits, earlierVisitDates: ['2027-01-18', '2027-01-19', '2027-01-20'], startOn: '2027-01-20' }));
    // Two more this week (5 a week), starting the day after the last visit done.
    expect(result.visits.slice(0, 3).map((v) => v.date)).toEqual(['2027-01-21', '2027-01-22', '2027-01-25']);
  });
});

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
