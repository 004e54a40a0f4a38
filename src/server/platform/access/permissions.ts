import type { Role } from '../../../contracts/roles.js';
import type { Permission } from '../../../contracts/permissions.js';

// The table lives in contracts so the web app's menus read the same one.
export { PERMISSIONS, roleHas, type Permission } from '../../../contracts/permissions.js';

/** Route access declaration, required on every /api route (deny by default). */
/**
 * Who may call a route: anyone; any signed-in staff member; staff whose role has a permission; or a patient signed in
 * to the portal (their own session and cookie; a staff session never passes, nor a patient's a staff route).
 */
export type RouteAccess = { public: true } | { authenticated: true; duringMfaEnrollment?: boolean } | { permission: Permission } | { patient: true };

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
