export { organizations, locations, locationHolidays } from './locations.js';
export { users, userLocations, sessions, loginThrottle, userRecoveryCodes } from './users.js';
export { patients, patientLocations, patientWeights, patientRiskFlags } from './patients.js';
export { auditEvents, auditSeals } from './audit.js';
export { leads, leadCallAttempts, leadScreenings, screeningDailyCounts, notifications } from './front-door.js';
export { treatmentResources, appointments } from './scheduling.js';
export { intakeAssessments, intakeAmendments, observations } from './intake.js';
export {
  payers,
  payerPlans,
  payerPolicies,
  patientCoverages,
  benefitsChecks,
  carePathRecommendations,
  priorAuthorizations,
  priorAuthorizationEvents,
  vaReferrals,
  authorizationSessions,
  priceListItems,
  costEstimates,
} from './coverage.js';
