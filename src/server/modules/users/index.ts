// The users module's public surface for other modules.
export { clinicalStaffAt, isActiveStaffAt } from './users.repository.js';
