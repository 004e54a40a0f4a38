export { organizations, locations, locationHolidays, treatmentResources } from './locations.js';
export { users, userLocations, sessions } from './users.js';
export { patients, patientLocations, patientWeights } from './patients.js';
export { auditEvents, auditSeals } from './audit.js';
