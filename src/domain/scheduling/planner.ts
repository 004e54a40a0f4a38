import { DateTime } from 'luxon';
import { defined } from '../defined.js';
import { addDays } from '../time/clinic-today.js';
import { minutesOf, WEEKDAYS, type WeeklyHours } from './opening-hours.js';
import type { ResourceKind, Spacing, VisitType } from './protocols.js';

/**
 * The course planner (issue 9): proposes every remaining visit of a course at once, on the clinic's wall clock (its
 * IANA zone, opening hours and holidays, DST included), with a resource and staff for each, obeying the protocol's
 * spacing, the patient's other appointments and the authorization's window and count. Pure: the caller loads the
 * calendar, this decides. Where a visit cannot be placed it names the rule that blocked it and offers the nearest
 * slots that would work if that rule gave way; the visits after it are left unplanned (their spacing depends on it).
 */

export type PlannerResource = { id: string; kind: ResourceKind; name: string };
/** A staff member at this clinic: role, working hours (clinic wall clock) and time off. */
export type PlannerStaff = { id: string; name: string; role: 'provider' | 'nurse'; hours: WeeklyHours; timeOff: { start: Date; end: Date }[] };
/** Something already in the calendar: a resource's booking, a staff member's visit or the patient's appointment. */
export type Busy = { start: Date; end: Date; resourceId?: string; staffId?: string; patient?: boolean; label?: string };
export type PreferredTime = { weekday: number; from: string; to: string };

export type PlanVisitRequest = { phase: string; visitType: VisitType; spacing: Spacing };

export type PlanInput = {
  timeZone: string;
  openingHours: WeeklyHours;
  holidays: ReadonlySet<string>;
  /** The visits still to plan, in course order. */
  visits: readonly PlanVisitRequest[];
  /**
   * Dates (clinic wall clock) of the course's visits already done or booked: spacing counts from the last, and the
   * weekly cap of the phase in progress (the first visit to plan) counts them.
   */
  earlierVisitDates: readonly string[];
  /** The first date the plan may use (clinic wall clock), for example tomorrow or the patient's chosen start. */
  startOn: string;
  resources: readonly PlannerResource[];
  staff: readonly PlannerStaff[];
  busy: readonly Busy[];
  /** The authorization or referral the course counts against, when the payer needs one. */
  authorization: { remaining: number; from: string; to: string } | null;
  /** When the patient can come; empty means any time the clinic is open. */
  preferredTimes: readonly PreferredTime[];
  slotMinutes?: number;
  /** How far past a visit's earliest date to look before giving up (a visit with no maximum gap). */
  horizonDays?: number;
};

export type PlannedVisit = {
  index: number;
  phase: string;
  kind: VisitType['kind'];
  date: string;
  localStart: string;
  start: string;
  /** End of treatment (staff attending). */
  end: string;
  /** End of the resource's block (observation, recovery). */
  blockedUntil: string;
  resourceId: string | null;
  staffIds: string[];
};

export type PlanRule = 'authorization_count' | 'authorization_window' | 'spacing' | 'preferred_times' | 'no_capacity';
export type Alternative = { date: string; localStart: string; start: string; relaxes: 'preferred_times' | 'spacing' | null };
export type BlockedVisit = { index: number; phase: string; kind: VisitType['kind']; rule: PlanRule; message: string; alternatives: Alternative[] };
export type PlanResult = { visits: PlannedVisit[]; blocked: BlockedVisit | null; notPlanned: number };

const DAY_MS = 86_400_000;
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Busy intervals by owner ("r:<id>", "s:<id>", "p"), bucketed by UTC day, so a check reads one or two small lists. */
class BusyIndex {
  private readonly owners = new Map<string, Map<number, number[]>>();

  add(owner: string, start: number, end: number): void {
    let days = this.owners.get(owner);
    if (!days) this.owners.set(owner, (days = new Map<number, number[]>()));
    for (let d = Math.floor(start / DAY_MS); d <= Math.floor((end - 1) / DAY_MS); d++) {
      let list = days.get(d);
      if (!list) days.set(d, (list = []));
      list.push(start, end);
    }
  }

  free(owner: string, start: number, end: number): boolean {
    const days = this.owners.get(owner);
    if (!days) return true;
    for (let d = Math.floor(start / DAY_MS); d <= Math.floor((end - 1) / DAY_MS); d++) {
      const list = days.get(d);
      if (list) for (let i = 0; i < list.length; i += 2) if ((list[i] as number) < end && start < (list[i + 1] as number)) return false;
    }
    return true;
  }
}

/** The instant of a wall-clock time on a date in a zone; null when that time does not exist (a DST gap). */
function instantOf(date: string, minutes: number, zone: string): number | null {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone });
  if (!dt.isValid || dt.hour * 60 + dt.minute !== minutes) return null;
  return dt.toMillis();
}

/**
 * Wall-clock minutes of one date to instants: one zone lookup per opening interval, then arithmetic, unless a DST
 * change falls inside the interval (then each time is looked up on its own).
 */
function dayClock(date: string, zone: string, from: number, to: number): (minute: number) => number | null {
  const a = instantOf(date, from, zone);
  const b = instantOf(date, to, zone);
  if (a !== null && b !== null && b - a === (to - from) * 60_000) return (minute) => a + (minute - from) * 60_000;
  return (minute) => instantOf(date, minute, zone);
}

const weekdayOf = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).weekday; // 1 = Monday
const weekOf = (date: string) => addDays(date, 1 - weekdayOf(date)); // the Monday

type Minutes = { open: number; close: number }[][]; // by weekday 1-7 (index 0 unused)

function parseHours(hours: WeeklyHours): Minutes {
  return [[], ...WEEKDAYS.map((d) => (hours[d] ?? []).map((iv) => ({ open: minutesOf(iv.open), close: minutesOf(iv.close) })))];
}

const covers = (hours: Minutes, weekday: number, from: number, to: number) => (hours[weekday] ?? []).some((iv) => from >= iv.open && to <= iv.close);

type Slot = { date: string; minute: number; start: number; resourceId: string | null; staffIds: string[] };

export function planCourse(input: PlanInput): PlanResult {
  const zone = input.timeZone;
  const step = input.slotMinutes ?? 15;
  const horizon = input.horizonDays ?? 120;
  const busy = new BusyIndex();
  for (const b of input.busy) {
    const s = b.start.getTime();
    const e = b.end.getTime();
    if (b.resourceId) busy.add(`r:${b.resourceId}`, s, e);
    if (b.staffId) busy.add(`s:${b.staffId}`, s, e);
    if (b.patient) busy.add('p', s, e);
  }
  const timeOff = new BusyIndex();
  for (const s of input.staff) for (const t of s.timeOff) timeOff.add(s.id, t.start.getTime(), t.end.getTime());

  // Visits per phase and clinic week: a phase's cap counts its own visits (a taper of 3 a week may begin in the week
  // the acute phase ends; one visit a day on weekdays still keeps any week to five).
  const perWeek = new Map<string, number>();
  const weekKey = (phase: string, date: string) => `${phase}|${weekOf(date)}`;
  const firstPhase = input.visits[0]?.phase ?? '';
  for (const d of input.earlierVisitDates) perWeek.set(weekKey(firstPhase, d), (perWeek.get(weekKey(firstPhase, d)) ?? 0) + 1);
  let previousDate = [...input.earlierVisitDates].sort().at(-1) ?? null;
  let previous: { minute: number; resourceId: string | null; staffIds: string[] } | null = null;
  const planned: PlannedVisit[] = [];

  const clinicHours = parseHours(input.openingHours);
  const staffHours = new Map(input.staff.map((s) => [s.id, parseHours(s.hours)]));
  const resourcesOfKind = (kind: ResourceKind) => input.resources.filter((r) => r.kind === kind);
  const preferred = input.preferredTimes.map((p) => ({ weekday: p.weekday, from: minutesOf(p.from), to: minutesOf(p.to) }));

  /** The first slot on a date that fits everything, trying the previous visit's time, resource and staff first. */
  const slotOn = (date: string, req: PlanVisitRequest, usePreferences: boolean): Slot | null => {
    if (input.holidays.has(date)) return null;
    const weekday = weekdayOf(date);
    const t = req.visitType;
    const windows = usePreferences && preferred.length > 0 ? preferred.filter((p) => p.weekday === weekday) : null;
    if (windows && windows.length === 0) return null;
    const starts: { minute: number; at: (m: number) => number | null }[] = [];
    for (const iv of clinicHours[weekday] ?? []) {
      const at = dayClock(date, zone, iv.open, iv.close);
      for (let m = Math.ceil(iv.open / step) * step; m + t.minutes + t.blockAfterMinutes <= iv.close; m += step) {
        if (windows && !windows.some((w) => m >= w.from && m + t.minutes <= w.to)) continue;
        starts.push({ minute: m, at });
      }
    }
    const again = previous ? starts.find((s) => s.minute === previous?.minute) : undefined;
    if (again) starts.unshift(again);
    const candidates = t.resource ? resourcesOfKind(t.resource) : [];
    const orderedResources = previous?.resourceId
      ? [...candidates.filter((r) => r.id === previous?.resourceId), ...candidates.filter((r) => r.id !== previous?.resourceId)]
      : candidates;
    const pools = t.staff.map((need) => {
      const pool = input.staff.filter((s) => s.role === need.role);
      return [...pool.filter((s) => previous?.staffIds.includes(s.id)), ...pool.filter((s) => !previous?.staffIds.includes(s.id))];
    });
    for (const { minute, at } of starts) {
      const start = at(minute);
      if (start === null) continue;
      const treatEnd = start + t.minutes * 60_000;
      const blockEnd = treatEnd + t.blockAfterMinutes * 60_000;
      if (!busy.free('p', start, blockEnd)) continue;
      let resourceId: string | null = null;
      if (t.resource) {
        const free = orderedResources.find((r) => busy.free(`r:${r.id}`, start, blockEnd));
        if (!free) continue;
        resourceId = free.id;
      }
      const staffIds: string[] = [];
      let staffed = true;
      for (let n = 0; n < t.staff.length; n++) {
        const need = defined(t.staff[n]);
        const attends = need.presence === 'attends';
        const to = attends ? minute + t.minutes : minute + t.minutes + t.blockAfterMinutes;
        const until = attends ? treatEnd : blockEnd;
        const who = defined(pools[n]).find(
          (s) =>
            !staffIds.includes(s.id) &&
            covers(defined(staffHours.get(s.id)), weekday, minute, to) &&
            timeOff.free(s.id, start, until) &&
            (!attends || busy.free(`s:${s.id}`, start, treatEnd)),
        );
        if (!who) {
          staffed = false;
          break;
        }
        staffIds.push(who.id);
      }
      if (!staffed) continue;
      return { date, minute, start, resourceId, staffIds };
    }
    return null;
  };

  const dateAllowed = (date: string, req: PlanVisitRequest) => {
    if (req.spacing.weekdaysOnly && weekdayOf(date) > 5) return false;
    return (perWeek.get(weekKey(req.phase, date)) ?? 0) < req.spacing.perWeek;
  };

  /** Nearest workable slots when the rules as given block a visit: without the patient's preferred times, then past the maximum gap. */
  const alternativesFor = (req: PlanVisitRequest, from: string, until: string | null): Alternative[] => {
    const found: Alternative[] = [];
    const lastDay = input.authorization ? input.authorization.to : addDays(from, horizon);
    for (let date = from; date <= lastDay && found.length < 3; date = addDays(date, 1)) {
      if (!dateAllowed(date, req)) continue;
      const beyondGap = until !== null && date > until;
      const preferred = input.preferredTimes.length > 0 ? slotOn(date, req, true) : null;
      const slot = preferred ?? slotOn(date, req, false);
      if (!slot) continue;
      if (!beyondGap && preferred) continue; // would not have been blocked
      found.push({
        date,
        localStart: hhmm(slot.minute),
        start: new Date(slot.start).toISOString(),
        relaxes: beyondGap ? 'spacing' : input.preferredTimes.length > 0 ? 'preferred_times' : null,
      });
    }
    return found;
  };

  for (let index = 0; index < input.visits.length; index++) {
    const req = defined(input.visits[index]);
    const t = req.visitType;
    const blocked = (rule: PlanRule, message: string, alternatives: Alternative[] = []): PlanResult => ({
      visits: planned,
      blocked: { index, phase: req.phase, kind: t.kind, rule, message, alternatives },
      notPlanned: input.visits.length - index,
    });

    // The authorization's count: session N+1 of N approved is refused, with the reason.
    if (input.authorization && index >= input.authorization.remaining)
      return blocked(
        'authorization_count',
        `The authorization has ${input.authorization.remaining} session${input.authorization.remaining === 1 ? '' : 's'} left for this plan; request an extension to plan more.`,
      );

    let earliest = input.startOn;
    if (previousDate && addDays(previousDate, req.spacing.minGapDays) > earliest) earliest = addDays(previousDate, req.spacing.minGapDays);
    if (input.authorization && input.authorization.from > earliest) earliest = input.authorization.from;
    const latestBySpacing = previousDate && req.spacing.maxGapDays !== null ? addDays(previousDate, req.spacing.maxGapDays) : null;
    let latest = latestBySpacing ?? addDays(earliest, horizon);
    const authEnd = input.authorization?.to ?? null;
    if (authEnd && authEnd < latest) latest = authEnd;

    if (authEnd && earliest > authEnd)
      return blocked('authorization_window', `The authorization ends on ${authEnd}; the next visit cannot be before ${earliest}.`);

    let slot: Slot | null = null;
    let openWithoutPreferences = false;
    for (let date = earliest; date <= latest; date = addDays(date, 1)) {
      if (!dateAllowed(date, req)) continue;
      slot = slotOn(date, req, true);
      if (slot) break;
      if (input.preferredTimes.length > 0 && !openWithoutPreferences && slotOn(date, req, false)) openWithoutPreferences = true;
    }

    if (!slot) {
      const alternatives = alternativesFor(req, earliest, latestBySpacing);
      if (authEnd && (latestBySpacing === null || authEnd < latestBySpacing) && latest === authEnd)
        return blocked('authorization_window', `No slot fits between ${earliest} and the authorization's end on ${authEnd}.`, alternatives);
      if (openWithoutPreferences)
        return blocked('preferred_times', `No slot between ${earliest} and ${latest} falls in the times the patient can come.`, alternatives);
      if (latestBySpacing)
        return blocked(
          'spacing',
          `No slot fits between ${earliest} and ${latestBySpacing}, the longest gap the protocol allows (${req.spacing.maxGapDays} days) after ${previousDate}.`,
          alternatives,
        );
      return blocked('no_capacity', `The clinic has no free ${t.resource ?? 'staff'} time for this visit between ${earliest} and ${latest}.`, alternatives);
    }

    const start = slot.start;
    const treatEnd = start + t.minutes * 60_000;
    const blockEnd = treatEnd + t.blockAfterMinutes * 60_000;
    busy.add('p', start, blockEnd);
    if (slot.resourceId) busy.add(`r:${slot.resourceId}`, start, blockEnd);
    t.staff.forEach((need, i) => {
      if (need.presence === 'attends') busy.add(`s:${defined(slot.staffIds[i])}`, start, treatEnd);
    });
    perWeek.set(weekKey(req.phase, slot.date), (perWeek.get(weekKey(req.phase, slot.date)) ?? 0) + 1);
    planned.push({
      index,
      phase: req.phase,
      kind: t.kind,
      date: slot.date,
      localStart: hhmm(slot.minute),
      start: new Date(start).toISOString(),
      end: new Date(treatEnd).toISOString(),
      blockedUntil: new Date(blockEnd).toISOString(),
      resourceId: slot.resourceId,
      staffIds: slot.staffIds,
    });
    previousDate = slot.date;
    previous = { minute: slot.minute, resourceId: slot.resourceId, staffIds: slot.staffIds };
  }
  return { visits: planned, blocked: null, notPlanned: 0 };
}
