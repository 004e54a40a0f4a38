// The charting module's public surface: it owns treatment sessions and everything charted in them (issue 10).
export { chartingRoutes } from './charting.routes.js';
export { billableSessionsAfter, type BillableSession } from './charting.repository.js';
