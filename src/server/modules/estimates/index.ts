// The estimates module's public surface for other modules: the patient's own estimates, for the portal.
export { ownEstimatePdf, ownEstimates } from './estimates.service.js';
export { plansWithInstallmentsDue } from './estimates.repository.js';
