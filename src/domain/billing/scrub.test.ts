import { describe, expect, it } from 'vitest';
import { scrubClaim, scrubPasses, type ScrubInput } from './scrub.js';

const clean: ScrubInput = {
  today: '2026-12-01',
  payerKind: 'commercial',
  filingDays: 90,
  frequency: '1',
  originalPayerClaimNumber: null,
  billingNpi: '1234567893',
  billingTaxId: '123456789',
  renderingNpi: '1245319599',
  memberId: 'MEMBER123',
  diagnoses: ['F33.2'],
  policy: { covered: true, priorAuthorizationRequired: true, diagnosisCodes: ['F32', 'F33'], note: null },
  authorization: { number: 'AUTH98765', sessions: 36, used: 2, from: '2026-11-01', to: '2027-01-31' },
  vaReferral: null,
  lines: [{ code: '90868', units: 1, chargeCents: 35000, dateOfService: '2026-11-25', pointers: [1], drug: null, review: null }],
};
const denials = (c: ScrubInput) => scrubClaim(c).map((f) => `${f.rule}${f.denial ? ` ${f.denial}` : ''} ${f.severity}`);

describe('claim scrubber (B6.1 DERIVED rules; CARCs of B6.3)', () => {
  it('a clean claim passes', () => {
    expect(scrubClaim(clean)).toEqual([]);
    expect(scrubPasses(scrubClaim(clean))).toBe(true);
  });
  it.each<[string, Partial<ScrubInput>, string[]]>([
    ['missing authorization', { authorization: null }, ['authorization CO-197 error']],
    ['authorization without a number', { authorization: { number: null, sessions: 36, used: 1, from: null, to: null } }, ['authorization CO-197 error']],
    ['past the authorized count', { authorization: { ...clean.authorization!, sessions: 36, used: 37 } }, ['authorization_exceeded CO-198 error']],
    ['date after the approval ends', { authorization: { ...clean.authorization!, to: '2026-11-24' } }, ['authorization_dates CO-302 error']],
    ['no authorization needed', { authorization: null, policy: { ...clean.policy!, priorAuthorizationRequired: false } }, []],
    ['diagnosis not in policy', { diagnoses: ['F41.1'] }, ['diagnosis_not_covered CO-167 error']],
    ['filing limit near', { today: '2027-02-15' }, ['timely_filing CO-29 warning']],
    ['filing limit past', { today: '2027-02-24', authorization: { ...clean.authorization!, to: null } }, ['timely_filing CO-29 error']],
    ['NPI check digit wrong', { renderingNpi: '1234567890' }, ['rendering_npi CO-16 error']],
    ['billing NPI missing', { billingNpi: null }, ['billing_npi CO-16 error']],
    ['no member id', { memberId: null }, ['member_id CO-16 error']],
    ['replacement without the original', { frequency: '7' }, ['original_reference CO-16 error']],
    ['replacement with the original', { frequency: '7', originalPayerClaimNumber: 'PAYERCLM123' }, []],
    [
      'drug line without NDC',
      { lines: [{ code: 'J3490', units: 1, chargeCents: 5000, dateOfService: '2026-11-25', pointers: [1], drug: { ndc: null }, review: null }] },
      ['ndc CO-16 error'],
    ],
    ['pointer past the diagnoses', { lines: [{ ...clean.lines[0]!, pointers: [2] }] }, ['pointers CO-16 error']],
    ['no fee', { lines: [{ ...clean.lines[0]!, chargeCents: 0 }] }, ['no_fee error']],
    ['not covered, investigational', { policy: { ...clean.policy!, covered: false, note: 'investigational' } }, ['not_covered CO-55 warning']],
  ])('%s', (_n, change, out) => expect(denials({ ...clean, ...change })).toEqual(out));

  describe('VA Community Care (B7.5)', () => {
    const va: ScrubInput = {
      ...clean,
      payerKind: 'va_community_care',
      filingDays: null,
      policy: null,
      authorization: null,
      vaReferral: { number: 'VA0012345678', visits: 12, used: 3, from: '2026-11-01', to: '2027-10-31' },
    };
    it.each<[string, Partial<ScrubInput>, string[]]>([
      ['clean', {}, []],
      ['no referral', { vaReferral: null }, ['va_referral CO-288 error']],
      ['referral with spaces', { vaReferral: { ...va.vaReferral!, number: 'Auth # VA0012345' } }, ['va_referral_format CO-16 error']],
      ['visits exceeded', { vaReferral: { ...va.vaReferral!, used: 13 } }, ['va_referral_exceeded CO-287 error']],
      ['180-day limit past', { today: '2027-05-25' }, ['timely_filing CO-29 error']],
    ])('%s', (_n, change, out) => expect(denials({ ...va, ...change })).toEqual(out));
  });
});
