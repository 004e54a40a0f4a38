export { organizations, locations, locationHolidays } from './locations.js';
export { users, userLocations, sessions, loginThrottle, userRecoveryCodes } from './users.js';
export { patients, patientLocations, patientRiskFlags } from './patients.js';
export { observations, patientWeights } from './observations.js';
export { auditEvents, auditSeals } from './audit.js';
export { leads, leadCallAttempts, leadScreenings, screeningDailyCounts } from './front-door.js';
export { notifications } from './notifications.js';
export {
  treatmentResources,
  appointments,
  treatmentProtocols,
  treatmentCourses,
  staffWorkingHours,
  staffTimeOff,
  appointmentReminders,
  inboundMessages,
  accessTokens,
} from './scheduling.js';
export { intakeAssessments, intakeAmendments } from './intake.js';
export { payers, payerPlans, payerPolicies, patientCoverages, benefitsChecks } from './coverage.js';
export { carePathRecommendations } from './care-path.js';
export { priorAuthorizations, priorAuthorizationEvents, priorAuthorizationLetterAmendments, vaReferrals, authorizationSessions } from './authorizations.js';
export { priceListItems, costEstimates } from './estimates.js';
export {
  chartingPolicies,
  treatmentSessions,
  sessionVitals,
  sessionAlerts,
  spravatoDevices,
  adverseEvents,
  sessionAmendments,
  motorThresholds,
  controlledSubstanceEntries,
  remsPatientEnrollments,
  remsSettingCertifications,
  remsMonitoringForms,
} from './charting.js';
export { questionnaires, riskAlerts } from './outcomes.js';
export { patientAccounts, patientSessions } from './portal.js';
export {
  billingSettings,
  payerBillingSettings,
  feeScheduleItems,
  charges,
  claimBatches,
  claims,
  claimLines,
  claimEvents,
  remittances,
  remittanceClaims,
  denials,
  appeals,
  patientPayments,
  ledgerEntries,
  patientBalances,
  codedSessions,
  installmentReminders,
} from './billing.js';
