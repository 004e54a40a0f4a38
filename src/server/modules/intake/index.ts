// The intake module's public surface for other modules.
export { intakeRoutes } from './intake.routes.js';
export { latestSignedContent } from './intake.service.js';
export { carePathFacts, chartFacts } from './chart-facts.js';
export { signedDiagnoses } from './intake.repository.js';
