// The users module's public surface for other modules.
export { isActiveStaffAt } from './users.repository.js';
