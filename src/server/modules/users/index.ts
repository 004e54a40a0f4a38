// The users module's public surface for other modules.
export { billersFor, billingIdentities, clinicalStaffAt, isActiveStaffAt, staffWithRoleAt } from './users.repository.js';
