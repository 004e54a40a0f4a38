import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.js';

describe('CSV cells (RFC 4180; spreadsheet formulas defused)', () => {
  it.each([
    [12.5, '12.5'],
    [null, ''],
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-cmd', "'-cmd"],
    ['-12.50', '-12.50'],
    ['250.00', '250.00'],
  ] as const)('%j -> %s', (v, out) => expect(csvCell(v)).toBe(out));
});
