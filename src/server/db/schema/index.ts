export { organizations, locations, locationHolidays, treatmentResources } from './locations.js';
export { users, userLocations, sessions, loginThrottle, userRecoveryCodes } from './users.js';
export { patients, patientLocations, patientWeights, patientRiskFlags } from './patients.js';
export { auditEvents, auditSeals } from './audit.js';
export { leads, leadCallAttempts, leadScreenings, screeningDailyCounts, notifications, appointments } from './front-door.js';
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
