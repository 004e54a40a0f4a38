// The users module's public surface for other modules.
export { clinicalStaffAt, isActiveStaffAt, staffWithRoleAt } from './users.repository.js';
