import type { Role } from '../../../contracts/roles.js';
import type { Permission } from '../../../contracts/permissions.js';

// The table lives in contracts so the web app's menus read the same one.
export { PERMISSIONS, roleHas, type Permission } from '../../../contracts/permissions.js';

/** Route access declaration, required on every /api route (deny by default). */
export type RouteAccess = { public: true } | { authenticated: true; duringMfaEnrollment?: boolean } | { permission: Permission };

/** Roles whose access to patients is not limited to their clinics. Billers only when configured so per account. */
export function seesAllClinics(user: { role: Role; organizationWide: boolean }): boolean {
  return user.role === 'admin' || (user.role === 'biller' && user.organizationWide);
}

/** Whether a user may open a patient registered at these clinics. */
export function canAccessPatient(
  user: { role: Role; organizationWide: boolean; locationIds: readonly string[] },
  patientLocationIds: readonly string[],
): boolean {
  if (seesAllClinics(user)) return true;
  return patientLocationIds.some((id) => user.locationIds.includes(id));
}
