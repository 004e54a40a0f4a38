// The coverage module's public surface for other modules.
export { coverageRoutes } from './coverage.routes.js';
export {
  coveragesOfPatients,
  findCoverage,
  listBenefitsChecks,
  listCoverages,
  listPayers,
  payersByIds,
  policyInForce,
  type CoverageRow,
  type PolicyRow,
} from './coverage.repository.js';
export { coverageOutlookForPatient, policiesByIds, presentPolicy } from './coverage.service.js';
