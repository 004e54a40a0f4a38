// The patients module's public surface for other modules.
export { existingLocationIds } from './patients.repository.js';
export { patientRoutes } from './patients.routes.js';
