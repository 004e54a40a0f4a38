// The portal module: patients' own accounts and sessions, and the portal API over other modules' use cases.
export { portalRoutes } from './portal.routes.js';
export { PatientSessions } from './portal.service.js';
