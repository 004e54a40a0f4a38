// The care-path module: the stepped-path engine's live view, recorded recommendations, the patient's suicide risk now
// and the diagnosis codes of the signed intake. Coverage facts come from the coverage module, chart facts from intake.
export { carePathRoutes } from './care-path.routes.js';
export { recommendationBasis } from './recommendations.js';
