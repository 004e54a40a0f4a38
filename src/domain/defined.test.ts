import { describe, expect, it } from 'vitest';
import { defined } from './defined.js';

describe('defined', () => {
  it.each([0, '', false, [], {}])('passes %j through', (v) => expect(defined(v)).toBe(v));
  it.each([null, undefined])('throws on %s, naming what was expected', (v) =>
    expect(() => defined(v, 'the inserted row')).toThrow(/expected the inserted row/),
  );
});
