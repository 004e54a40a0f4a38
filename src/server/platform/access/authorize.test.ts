import { describe, expect, it } from 'vitest';
import { accessDecision, authorize, type AccessRecord, type Actor } from './authorize.js';
import type { AuditEntry } from '../audit/audit-trail.js';

const ORG = 'org-1';
const SF = 'clinic-sf';
const AUSTIN = 'clinic-austin';
const actor = (role: Actor['role'], locationIds: string[] = [SF], organizationWide = false): Actor => ({
  role,
  organizationId: ORG,
  organizationWide,
  locationIds,
});
const patientAt = (...locationIds: string[]): AccessRecord => ({ type: 'patient', id: 'p1', organizationId: ORG, locationIds, patientId: 'p1' });

// Expected answers written by hand from the rule: other organizations do not exist; the role must hold the
// permission; the record must be at one of the actor's clinics unless the actor sees all clinics.
const CASES: [string, Actor, Parameters<typeof accessDecision>[1], AccessRecord | null, string][] = [
  ['nurse at the patient’s clinic reads clinical detail', actor('nurse'), 'clinical:read', patientAt(SF), 'allowed'],
  ['nurse at another clinic', actor('nurse'), 'clinical:read', patientAt(AUSTIN), '403 clinic'],
  ['patient at two clinics, one of them the actor’s', actor('nurse'), 'clinical:read', patientAt(AUSTIN, SF), 'allowed'],
  ['patient at no clinic', actor('provider'), 'clinical:read', patientAt(), '403 clinic'],
  ['coordinator lacks clinical:read', actor('coordinator'), 'clinical:read', patientAt(SF), '403 role'],
  ['role is checked before clinic', actor('coordinator', [AUSTIN]), 'clinical:read', patientAt(SF), '403 role'],
  ['biller reads diagnosis codes', actor('biller'), 'diagnosis:read', patientAt(SF), 'allowed'],
  ['organization-wide biller, any clinic', actor('biller', [], true), 'diagnosis:read', patientAt(AUSTIN), 'allowed'],
  ['clinic-bound biller, other clinic', actor('biller', [SF], false), 'diagnosis:read', patientAt(AUSTIN), '403 clinic'],
  ['admin sees every clinic', actor('admin', []), null, patientAt(AUSTIN), 'allowed'],
  ['admin lacks clinical:read', actor('admin', []), 'clinical:read', patientAt(AUSTIN), '403 role'],
  ['manager edits own clinic’s prices', actor('manager'), 'pricing:manage', { type: 'location', id: SF, organizationId: ORG, locationIds: [SF] }, 'allowed'],
  [
    'manager, other clinic’s prices',
    actor('manager'),
    'pricing:manage',
    { type: 'location', id: AUSTIN, organizationId: ORG, locationIds: [AUSTIN] },
    '403 clinic',
  ],
  [
    'organization-wide record, any clinic user',
    actor('coordinator', [AUSTIN]),
    null,
    { type: 'payer', id: 'x', organizationId: ORG, locationIds: 'organization' },
    'allowed',
  ],
  ['another organization’s record does not exist', actor('admin', []), null, { ...patientAt(SF), organizationId: 'org-2' }, '404 not_found'],
  ['unknown record', actor('provider'), 'clinical:read', null, '404 not_found'],
];

describe('accessDecision', () => {
  it.each(CASES)('%s', (_name, who, permission, record, expected) => {
    const d = accessDecision(who, permission, record);
    expect(d.allowed ? 'allowed' : `${d.status} ${d.reason}`).toBe(expected);
  });
});

describe('authorize audits both outcomes', () => {
  const ctx = { actor: { id: 'u1', email: 'n@x.test', role: 'nurse' as const }, ip: null, userAgent: null, requestId: 'r1' };
  const trail = () => {
    const rows: AuditEntry[] = [];
    return { rows, audit: { record: (_ctx: unknown, e: AuditEntry) => void rows.push(e) } };
  };

  it('writes a denied row with the reason, and throws 403', () => {
    const { rows, audit } = trail();
    expect(() => authorize({ audit }, ctx, actor('nurse'), 'vitals.read', patientAt(AUSTIN), { permission: 'clinical:read', label: 'Patient' })).toThrow(
      /not one of yours/,
    );
    expect(rows).toEqual([
      { action: 'vitals.read', outcome: 'denied', entityType: 'patient', entityId: 'p1', patientId: 'p1', details: { reason: 'not in your clinics' } },
    ]);
  });

  it('names the permission a role lacks', () => {
    const { rows, audit } = trail();
    expect(() => authorize({ audit }, ctx, actor('coordinator'), 'intake.read', patientAt(SF), { permission: 'clinical:read', label: 'Patient' })).toThrow(
      /role does not allow/,
    );
    expect(rows[0]).toMatchObject({ outcome: 'denied', details: { reason: 'role lacks clinical:read' } });
  });

  it('writes nothing for a record that does not exist for the actor (404)', () => {
    const { rows, audit } = trail();
    expect(() => authorize({ audit }, ctx, actor('nurse'), 'x', { ...patientAt(SF), organizationId: 'org-2' }, { label: 'Patient' })).toThrow(/was not found/);
    expect(rows).toEqual([]);
  });

  it('writes the success row only when the work is done', () => {
    const { rows, audit } = trail();
    const grant = authorize({ audit }, ctx, actor('nurse'), 'vitals.read', patientAt(SF), { permission: 'clinical:read', label: 'Patient' });
    expect(rows).toEqual([]);
    grant.done({ count: 3 });
    expect(rows).toEqual([{ action: 'vitals.read', outcome: 'success', entityType: 'patient', entityId: 'p1', patientId: 'p1', details: { count: 3 } }]);
  });
});
