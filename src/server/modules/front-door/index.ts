// The front-door module: public callback and screening API, the lead queue, conversion and metrics.
export { publicRoutes } from './public.routes.js';
export { leadRoutes } from './leads.routes.js';
export { escalationJob } from './escalation.job.js';
