import { describe, expect, it } from 'vitest';
import { canAccessPatient, roleHas, seesAllClinics } from './permissions.js';

const A = 'clinic-a';
const B = 'clinic-b';

describe('patient scope', () => {
  it.each([
    ['admin sees every clinic', { role: 'admin', organizationWide: false, locationIds: [] }, [B], true],
    ['biller configured organization-wide', { role: 'biller', organizationWide: true, locationIds: [] }, [B], true],
    ['biller limited to a clinic', { role: 'biller', organizationWide: false, locationIds: [A] }, [B], false],
    ["nurse of the patient's clinic", { role: 'nurse', organizationWide: false, locationIds: [A] }, [A], true],
    ['nurse of another clinic', { role: 'nurse', organizationWide: false, locationIds: [A] }, [B], false],
    ['provider at one of two clinics', { role: 'provider', organizationWide: false, locationIds: [B] }, [A, B], true],
    ['organizationWide is ignored for non-billers', { role: 'nurse', organizationWide: true, locationIds: [] }, [A], false],
    ['patient at no clinic', { role: 'coordinator', organizationWide: false, locationIds: [A] }, [], false],
  ] as const)('%s', (_label, user, patientClinics, allowed) => {
    expect(canAccessPatient(user, patientClinics)).toBe(allowed);
  });

  it('gives organization-wide reach only to admins and configured billers', () => {
    expect(seesAllClinics({ role: 'manager', organizationWide: true })).toBe(false);
    expect(seesAllClinics({ role: 'biller', organizationWide: true })).toBe(true);
  });
});

describe('permissions', () => {
  it.each([
    ['coordinator', 'patient:create', true],
    ['nurse', 'patient:create', false],
    ['nurse', 'patient:weight:record', true],
    ['coordinator', 'patient:weight:record', false],
    ['biller', 'patient:update', false],
    ['manager', 'staff:manage', false],
    ['admin', 'audit:read', true],
    ['provider', 'audit:read', false],
  ] as const)('%s may %s: %s', (role, permission, expected) => {
    expect(roleHas(role, permission)).toBe(expected);
  });
});
