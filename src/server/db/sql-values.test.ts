import { describe, expect, it } from 'vitest';
import { camelKey, camelRows } from './sql-values.js';

describe('rows leave the repositories camelCase', () => {
  it.each([
    ['organization_id', 'organizationId'],
    ['address_line1', 'addressLine1'],
    ['median_minutes_to_first_call', 'medianMinutesToFirstCall'],
    ['batch_ord', 'batchOrd'],
    ['id', 'id'],
    ['alreadyCamel', 'alreadyCamel'],
  ])('%s -> %s', (from, to) => expect(camelKey(from)).toBe(to));

  it('renames top-level columns and keeps values (JSON built in SQL keeps its own keys)', () => {
    const latest = { measured_at: 'kept as built' };
    expect(camelRows([{ patient_id: 'p1', n: 2, latest_weight: latest }])).toEqual([{ patientId: 'p1', n: 2, latestWeight: latest }]);
  });

  it('passes rows without snake_case columns through untouched', () => {
    const rows = [{ id: 'a', n: 1 }];
    expect(camelRows(rows)).toBe(rows);
    expect(camelRows([])).toEqual([]);
  });
});
