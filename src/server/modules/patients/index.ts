// The patients module's public surface for other modules.
export {
  findPatientMatches,
  insertPatient,
  insertRiskFlag,
  nextMrn,
  patientRiskFlags,
  type RiskFlag,
  patientBasics,
  patientsForBilling,
  messageContacts,
  type PatientForBilling,
  updateOwnContact,
  patientTimeZoneSql,
  type PatientBasics,
  type PatientMatchRow,
} from './patients.repository.js';
export { assertPatientAccess, authorizePatient, authorizePatientRead } from './patients.service.js';
export { presentWeight } from './patients.presenter.js';
export { patientRoutes } from './patients.routes.js';
