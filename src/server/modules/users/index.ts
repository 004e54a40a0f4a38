// The users module's public surface for other modules.
export { billingIdentities, clinicalStaffAt, isActiveStaffAt, staffWithRoleAt } from './users.repository.js';
