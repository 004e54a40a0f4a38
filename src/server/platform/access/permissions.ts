import type { Role } from '../../../contracts/roles.js';
import { ROLES } from '../../../contracts/roles.js';

/**
 * Who may do what, as `resource:action` permissions. Every route names one permission (or is public, or needs
 * only a login); the role walk in access.int.test.ts checks every route against this table.
 */
export const PERMISSIONS = {
  'patient:read': ['admin', 'provider', 'nurse', 'coordinator', 'biller', 'manager'],
  'patient:create': ['admin', 'provider', 'coordinator', 'manager'],
  'patient:update': ['admin', 'provider', 'nurse', 'coordinator', 'manager'],
  'patient:weight:record': ['provider', 'nurse'],
  'location:read': [...ROLES],
  'location:manage': ['admin'],
  'staff:manage': ['admin'],
  'audit:read': ['admin'],
  // Front door: coordinators work the queue; managers watch it and step in; admins only see the metrics.
  'lead:read': ['coordinator', 'manager'],
  'lead:work': ['coordinator', 'manager'],
  'lead:convert': ['coordinator', 'manager'],
  'appointment:book': ['coordinator', 'manager', 'provider'],
  'appointment:read': ['admin', 'provider', 'nurse', 'coordinator', 'biller', 'manager'],
  'frontdoor:metrics': ['manager', 'admin'],
  // Intake assessment: providers write and sign; nurses and managers read the clinical record.
  'intake:read': ['provider', 'nurse', 'manager'],
  'intake:write': ['provider'],
  'reference:read': [...ROLES],
  // Care path, coverage, authorizations and cost.
  'carepath:read': ['provider', 'nurse', 'coordinator', 'biller', 'manager'],
  'carepath:record': ['provider'],
  'payer:read': [...ROLES],
  'payer:manage': ['admin'],
  'coverage:write': ['coordinator', 'biller', 'manager'],
  'authorization:read': ['provider', 'coordinator', 'biller', 'manager'],
  'authorization:write': ['provider', 'coordinator', 'biller', 'manager'],
  'authorization:sign': ['provider'],
  'pricing:manage': ['admin', 'manager'],
  'estimate:write': ['coordinator', 'biller', 'manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Route access declaration, required on every /api route (deny by default). */
export type RouteAccess =
  | { public: true }
  | { authenticated: true; duringMfaEnrollment?: boolean }
  | { permission: Permission };

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles whose access to patients is not limited to their clinics. Billers only when configured so per account. */
export function seesAllClinics(user: { role: Role; organizationWide: boolean }): boolean {
  return user.role === 'admin' || (user.role === 'biller' && user.organizationWide);
}

/** Whether a user may open a patient registered at these clinics. */
export function canAccessPatient(user: { role: Role; organizationWide: boolean; locationIds: readonly string[] }, patientLocationIds: readonly string[]): boolean {
  if (seesAllClinics(user)) return true;
  return patientLocationIds.some((id) => user.locationIds.includes(id));
}
