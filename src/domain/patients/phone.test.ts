import { describe, expect, it } from 'vitest';
import { formatUsPhone, normalizeUsPhone } from './phone.js';

describe('normalizeUsPhone', () => {
  it.each([
    ['(415) 555-0123', '+14155550123'],
    ['415.555.0123', '+14155550123'],
    ['4155550123', '+14155550123'],
    ['1 415 555 0123', '+14155550123'],
    ['+1 (512) 555-0177', '+15125550177'],
    ['  206-555-0199  ', '+12065550199'],
  ])('accepts %s as %s', (input, e164) => {
    expect(normalizeUsPhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'is empty'],
    ['+44 20 7946 0958', 'must be a US phone number'],
    ['+52 55 1234 5678', 'must be a US phone number'],
    ['(415) 123-4567', 'is not a valid US phone number'],
    ['555-0123', 'is not a valid US phone number'],
    ['call me maybe', 'may contain only digits, spaces and ( ) . - +'],
    ['415-555-0123 ext 4', 'may contain only digits, spaces and ( ) . - +'],
  ])('rejects %j: %s', (input, reason) => {
    expect(normalizeUsPhone(input)).toEqual({ ok: false, reason });
  });

  it('formats E.164 for people', () => {
    expect(formatUsPhone('+14155550123')).toBe('(415) 555-0123');
  });
});
