// The patients module's public surface for other modules.
export { existingLocationIds, findPatientMatches, insertPatient, nextMrn, patientAccessFacts, type PatientMatchRow } from './patients.repository.js';
export { patientRoutes } from './patients.routes.js';
