import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine, icsCalendar } from './ics.js';

// Checked by parsing back with ical.js (Mozilla's iCalendar library), not by reading our own output format.
describe('iCalendar output', () => {
  const ics = icsCalendar(
    'Dr. Raman, Stepwise',
    [
      {
        uid: 'a1@stepwise',
        start: new Date('2026-12-01T16:00:00Z'),
        end: new Date('2026-12-01T16:45:00Z'),
        summary: 'TMS session; J. C., device 1',
        location: 'Stepwise San Francisco, 500 Market St, San Francisco, CA',
        description:
          'Before you come:\n- Remove metal objects; nothing ferromagnetic within 30 cm of the coil.\n- Report sleep and medication changes. '.repeat(3),
      },
      { uid: 'a2@stepwise', start: new Date('2026-12-02T16:00:00Z'), end: new Date('2026-12-02T16:45:00Z'), summary: 'Cancelled visit', cancelled: true },
    ],
    new Date('2026-11-30T12:00:00Z'),
  );

  it('parses back with the same instants, text and status', () => {
    const cal = new ICAL.Component(ICAL.parse(ics));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    const [first, second] = events;
    expect(first!.uid).toBe('a1@stepwise');
    expect(first!.startDate.toJSDate().toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(first!.endDate.toJSDate().toISOString()).toBe('2026-12-01T16:45:00.000Z');
    expect(first!.summary).toBe('TMS session; J. C., device 1');
    expect(first!.location).toBe('Stepwise San Francisco, 500 Market St, San Francisco, CA');
    expect(first!.description).toContain('nothing ferromagnetic within 30 cm of the coil.\n- Report sleep');
    expect(second!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('uses CRLF and folds every line to 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('never splits a multi-byte character when folding', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(80)}`);
    expect(folded.split('\r\n ').join('')).toBe(`SUMMARY:${'é'.repeat(80)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });
});
