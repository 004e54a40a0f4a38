/**
 * Planner benchmark (issue 9): plans a whole 36-session TMS course (plus mapping) at a clinic that already has a
 * year of bookings on 6 TMS devices, many times, and reports the median and p99 planning time. Pure domain code: no
 * database, so it measures the planner alone (loading the calendar is the repository's indexed read).
 *   npx tsx bench/planner.ts [--runs 300]
 */
import { DateTime } from 'luxon';
import { planCourse, type Busy, type PlanInput } from '../src/domain/scheduling/planner.js';
import { courseVisits, protocolByCode } from '../src/domain/scheduling/protocols.js';
import type { WeeklyHours } from '../src/domain/scheduling/opening-hours.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 300;
const ZONE = 'America/Los_Angeles';
const day = [{ open: '07:00', close: '19:00' }];
const hours: WeeklyHours = { mon: day, tue: day, wed: day, thu: day, fri: day };
const devices = Array.from({ length: 6 }, (_, i) => ({ id: `tms-${i + 1}`, kind: 'tms_device' as const, name: `TMS ${i + 1}` }));
const nurses = Array.from({ length: 4 }, (_, i) => ({ id: `n${i}`, name: `Nurse ${i}`, role: 'nurse' as const, hours, timeOff: [] }));
const providers = [{ id: 'p0', name: 'Dr Zero', role: 'provider' as const, hours, timeOff: [] }];

// A year of bookings: each device busy 45 of every 60 minutes from 07:00 to 19:00 on weekdays, except one free hour a
// day that moves through the week, so the planner must search; nurses attend the bookings in turn.
const busy: Busy[] = [];
const start = DateTime.fromISO('2027-01-01', { zone: ZONE });
for (let d = 0; d < 365; d++) {
  const date = start.plus({ days: d });
  if (date.weekday > 5) continue;
  devices.forEach((device, i) => {
    for (let h = 7; h < 19; h++) {
      if ((h + i + d) % 12 === 0) continue;
      const s = date.set({ hour: h, minute: 0 });
      busy.push({ resourceId: device.id, staffId: `n${(h + i) % 4}`, start: s.toJSDate(), end: s.plus({ minutes: 45 }).toJSDate() });
    }
  });
}

const protocol = protocolByCode('tms-10hz-standard')!;
const input: PlanInput = {
  timeZone: ZONE,
  openingHours: hours,
  holidays: new Set(['2027-05-31', '2027-07-05', '2027-09-06']),
  visits: courseVisits(protocol).map((v) => ({ phase: v.phase.name, visitType: v.visitType, spacing: v.phase.spacing })),
  earlierVisitDates: [],
  startOn: '2027-03-01',
  resources: devices,
  staff: [...nurses, ...providers],
  busy,
  authorization: { remaining: 37, from: '2027-03-01', to: '2027-06-30' },
  preferredTimes: [],
};

const times: number[] = [];
let planned = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const result = planCourse(input);
  times.push(performance.now() - t0);
  planned = result.visits.length;
  if (result.blocked) throw new Error(`the benchmark course did not fit: ${result.blocked.message}`);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
console.log(
  JSON.stringify({
    scenario: 'plan a 37-visit TMS course (6 devices, a year of bookings)',
    bookings: busy.length,
    visitsPlanned: planned,
    runs: RUNS,
    medianMs: Number(pct(50).toFixed(2)),
    p99Ms: Number(pct(99).toFixed(2)),
  }),
);
