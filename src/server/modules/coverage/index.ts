// The coverage module's public surface for other modules.
export { coverageRoutes } from './coverage.routes.js';
export { findCoverage, listBenefitsChecks, listCoverages, policyInForce, type CoverageRow, type PolicyRow } from './coverage.repository.js';
export { coverageOutlookForPatient, policiesByIds, presentPolicy } from './coverage.service.js';
