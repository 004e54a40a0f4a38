import type { Role } from '../../../contracts/roles.js';
import { forbidden, notFound } from '../errors.js';
import type { AuditContext, AuditTrail } from '../audit/audit-trail.js';
import { roleHas, seesAllClinics, type Permission } from './permissions.js';

/** Who asks: the signed-in staff member's role, organization and clinics. */
export type Actor = { role: Role; organizationId: string; organizationWide: boolean; locationIds: readonly string[] };

/**
 * The record an action touches, as access needs it: its organization and the clinics it belongs to
 * (`'organization'` for organization-wide records such as payers or staff accounts). A patient's record names the
 * patient so the audit row does too.
 */
export type AccessRecord = {
  type: string;
  id: string | null;
  organizationId: string;
  locationIds: readonly string[] | 'organization';
  patientId?: string | null;
};

export type AccessDecision = { allowed: true } | { allowed: false; status: 404 | 403; reason: 'not_found' | 'role' | 'clinic' };

/**
 * The one access rule, pure: a record of another organization does not exist for the actor (404, nothing to
 * reveal); a role without the permission is refused (403); a record of clinics that are not the actor's is refused
 * (403) unless the actor sees every clinic (administrators; billers set organization-wide). Table-tested in
 * authorize.test.ts.
 */
export function accessDecision(actor: Actor, permission: Permission | null, record: AccessRecord | null): AccessDecision {
  if (!record || record.organizationId !== actor.organizationId) return { allowed: false, status: 404, reason: 'not_found' };
  if (permission && !roleHas(actor.role, permission)) return { allowed: false, status: 403, reason: 'role' };
  if (record.locationIds !== 'organization' && !seesAllClinics(actor) && !record.locationIds.some((id) => actor.locationIds.includes(id)))
    return { allowed: false, status: 403, reason: 'clinic' };
  return { allowed: true };
}

/** What a granted action gets back: `done()` writes its success row (after the work, with what it returned). */
export type Grant = { done: (details?: Record<string, unknown>) => void };

/**
 * Decides, and audits both outcomes: a refusal is written at once (reason `role` or `clinic`; an unknown record is
 * a plain 404 with nothing to audit), a success when the caller calls `done()`. Each module wraps this in its own
 * check that loads the record's facts: `authorizePatient` (patients), the front door's `loadLead` and
 * `authorizeClinicFilter`, `authorizePrices` (estimates), the courses' `loadCourse` (through `authorizePatient`).
 */
export function authorize(
  deps: { audit: Pick<AuditTrail, 'record'> },
  ctx: AuditContext,
  actor: Actor,
  action: string,
  record: AccessRecord | null,
  options: { permission?: Permission; label: string; refusal?: string },
): Grant {
  const decision = accessDecision(actor, options.permission ?? null, record);
  const entity = record ? { entityType: record.type, ...(record.id ? { entityId: record.id } : {}), patientId: record.patientId ?? null } : {};
  if (!decision.allowed) {
    if (decision.reason === 'not_found' || !record) throw notFound(options.label);
    deps.audit.record(ctx, {
      action,
      outcome: 'denied',
      ...entity,
      details: { reason: decision.reason === 'clinic' ? 'not in your clinics' : `role lacks ${options.permission}` },
    });
    // A role refusal says what the route gate says (forbidden's default message).
    throw decision.reason === 'role'
      ? forbidden()
      : forbidden(options.refusal ?? `This ${options.label.toLowerCase()} belongs to a clinic that is not one of yours.`);
  }
  return {
    done: (details) => deps.audit.record(ctx, { action, outcome: 'success', ...entity, ...(details ? { details } : {}) }),
  };
}
